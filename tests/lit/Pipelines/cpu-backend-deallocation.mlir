// RUN: tessera-opt %s --tessera-cpu-backend-pipeline="parallel=false blas=false" --mlir-print-ir-after=optimize-allocation-liveness 2>&1 >/dev/null | FileCheck %s
// The CPU backend frees each intermediate buffer right after its last use
// (ownership-based deallocation frees a block's buffers at its end; upstream's
// optimize-allocation-liveness moves each free up), so a chain of products
// holds two intermediates at a time, not all of them. The returned buffer is
// the caller's. Ownership-based deallocation's one dealloc of every buffer is
// split first by tessera-split-deallocations (see its lit test).

// CHECK-LABEL: func.func @chain
// CHECK: %[[A:.*]] = memref.alloc
// CHECK: linalg.matmul {{.*}} outs(%[[A]]
// CHECK: %[[B:.*]] = memref.alloc
// CHECK: linalg.matmul ins(%[[A]], {{.*}} outs(%[[B]]
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK: %[[C:.*]] = memref.alloc
// CHECK: linalg.matmul ins(%[[B]], {{.*}} outs(%[[C]]
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK: %[[D:.*]] = memref.alloc
// CHECK: linalg.matmul ins(%[[C]], {{.*}} outs(%[[D]]
// CHECK-NEXT: memref.dealloc %[[C]]
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @chain(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %m = tensor.dim %w, %c1 : tensor<?x?xf32>
  %e0 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %h0 = linalg.matmul ins(%x, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f0 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %e1 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %h1 = linalg.matmul ins(%h0, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f1 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %e2 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %h2 = linalg.matmul ins(%h1, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f2 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %e3 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<?x?xf32>) -> tensor<?x?xf32>
  %h3 = linalg.matmul ins(%h2, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f3 : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %h3 : tensor<?x?xf32>
}
