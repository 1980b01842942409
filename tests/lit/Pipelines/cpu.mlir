// RUN: tessera-opt %s --tessera-cpu-pipeline=parallel=false --split-input-file | FileCheck %s
// The same in two runs, as the JIT runs it (Executable::pipeline): the
// optimization phase, then tessera-cpu-lowering-pipeline.
// RUN: tessera-opt %s --tessera-optimize-pipeline --tessera-cpu-lowering-pipeline=parallel=false --split-input-file | FileCheck %s
// (parallel=false: the loops stay in their functions; threads are tested in
// cpu-backend-parallel.mlir.)
// The whole CPU pipeline (optimize, conversion and CPU backend phases): tessera
// on tensors to the LLVM dialect, with the C interface the runtime calls. Elementwise code and dot run in vector
// registers, with masks for the dynamic tails, and exp/tanh are computed in
// the vector loop (polynomials on FMAs), not by scalar libm calls.

// CHECK-NOT: = tessera.
// CHECK-NOT: linalg.
// CHECK-LABEL: llvm.func @f(
// The run-time checks come first, each a branch to the runtime's report (the
// result's byte count, the input sizes), then one buffer from the runtime's
// allocator, which reports the allocation's check itself if it fails (no
// branch on the pointer), then the fused loop. The allocator aligns the
// buffer (to 64 bytes): its pointer is the descriptor's aligned one too, with
// no alignment arithmetic.
// CHECK: llvm.cond_br
// CHECK: llvm.call @tessera_check_failed
// CHECK: llvm.icmp "ne"
// CHECK: llvm.cond_br
// CHECK: llvm.call @tessera_check_failed
// CHECK: llvm.call @tessera_allocation_site
// CHECK: %[[BUFFER:.*]] = llvm.call @_mlir_memref_to_llvm_alloc
// CHECK-NEXT: %[[ALLOCATED:.*]] = llvm.insertvalue %[[BUFFER]], %{{.*}}[0]
// CHECK-NEXT: llvm.insertvalue %[[BUFFER]], %[[ALLOCATED]][1]
// CHECK-NOT: llvm.call @_mlir_memref_to_llvm_alloc
// CHECK-NOT: llvm.call @tessera_check_failed
// CHECK: llvm.fadd %{{.*}} : vector<16xf32>
// CHECK: llvm.intr.fma({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// CHECK: llvm.intr.masked.store {{.*}} : vector<16xf32>, vector<16xi1> into !llvm.ptr
// CHECK-LABEL: llvm.func @_mlir_ciface_f(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: llvm.call @{{(exp|expf|tanh|tanhf)}}(
// CHECK: llvm.func @tessera_check_failed(i64, i64, i64) attributes {passthrough = ["noreturn"]
func.func @f(%a: tensor<?x?xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = tessera.add %a, %b : (tensor<?x?xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  %1 = tessera.exp %0 : tensor<?x?xf32>
  %2 = tessera.tanh %1 : tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}

// -----

// A product of sizes known only at run time calls BLAS when it is large; a
// small one (fewer than 256 multiply-adds) runs scalar loops.
// CHECK-LABEL: llvm.func @matmul(
// CHECK-NOT: llvm.intr.fmuladd
// CHECK: llvm.call @tessera_blas_matmul_f32(
// CHECK-NOT: llvm.intr.fmuladd
// CHECK: llvm.fmul {{.*}} : f32
// CHECK-NOT: llvm.intr.fmuladd
// CHECK-LABEL: llvm.func @_mlir_ciface_matmul(
func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = tessera.dot %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A product known to be small is generated vector code.
// CHECK-LABEL: llvm.func @small_matmul(
// CHECK-NOT: tessera_blas
// CHECK: llvm.intr.fmuladd({{.*}}) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
func.func @small_matmul(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %0 = tessera.dot %a, %b : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// With unit innermost strides (the default), arguments are memrefs with a
// static unit innermost stride; without, every stride is dynamic.
// RUN: tessera-opt %s --tessera-cpu-pipeline="parallel=false unit-inner-strides=false" --split-input-file --mlir-print-ir-after=one-shot-bufferize 2>&1 >/dev/null | FileCheck %s --check-prefix=ANY
// RUN: tessera-opt %s --tessera-cpu-pipeline=parallel=false --split-input-file --mlir-print-ir-after=one-shot-bufferize 2>&1 >/dev/null | FileCheck %s --check-prefix=UNIT
// ANY-LABEL: func.func @neg(%{{.*}}: memref<?x?xf64, strided<[?, ?], offset: ?>>
// UNIT-LABEL: func.func @neg(%{{.*}}: memref<?x?xf64, strided<[?, 1], offset: ?>>
func.func @neg(%a: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = tessera.neg %a : tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}
