// RUN: tessera-opt %s --tessera-lower-checks --split-input-file | FileCheck %s

// Shape-only checks move to the top; the rest of the function runs only when
// they hold, else the first failing check is reported and empty results are
// returned. The module's table records each check's kind and message.
// CHECK: module attributes {tessera.checks = {{\[}}[0 : i32, "a: {lhs} vs {rhs}"], [2 : i32, "b: {lhs} vs {rhs}"]]}
// CHECK-LABEL: func @guarded(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>
// CHECK-DAG: %[[DX:.*]] = tensor.dim %[[X]]
// CHECK-DAG: %[[DY:.*]] = tensor.dim %[[Y]]
// CHECK: %[[OK1:.*]] = arith.cmpi eq, %[[DX]], %[[DY]]
// CHECK: %[[OK2:.*]] = arith.cmpi eq, %[[DY]], %[[DX]]
// CHECK: %[[OK:.*]] = arith.andi %[[OK1]], %[[OK2]]
// CHECK: %[[R:.*]] = scf.if %[[OK]] -> (tensor<?xf32>) {
// CHECK:   linalg.generic
// CHECK:   scf.yield
// CHECK: } else {
// CHECK:   %[[ID:.*]] = arith.select %[[OK1]], %c1_i64, %c0_i64
// CHECK:   func.call @tessera_check_failed(%[[ID]], %{{.*}}, %{{.*}}) : (i64, i64, i64) -> ()
// CHECK:   %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK:   scf.yield %[[EMPTY]]
// CHECK: }
// CHECK: return %[[R]]
// CHECK: func.func private @tessera_check_failed(i64, i64, i64)
#id = affine_map<(d0) -> (d0)>
func.func @guarded(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
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

// A check whose condition needs a computed tensor stays where it is and
// guards only what follows it.
// CHECK-LABEL: func @data_dependent(
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: %[[V:.*]] = tensor.extract %[[SUM]]
// CHECK: scf.if
// CHECK-NOT: linalg.generic
// CHECK: } else {
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

// A check that holds by construction disappears, with no guard.
// CHECK-LABEL: func @constant_true
// CHECK-NOT: scf.if
// CHECK-NOT: tessera.check {{value|index|memory}}
// CHECK-NOT: call @tessera_check_failed
func.func @constant_true(%x: tensor<3xf32>) -> tensor<3xf32> {
  %true = arith.constant true
  %c3 = arith.constant 3 : index
  tessera.check value %true, %c3, %c3, "never"
  return %x : tensor<3xf32>
}

// -----

// A check in a loop body: the rest of the body is guarded, and the loop
// becomes an scf.while that carries the flag of its checks and stops once one
// failed; the flag guards the rest of the function.
// CHECK-LABEL: func @in_loop(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %[[N:.*]]: index
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[LOOP:.*]]:3 = scf.while (%[[I:.*]] = %c0{{.*}}, %[[ACC:.*]] = %[[X]], %[[HELD:.*]] = %[[TRUE]]) : (index, tensor<?xf32>, i1) -> (index, tensor<?xf32>, i1) {
// CHECK:   %[[IN:.*]] = arith.cmpi slt, %[[I]], %[[N]]
// CHECK:   %[[GO:.*]] = arith.andi %[[IN]], %[[HELD]]
// CHECK:   scf.condition(%[[GO]]) %[[I]], %[[ACC]], %[[HELD]]
// CHECK: } do {
// CHECK: ^bb0(%[[I2:.*]]: index, %{{.*}}: tensor<?xf32>, %{{.*}}: i1):
// CHECK:   %[[BODY:.*]]:2 = scf.if %{{.*}} -> (tensor<?xf32>, i1) {
// CHECK:     linalg.generic
// CHECK:     scf.yield %{{.*}}, %true{{.*}} : tensor<?xf32>, i1
// CHECK:   } else {
// CHECK:     func.call @tessera_check_failed
// CHECK:     scf.yield %{{.*}}, %false{{.*}} : tensor<?xf32>, i1
// CHECK:   }
// CHECK:   %[[NEXT:.*]] = arith.addi %[[I2]], %c1
// CHECK:   scf.yield %[[NEXT]], %[[BODY]]#0, %[[BODY]]#1 : index, tensor<?xf32>, i1
// CHECK: }
// CHECK: %[[AFTER:.*]] = scf.if %[[LOOP]]#2 -> (tensor<?xf32>) {
// CHECK:   linalg.generic
// CHECK: } else {
// CHECK-NOT: func.call
// CHECK:   tensor.empty
// CHECK: }
// CHECK: return %[[AFTER]]
#id = affine_map<(d0) -> (d0)>
func.func @in_loop(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<?xf32>) {
    %ok = arith.cmpi ult, %i, %c1 : index
    tessera.check value %ok, %i, %c1, "iteration {lhs}"
    %e = tensor.empty(%n) : tensor<?xf32>
    %next = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%acc : tensor<?xf32>) outs(%e : tensor<?xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<?xf32>
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

// A check in one branch of an scf.if: the if passes out a flag (true from the
// branch without checks, and from a missing else).
// CHECK-LABEL: func @in_branch(
// CHECK: %[[IF:.*]]:2 = scf.if %{{.*}} -> (tensor<?xf32>, i1) {
// CHECK:   %[[G:.*]]:2 = scf.if
// CHECK:     func.call @tessera_check_failed
// CHECK:   scf.yield %[[G]]#0, %[[G]]#1
// CHECK: } else {
// CHECK:   scf.yield %{{.*}}, %true{{.*}} : tensor<?xf32>, i1
// CHECK: }
// CHECK: %[[R:.*]] = scf.if %[[IF]]#1 -> (tensor<?xf32>) {
// CHECK:   scf.yield %[[IF]]#0
// CHECK: return %[[R]]
func.func @in_branch(%x: tensor<?xf32>, %c: i1, %n: index) -> tensor<?xf32> {
  %c1 = arith.constant 1 : index
  %r = scf.if %c -> (tensor<?xf32>) {
    %ok = arith.cmpi eq, %n, %c1 : index
    tessera.check value %ok, %n, %c1, "size {lhs}"
    scf.yield %x : tensor<?xf32>
  } else {
    scf.yield %x : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// On buffers (the second run, after bufferization): placeholders are empty
// allocations, cast to the result's layout.
// CHECK-LABEL: func @on_memrefs(
// CHECK: } else {
// CHECK:   func.call @tessera_check_failed
// CHECK:   %[[EMPTY:.*]] = memref.alloc(%c0{{.*}}) : memref<?xf32>
// CHECK:   %[[CAST:.*]] = memref.cast %[[EMPTY]] : memref<?xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK:   scf.yield %[[CAST]]
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

// A check in each region of an scf.while: the loop carries one more flag,
// which the condition ands in, so it stops after a failure in either region.
// CHECK-LABEL: func @in_while(
// CHECK: %[[R:.*]]:2 = scf.while (%[[I:.*]] = %{{.*}}, %[[HELD:.*]] = %true{{.*}}) : (index, i1) -> (index, i1) {
// CHECK:   %[[B:.*]]:3 = scf.if
// CHECK:     func.call @tessera_check_failed
// CHECK:     scf.yield %false{{.*}}, %{{.*}}, %false{{.*}} : i1, index, i1
// CHECK:   %[[STILL:.*]] = arith.andi %[[HELD]], %[[B]]#2
// CHECK:   %[[GO:.*]] = arith.andi %[[B]]#0, %[[STILL]]
// CHECK:   scf.condition(%[[GO]]) %[[B]]#1, %[[STILL]] : index, i1
// CHECK: } do {
// CHECK: ^bb0(%{{.*}}: index, %{{.*}}: i1):
// CHECK:   %[[A:.*]]:2 = scf.if
// CHECK:     func.call @tessera_check_failed
// CHECK:   scf.yield %[[A]]#0, %[[A]]#1 : index, i1
// CHECK: }
// CHECK: scf.if %[[R]]#1 -> (index)
func.func @in_while(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.while (%i = %c0) : (index) -> index {
    %ok = arith.cmpi ule, %i, %n : index
    tessera.check value %ok, %i, %n, "before {lhs}"
    %more = arith.cmpi ult, %i, %n : index
    scf.condition(%more) %i : index
  } do {
  ^bb0(%i: index):
    %ok = arith.cmpi ne, %i, %c1 : index
    tessera.check value %ok, %i, %c1, "after {lhs}"
    %next = arith.addi %i, %c1 : index
    scf.yield %next : index
  }
  %twice = arith.addi %r, %r : index
  return %twice : index
}
