// RUN: tessera-opt %s --canonicalize --split-input-file | FileCheck %s
// The dialect's folders and canonicalization patterns, with the cases where a
// rewrite must not fire.

// CHECK-LABEL: func @double_negation(
// CHECK-SAME: %[[A:.*]]: tensor<?xf32>, %[[I:.*]]: tensor<?xi32>
func.func @double_negation(%a: tensor<?xf32>, %i: tensor<?xi32>) -> (tensor<?xf32>, tensor<?xi32>, tensor<?xf32>) {
  %0 = tessera.neg %a : tensor<?xf32>
  %1 = tessera.neg %0 : tensor<?xf32>
  %2 = tessera.neg %i : tensor<?xi32>
  %3 = tessera.neg %2 : tensor<?xi32>
  // One negation stays one.
  // CHECK: %[[ONE:.*]] = tessera.neg %[[A]]
  %4 = tessera.neg %a : tensor<?xf32>
  // CHECK: return %[[A]], %[[I]], %[[ONE]]
  return %1, %3, %4 : tensor<?xf32>, tensor<?xi32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: func @dimshuffles(
// CHECK-SAME: %[[X:.*]]: tensor<?x1x?xf32>
func.func @dimshuffles(%x: tensor<?x1x?xf32>) -> (tensor<?x1x?xf32>, tensor<?x?x1xf32>, tensor<1x?x?xf32>) {
  // The identity folds away.
  %0 = tessera.dimshuffle %x [0, 1, 2] : tensor<?x1x?xf32> -> tensor<?x1x?xf32>
  // Two in a row are one: [2, 0] then [1, 0, -1] reads x's [0, 2, new].
  // CHECK: %[[TWO:.*]] = tessera.dimshuffle %[[X]] [0, 2, -1] : tensor<?x1x?xf32> -> tensor<?x?x1xf32>
  %1 = tessera.dimshuffle %x [2, 0] : tensor<?x1x?xf32> -> tensor<?x?xf32>
  %2 = tessera.dimshuffle %1 [1, 0, -1] : tensor<?x?xf32> -> tensor<?x?x1xf32>
  // A permutation stays.
  // CHECK: %[[PERM:.*]] = tessera.dimshuffle %[[X]] [1, 0, 2]
  %3 = tessera.dimshuffle %x [1, 0, 2] : tensor<?x1x?xf32> -> tensor<1x?x?xf32>
  // CHECK: return %[[X]], %[[TWO]], %[[PERM]]
  return %0, %2, %3 : tensor<?x1x?xf32>, tensor<?x?x1xf32>, tensor<1x?x?xf32>
}

// -----

// Casts of splat constants fold with the run-time conversion's rules: NaN to
// 0, out-of-range values saturate, anything nonzero (NaN too) to true.
// CHECK-LABEL: func @cast_folding
func.func @cast_folding(%x: tensor<?xf32>) -> (tensor<i32>, tensor<i32>, tensor<i8>, tensor<i1>, tensor<f32>, tensor<i64>, tensor<?xf32>, tensor<?xf32>) {
  %nan = arith.constant dense<0x7FC00000> : tensor<f32>
  %big = arith.constant dense<1.0e10> : tensor<f32>
  %low = arith.constant dense<-300.5> : tensor<f64>
  %minus = arith.constant dense<-2.75> : tensor<f64>
  %true = arith.constant dense<true> : tensor<i1>
  // CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0> : tensor<i32>
  %0 = tessera.cast %nan : tensor<f32> to tensor<i32>
  // CHECK-DAG: %[[MAX:.*]] = arith.constant dense<2147483647> : tensor<i32>
  %1 = tessera.cast %big : tensor<f32> to tensor<i32>
  // CHECK-DAG: %[[MIN:.*]] = arith.constant dense<-128> : tensor<i8>
  %2 = tessera.cast %low : tensor<f64> to tensor<i8>
  // CHECK-DAG: %[[TRUE:.*]] = arith.constant dense<true> : tensor<i1>
  %3 = tessera.cast %nan : tensor<f32> to tensor<i1>
  // CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
  %4 = tessera.cast %true : tensor<i1> to tensor<f32>
  // CHECK-DAG: %[[TRUNC:.*]] = arith.constant dense<-2> : tensor<i64>
  %5 = tessera.cast %minus : tensor<f64> to tensor<i64>
  // A cast to the same type is its operand; a cast of a non-constant stays.
  %6 = tessera.cast %x : tensor<?xf32> to tensor<?xf32>
  // CHECK: %[[KEPT:.*]] = tessera.cast %{{.*}} : tensor<?xf32> to tensor<?xf16>
  %h = tessera.cast %x : tensor<?xf32> to tensor<?xf16>
  %7 = tessera.cast %h : tensor<?xf16> to tensor<?xf32>
  // CHECK: return %[[ZERO]], %[[MAX]], %[[MIN]], %[[TRUE]], %[[ONE]], %[[TRUNC]], %{{.*}}, %{{.*}}
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<i32>, tensor<i32>, tensor<i8>, tensor<i1>, tensor<f32>, tensor<i64>, tensor<?xf32>, tensor<?xf32>
}

// -----

// A scan drops the results nobody reads: an output (%0#2) with what computed
// it, and a state (%0#1) whose value no step reads. A state the body reads
// (%0#0's, through %u) stays even when its result is unused.
// CHECK-LABEL: func @scan_unused_results(
// CHECK: %[[S:.*]]:2 = tessera.scan steps(%{{.*}} : tensor<i64>) sequences(%{{.*}} : tensor<?xf64>) initial(%{{.*}}, %{{.*}} : tensor<1xf64>, tensor<1xf64>) {keep = ["final", "all"], taps = [array<i64: -1>, array<i64: -1>]} -> tensor<f64>, tensor<?xf64> {
// CHECK: ^bb0(%[[X:.*]]: tensor<f64>, %[[U:.*]]: tensor<f64>, %[[V:.*]]: tensor<f64>):
// CHECK-NOT: tessera.exp
// CHECK:   %[[A:.*]] = tessera.add %[[X]], %[[U]]
// CHECK:   %[[B:.*]] = tessera.mul %[[V]], %[[A]]
// CHECK:   tessera.yield %[[A]], %[[B]]
// CHECK: return %[[S]]#1
func.func @scan_unused_results(%n: tensor<i64>, %xs: tensor<?xf64>, %u0: tensor<1xf64>, %w0: tensor<1xf64>, %v0: tensor<1xf64>) -> tensor<?xf64> {
  %0:4 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?xf64>) initial(%u0, %w0, %v0 : tensor<1xf64>, tensor<1xf64>, tensor<1xf64>) {keep = ["final", "final", "all", "all"], taps = [array<i64: -1>, array<i64: -1>, array<i64: -1>]} -> tensor<f64>, tensor<f64>, tensor<?xf64>, tensor<?xf64> {
  ^bb0(%x: tensor<f64>, %u: tensor<f64>, %w: tensor<f64>, %v: tensor<f64>):
    %a = tessera.add %x, %u : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %b = tessera.mul %v, %a : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %e = tessera.exp %x : tensor<f64>
    tessera.yield %a, %x, %b, %e : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
  }
  return %0#2 : tensor<?xf64>
}
