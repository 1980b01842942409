// RUN: tessera-opt %s --tessera-lower-checks --split-input-file | FileCheck %s

// Shape-only checks move to the top. Each becomes a branch, taken when it
// fails, that reports it to the runtime (which does not return: it unwinds to
// the caller); the computation after them is not guarded. Consecutive checks
// share one branch on whether any fails, inside which they report in order:
// one branch on the happy path, one split of the block where scf becomes cf.
// The module's table records each check's kind and message.
// CHECK: module attributes {tessera.checks = {{\[}}[0 : i32, "a: {lhs} vs {rhs}"], [2 : i32, "b: {lhs} vs {rhs}"]]}
// CHECK-LABEL: func @hoisted(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>
// CHECK-DAG: %[[DX:.*]] = tensor.dim %[[X]]
// CHECK-DAG: %[[DY:.*]] = tensor.dim %[[Y]]
// CHECK: %[[OK1:.*]] = arith.cmpi eq, %[[DX]], %[[DY]]
// CHECK: %[[OK2:.*]] = arith.cmpi eq, %[[DY]], %[[DX]]
// CHECK: %[[FAILS1:.*]] = arith.xori %[[OK1]], %true
// CHECK: %[[FAILS2:.*]] = arith.xori %[[OK2]], %true
// CHECK: %[[ANY:.*]] = arith.ori %[[FAILS1]], %[[FAILS2]]
// CHECK: scf.if %[[ANY]] {
// CHECK:   scf.if %[[FAILS1]] {
// CHECK:     %[[LHS:.*]] = arith.index_cast %[[DX]] : index to i64
// CHECK:     %[[RHS:.*]] = arith.index_cast %[[DY]] : index to i64
// CHECK:     func.call @tessera_check_failed(%c0_i64, %[[LHS]], %[[RHS]]) : (i64, i64, i64) -> ()
// CHECK:   }
// CHECK:   scf.if %[[FAILS2]] {
// CHECK:     func.call @tessera_check_failed(%c1_i64,
// CHECK:   }
// CHECK: }
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: return %[[R]]
// CHECK: func.func private @tessera_check_failed(i64, i64, i64) attributes {passthrough = ["noreturn"]}
#id = affine_map<(d0) -> (d0)>
func.func @hoisted(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %dx = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%dx) : tensor<?xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?xf32>
  %dy = tensor.dim %y, %c0 : tensor<?xf32>
  %ok1 = arith.cmpi eq, %dx, %dy : index
  tessera.check value %ok1, %dx, %dy, "a: {lhs} vs {rhs}"
  %ok2 = arith.cmpi eq, %dy, %dx : index
  tessera.check memory %ok2, %dy, %dx, "b: {lhs} vs {rhs}"
  return %0 : tensor<?xf32>
}

// -----

// A check whose condition needs a computed tensor stays where it is.
// CHECK-LABEL: func @data_dependent(
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: %[[V:.*]] = tensor.extract %[[SUM]]
// CHECK: scf.if
// CHECK:   func.call @tessera_check_failed
// CHECK: return %[[SUM]]
#id = affine_map<(d0) -> (d0)>
func.func @data_dependent(%x: tensor<1xi64>) -> tensor<1xi64> {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<1xi64>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<1xi64>) outs(%e : tensor<1xi64>) {
  ^bb0(%in: i64, %out: i64):
    linalg.yield %in : i64
  } -> tensor<1xi64>
  %v = tensor.extract %0[%c0] : tensor<1xi64>
  %vi = arith.index_cast %v : i64 to index
  %ok = arith.cmpi eq, %vi, %c0 : index
  tessera.check index %ok, %vi, %c0, "nonzero {lhs}"
  return %0 : tensor<1xi64>
}

// -----

// A check that holds by construction disappears, and nothing is declared.
// CHECK-LABEL: func @constant_true
// CHECK-NOT: scf.if
// CHECK-NOT: tessera.check {{value|index|memory}}
// CHECK-NOT: tessera_check_failed
func.func @constant_true(%x: tensor<3xf32>) -> tensor<3xf32> {
  %true = arith.constant true
  %c3 = arith.constant 3 : index
  tessera.check value %true, %c3, %c3, "never"
  return %x : tensor<3xf32>
}

// -----

// A check in a loop body is lowered in place (moved to the top of the body):
// the loop keeps its form and carries nothing more.
// CHECK-LABEL: func @in_loop(
// CHECK: %[[R:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<?xf32>) {
// CHECK:   %[[OK:.*]] = arith.cmpi ult, %[[I]], %c1
// CHECK:   %[[FAILS:.*]] = arith.xori %[[OK]], %true
// CHECK:   scf.if %[[FAILS]] {
// CHECK:     func.call @tessera_check_failed
// CHECK:   }
// CHECK:   linalg.generic
// CHECK:   scf.yield
// CHECK: }
// CHECK-NOT: scf.if
// CHECK: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @in_loop(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<?xf32>) {
    %e = tensor.empty(%n) : tensor<?xf32>
    %next = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%acc : tensor<?xf32>) outs(%e : tensor<?xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<?xf32>
    %ok = arith.cmpi ult, %i, %c1 : index
    tessera.check value %ok, %i, %c1, "iteration {lhs}"
    scf.yield %next : tensor<?xf32>
  }
  %e = tensor.empty(%n) : tensor<?xf32>
  %after = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%r : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?xf32>
  return %after : tensor<?xf32>
}

// -----

// On buffers (the second run, after bufferization) alike: no placeholder
// buffers.
// CHECK-LABEL: func @on_memrefs(
// CHECK: scf.if
// CHECK:   func.call @tessera_check_failed
// CHECK-NOT: memref.alloc
// CHECK: return %{{.*}} : memref<?xf32, strided<[?], offset: ?>>
func.func @on_memrefs(%x: memref<?xf32, strided<[?], offset: ?>>, %n: index) -> memref<?xf32, strided<[?], offset: ?>> {
  %c1 = arith.constant 1 : index
  %ok = arith.cmpi eq, %n, %c1 : index
  tessera.check value %ok, %n, %c1, "size {lhs}"
  return %x : memref<?xf32, strided<[?], offset: ?>>
}

// -----

// A second run extends the module's table and declares the report function once.
// CHECK: module attributes {tessera.checks = {{\[}}[0 : i32, "earlier"], [1 : i32, "later {lhs}"]]}
// CHECK-COUNT-1: func.func private @tessera_check_failed
module attributes {tessera.checks = [[0 : i32, "earlier"]]} {
  func.func private @tessera_check_failed(i64, i64, i64)
  func.func @second_run(%n: index) -> index {
    %c1 = arith.constant 1 : index
    %ok = arith.cmpi eq, %n, %c1 : index
    // CHECK: %[[ID:.*]] = arith.constant 1 : i64
    // CHECK: func.call @tessera_check_failed(%[[ID]]
    tessera.check index %ok, %n, %c1, "later {lhs}"
    return %n : index
  }
}

// -----

// A check whose condition a dominating check already tested (the same pure
// computation of the same values, here built twice) can never fail: only the
// first is lowered, also when the second is nested in a loop. A check tested
// only in a branch does not dominate the one after the branch, and a
// different condition is a different check. (The check after the branch then
// moves to the top, with the other shape checks, and shares their branch.)
// CHECK: module attributes {tessera.checks = {{\[}}[0 : i32, "first"], [0 : i32, "another condition"], [0 : i32, "after the branch"], [0 : i32, "in a branch"]]}
// CHECK-LABEL: func @repeated(
// CHECK: scf.if
// CHECK:   scf.if
// CHECK:     func.call @tessera_check_failed(%c0_i64,
// CHECK:   scf.if
// CHECK:     func.call @tessera_check_failed(%c1_i64,
// CHECK:   scf.if
// CHECK:     func.call @tessera_check_failed(%c2_i64,
// CHECK: scf.if %{{.*}} {
// CHECK:   scf.if
// CHECK:     func.call @tessera_check_failed(%c3_i64,
// CHECK: }
// CHECK: scf.for
// CHECK-NOT: tessera_check_failed
// CHECK: return
func.func @repeated(%x: memref<?xf32>, %y: memref<?xf32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dx = memref.dim %x, %c0 : memref<?xf32>
  %dy = memref.dim %y, %c0 : memref<?xf32>
  %same = arith.cmpi eq, %dx, %dy : index
  tessera.check value %same, %dx, %dy, "first"
  %c0b = arith.constant 0 : index
  %dx2 = memref.dim %x, %c0b : memref<?xf32>
  %same2 = arith.cmpi eq, %dx2, %dy : index
  tessera.check value %same2, %dx2, %dy, "tested already"
  %small = arith.cmpi ult, %dx, %c1 : index
  tessera.check value %small, %dx, %c1, "another condition"
  %big = arith.cmpi ugt, %dy, %c1 : index
  scf.if %flag {
    tessera.check value %big, %dy, %c1, "in a branch"
  }
  tessera.check value %big, %dy, %c1, "after the branch"
  scf.for %i = %c0 to %dx step %c1 {
    %again = arith.cmpi eq, %dx2, %dy : index
    tessera.check value %again, %dx2, %dy, "in a loop"
  }
  return
}

// -----

// Must not share a branch: a division by a size between two checks may trap
// unless the first check, which finds the size zero, reports first.
// CHECK-LABEL: func @division_between(
// CHECK: %[[NONZERO:.*]] = arith.cmpi ne, %[[N:.*]], %c0
// CHECK: %[[FAILS1:.*]] = arith.xori %[[NONZERO]], %true
// CHECK-NEXT: scf.if %[[FAILS1]] {
// CHECK-NEXT:   arith.constant 0 : i64
// CHECK-NOT:    scf.if
// CHECK:        func.call @tessera_check_failed
// CHECK:      }
// CHECK: %[[Q:.*]] = arith.divui %{{.*}}, %[[N]]
// CHECK: %[[ONE:.*]] = arith.cmpi eq, %[[Q]], %c1
// CHECK: %[[FAILS2:.*]] = arith.xori %[[ONE]], %true
// CHECK-NEXT: scf.if %[[FAILS2]] {
func.func @division_between(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dx = memref.dim %x, %c0 : memref<?xf32>
  %nonzero = arith.cmpi ne, %n, %c0 : index
  tessera.check value %nonzero, %n, %c0, "a size of zero"
  %q = arith.divui %dx, %n : index
  %one = arith.cmpi eq, %q, %c1 : index
  tessera.check value %one, %q, %c1, "a quotient of {lhs}"
  return
}
