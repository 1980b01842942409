// RUN: tessera-opt %s --split-input-file --tessera-cpu-backend-pipeline="parallel=false vectorize=false" | FileCheck %s --check-prefix=SCALAR
// RUN: tessera-opt %s --split-input-file --tessera-cpu-backend-pipeline=parallel=false | FileCheck %s --check-prefix=VECTOR
// RUN: tessera-opt %s --split-input-file --tessera-cpu-backend-pipeline="parallel=false vectorize=false" --mlir-print-ir-after=one-shot-bufferize 2>&1 >/dev/null | FileCheck %s --check-prefix=BUFFERS
// (parallel=false: the loops stay in their functions; threads are tested in
// cpu-backend-parallel.mlir.)
// What the CPU backend does for compile time.

// Scalar loops (FAST_COMPILE) keep exp for LLVM, which calls the C
// library's expf: exact, and little code; vector loops inline a polynomial.
// SCALAR-LABEL: llvm.func @exponential(
// SCALAR-NOT: llvm.intr.fma
// SCALAR: llvm.intr.exp(%{{.*}}) : (f32) -> f32
// SCALAR-NOT: llvm.intr.fma
// VECTOR-LABEL: llvm.func @exponential(
// VECTOR-NOT: llvm.intr.exp
// VECTOR: llvm.intr.fma({{.*}}) : (vector<16xf32>
// VECTOR-NOT: llvm.intr.exp
// VECTOR-LABEL: llvm.func @_mlir_ciface_exponential(
#id = affine_map<(d0) -> (d0)>
func.func @exponential(%a: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Two reductions start from equal fills of equal empty tensors. Nothing
// merges them before bufferization, so each result is written in its own
// buffer: no copies (and one-shot bufferization has no shared tensor to
// analyse).
// BUFFERS-LABEL: func.func @two_row_sums(
// BUFFERS-COUNT-2: linalg.fill
// BUFFERS-NOT: memref.copy
// BUFFERS: return
func.func @two_row_sums(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %a, %c0 : tensor<?x?xf32>
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?xf32>) -> tensor<?xf32>
  %r0 = linalg.reduce ins(%a : tensor<?x?xf32>) outs(%f0 : tensor<?xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %e1 = tensor.empty(%n) : tensor<?xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?xf32>) -> tensor<?xf32>
  %r1 = linalg.reduce ins(%b : tensor<?x?xf32>) outs(%f1 : tensor<?xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %r0, %r1 : tensor<?xf32>, tensor<?xf32>
}
