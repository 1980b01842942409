// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// tessera.dot becomes the linalg named op of its rank combination, accumulating
// into a zero-filled tensor whose dynamic sizes come from the operands; the
// contracted sizes are checked at run time unless both are static.

// CHECK-LABEL: func @inner
func.func @inner(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<f32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<f32>)
  // CHECK: linalg.dot ins(%{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xf32>) outs(%[[INIT]] : tensor<f32>)
  %0 = tessera.dot %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func @matvec(
// CHECK-SAME: %[[M:.*]]: tensor<?x?xf64>
func.func @matvec(%m: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  // CHECK: %[[ROWS:.*]] = tensor.dim %[[M]], %c0
  // CHECK: tensor.empty(%[[ROWS]]) : tensor<?xf64>
  // CHECK: linalg.matvec
  %0 = tessera.dot %m, %v : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// CHECK-LABEL: func @vecmat(
// CHECK-SAME: %{{.*}}: tensor<?xi32>, %[[M:.*]]: tensor<?x?xi32>
func.func @vecmat(%v: tensor<?xi32>, %m: tensor<?x?xi32>) -> tensor<?xi32> {
  // CHECK: %[[COLS:.*]] = tensor.dim %[[M]], %c1
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
  // CHECK: linalg.vecmat
  %0 = tessera.dot %v, %m : (tensor<?xi32>, tensor<?x?xi32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// CHECK-LABEL: func @matmul(
// CHECK-SAME: %[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<8x?xf32>
func.func @matmul(%a: tensor<?x8xf32>, %b: tensor<8x?xf32>) -> tensor<?x?xf32> {
  // CHECK-DAG: %[[ROWS:.*]] = tensor.dim %[[A]], %c0
  // CHECK-DAG: %[[COLS:.*]] = tensor.dim %[[B]], %c1
  // CHECK: tensor.empty(%[[ROWS]], %[[COLS]]) : tensor<?x?xf32>
  // CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<?x8xf32>, tensor<8x?xf32>)
  %0 = tessera.dot %a, %b : (tensor<?x8xf32>, tensor<8x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @dot
func.func @dot(%a: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: tessera.check value {{.*}} "Shape mismatch in tessera.dot ({{.*}}): x.shape[1] = {lhs} does not match y.shape[0] = {rhs}"
  %0 = tessera.dot %a, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Complex contractions are linalg.generic (the named ones take arith bodies).
// CHECK-LABEL: func @complex_dot
// CHECK: complex.constant
// CHECK: linalg.generic
// CHECK: complex.mul
// CHECK: complex.add
// CHECK-NOT: linalg.matmul
func.func @complex_dot(%a: tensor<?x?xcomplex<f64>>, %b: tensor<?x?xcomplex<f64>>) -> tensor<?x?xcomplex<f64>> {
  %0 = tessera.dot %a, %b : (tensor<?x?xcomplex<f64>>, tensor<?x?xcomplex<f64>>) -> tensor<?x?xcomplex<f64>>
  return %0 : tensor<?x?xcomplex<f64>>
}

// -----

// Batches of matrices and vectors become linalg's batch contractions; the
// batch and contracted sizes are checked at run time.
// CHECK-LABEL: func @batched
func.func @batched(%a: tensor<?x?x?xf32>, %b: tensor<?x?x?xf32>, %v: tensor<?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) {
  // CHECK: tessera.check value %{{.*}}, "Shape mismatch in tessera.batched_dot (created at {{.*}}): the batch sizes {lhs} and {rhs} differ"
  // CHECK: linalg.batch_matmul
  %0 = tessera.batched_dot %a, %b : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  // CHECK: linalg.batch_matvec
  %1 = tessera.batched_dot %a, %v : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK: linalg.batch_vecmat
  %2 = tessera.batched_dot %v, %b : (tensor<?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?xf32>
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
  // CHECK: arith.mulf
  // CHECK: arith.addf
  %3 = tessera.batched_dot %v, %v : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?xf32>
  return %0, %1, %2, %3 : tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>
}
