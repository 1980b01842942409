// RUN: tessera-opt %s --tessera-check-allocations --split-input-file --mlir-print-local-scope | FileCheck %s
// RUN: tessera-opt %s --tessera-check-allocations --tessera-lower-checks --split-input-file | FileCheck %s --check-prefix=GUARDED

// Before the allocation, its byte count must stay below 2^62 (each dynamic
// size times the running product), and the runtime learns which check its
// allocator reports if it cannot provide the buffer (id 0 of the module's
// table, with the byte count): compiled code tests no pointer. Both checks
// name the tessera op the buffer was lowered from.
// CHECK: module attributes {tessera.checks = {{\[}}[2 : i32, "Cannot allocate {lhs} bytes for the result of tessera.alloc (created at model.py:5): out of memory"]]}
// CHECK-LABEL: func @dynamic(
// CHECK-SAME: %[[N:.*]]: index, %[[M:.*]]: index
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 4611686018427387904 : index
// CHECK-DAG: %[[ELEM:.*]] = arith.constant 12 : index
// CHECK: %[[ROOM:.*]] = arith.divui %[[LIMIT]], %{{.*}}
// CHECK: arith.cmpi ule, %[[ELEM]], %[[ROOM]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[ELEM]], %[[N]]
// CHECK: %[[BYTES2:.*]] = arith.muli %[[BYTES]], %[[M]]
// CHECK: tessera.check memory %{{.*}}, %{{.*}}, %{{.*}}, "Cannot allocate memory for the result of tessera.alloc (created at model.py:5): its size in bytes overflows (more than 2**62)"
// CHECK-DAG: %[[ID:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[COUNT:.*]] = arith.index_cast %[[BYTES2]] : index to i64
// CHECK: call @tessera_allocation_site(%[[ID]], %[[COUNT]]) : (i64, i64) -> ()
// CHECK-NEXT: %[[BUFFER:.*]] = memref.alloc(%[[N]], %[[M]]) : memref<?x3x?xf32>
// CHECK-NOT: tessera.check
// CHECK: linalg.fill
// CHECK: func.func private @tessera_allocation_site(i64, i64)
// GUARDED-LABEL: func @dynamic(
// GUARDED: scf.if
// GUARDED: call @tessera_allocation_site
// GUARDED: memref.alloc
// GUARDED-NOT: scf.if
// GUARDED: linalg.fill
func.func @dynamic(%n: index, %m: index) -> memref<?x3x?xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = memref.alloc(%n, %m) : memref<?x3x?xf32> loc("tessera.alloc"("model.py":5:1))
  linalg.fill ins(%cst : f32) outs(%0 : memref<?x3x?xf32>)
  return %0 : memref<?x3x?xf32>
}

// -----

// A static allocation cannot overflow its size arithmetic (the type holds it);
// it only names its check, with its byte count.
// CHECK-LABEL: func @static(
// CHECK-NOT: tessera.check
// CHECK: %[[BYTES:.*]] = arith.constant 128 : i64
// CHECK: call @tessera_allocation_site(%{{.*}}, %[[BYTES]])
// CHECK-NEXT: memref.alloc() : memref<4x4xf64>
func.func @static() -> memref<4x4xf64> {
  %0 = memref.alloc() : memref<4x4xf64>
  return %0 : memref<4x4xf64>
}

// -----

// Without allocations there is nothing to check, and nothing is declared.
// CHECK-LABEL: func @no_allocation(
// CHECK-NOT: tessera.check
// CHECK-NOT: tessera_allocation_site
func.func @no_allocation(%m: memref<?xf32>) -> memref<?xf32> {
  return %m : memref<?xf32>
}
