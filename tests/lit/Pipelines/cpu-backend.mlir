// RUN: tessera-opt %s --tessera-cpu-backend-pipeline=parallel=false | FileCheck %s
// RUN: tessera-opt %s --tessera-cpu-backend-pipeline="parallel=false vectorize=false" | FileCheck %s --check-prefix=SCALAR
// RUN: tessera-opt %s --tessera-cpu-backend-pipeline="parallel=false mask-full-tiles" | FileCheck %s --check-prefix=MASKED
// (parallel=false: the loops stay in their functions; threads are tested in
// cpu-backend-parallel.mlir.)
// Without vectorization (FAST_COMPILE), a scalar loop.
// SCALAR-LABEL: llvm.func @backend(
// SCALAR-NOT: vector<
// SCALAR: llvm.fadd %{{.*}} : f64
// SCALAR-NOT: vector<
// SCALAR-LABEL: llvm.func @_mlir_ciface_backend(
// The CPU backend alone, on linalg: fused, vectorized, bufferized with every
// allocation checked, lowered to the LLVM dialect with the C interface.

// CHECK-NOT: linalg.
// CHECK-LABEL: llvm.func @backend(
// CHECK: llvm.call @tessera_check_failed
// CHECK: llvm.call @tessera_allocation_site
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc
// CHECK: llvm.store {{.*}} : vector<8xf64>, !llvm.ptr
// CHECK: llvm.intr.masked.store {{.*}} : vector<8xf64>, vector<8xi1> into !llvm.ptr
// CHECK-LABEL: llvm.func @_mlir_ciface_backend(
// With mask-full-tiles (AVX-512 hosts), one loop of masked vectors.
// MASKED-LABEL: llvm.func @backend(
// MASKED-NOT: llvm.store {{.*}} : vector<8xf64>
// MASKED: llvm.intr.masked.store {{.*}} : vector<8xf64>, vector<8xi1> into !llvm.ptr
// MASKED-NOT: llvm.store {{.*}} : vector<8xf64>
// MASKED-NOT: llvm.intr.masked.store
// MASKED-LABEL: llvm.func @_mlir_ciface_backend(
#id = affine_map<(d0) -> (d0)>
func.func @backend(%a: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %d = arith.addf %in, %in : f64
    linalg.yield %d : f64
  } -> tensor<?xf64>
  return %0 : tensor<?xf64>
}
