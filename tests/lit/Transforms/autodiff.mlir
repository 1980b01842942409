// RUN: tessera-opt %s --tessera-autodiff --split-input-file -verify-diagnostics | FileCheck %s
// tessera-autodiff replaces gradient ops by the derivative rules of the ops
// between the cost and the wrt values, at the gradient op.

// Elementwise with broadcasting: b's gradient is summed over the dimension
// it broadcast in; fan-out accumulates.
// CHECK-LABEL: func @broadcasting(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<1xf64>
// CHECK: %[[P:.*]] = tessera.mul %[[X]], %[[B]]
// CHECK: %[[E:.*]] = tessera.exp %[[P]]
// CHECK: %[[C:.*]] = tessera.sum %[[E]] axes = [0]
// CHECK-NOT: tessera.grad
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[GE:.*]] = tessera.add %{{.*}}, %{{.*}} : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[GP:.*]] = tessera.mul %[[GE]], %[[E]]
// CHECK: %[[GX:.*]] = tessera.mul %[[GP]], %[[B]]
// CHECK: %[[GB0:.*]] = tessera.mul %[[GP]], %[[X]]
// CHECK: %[[GB:.*]] = tessera.sum %[[GB0]] axes = [0] keepdims : tensor<?xf64> -> tensor<1xf64>
// CHECK: return %[[GX]], %[[GB]]
func.func @broadcasting(%x: tensor<?xf64>, %b: tensor<1xf64>) -> (tensor<?xf64>, tensor<1xf64>) {
  %0 = tessera.mul %x, %b : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %1 = tessera.exp %0 : tensor<?xf64>
  %c = tessera.sum %1 axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:2 = tessera.grad %c wrt(%x, %b) : (tensor<f64>, tensor<?xf64>, tensor<1xf64>) -> (tensor<?xf64>, tensor<1xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<1xf64>
}

// -----

// dot of matrices: dA = dC B^T, dB = A^T dC.
// CHECK-LABEL: func @matmul(
// CHECK-SAME: %[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>
// CHECK: %[[BT:.*]] = tessera.dimshuffle %[[B]] [1, 0]
// CHECK: %[[DA:.*]] = tessera.dot %[[DC:.*]], %[[BT]]
// CHECK: %[[AT:.*]] = tessera.dimshuffle %[[A]] [1, 0]
// CHECK: %[[DB:.*]] = tessera.dot %[[AT]], %[[DC]]
// CHECK: return %[[DA]], %[[DB]]
func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = tessera.dot %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c = tessera.sum %0 axes = [0, 1] : tensor<?x?xf32> -> tensor<f32>
  %g:2 = tessera.grad %c wrt(%a, %b) : (tensor<f32>, tensor<?x?xf32>, tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %g#0, %g#1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// The gradient of a gradient: the inner one expands first, then the outer
// differentiates its code. d2/dx2 x*x = 2.
// CHECK-LABEL: func @second_order(
// CHECK-NOT: tessera.grad
// CHECK: return
func.func @second_order(%x: tensor<f64>) -> tensor<f64> {
  %0 = tessera.mul %x, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %g = tessera.grad %0 wrt(%x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %gg = tessera.grad %g wrt(%x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %gg : tensor<f64>
}

// -----

// A wrt value the cost does not depend on gets zeros of its shape; a
// comparison passes no gradient; a constant stops the flow.
// CHECK-LABEL: func @zeros(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>
// CHECK: %[[N:.*]] = tessera.shape_i %[[Y]][0]
// CHECK: %[[Z:.*]] = tessera.alloc %{{.*}}, %[[N]] : (tensor<f64>, tensor<i64>) -> tensor<?xf64>
// CHECK: return %{{.*}}, %[[Z]]
func.func @zeros(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %lt = tessera.lt %x, %y : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
  %s = tessera.switch %lt, %x, %x : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tessera.sum %s axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:2 = tessera.grad %c wrt(%x, %y) : (tensor<f64>, tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// An op without a derivative rule on the path is an error naming it.
func.func @no_rule(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error@+1 {{'math.exp' has no derivative rule, but the gradient at}}
  %e = math.exp %x : tensor<?xf64>
  %p = tessera.sum %e axes = [0] : tensor<?xf64> -> tensor<f64>
  %g = tessera.grad %p wrt(%x) : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
