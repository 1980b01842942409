// RUN: tessera-opt %s --tessera-stabilize --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-stabilize=disable-patterns=LogOfOnePlus --split-input-file | FileCheck %s --check-prefix=DISABLED
// The stability rewrites, with the cases where they must not fire.

// CHECK-LABEL: func @log_of_one_plus(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>, %[[I:.*]]: tensor<?xi32>
// DISABLED-LABEL: func @log_of_one_plus(
// DISABLED-NOT: tessera.log1p %arg0
// DISABLED: tessera.log1p
func.func @log_of_one_plus(%x: tensor<?xf64>, %y: tensor<?xf64>, %i: tensor<?xi32>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // The constant as the Python builder makes it: cast and dimshuffled.
  %c = arith.constant dense<1> : tensor<i8>
  %cf = tessera.cast %c : tensor<i8> to tensor<f64>
  %one = tessera.dimshuffle %cf [-1] : tensor<f64> -> tensor<1xf64>
  // CHECK: %[[A:.*]] = tessera.log1p %[[X]]
  %0 = tessera.add %one, %x : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %1 = tessera.log %0 : tensor<?xf64>
  // 2 + y is not 1 + y.
  // CHECK: %[[B:.*]] = tessera.log %{{.*}} : tensor<?xf64>
  %two = arith.constant dense<2.0> : tensor<1xf64>
  %2 = tessera.add %two, %y : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %3 = tessera.log %2 : tensor<?xf64>
  // Integer x: the sum is an integer, cast before the log; no log1p.
  // CHECK: %[[C:.*]] = tessera.log %{{.*}} : tensor<?xf64>
  %ione = arith.constant dense<1> : tensor<1xi32>
  %4 = tessera.add %ione, %i : (tensor<1xi32>, tensor<?xi32>) -> tensor<?xi32>
  %5 = tessera.cast %4 : tensor<?xi32> to tensor<?xf64>
  %6 = tessera.log %5 : tensor<?xf64>
  // log(1 - y) -> log1p(-y).
  // CHECK: %[[NY:.*]] = tessera.neg %[[Y]]
  // CHECK: %[[D:.*]] = tessera.log1p %[[NY]]
  %7 = tessera.sub %one, %y : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %8 = tessera.log %7 : tensor<?xf64>
  // CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
  return %1, %3, %6, %8 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// A broadcasting 1 that gives the sum its shape stays: log1p(x) would have
// x's smaller shape.
// CHECK-LABEL: func @log_of_one_plus_that_broadcasts(
// CHECK-NOT: tessera.log1p
func.func @log_of_one_plus_that_broadcasts(%x: tensor<1xf64>) -> tensor<3xf64> {
  %one = arith.constant dense<1.0> : tensor<3xf64>
  %0 = tessera.add %one, %x : (tensor<3xf64>, tensor<1xf64>) -> tensor<3xf64>
  %1 = tessera.log %0 : tensor<3xf64>
  return %1 : tensor<3xf64>
}

// -----

// CHECK-LABEL: func @expm1(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>
func.func @expm1(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %minus = arith.constant dense<-1.0> : tensor<1xf32>
  %two = arith.constant dense<2.0> : tensor<1xf32>
  // CHECK: %[[A:.*]] = tessera.expm1 %[[X]]
  %e = tessera.exp %x : tensor<?xf32>
  %0 = tessera.sub %e, %one : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  // CHECK: %[[B:.*]] = tessera.expm1 %[[X]]
  %1 = tessera.add %e, %minus : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  // exp(x) - 2 stays.
  // CHECK: %[[C:.*]] = tessera.sub %{{.*}}, %{{.*}}
  %2 = tessera.sub %e, %two : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  // CHECK: return %[[A]], %[[B]], %[[C]]
  return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// The seed logistic regression's literal formulas: p = 1 / (1 + exp(-z)),
// log(p) and log(1 - p).
// CHECK-LABEL: func @sigmoid_and_its_logs(
// CHECK-SAME: %[[Z:.*]]: tensor<?xf64>
func.func @sigmoid_and_its_logs(%z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %nz = tessera.neg %z : tensor<?xf64>
  %e = tessera.exp %nz : tensor<?xf64>
  %d = tessera.add %one, %e : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: %[[NZ:.*]] = tessera.neg %[[Z]]
  // CHECK: %[[N:.*]] = tessera.neg %[[NZ]]
  // CHECK: %[[P:.*]] = tessera.sigmoid %[[N]]
  %p = tessera.true_div %one, %d : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: %[[M:.*]] = tessera.neg %[[N]]
  // CHECK: %[[S1:.*]] = tessera.softplus %[[M]]
  // CHECK: %[[LOGP:.*]] = tessera.neg %[[S1]]
  %logp = tessera.log %p : tensor<?xf64>
  // CHECK: %[[S2:.*]] = tessera.softplus %[[N]]
  // CHECK: %[[LOGQ:.*]] = tessera.neg %[[S2]]
  %q = tessera.sub %one, %p : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %logq = tessera.log %q : tensor<?xf64>
  // CHECK: return %[[P]], %[[LOGP]], %[[LOGQ]]
  return %p, %logp, %logq : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// CHECK-LABEL: func @not_a_sigmoid(
// CHECK-NOT: tessera.sigmoid
func.func @not_a_sigmoid(%z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %two = arith.constant dense<2.0> : tensor<1xf64>
  %e = tessera.exp %z : tensor<?xf64>
  // 2 / (1 + exp(z)) and 1 / (2 + exp(z)).
  %d = tessera.add %one, %e : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %0 = tessera.true_div %two, %d : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %d2 = tessera.add %two, %e : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %1 = tessera.true_div %one, %d2 : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// CHECK-LABEL: func @softplus(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>
func.func @softplus(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = arith.constant dense<1.0> : tensor<1xf64>
  // CHECK: %[[S:.*]] = tessera.softplus %[[X]]
  %e = tessera.exp %x : tensor<?xf64>
  %0 = tessera.add %e, %one : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %1 = tessera.log %0 : tensor<?xf64>
  // CHECK: return %[[S]]
  return %1 : tensor<?xf64>
}

// -----

// CHECK-LABEL: func @softmax(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf32>, %[[Y:.*]]: tensor<?x?xf32>
func.func @softmax(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  // exp(x) / sum(exp(x), axis=1, keepdims), each exp built separately.
  // CHECK: %[[A:.*]] = tessera.softmax %[[X]] axis = 1
  %e1 = tessera.exp %x : tensor<?x?xf32>
  %e2 = tessera.exp %x : tensor<?x?xf32>
  %s = tessera.sum %e2 axes = [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %0 = tessera.true_div %e1, %s : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  // exp(x - max) / sum(...).dimshuffle(0, 'x'): the softmax of x itself.
  // CHECK: %[[B:.*]] = tessera.softmax %[[X]] axis = 1
  %m = tessera.max %x axes = [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %shifted = tessera.sub %x, %m : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  %e3 = tessera.exp %shifted : tensor<?x?xf32>
  %s3 = tessera.sum %e3 axes = [1] : tensor<?x?xf32> -> tensor<?xf32>
  %k3 = tessera.dimshuffle %s3 [0, -1] : tensor<?xf32> -> tensor<?x1xf32>
  %1 = tessera.true_div %e3, %k3 : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  // Along the first axis.
  // CHECK: %[[C:.*]] = tessera.softmax %[[X]] axis = 0
  %s0 = tessera.sum %e1 axes = [0] keepdims : tensor<?x?xf32> -> tensor<1x?xf32>
  %2 = tessera.true_div %e1, %s0 : (tensor<?x?xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  // exp(x) / sum(exp(y)) is no softmax; nor is exp(x) / sum over both axes.
  // CHECK: %[[D:.*]] = tessera.true_div
  %ey = tessera.exp %y : tensor<?x?xf32>
  %sy = tessera.sum %ey axes = [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %3 = tessera.true_div %e1, %sy : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  // CHECK: %[[E:.*]] = tessera.true_div
  %sa = tessera.sum %e1 axes = [0, 1] keepdims : tensor<?x?xf32> -> tensor<1x1xf32>
  %4 = tessera.true_div %e1, %sa : (tensor<?x?xf32>, tensor<1x1xf32>) -> tensor<?x?xf32>
  // CHECK: return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]]
  return %0, %1, %2, %3, %4 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @log_softmax(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf32>
func.func @log_softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK: %[[L:.*]] = tessera.logsoftmax %[[X]] axis = 1
  %0 = tessera.softmax %x axis = 1 : tensor<?x?xf32>
  %1 = tessera.log %0 : tensor<?x?xf32>
  // CHECK: return %[[L]]
  return %1 : tensor<?x?xf32>
}

// -----

// log(sum(exp(x))) along axis 1: the max (0 where infinite, no gradient) is
// added back to the log of the shifted sum.
// CHECK-LABEL: func @log_sum_exp(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf64>
func.func @log_sum_exp(%x: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  // CHECK: %[[M:.*]] = tessera.max %[[X]] axes = [1] keepdims
  // CHECK: %[[INF:.*]] = tessera.isinf %[[M]]
  // CHECK: %[[SAFE:.*]] = tessera.switch %[[INF]], %{{.*}}, %[[M]]
  // CHECK: %[[SHIFT:.*]] = tessera.zero_grad %[[SAFE]]
  // CHECK: %[[D:.*]] = tessera.sub %[[X]], %[[SHIFT]]
  // CHECK: %[[E:.*]] = tessera.exp %[[D]]
  // CHECK: %[[S:.*]] = tessera.sum %[[E]] axes = [1] : tensor<?x?xf64> -> tensor<?xf64>
  // CHECK: %[[DROP:.*]] = tessera.dimshuffle %[[SHIFT]] [0]
  // CHECK: %[[L:.*]] = tessera.log %[[S]]
  // CHECK: %[[R:.*]] = tessera.add %[[DROP]], %[[L]]
  %e = tessera.exp %x : tensor<?x?xf64>
  %s = tessera.sum %e axes = [1] : tensor<?x?xf64> -> tensor<?xf64>
  %0 = tessera.log %s : tensor<?xf64>
  // Already shifted: left alone (no second rewrite of its own output).
  %m = tessera.max %x axes = [1] keepdims : tensor<?x?xf64> -> tensor<?x1xf64>
  %d = tessera.sub %x, %m : (tensor<?x?xf64>, tensor<?x1xf64>) -> tensor<?x?xf64>
  %e2 = tessera.exp %d : tensor<?x?xf64>
  %s2 = tessera.sum %e2 axes = [1] keepdims : tensor<?x?xf64> -> tensor<?x1xf64>
  // CHECK: %[[KEPT:.*]] = tessera.log %{{.*}} : tensor<?x1xf64>
  %1 = tessera.log %s2 : tensor<?x1xf64>
  %2 = tessera.add %1, %m : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  %3 = tessera.add %2, %d : (tensor<?x1xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  // CHECK: return %[[R]]
  return %0, %3 : tensor<?xf64>, tensor<?x?xf64>
}

// -----

// CHECK-LABEL: func @crossentropy_of_softmax(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf32>, %[[Y:.*]]: tensor<?xi64>
func.func @crossentropy_of_softmax(%x: tensor<?x?xf32>, %y: tensor<?xi64>) -> (tensor<?xf32>, tensor<?xf32>) {
  // CHECK: %[[A:.*]] = tessera.crossentropy_softmax_1hot %[[X]], %[[Y]]
  %p = tessera.softmax %x axis = 1 : tensor<?x?xf32>
  %0 = tessera.crossentropy_categorical_1hot %p, %y : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?xf32>
  // Probabilities that are not a softmax stay as they are.
  // CHECK: %[[B:.*]] = tessera.crossentropy_categorical_1hot %[[X]], %[[Y]]
  %1 = tessera.crossentropy_categorical_1hot %x, %y : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?xf32>
  // CHECK: return %[[A]], %[[B]]
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Before autodiff, the cost must keep reading the values a gradient refers
// to: p = 1 / (1 + exp(-z)) may become sigmoid(z) (the gradient then refers
// to the sigmoid, the same value), but log(p) must not stop reading it.
// CHECK-LABEL: func @gradient_points(
func.func @gradient_points(%z: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %one = arith.constant dense<1.0> : tensor<f64>
  %nz = tessera.neg %z : tensor<f64>
  %e = tessera.exp %nz : tensor<f64>
  %d = tessera.add %one, %e : (tensor<f64>, tensor<f64>) -> tensor<f64>
  // CHECK: %[[P:.*]] = tessera.sigmoid
  %p = tessera.true_div %one, %d : (tensor<f64>, tensor<f64>) -> tensor<f64>
  // CHECK: %[[L:.*]] = tessera.log %[[P]]
  %l = tessera.log %p : tensor<f64>
  // CHECK: tessera.grad %[[L]] wrt(%[[P]])
  %g = tessera.grad %l wrt(%p) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %l, %g : tensor<f64>, tensor<f64>
}
