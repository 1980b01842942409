//===- IndexingOps.td - Slicing, gathering and their updates --------------===//
//
// NumPy's and Theano's indexing. Basic indexing (slices and integers, one
// entry per dimension) reads a strided window; advanced indexing (integer
// arrays or a boolean mask over consecutive axes) gathers. Each has a `set`
// and an `inc` form that returns a new tensor (Theano's set_subtensor and
// inc_subtensor), which are also the reading ops' derivatives.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_INDEXING_TD
#define TESSERA_OPS_INDEXING_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// The index of basic indexing, one entry per dimension of `x`: Python's
// `start:stop:step` or an integer, printed as Python writes it
// (`%x[%i, 1:, ::-1]`).
defvar Tessera_BasicIndexDescription = [{
    Dimension `d` is indexed by `starts[d]:stops[d]:steps[d]` as NumPy slices
    it (negative bounds count from the end, bounds are clamped, the step may
    be negative), or, where `steps[d]` is 0, by the integer `starts[d]`, which
    drops the dimension (a negative integer counts from the end). An entry
    equal to `ShapedType::kDynamic` takes its value from the next of `bounds`
    (all dynamic starts, then stops, then steps, each in dimension order); an
    entry equal to `kOmittedBound` (INT64_MAX) is a bound left out (Python's
    None). An integer out of range fails a run-time check (`index`), and so
    does a dynamic step of 0 (`value`).
}];

def Tessera_SubtensorOp : Tessera_Op<"subtensor", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "basic indexing: slices and integers (Theano's Subtensor)";
  let description = Tessera_BasicIndexDescription # [{
    The result has the sizes of the selection; a size is static where the
    input's size and the entry are (a full slice keeps the input's size, and
    a size-1 result is static only where the input's is, so that the
    broadcastable flags are Theano's).
  }];
  let arguments = (ins Tessera_Tensor:$x, Variadic<0DTensorOf<[I64]>>:$bounds,
                       DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$stops,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x `` custom<BasicIndex>($bounds, $starts, $stops, $steps) attr-dict `:`
    functional-type(operands, $result)
  }];
}

// set_subtensor and inc_subtensor: `x` with the selection of basic indexing
// replaced by (`accumulate` = 0) or incremented by (1) `y`.
class Tessera_SubtensorUpdateOp<string mnemonic, bit accumulate,
                                code xGradient>
    : Tessera_Op<mnemonic, [Pure, AllTypesMatch<["x", "result"]>,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let description = Tessera_BasicIndexDescription # [{
    `y` has the selection's rank and `x`'s element type; where its size is
    static 1 it broadcasts along the selection, elsewhere its size must be
    the selection's (a run-time check).
  }];
  let arguments = (ins Tessera_Tensor:$x, Tessera_Tensor:$y,
                       Variadic<0DTensorOf<[I64]>>:$bounds,
                       DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$stops,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x `` custom<BasicIndex>($bounds, $starts, $stops, $steps) `,` $y attr-dict
    `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether `y` is added to the selection (else it replaces it).
    static constexpr bool kAccumulates = }] # !if(accumulate, "true", "false") # [{;
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::tessera::verifySubtensorUpdate(
          getOperation(), getX().getType(), getY().getType(), getStarts(),
          getStops(), getSteps(), getBounds().size());
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      grads.assign(getNumOperands(), ::mlir::Value());
      ::mlir::Value grad = resultGrads[0];
      if (!grad)
        return ::mlir::success();
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      ::mlir::Value selected = ::mlir::tessera::SubtensorOp::create(
          builder, getLoc(), grad, getBounds(), getStarts(), getStops(),
          getSteps());
      grads[1] = gb.sumTo(selected, getY().getType());
  }] # xGradient # [{
      return ::mlir::success();
    }
  }];
}

def Tessera_SetSubtensorOp : Tessera_SubtensorUpdateOp<"set_subtensor", 0, [{
      // The replaced elements do not reach the result.
      grads[0] = SetSubtensorOp::create(builder, getLoc(), grad,
                                        gb.zerosLike(getY()), getBounds(),
                                        getStarts(), getStops(), getSteps());
    }]> {
  let summary = "x with a basic-indexing selection replaced by y";
}

def Tessera_IncSubtensorOp : Tessera_SubtensorUpdateOp<"inc_subtensor", 1, [{
      grads[0] = grad;
    }]> {
  let summary = "x with y added to a basic-indexing selection";
}

// The index of advanced indexing: arrays over consecutive axes of `x`.
defvar Tessera_AdvancedIndexDescription = [{
    `indices` index the consecutive axes of `x` from `axis` on: either
    integer arrays of one rank, one axis each, broadcast together (Theano's
    broadcasting: static size-1 dimensions broadcast, other sizes must agree
    at run time), with negative entries counting from the end; or one
    boolean mask, which covers as many axes as it has dimensions and must
    have their sizes, and stands for the positions of its true elements in
    row-major order (NumPy's `x[mask]`). The indexed axes are replaced by the
    dimensions of the broadcast index (one, of run-time size, for a mask).
    An index out of range or a mask whose sizes differ from the axes' fails a
    run-time check (`index`).
}];

def Tessera_AdvancedSubtensorOp : Tessera_Op<"advanced_subtensor", [Pure,
    InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "advanced indexing: a gather by integer arrays or a mask";
  let description = Tessera_AdvancedIndexDescription;
  let arguments = (ins Tessera_Tensor:$x,
                       Variadic<Tessera_BoolOrIntegerTensor>:$indices,
                       I64Attr:$axis);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x `[` $indices `]` `axis` `=` $axis attr-dict `:`
    functional-type(operands, $result)
  }];
}

// advanced_set_subtensor and advanced_inc_subtensor: `x` with the elements an
// advanced index selects replaced by (`accumulate` = 0) or incremented by (1)
// `y`, in row-major order of the index: a position selected twice keeps the
// last value it is set to, or accumulates every increment (`np.add.at`).
class Tessera_AdvancedSubtensorUpdateOp<string mnemonic, bit accumulate,
                                        code xGradient>
    : Tessera_Op<mnemonic, [Pure, AllTypesMatch<["x", "result"]>,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let description = Tessera_AdvancedIndexDescription # [{
    `y` has the rank of `advanced_subtensor`'s result and `x`'s element type;
    where its size is static 1 it broadcasts, elsewhere its size must be the
    selection's (a run-time check).
  }];
  let arguments = (ins Tessera_Tensor:$x, Tessera_Tensor:$y,
                       Variadic<Tessera_BoolOrIntegerTensor>:$indices,
                       I64Attr:$axis);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x `[` $indices `]` `,` $y `axis` `=` $axis attr-dict `:`
    functional-type(operands, $result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether `y` is added to the selection (else it replaces it).
    static constexpr bool kAccumulates = }] # !if(accumulate, "true", "false") # [{;
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::tessera::verifyAdvancedSubtensorUpdate(
          getOperation(), getX().getType(), getY().getType(),
          getIndices().getTypes(), getAxis());
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      grads.assign(getNumOperands(), ::mlir::Value());
      ::mlir::Value grad = resultGrads[0];
      if (!grad)
        return ::mlir::success();
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      ::mlir::Value selected = ::mlir::tessera::AdvancedSubtensorOp::create(
          builder, getLoc(), grad, getIndices(), getAxis());
      grads[1] = gb.sumTo(selected, getY().getType());
  }] # xGradient # [{
      return ::mlir::success();
    }
  }];
}

def Tessera_AdvancedSetSubtensorOp
    : Tessera_AdvancedSubtensorUpdateOp<"advanced_set_subtensor", 0, [{
      // As Theano: each occurrence of a repeated index gets y's gradient.
      grads[0] = AdvancedSetSubtensorOp::create(builder, getLoc(), grad,
                                                gb.zerosLike(getY()),
                                                getIndices(), getAxis());
    }]> {
  let summary = "x with the elements of an advanced index replaced by y";
}

def Tessera_AdvancedIncSubtensorOp
    : Tessera_AdvancedSubtensorUpdateOp<"advanced_inc_subtensor", 1, [{
      grads[0] = grad;
    }]> {
  let summary = "x with y added at the elements of an advanced index";
}

def Tessera_NonzeroOp : Tessera_Op<"nonzero", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the positions of the true elements of a mask (NumPy's nonzero)";
  let description = [{
    One int64 vector per dimension of `mask`: the coordinates along that
    dimension of its true elements, in row-major order.
  }];
  let arguments = (ins Tessera_BoolTensor:$mask);
  let results = (outs Variadic<TensorRankOf<[I64], [1]>>:$positions);
  let assemblyFormat = "$mask attr-dict `:` type($mask) `->` type($positions)";
}

#endif // TESSERA_OPS_INDEXING_TD
