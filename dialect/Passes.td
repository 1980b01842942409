//===- Passes.td - Tessera passes -----------------------------------------===//

#ifndef TESSERA_PASSES_TD
#define TESSERA_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTesseraToLinalg : Pass<"convert-tessera-to-linalg"> {
  let summary = "Lower tessera ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Elementwise ops become `linalg.generic` ops whose indexing maps implement
    Theano broadcasting (a static size-1 operand dimension is read at index 0)
    and whose bodies come from each op's `buildScalar`. `tessera.dot` becomes
    `linalg.dot`, `linalg.matvec`, `linalg.vecmat` or `linalg.matmul` on a
    zero-filled `tensor.empty` whose dynamic sizes are read off the operands.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def TesseraExportFunctions : Pass<"tessera-export-functions", "ModuleOp"> {
  let summary = "Give public functions the C interface the runtime calls";
  let description = [{
    Marks every public `func.func` with `llvm.emit_c_interface`, so that the
    LLVM lowering emits `_mlir_ciface_<name>`, which takes and returns memref
    descriptors by pointer: the calling convention of Tessera's runtime.
  }];
}

#endif // TESSERA_PASSES_TD
