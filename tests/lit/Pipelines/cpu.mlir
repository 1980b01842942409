// RUN: tessera-opt %s --tessera-cpu-pipeline | FileCheck %s
// The whole CPU pipeline: tessera on tensors to the LLVM dialect, with the C
// interface the runtime calls, the exp fused into the add's loop, and the
// returned buffer malloc'ed for the caller.

// CHECK-NOT: tessera.
// CHECK-NOT: linalg.
// CHECK-LABEL: llvm.func @f(
// CHECK: llvm.call @malloc
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.fadd
// CHECK-NEXT: llvm.intr.exp
// CHECK-NOT: llvm.call @free
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_f(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @f(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %0 = tessera.add %a, %b : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  %1 = tessera.exp %0 : tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
