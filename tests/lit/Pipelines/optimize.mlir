// RUN: tessera-opt %s --tessera-optimize-pipeline --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-optimize-pipeline="optimizer=fast_compile" --split-input-file | FileCheck %s --check-prefix=FAST-COMPILE
// RUN: tessera-opt %s --tessera-optimize-pipeline="optimizer=none" --split-input-file | FileCheck %s --check-prefix=NONE
// The optimization phase alone: gradients expand, then target-independent
// rewrites on tessera ops (simplification, CSE). FAST_COMPILE and
// optimizer=None expand gradients only.

// CHECK-LABEL: func @simplified(
// CHECK-SAME: %[[A:.*]]: tensor<?xf32>
// CHECK: %[[E:.*]] = tessera.exp %[[A]]
// CHECK-NOT: tessera.exp
// CHECK-NOT: tessera.neg
// CHECK: tessera.add %[[E]], %[[E]]
// FAST-COMPILE-COUNT-2: tessera.exp
// FAST-COMPILE-COUNT-2: tessera.neg
// NONE-COUNT-2: tessera.exp
func.func @simplified(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tessera.exp %a : tensor<?xf32>
  %1 = tessera.exp %a : tensor<?xf32>
  %2 = tessera.neg %1 : tensor<?xf32>
  %3 = tessera.neg %2 : tensor<?xf32>
  %4 = tessera.add %0, %3 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %4 : tensor<?xf32>
}

// -----

// Gradients expand before anything is folded: the gradient with respect to
// y = -(-x) stays the gradient with respect to y.
// CHECK-LABEL: func @gradient_first(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>
// CHECK-NOT: tessera.grad
// CHECK-NOT: tessera.neg
// CHECK: %[[ONES:.*]] = tessera.add
// CHECK: %[[G:.*]] = tessera.mul %[[ONES]], %[[X]]
// CHECK: return %[[G]]
// FAST-COMPILE-LABEL: func @gradient_first(
// FAST-COMPILE-NOT: tessera.grad
func.func @gradient_first(%x: tensor<?xf64>) -> tensor<?xf64> {
  %n = tessera.neg %x : tensor<?xf64>
  %y = tessera.neg %n : tensor<?xf64>
  %p = tessera.mul %y, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tessera.sum %p axes = [0] : tensor<?xf64> -> tensor<f64>
  %g = tessera.grad %c wrt(%y) : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// FAST_RUN stabilizes before autodiff, so the gradient of log(1 - p) for
// p = 1 / (1 + exp(-z)) is taken of -softplus(z): sigmoid, no division by
// 1 - p. FAST_COMPILE and optimizer=None keep the literal formula.
// CHECK-LABEL: func @stable_gradient(
// CHECK-NOT: tessera.true_div
// CHECK: tessera.softplus
// CHECK-NOT: tessera.true_div
// CHECK: return
// FAST-COMPILE-LABEL: func @stable_gradient(
// FAST-COMPILE-NOT: tessera.softplus
// FAST-COMPILE: tessera.true_div
// NONE-LABEL: func @stable_gradient(
// NONE-NOT: tessera.softplus
func.func @stable_gradient(%z: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %one = arith.constant dense<1.0> : tensor<f64>
  %nz = tessera.neg %z : tensor<f64>
  %e = tessera.exp %nz : tensor<f64>
  %d = tessera.add %one, %e : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %p = tessera.true_div %one, %d : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %q = tessera.sub %one, %p : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %cost = tessera.log %q : tensor<f64>
  %g = tessera.grad %cost wrt(%z) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %cost, %g : tensor<f64>, tensor<f64>
}

// -----

// CSE: (x + y) + (x + y) computes x + y once (the two sums are built
// separately, as Python builds them).
// CHECK-LABEL: func @common_subexpressions(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>
// CHECK: %[[S:.*]] = tessera.add %[[X]], %[[Y]]
// CHECK-NEXT: %[[T:.*]] = tessera.add %[[S]], %[[S]]
// CHECK-NEXT: return %[[T]]
func.func @common_subexpressions(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tessera.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %1 = tessera.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %2 = tessera.add %0, %1 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %2 : tensor<?xf32>
}
