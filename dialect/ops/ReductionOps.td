//===- ReductionOps.td - Reductions along axes ----------------------------===//
//
// Two families, each lowered by one pattern: reductions by an associative
// combiner (the op names upstream's `arith::AtomicRMWKind` for float and for
// integer elements) and arg-reductions to an extremum and its position.
// mean, var, std and ptp are built from these by the Python builder.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_REDUCTION_TD
#define TESSERA_OPS_REDUCTION_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Tessera_AxesOp<string mnemonic, list<Trait> traits = []>
    : Tessera_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])>;

// `floatKind` and `intKind` name the `arith::AtomicRMWKind` that combines
// float and integer (or bool) elements. Reducing an empty axis gives the
// identity, except for kinds without one (max, min): those fail a run-time
// check, as NumPy raises.
//
// `derivative`, when given, is the op's derivative rule, with `gb`, `grad`
// (the result's gradient in the input's rank: reduced axes re-inserted as
// size-1 dimensions), `result` (likewise) and `grads` in scope.
class Tessera_ReductionOp<string mnemonic, string floatKind, string intKind,
                          Type tensorType = Tessera_NumericTensor,
                          code derivative = "">
    : Tessera_AxesOp<mnemonic, !listconcat(
          [DeclareOpInterfaceMethods<Tessera_ReductionOpInterface>],
          !if(!empty(derivative), [],
              [DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]))> {
  let description = [{
    Reduces the sorted, distinct `axes` (all of them for a full reduction);
    with `keepdims` the reduced dimensions stay as size-1 dimensions. The
    result has the input's element type.
  }];
  let arguments = (ins tensorType:$x, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keepdims);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $x `axes` `=` $axes (`keepdims` $keepdims^)? attr-dict `:`
    type($x) `->` type($result)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tessera::inferReductionType(
          location, getOperationName(), adaptor.getX().getType(),
          adaptor.getAxes(), adaptor.getKeepdims(), /*indexResult=*/false,
          inferred);
    }
    ::mlir::arith::AtomicRMWKind $cppClass::getCombiningKind() {
      return ::llvm::isa<::mlir::FloatType>(getX().getType().getElementType())
                 ? ::mlir::arith::AtomicRMWKind::}] # floatKind # [{
                 : ::mlir::arith::AtomicRMWKind::}] # intKind # [{;
    }
  }] # !if(!empty(derivative), "", [{
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      grads.assign(1, ::mlir::Value());
      if (!resultGrads[0])
        return ::mlir::success();
      int64_t rank = getX().getType().getRank();
      ::mlir::Value grad = getKeepdims()
          ? resultGrads[0] : gb.insertAxes(resultGrads[0], getAxes(), rank);
      ::mlir::Value result = getKeepdims()
          ? getResult() : gb.insertAxes(getResult(), getAxes(), rank);
      (void)result;
  }] # derivative # [{
      return ::mlir::success();
    }
  }]);
}

// Each element gets the gradient of its sum.
def Tessera_SumOp : Tessera_ReductionOp<"sum", "addf", "addi",
    Tessera_ArithmeticTensor, [{
      grads[0] = gb.broadcastLike(grad, getX());
    }]> {
  let summary = "sum along axes";
}
// As Theano: an element's gradient is the product of the others. Without
// zeros that is prod / x; where the reduced elements hold one zero, the zero
// gets the product of the rest and the others 0; with more zeros, all 0.
def Tessera_ProdOp : Tessera_ReductionOp<"prod", "mulf", "muli",
    Tessera_ArithmeticTensor, [{
      ::mlir::Value x = getX();
      ::mlir::Value isZero = gb.equal(x, gb.constant(x, 0.0));
      ::mlir::Value one = gb.constant(x, 1.0);
      ::mlir::Value nonzero = gb.select(isZero, one, x);
      ::mlir::Value others = gb.prod(nonzero, getAxes());
      ::mlir::Value zeros = gb.sum(
          gb.convertTo(isZero, getX().getType().getElementType()), getAxes());
      ::mlir::Value noZero = gb.equal(zeros, gb.constant(zeros, 0.0));
      ::mlir::Value oneZero = gb.equal(zeros, gb.constant(zeros, 1.0));
      ::mlir::Value atZero = gb.select(oneZero, others, gb.constant(others, 0.0));
      ::mlir::Value elsewhere = gb.select(
          noZero, gb.div(others, nonzero), gb.constant(others, 0.0));
      grads[0] = gb.mul(grad, gb.select(isZero, gb.broadcastLike(atZero, x),
                                        gb.broadcastLike(elsewhere, x)));
    }]> {
  let summary = "product along axes";
}
// As Theano: the gradient goes to every element equal to the extremum.
defvar Tessera_ExtremumDerivative = [{
      ::mlir::Type element = getX().getType().getElementType();
      grads[0] = gb.mul(grad,
                        gb.convertTo(gb.equal(getX(), result), element));
}];

def Tessera_MaxOp : Tessera_ReductionOp<"max", "maximumf", "maxs",
    Tessera_NumericTensor, Tessera_ExtremumDerivative> {
  let summary = "maximum along axes (NaN propagates)";
}
def Tessera_MinOp : Tessera_ReductionOp<"min", "minimumf", "mins",
    Tessera_NumericTensor, Tessera_ExtremumDerivative> {
  let summary = "minimum along axes (NaN propagates)";
}
// Bools carry no gradient.
def Tessera_AllOp
    : Tessera_ReductionOp<"all", "andi", "andi", Tessera_BoolTensor,
                          "/* none */"> {
  let summary = "whether every element along axes is true";
}
def Tessera_AnyOp
    : Tessera_ReductionOp<"any", "ori", "ori", Tessera_BoolTensor,
                          "/* none */"> {
  let summary = "whether some element along axes is true";
}

// Results: the extreme values and their int64 row-major indices within the
// reduced axes.
class Tessera_ArgReductionOp<string mnemonic, bit isMax>
    : Tessera_AxesOp<mnemonic,
          [DeclareOpInterfaceMethods<Tessera_ArgReductionOpInterface>,
           DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let description = [{
    The extremum along the sorted, distinct `axes` and its position, as a
    row-major index within those axes (NumPy's argmax of the flattened
    reduced axes). The first occurrence wins and NaN counts as the extremum.
    Reducing an empty axis fails a run-time check, as NumPy raises.
  }];
  let arguments = (ins Tessera_NumericTensor:$x, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keepdims);
  let results = (outs Tessera_NumericTensor:$values,
                      Tessera_IntegerTensor:$indices);
  let assemblyFormat = [{
    $x `axes` `=` $axes (`keepdims` $keepdims^)? attr-dict `:`
    type($x) `->` type($values) `,` type($indices)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tessera::inferReductionType(
          location, getOperationName(), adaptor.getX().getType(),
          adaptor.getAxes(), adaptor.getKeepdims(), /*indexResult=*/true,
          inferred);
    }
    bool $cppClass::selectsMaximum() { return }] # !if(isMax, "true", "false") # [{; }
    // The values' gradient goes to every element equal to the extremum (as
    // for max); positions carry none.
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      grads.assign(1, ::mlir::Value());
      if (!resultGrads[0])
        return ::mlir::success();
      int64_t rank = getX().getType().getRank();
      auto expand = [&](::mlir::Value v) {
        return getKeepdims() ? v : gb.insertAxes(v, getAxes(), rank);
      };
      ::mlir::Type element = getX().getType().getElementType();
      grads[0] = gb.mul(expand(resultGrads[0]),
                        gb.convertTo(gb.equal(getX(), expand(getValues())),
                                     element));
      return ::mlir::success();
    }
  }];
}

def Tessera_ArgMaxOp : Tessera_ArgReductionOp<"argmax", 1> {
  let summary = "maximum along axes and its first position";
}
def Tessera_ArgMinOp : Tessera_ArgReductionOp<"argmin", 0> {
  let summary = "minimum along axes and its first position";
}

// Cumulative reductions along one axis: each element combined with every one
// before it (NumPy's cumsum and cumprod), by the `arith::AtomicRMWKind` named
// for float and for integer elements. `derivative` is the op's rule, with
// `gb`, `grad`, `result`, `x`, `axis` and `grads` in scope.
class Tessera_CumulativeOp<string mnemonic, string floatKind, string intKind,
                           code derivative>
    : Tessera_Op<mnemonic, [Pure, SameOperandsAndResultType,
          DeclareOpInterfaceMethods<InferTypeOpInterface>,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let description = [{
    Along `axis`, element i of the result combines elements 0..i of `x`;
    the result has `x`'s type (Theano's CumOp).
  }];
  let arguments = (ins Tessera_NumericTensor:$x, I64Attr:$axis);
  let results = (outs Tessera_NumericTensor:$result);
  let assemblyFormat = "$x `axis` `=` $axis attr-dict `:` type($x)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The combiner for the input's element type.
    ::mlir::arith::AtomicRMWKind getCombiningKind() {
      return ::llvm::isa<::mlir::FloatType>(getX().getType().getElementType())
                 ? ::mlir::arith::AtomicRMWKind::}] # floatKind # [{
                 : ::mlir::arith::AtomicRMWKind::}] # intKind # [{;
    }
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      int64_t rank = getX().getType().getRank();
      if (getAxis() < 0 || getAxis() >= rank)
        return emitOpError("axis ") << getAxis() << " is out of range for a "
               << "tensor of " << rank << " dimensions";
      return ::mlir::success();
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      grads.assign(1, ::mlir::Value());
      ::mlir::Value grad = resultGrads[0];
      if (!grad)
        return ::mlir::success();
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      ::mlir::Value x = getX(), result = getResult();
      int64_t axis = getAxis();
  }] # derivative # [{
      return ::mlir::success();
    }
  }];
}

def Tessera_CumsumOp : Tessera_CumulativeOp<"cumsum", "addf", "addi", [{
      // Each element reaches the sums at and after it.
      grads[0] = gb.reverse(gb.cumsum(gb.reverse(grad, axis), axis), axis);
    }]> {
  let summary = "cumulative sum along an axis";
}

def Tessera_CumprodOp : Tessera_CumulativeOp<"cumprod", "mulf", "muli", [{
      // Theano's rule: d/dx_i of the products at and after i, which divides
      // by x_i (so a zero element gives no finite gradient, as in Theano).
      grads[0] = gb.div(gb.reverse(gb.cumsum(gb.reverse(gb.mul(result, grad),
                                                        axis), axis), axis),
                        x);
    }]> {
  let summary = "cumulative product along an axis";
}

def Tessera_ArgSortOp : Tessera_Op<"argsort", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the positions that sort each line along an axis (stable)";
  let description = [{
    Along `axis`, the int64 positions that put each line of `x` in ascending
    order; equal elements keep their order (a stable sort, NumPy's
    `kind='stable'`) and NaN sorts after every number, as in NumPy.
    Lowered to a bottom-up merge sort of each line.
  }];
  let arguments = (ins Tessera_NumericTensor:$x, I64Attr:$axis);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = "$x `axis` `=` $axis attr-dict `:` type($x) `->` type($result)";
}

#endif // TESSERA_OPS_REDUCTION_TD
