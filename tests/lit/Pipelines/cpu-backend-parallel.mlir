// RUN: tessera-opt %s --tessera-cpu-backend-pipeline | FileCheck %s
// RUN: tessera-opt %s --tessera-cpu-backend-pipeline=parallel=false | FileCheck %s --check-prefix=SERIAL
// RUN: tessera-opt %s --tessera-cpu-backend-pipeline=vectorize=false | FileCheck %s --check-prefix=SCALAR
// The CPU backend hands loops of dynamic size to the runtime's threads: the
// vectorized tile loop over rows (and, without vectorization, the scalar
// loops of convert-linalg-to-parallel-loops) runs through
// tessera_parallel_for; a loop over a small static buffer stays on the
// calling thread. With parallel=false (a function limited to one thread)
// nothing is shared.

// CHECK-LABEL: llvm.func private @exp_parallel0(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// CHECK: vector<16xf32>
// CHECK-LABEL: llvm.func @exp(
// CHECK: llvm.call @tessera_parallel_for(
// CHECK-LABEL: llvm.func @small(
// CHECK-NOT: tessera_parallel_for
// CHECK: llvm.return
// SERIAL-NOT: tessera_parallel_for
// SERIAL-NOT: parallel_body
// SCALAR-LABEL: llvm.func private @exp_parallel0(
// SCALAR-NOT: vector<
// SCALAR: llvm.call @tessera_parallel_for(
func.func @exp(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %x, %c0 : tensor<?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?xf32>
  %init = tensor.empty(%m, %n) : tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) {
  ^bb0(%in: f32, %o: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @small(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %init = tensor.empty() : tensor<8x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x8xf32>) outs(%init : tensor<8x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}
