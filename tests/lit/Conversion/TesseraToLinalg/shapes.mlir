// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// Shape, view and construction ops; the run-time checks of sizes that only a
// run knows.

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
  // Each size is checked (none below -1, at most one -1), then the element
  // count, then tensor.reshape takes the resolved sizes.
  // CHECK: tessera.check value {{.*}} "Cannot reshape in tessera.reshape ({{.*}}): size {lhs} of dimension {rhs} is negative
  // CHECK: tessera.check value {{.*}} "Cannot reshape in tessera.reshape ({{.*}}): the shape has {lhs} sizes of -1; at most one may be -1"
  // CHECK: tessera.check value {{.*}} "Cannot reshape in tessera.reshape ({{.*}}): the input has {lhs} elements, the requested shape {rhs}"
  // CHECK: %[[SHAPE:.*]] = tensor.from_elements {{.*}} : tensor<3xi64>
  // CHECK: tensor.reshape %{{.*}}(%[[SHAPE]])
  %0 = tessera.reshape %x, %s : (tensor<?x?xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// CHECK-LABEL: func @construct
func.func @construct(%v: tensor<f64>, %n: tensor<i64>, %start: tensor<f32>, %step: tensor<f32>) -> (tensor<2x?xf64>, tensor<?xf32>) {
  // Sizes must not be negative; a static size is checked against the one
  // requested.
  // CHECK: tessera.check value {{.*}} "Cannot allocate in tessera.alloc ({{.*}}): size {lhs} of dimension {rhs} is negative"
  // CHECK: tessera.check value {{.*}} "Size mismatch in tessera.alloc
  // CHECK: linalg.fill
  %0 = tessera.alloc %v, %n, %n : (tensor<f64>, tensor<i64>, tensor<i64>) -> tensor<2x?xf64>
  // CHECK: math.ceil
  // CHECK: tessera.check value {{.*}} "In tessera.arange {{.*}}: the step must not be zero"
  // CHECK: linalg.generic
  // CHECK: linalg.index 0
  %1 = tessera.arange %start, %start, %step : tensor<f32> -> tensor<?xf32>
  return %0, %1 : tensor<2x?xf64>, tensor<?xf32>
}

// -----

// A size the result type states (found by folding) is checked against the one
// requested at run time.
// CHECK-LABEL: func @reshape_refined
func.func @reshape_refined(%x: tensor<?xf32>, %s: tensor<2xi64>) -> tensor<3x?xf32> {
  // CHECK: tessera.check value {{.*}} "Cannot reshape in tessera.reshape ({{.*}}): dimension 0 is {lhs} in the type, {rhs} requested"
  %0 = tessera.reshape %x, %s : (tensor<?xf32>, tensor<2xi64>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// Each input goes into an empty tensor of the summed size at the sizes before
// it; the sizes off the axis are checked against the first input's.
// CHECK-LABEL: func @concatenate
// CHECK-SAME: %[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<2x?xf32>
func.func @concatenate(%a: tensor<?x3xf32>, %b: tensor<2x?xf32>) -> tensor<?x3xf32> {
  // CHECK: %[[BCOLUMNS:.*]] = tensor.dim %[[B]], %c1
  // CHECK: tessera.check value %{{.*}}, %[[BCOLUMNS]], %c3, "In tessera.concatenate (created at {{.*}}): input 1 has size {lhs} in dimension 1, the first input {rhs}"
  // CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<?x3xf32>
  // CHECK: %[[FIRST:.*]] = tensor.insert_slice %[[A]] into %[[EMPTY]][%{{.*}}, 0] [%{{.*}}, 3] [1, 1]
  // CHECK: tensor.insert_slice %[[B]] into %[[FIRST]][%{{.*}}, 0] [2, %[[BCOLUMNS2:.*]]] [1, 1]
  %0 = tessera.concatenate %a, %b axis = 0 : (tensor<?x3xf32>, tensor<2x?xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func @rebroadcast
func.func @rebroadcast(%x: tensor<?x?xf32>) -> tensor<1x?xf32> {
  // CHECK: %[[ROWS:.*]] = tensor.dim %{{.*}}, %c0
  // CHECK: tessera.check value %{{.*}}, %[[ROWS]], %c1{{.*}}, "In tessera.rebroadcast (created at {{.*}}): dimension 0 has size {lhs}, so it cannot be broadcastable"
  // CHECK: tensor.cast %{{.*}} : tensor<?x?xf32> to tensor<1x?xf32>
  %0 = tessera.rebroadcast %x [true, false] : tensor<?x?xf32> -> tensor<1x?xf32>
  return %0 : tensor<1x?xf32>
}

// -----

// Every size is checked before any piece is read.
// CHECK-LABEL: func @split
func.func @split(%x: tensor<?x5xf32>, %sizes: tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.check value %{{.*}}, "In tessera.split (created at {{.*}}): piece 0 has the negative size {lhs}"
  // CHECK: tessera.check value %{{.*}}, "In tessera.split (created at {{.*}}): piece 1 has the negative size {lhs}"
  // CHECK: tessera.check value %{{.*}}, "In tessera.split (created at {{.*}}): the sizes add up to {lhs}, axis 1 has size {rhs}"
  // CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}] [%{{.*}}, %{{.*}}] [1, 1]
  // CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}] [%{{.*}}, %{{.*}}] [1, 1]
  %0:2 = tessera.split %x, %sizes axis = 1 : (tensor<?x5xf32>, tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %0#0, %0#1 : tensor<?x?xf32>, tensor<?x?xf32>
}
