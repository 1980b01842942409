// RUN: tessera-opt %s --tessera-check-allocations --split-input-file --mlir-print-local-scope | FileCheck %s
// RUN: tessera-opt %s --tessera-check-allocations --tessera-lower-checks --split-input-file | FileCheck %s --check-prefix=GUARDED

// Before the allocation, its byte count must stay below 2^62 (each dynamic
// size times the running product); after it, the pointer must not be null.
// Both checks name the tessera op the buffer was lowered from.
// CHECK-LABEL: func @dynamic(
// CHECK-SAME: %[[N:.*]]: index, %[[M:.*]]: index
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 4611686018427387904 : index
// CHECK-DAG: %[[ELEM:.*]] = arith.constant 12 : index
// CHECK: %[[ROOM:.*]] = arith.divui %[[LIMIT]], %{{.*}}
// CHECK: arith.cmpi ule, %[[ELEM]], %[[ROOM]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[ELEM]], %[[N]]
// CHECK: %[[BYTES2:.*]] = arith.muli %[[BYTES]], %[[M]]
// CHECK: tessera.check memory %{{.*}}, %{{.*}}, %{{.*}}, "Cannot allocate memory for the result of tessera.alloc (created at model.py:5): its size in bytes overflows (more than 2**62)"
// CHECK: %[[BUFFER:.*]] = memref.alloc(%[[N]], %[[M]]) : memref<?x3x?xf32>
// CHECK: %[[POINTER:.*]] = memref.extract_aligned_pointer_as_index %[[BUFFER]]
// CHECK-DAG: %[[NONNULL:.*]] = arith.cmpi ne, %[[POINTER]], %{{.*}}
// CHECK-DAG: %[[EMPTY:.*]] = arith.cmpi eq, %[[BYTES2]], %{{.*}}
// CHECK: %[[OK:.*]] = arith.ori %[[NONNULL]], %[[EMPTY]]
// CHECK: tessera.check memory %[[OK]], %[[BYTES2]], %{{.*}}, "Cannot allocate {lhs} bytes for the result of tessera.alloc (created at model.py:5): out of memory"
// GUARDED-LABEL: func @dynamic(
// GUARDED: scf.if
// GUARDED: memref.alloc
// GUARDED: scf.if
// GUARDED: linalg.fill
func.func @dynamic(%n: index, %m: index) -> memref<?x3x?xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = memref.alloc(%n, %m) : memref<?x3x?xf32> loc("tessera.alloc"("model.py":5:1))
  linalg.fill ins(%cst : f32) outs(%0 : memref<?x3x?xf32>)
  return %0 : memref<?x3x?xf32>
}

// -----

// A static allocation cannot overflow its size arithmetic (the type holds it);
// only its success is checked.
// CHECK-LABEL: func @static(
// CHECK-NOT: its size in bytes overflows
// CHECK: memref.alloc() : memref<4x4xf64>
// CHECK: tessera.check memory {{.*}} "Cannot allocate {lhs} bytes for the result of memref.alloc
func.func @static() -> memref<4x4xf64> {
  %0 = memref.alloc() : memref<4x4xf64>
  return %0 : memref<4x4xf64>
}

// -----

// Without allocations there is nothing to check.
// CHECK-LABEL: func @no_allocation(
// CHECK-NOT: tessera.check
// CHECK: return
func.func @no_allocation(%m: memref<?xf32>) -> memref<?xf32> {
  return %m : memref<?xf32>
}
