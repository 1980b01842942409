// RUN: tessera-opt %s --tessera-lower-checks --split-input-file | FileCheck %s

// Shape-only checks move to the top; the rest of the function runs only when
// they hold, else the first failing check is reported and empty results are
// returned.
// CHECK: module attributes {tessera.check_messages = ["a: {lhs} vs {rhs}", "b: {lhs} vs {rhs}"]}
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
  tessera.check %ok1, %dx, %dy, "a: {lhs} vs {rhs}"
  %ok2 = arith.cmpi eq, %dy, %dx : index
  tessera.check %ok2, %dy, %dx, "b: {lhs} vs {rhs}"
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
  tessera.check %ok, %vi, %c0, "nonzero {lhs}"
  return %0 : tensor<1xi64>
}

// -----

// A check that holds by construction disappears, with no guard.
// CHECK-LABEL: func @constant_true
// CHECK-NOT: scf.if
// CHECK-NOT: tessera.check
// CHECK-NOT: tessera_check_failed
func.func @constant_true(%x: tensor<3xf32>) -> tensor<3xf32> {
  %true = arith.constant true
  %c3 = arith.constant 3 : index
  tessera.check %true, %c3, %c3, "never"
  return %x : tensor<3xf32>
}
