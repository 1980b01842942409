// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// The scalar semantics of each elementwise op, and the lowering of the shape,
// construction and reduction ops.

// Integer floor division: divisors 0 and -1 are replaced before dividing.
// CHECK-LABEL: func @int_div
// CHECK: linalg.generic
// CHECK-DAG: %[[ZERO:.*]] = arith.cmpi eq, %[[B:.*]], %c0_i32
// CHECK-DAG: %[[MINUS:.*]] = arith.cmpi eq, %[[B]], %c-1_i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[ZERO]], %[[MINUS]]
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %c1_i32, %[[B]]
// CHECK: arith.floordivsi %{{.*}}, %[[SAFE]]
func.func @int_div(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %0 = tessera.int_div %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// CHECK-LABEL: func @float_ops
func.func @float_ops(%a: tensor<?xf64>, %b: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // CHECK: arith.divf
  // CHECK: math.floor
  %0 = tessera.int_div %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: arith.remf
  %1 = tessera.mod %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: math.powf
  %2 = tessera.pow %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: math.tanh
  %3 = tessera.tanh %a : tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Bools are i8 tensors of 0 and 1: comparisons extend, switch truncates.
// CHECK-LABEL: func @bools(
// CHECK-SAME: -> tensor<?xi8>
func.func @bools(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  // CHECK: arith.cmpf olt
  // CHECK: arith.extui %{{.*}} : i1 to i8
  %lt = tessera.lt %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  // CHECK: %[[C:.*]] = arith.trunci %{{.*}} : i8 to i1
  // CHECK: arith.select %[[C]]
  %m = tessera.switch %lt, %a, %b : (tensor<?xi1>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  // CHECK: arith.cmpf une
  %nz = tessera.cast %m : tensor<?xf32> to tensor<?xi1>
  return %nz : tensor<?xi1>
}

// -----

// CHECK-LABEL: func @sum_keepdims
func.func @sum_keepdims(%x: tensor<?x?x?xf32>) -> tensor<?x1x1xf32> {
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%cst : f32)
  // CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?xf32>) dimensions = [1, 2]
  // CHECK: arith.addf
  // CHECK: tensor.expand_shape %[[R]] {{\[}}[0, 1, 2]] {{.*}} : tensor<?xf32> into tensor<?x1x1xf32>
  %0 = tessera.sum %x axes = [1, 2] keepdims : tensor<?x?x?xf32> -> tensor<?x1x1xf32>
  return %0 : tensor<?x1x1xf32>
}

// -----

// CHECK-LABEL: func @max_all
func.func @max_all(%x: tensor<?x?xi16>) -> tensor<i16> {
  // CHECK: %[[LOWEST:.*]] = arith.constant -32768 : i16
  // CHECK: linalg.fill ins(%[[LOWEST]] : i16)
  // CHECK: linalg.reduce
  // CHECK: arith.maxsi
  %0 = tessera.max %x axes = [0, 1] : tensor<?x?xi16> -> tensor<i16>
  return %0 : tensor<i16>
}

// -----

// Result dim 0 reads input dim 2, result dim 1 is new, result dim 2 reads input
// dim 0; the dropped size-1 input dim 1 is read at 0.
// CHECK-DAG: #[[READ:.*]] = affine_map<(d0, d1, d2) -> (d2, 0, d0)>
// CHECK-DAG: #[[WRITE:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func @dimshuffle
func.func @dimshuffle(%x: tensor<?x1x?xf32>) -> tensor<?x1x?xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[READ]], #[[WRITE]]]
  %0 = tessera.dimshuffle %x [2, -1, 0] : tensor<?x1x?xf32> -> tensor<?x1x?xf32>
  return %0 : tensor<?x1x?xf32>
}

// -----

// CHECK-LABEL: func @shapes
func.func @shapes(%x: tensor<?x3xf32>) -> (tensor<2xi64>, tensor<i64>) {
  // CHECK: %[[D0:.*]] = tensor.dim %{{.*}}, %c0
  // CHECK: %[[I0:.*]] = arith.index_cast %[[D0]] : index to i64
  // CHECK: %[[I1:.*]] = arith.index_cast %c3 : index to i64
  // CHECK: tensor.from_elements %[[I0]], %[[I1]] : tensor<2xi64>
  %0 = tessera.shape %x : tensor<?x3xf32> -> tensor<2xi64>
  // CHECK: tensor.from_elements %{{.*}} : tensor<i64>
  %1 = tessera.shape_i %x [1] : tensor<?x3xf32>
  return %0, %1 : tensor<2xi64>, tensor<i64>
}

// -----

// CHECK-LABEL: func @reshape
func.func @reshape(%x: tensor<?x?xf32>, %s: tensor<3xi64>) -> tensor<?x?x?xf32> {
  // The element count is checked, then tensor.reshape takes the resolved sizes.
  // CHECK: tessera.check %{{.*}}, "Cannot reshape in tessera.reshape
  // CHECK: %[[SHAPE:.*]] = tensor.from_elements {{.*}} : tensor<3xi64>
  // CHECK: tensor.reshape %{{.*}}(%[[SHAPE]])
  %0 = tessera.reshape %x, %s : (tensor<?x?xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// CHECK-LABEL: func @construct
func.func @construct(%v: tensor<f64>, %n: tensor<i64>, %start: tensor<f32>, %step: tensor<f32>) -> (tensor<2x?xf64>, tensor<?xf32>) {
  // A static size is checked against the one requested.
  // CHECK: tessera.check {{.*}} "Size mismatch in tessera.alloc
  // CHECK: linalg.fill
  %0 = tessera.alloc %v, %n, %n : (tensor<f64>, tensor<i64>, tensor<i64>) -> tensor<2x?xf64>
  // CHECK: math.ceil
  // CHECK: tessera.check {{.*}} "In tessera.arange {{.*}}: the step must not be zero"
  // CHECK: linalg.generic
  // CHECK: linalg.index 0
  %1 = tessera.arange %start, %start, %step : tensor<f32> -> tensor<?xf32>
  return %0, %1 : tensor<2x?xf64>, tensor<?xf32>
}
