// RUN: tessera-opt %s --tessera-cpu-backend-pipeline=parallel=false | FileCheck %s
// RUN: tessera-opt %s --tessera-cpu-backend-pipeline="parallel=false blas=false" | FileCheck %s --check-prefix=GENERATED
// (parallel=false: the loops stay in their functions; threads are tested in
// cpu-backend-parallel.mlir.)
// A product of dynamic sizes in the CPU backend: BLAS through the C interface
// of memrefs when it is large at run time, else the generated loops; with
// blas=false, only the loops.

// CHECK-LABEL: llvm.func @product(
// CHECK: llvm.cond_br
// CHECK: llvm.call @tessera_blas_matmul_f32(
// CHECK: vector<
// CHECK: llvm.func private @tessera_blas_matmul_f32(
// CHECK: llvm.call @_mlir_ciface_tessera_blas_matmul_f32(
// CHECK: llvm.func @_mlir_ciface_tessera_blas_matmul_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64)
// GENERATED-NOT: tessera_blas
func.func @product(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  %p = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %p : tensor<?x?xf32>
}
