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

def ConvertTesseraControlFlowToScf
    : Pass<"convert-tessera-control-flow-to-scf"> {
  let summary = "Lower tessera.ifelse and tessera.scan to scf on tensors";
  let description = [{
    `tessera.ifelse` becomes `scf.if`. `tessera.scan` becomes an `scf.if` on
    whether any step runs, whose `else` region runs step 0 (which gives the
    sizes of the stacked outputs, allocated once for `n_steps` rows) and
    then an `scf.for` (or, with `until`, an `scf.while` that also stops on
    the step's condition) over the other steps, writing each step's values
    into those buffers with `tensor.insert_slice`. A state's last value is
    carried by the loop; older taps are read from the buffer (or the init).
    Outputs that keep only their last or final value are carried, not
    stored. The steps' ops stay tessera ops, in the loops' regions, for
    `convert-tessera-to-linalg`; run-time checks are `tessera.check` ops.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // TESSERA_CONVERSION_PASSES_TD
