// RUN: tessera-opt %s --tessera-copies-to-linalg | FileCheck %s

// CHECK-LABEL: func @copy(
// CHECK-SAME: %[[SRC:.*]]: memref<?xf32, strided<[?], offset: ?>>, %[[DST:.*]]: memref<?xf32>
func.func @copy(%src: memref<?xf32, strided<[?], offset: ?>>, %dst: memref<?xf32>) {
  // CHECK-NOT: memref.copy
  // CHECK: linalg.copy ins(%[[SRC]] : memref<?xf32, strided<[?], offset: ?>>) outs(%[[DST]] : memref<?xf32>)
  memref.copy %src, %dst : memref<?xf32, strided<[?], offset: ?>> to memref<?xf32>
  return
}

// Nothing else changes.
// CHECK-LABEL: func @no_copy(
func.func @no_copy(%m: memref<?xf32>) -> memref<?xf32> {
  // CHECK-NEXT: return
  return %m : memref<?xf32>
}
