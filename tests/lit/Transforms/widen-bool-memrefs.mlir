// RUN: tessera-opt %s --tessera-widen-bool-memrefs | FileCheck %s

// CHECK-LABEL: func.func private @helper(
// CHECK-SAME: %[[M:.*]]: memref<?xi8>) -> i1
// CHECK: %[[BYTE:.*]] = memref.load %[[M]][%c0] : memref<?xi8>
// CHECK: %[[BIT:.*]] = arith.trunci %[[BYTE]] : i8 to i1
// CHECK: return %[[BIT]]
func.func private @helper(%m: memref<?xi1>) -> i1 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<?xi1>
  return %v : i1
}

// CHECK-LABEL: func.func @caller(
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xi8>
// CHECK: %[[W:.*]] = arith.extui %{{.*}} : i1 to i8
// CHECK: memref.store %[[W]], %[[A]][%c0] : memref<4xi8>
// CHECK: %[[C:.*]] = memref.cast %[[A]] : memref<4xi8> to memref<?xi8>
// CHECK: call @helper(%[[C]]) : (memref<?xi8>) -> i1
// CHECK: memref.dealloc %[[A]] : memref<4xi8>
// Memrefs of other types are left alone.
// CHECK: memref.alloc() : memref<4xf32>
func.func @caller(%flag: i1) -> i1 {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<4xi1>
  memref.store %flag, %a[%c0] : memref<4xi1>
  %c = memref.cast %a : memref<4xi1> to memref<?xi1>
  %r = func.call @helper(%c) : (memref<?xi1>) -> i1
  memref.dealloc %a : memref<4xi1>
  %f = memref.alloc() : memref<4xf32>
  memref.dealloc %f : memref<4xf32>
  return %r : i1
}
