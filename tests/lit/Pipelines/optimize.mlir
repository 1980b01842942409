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
