// RUN: tessera-opt %s --tessera-split-deallocations --split-input-file | FileCheck %s

// The buffers of a straight-line function, freed in one dealloc at its end:
// one dealloc each, retaining what the whole one retained.
// CHECK-LABEL: func @distinct(
// CHECK-SAME: %[[C:.*]]: i1
// CHECK-DAG: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-DAG: %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK-DAG: %[[R:.*]] = memref.alloc() : memref<4xf32>
// CHECK: bufferization.dealloc (%[[A]] : memref<4xf32>) if (%true) retain (%[[R]] : memref<4xf32>)
// CHECK-NEXT: bufferization.dealloc (%[[B]] : memref<4xf32>) if (%[[C]]) retain (%[[R]] : memref<4xf32>)
// CHECK-NEXT: return %[[R]]
func.func @distinct(%c: i1) -> memref<4xf32> {
  %true = arith.constant true
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<4xf32>
  %0 = bufferization.dealloc (%a, %b : memref<4xf32>, memref<4xf32>) if (%true, %c) retain (%r : memref<4xf32>)
  return %r : memref<4xf32>
}

// -----

// Views are found to their allocation: two views of one buffer stay together
// (upstream's simplification decides about them), the other buffer's
// subview goes alone. The ownership of the retained memref the whole dealloc
// returned is the disjunction of the pieces'.
// CHECK-LABEL: func @views(
// CHECK: %[[A:.*]] = memref.alloc() : memref<8xf32>
// CHECK: %[[B:.*]] = memref.alloc() : memref<8xf32>
// CHECK: %[[A0:.*]] = memref.subview %[[A]][0] [4] [1]
// CHECK: %[[A1:.*]] = memref.subview %[[A]][4] [4] [1]
// CHECK: %[[B0:.*]] = memref.cast %[[B]]
// CHECK: %[[OWN_B:.*]] = bufferization.dealloc (%[[B0]] : memref<?xf32>) if (%true) retain (%arg0 : memref<8xf32>)
// CHECK-NEXT: %[[OWN_A:.*]] = bufferization.dealloc (%[[A0]], %[[A1]] : {{.*}}) if (%true, %true) retain (%arg0 : memref<8xf32>)
// CHECK-NEXT: %[[OWN:.*]] = arith.ori %[[OWN_B]], %[[OWN_A]] : i1
// CHECK-NEXT: return %[[OWN]]
func.func @views(%retained: memref<8xf32>) -> i1 {
  %true = arith.constant true
  %a = memref.alloc() : memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  %a0 = memref.subview %a[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  %a1 = memref.subview %a[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  %b0 = memref.cast %b : memref<8xf32> to memref<?xf32>
  %own = bufferization.dealloc (%a0, %b0, %a1 : memref<4xf32, strided<[1]>>, memref<?xf32>, memref<4xf32, strided<[1], offset: 4>>) if (%true, %true, %true) retain (%retained : memref<8xf32>)
  return %own : i1
}

// -----

// Must not fire: a memref of unknown origin (an argument, which may be one
// of the buffers) keeps the dealloc whole for the simplification's analysis.
// CHECK-LABEL: func @unknown_origin(
// CHECK: bufferization.dealloc (%[[A:.*]], %arg0 : memref<4xf32>, memref<4xf32>) if (%true, %arg1)
// CHECK-NOT: bufferization.dealloc
func.func @unknown_origin(%m: memref<4xf32>, %c: i1) {
  %true = arith.constant true
  %a = memref.alloc() : memref<4xf32>
  bufferization.dealloc (%a, %m : memref<4xf32>, memref<4xf32>) if (%true, %c)
  return
}

// -----

// Must not fire: views of one allocation only.
// CHECK-LABEL: func @one_allocation(
// CHECK: bufferization.dealloc (%{{.*}}, %{{.*}} : memref<8xf32>, memref<?xf32>) if (%true, %true)
// CHECK-NOT: bufferization.dealloc
func.func @one_allocation() {
  %true = arith.constant true
  %a = memref.alloc() : memref<8xf32>
  %b = memref.cast %a : memref<8xf32> to memref<?xf32>
  bufferization.dealloc (%a, %b : memref<8xf32>, memref<?xf32>) if (%true, %true)
  return
}
