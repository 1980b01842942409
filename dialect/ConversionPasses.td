//===- ConversionPasses.td - Lowering tessera to upstream dialects --------===//

#ifndef TESSERA_CONVERSION_PASSES_TD
#define TESSERA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTesseraToLinalg : Pass<"convert-tessera-to-linalg"> {
  let summary = "Lower tessera ops to linalg, tensor, arith and math on tensors";
  let description = [{
    One pattern per op family. Elementwise ops become `linalg.generic` ops
    whose indexing maps implement Theano broadcasting (a static size-1
    operand dimension that broadcasts is read at index 0) and whose bodies
    come from each op's `buildScalar`. Reductions become `linalg.reduce` with
    the identity and combiner of their `arith::AtomicRMWKind`; arg-reductions
    a `linalg.generic` with two outputs. `tessera.dot` becomes `linalg.dot`,
    `linalg.matvec`, `linalg.vecmat` or `linalg.matmul`.

    Bool tensors become `i8` tensors of 0 and 1, also through the structural
    ops of `scf` (loops and conditionals carrying tensors) and function
    signatures. Sizes known only at run time get `tessera.check` ops, left for
    `tessera-lower-checks`. Each converted op's location is wrapped in a
    `NameLoc` of the op's name, so that what it lowers to (down to its
    allocations) can still be reported as that op at the user's line.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::complex::ComplexDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // TESSERA_CONVERSION_PASSES_TD
