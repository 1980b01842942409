// RUN: tessera-opt %s --loop-invariant-code-motion | FileCheck %s
// Upstream's loop-invariant code motion moves what a scan's step computes
// from values defined outside it out of the loop (scan implements
// LoopLikeOpInterface); what depends on the step's arguments stays.

// CHECK-LABEL: func @hoist(
// CHECK-SAME: %{{.*}}: tensor<i64>, %[[XS:.*]]: tensor<?x?xf64>, %[[W:.*]]: tensor<?x?xf64>
// CHECK: %[[WT:.*]] = tessera.dimshuffle %[[W]] [1, 0]
// CHECK: tessera.scan
// CHECK: ^bb0(%[[X:.*]]: tensor<?xf64>):
// CHECK-NOT: tessera.dimshuffle
// CHECK:   tessera.dot %[[WT]], %[[X]]
func.func @hoist(%n: tensor<i64>, %xs: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?x?xf64>) {keep = ["all"], taps = []} -> tensor<?x?xf64> {
  ^bb0(%x: tensor<?xf64>):
    %wt = tessera.dimshuffle %w [1, 0] : tensor<?x?xf64> -> tensor<?x?xf64>
    %y = tessera.dot %wt, %x : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
    tessera.yield %y : tensor<?xf64>
  }
  return %0 : tensor<?x?xf64>
}
