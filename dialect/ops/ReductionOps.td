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
class Tessera_ReductionOp<string mnemonic, string floatKind, string intKind,
                          Type tensorType = Tessera_NumericTensor>
    : Tessera_AxesOp<mnemonic,
          [DeclareOpInterfaceMethods<Tessera_ReductionOpInterface>]> {
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
  }];
}

def Tessera_SumOp : Tessera_ReductionOp<"sum", "addf", "addi"> {
  let summary = "sum along axes";
}
def Tessera_ProdOp : Tessera_ReductionOp<"prod", "mulf", "muli"> {
  let summary = "product along axes";
}
def Tessera_MaxOp : Tessera_ReductionOp<"max", "maximumf", "maxs"> {
  let summary = "maximum along axes (NaN propagates)";
}
def Tessera_MinOp : Tessera_ReductionOp<"min", "minimumf", "mins"> {
  let summary = "minimum along axes (NaN propagates)";
}
def Tessera_AllOp
    : Tessera_ReductionOp<"all", "andi", "andi", Tessera_BoolTensor> {
  let summary = "whether every element along axes is true";
}
def Tessera_AnyOp
    : Tessera_ReductionOp<"any", "ori", "ori", Tessera_BoolTensor> {
  let summary = "whether some element along axes is true";
}

// Results: the extreme values and their int64 row-major indices within the
// reduced axes.
class Tessera_ArgReductionOp<string mnemonic, bit isMax>
    : Tessera_AxesOp<mnemonic,
          [DeclareOpInterfaceMethods<Tessera_ArgReductionOpInterface>]> {
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
  }];
}

def Tessera_ArgMaxOp : Tessera_ArgReductionOp<"argmax", 1> {
  let summary = "maximum along axes and its first position";
}
def Tessera_ArgMinOp : Tessera_ArgReductionOp<"argmin", 0> {
  let summary = "minimum along axes and its first position";
}

#endif // TESSERA_OPS_REDUCTION_TD
