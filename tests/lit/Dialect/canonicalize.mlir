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

// -----

// Neutral and absorbing elements; where dropping the constant would change
// the shape, it stays.
// CHECK-LABEL: func @neutral_elements(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[S:.*]]: tensor<1xf64>
func.func @neutral_elements(%x: tensor<?xf64>, %s: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<3xf64>) {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %0 = tessera.add %x, %zero : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %1 = tessera.mul %one, %x : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
  %2 = tessera.sub %x, %zero : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %3 = tessera.true_div %x, %one : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // x * 0: zeros of x's shape.
  // CHECK: %[[N:.*]] = tessera.shape_i %[[X]][0]
  // CHECK: %[[ZEROS:.*]] = tessera.alloc %{{.*}}, %[[N]]
  %4 = tessera.mul %x, %zero : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // s + zeros(3) broadcasts s: it stays.
  // CHECK: %[[KEPT:.*]] = tessera.add %[[S]], %{{.*}} : (tensor<1xf64>, tensor<3xf64>)
  %zeros = arith.constant dense<0.0> : tensor<3xf64>
  %5 = tessera.add %s, %zeros : (tensor<1xf64>, tensor<3xf64>) -> tensor<3xf64>
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[ZEROS]], %[[KEPT]]
  return %0, %1, %2, %3, %4, %5 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<3xf64>
}

// -----

// x - x is 0 and x / x is 1 (as Theano), for the same x only.
// CHECK-LABEL: func @self_cancellation(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>
func.func @self_cancellation(%x: tensor<3xf32>, %y: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  // CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
  // CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<3xf32>
  %0 = tessera.sub %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %e1 = tessera.exp %x : tensor<3xf32>
  %e2 = tessera.exp %x : tensor<3xf32>
  %1 = tessera.true_div %e1, %e2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: %[[D:.*]] = tessera.true_div %[[X]], %[[Y]]
  %2 = tessera.true_div %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: %[[S:.*]] = tessera.sub %[[X]], %[[Y]]
  %3 = tessera.sub %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: return %[[ZERO]], %[[ONE]], %[[D]], %[[S]]
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func @inverse_pairs_and_signs(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>
func.func @inverse_pairs_and_signs(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %l = tessera.log %x : tensor<?xf64>
  %0 = tessera.exp %l : tensor<?xf64>
  %e = tessera.exp %x : tensor<?xf64>
  %1 = tessera.log %e : tensor<?xf64>
  // -(x - y) -> y - x
  // CHECK-DAG: %[[YX:.*]] = tessera.sub %[[Y]], %[[X]]
  %d = tessera.sub %x, %y : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %2 = tessera.neg %d : tensor<?xf64>
  // x - (-y) -> x + y; x + (-y) -> x - y
  // CHECK-DAG: %[[SUM:.*]] = tessera.add %[[X]], %[[Y]]
  %ny = tessera.neg %y : tensor<?xf64>
  %3 = tessera.sub %x, %ny : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK-DAG: %[[DIFF:.*]] = tessera.sub %[[X]], %[[Y]]
  %4 = tessera.add %x, %ny : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: return %[[X]], %[[X]], %[[YX]], %[[SUM]], %[[DIFF]]
  return %0, %1, %2, %3, %4 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Complex logarithms have branches: log(exp(z)) is not z.
// CHECK-LABEL: func @complex_log_of_exp(
// CHECK: tessera.exp
// CHECK: tessera.log
func.func @complex_log_of_exp(%z: tensor<?xcomplex<f32>>) -> tensor<?xcomplex<f32>> {
  %e = tessera.exp %z : tensor<?xcomplex<f32>>
  %0 = tessera.log %e : tensor<?xcomplex<f32>>
  return %0 : tensor<?xcomplex<f32>>
}

// -----

// Powers by small constants; others stay.
// CHECK-LABEL: func @powers(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[I:.*]]: tensor<?xi32>
func.func @powers(%x: tensor<?xf64>, %i: tensor<?xi32>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi32>, tensor<?xi32>) {
  %two = arith.constant dense<2.0> : tensor<1xf64>
  %three = arith.constant dense<3.0> : tensor<1xf64>
  %half = arith.constant dense<0.5> : tensor<1xf64>
  %minus = arith.constant dense<-1.0> : tensor<1xf64>
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %seven = arith.constant dense<7.0> : tensor<1xf64>
  %itwo = arith.constant dense<2> : tensor<1xi32>
  %iminus = arith.constant dense<-1> : tensor<1xi32>
  // CHECK-DAG: %[[SQR:.*]] = tessera.sqr %[[X]]
  %0 = tessera.pow %x, %two : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK-DAG: %[[CUBE:.*]] = tessera.mul %{{.*}}, %[[X]]
  %1 = tessera.pow %x, %three : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK-DAG: %[[ROOT:.*]] = tessera.sqrt %[[X]]
  %2 = tessera.pow %x, %half : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK-DAG: %[[INV:.*]] = tessera.inv %[[X]]
  %3 = tessera.pow %x, %minus : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %4 = tessera.pow %x, %one : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK-DAG: %[[SEVEN:.*]] = tessera.pow %[[X]], %{{.*}}
  %5 = tessera.pow %x, %seven : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // Integers: squares become multiplications, negative powers stay.
  // CHECK-DAG: %[[ISQR:.*]] = tessera.sqr %[[I]]
  %6 = tessera.pow %i, %itwo : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  // CHECK-DAG: %[[IPOW:.*]] = tessera.pow %[[I]], %{{.*}}
  %7 = tessera.pow %i, %iminus : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  // CHECK: return %[[SQR]], %[[CUBE]], %[[ROOT]], %[[INV]], %[[X]], %[[SEVEN]], %[[ISQR]], %[[IPOW]]
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi32>, tensor<?xi32>
}

// -----

// Reshape chains, sums over broadcast dimensions and of broadcast scalars.
// CHECK-LABEL: func @shapes_and_sums(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %[[S:.*]]: tensor<2xi64>, %[[T:.*]]: tensor<3xi64>, %[[C:.*]]: tensor<?x1xf32>, %[[N:.*]]: tensor<i64>, %[[V:.*]]: tensor<f32>
func.func @shapes_and_sums(%x: tensor<?xf32>, %s: tensor<2xi64>, %t: tensor<3xi64>, %c: tensor<?x1xf32>, %n: tensor<i64>, %v: tensor<f32>) -> (tensor<?x?x?xf32>, tensor<?xf32>, tensor<f32>) {
  // CHECK: %[[R:.*]] = tessera.reshape %[[X]], %[[T]]
  %r1 = tessera.reshape %x, %s : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %r2 = tessera.reshape %r1, %t : (tensor<?x?xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  // CHECK: %[[COL:.*]] = tessera.dimshuffle %[[C]] [0]
  %0 = tessera.sum %c axes = [1] : tensor<?x1xf32> -> tensor<?xf32>
  // sum(alloc(v, n, n)) = v * n * n
  // CHECK: %[[NF:.*]] = tessera.cast %[[N]] : tensor<i64> to tensor<f32>
  // CHECK: %[[P1:.*]] = tessera.mul %[[V]], %[[NF]]
  // CHECK: %[[P2:.*]] = tessera.mul %[[P1]], %{{.*}}
  %a = tessera.alloc %v, %n, %n : (tensor<f32>, tensor<i64>, tensor<i64>) -> tensor<?x?xf32>
  %1 = tessera.sum %a axes = [0, 1] : tensor<?x?xf32> -> tensor<f32>
  // CHECK: return %[[R]], %[[COL]], %[[P2]]
  return %r2, %0, %1 : tensor<?x?x?xf32>, tensor<?xf32>, tensor<f32>
}

// -----

// Constant folding: elementwise ops through their scalar definitions,
// reductions, dimshuffles, reshapes and static sizes.
// CHECK-LABEL: func @constant_folding(
func.func @constant_folding(%x: tensor<2x3xf32>) -> (tensor<2xf64>, tensor<f64>, tensor<2xf64>, tensor<3x2xi32>, tensor<6xi32>, tensor<i64>, tensor<2xi64>, tensor<f32>, tensor<?xf64>) {
  %a = arith.constant dense<[0.0, 1.0]> : tensor<2xf64>
  %b = arith.constant dense<2.0> : tensor<f64>
  %m = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  // CHECK-DAG: arith.constant dense<[1.000000e+00, 2.7182818284590451]> : tensor<2xf64>
  %0 = tessera.exp %a : tensor<2xf64>
  // CHECK-DAG: arith.constant dense<0.88079707797788231> : tensor<f64>
  %1 = tessera.sigmoid %b : tensor<f64>
  // CHECK-DAG: arith.constant dense<[4.000000e+00, 6.000000e+00]> : tensor<2xf64>
  %bb = tessera.dimshuffle %b [-1] : tensor<f64> -> tensor<1xf64>
  %2 = tessera.add %a, %bb, %bb, %a : (tensor<2xf64>, tensor<1xf64>, tensor<1xf64>, tensor<2xf64>) -> tensor<2xf64>
  // CHECK-DAG: arith.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
  %3 = tessera.dimshuffle %m [1, 0] : tensor<2x3xi32> -> tensor<3x2xi32>
  // CHECK-DAG: arith.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
  %shape = arith.constant dense<6> : tensor<1xi64>
  %4 = tessera.reshape %m, %shape : (tensor<2x3xi32>, tensor<1xi64>) -> tensor<6xi32>
  // CHECK-DAG: arith.constant dense<3> : tensor<i64>
  %5 = tessera.shape_i %x[1] : tensor<2x3xf32>
  // CHECK-DAG: arith.constant dense<[2, 3]> : tensor<2xi64>
  %6 = tessera.shape %x : tensor<2x3xf32> -> tensor<2xi64>
  // CHECK-DAG: arith.constant dense<2.100000e+01> : tensor<f32>
  %mf = tessera.cast %m : tensor<2x3xi32> to tensor<2x3xf32>
  %7 = tessera.sum %mf axes = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  // Dynamic shapes are not folded.
  // CHECK: tessera.exp %{{.*}} : tensor<?xf64>
  %d = tessera.cast %a : tensor<2xf64> to tensor<?xf64>
  %8 = tessera.exp %d : tensor<?xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2xf64>, tensor<f64>, tensor<2xf64>, tensor<3x2xi32>, tensor<6xi32>, tensor<i64>, tensor<2xi64>, tensor<f32>, tensor<?xf64>
}

// -----

// Results of more than 1024 elements are folded only when they are splats:
// [1.5, 2.5] broadcast against 1024 columns stays.
// CHECK-LABEL: func @no_folding_of_large_results(
// CHECK-DAG: %[[SPLAT:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1024xf32>
// CHECK-DAG: %[[SUM:.*]] = tessera.add
// CHECK: return %[[SUM]], %[[SPLAT]]
func.func @no_folding_of_large_results() -> (tensor<2x1024xf32>, tensor<1x1024xf32>) {
  %c = arith.constant dense<1.5> : tensor<1x1024xf32>
  %column = arith.constant dense<[[1.5], [2.5]]> : tensor<2x1xf32>
  %0 = tessera.add %column, %c : (tensor<2x1xf32>, tensor<1x1024xf32>) -> tensor<2x1024xf32>
  %1 = tessera.add %c, %c : (tensor<1x1024xf32>, tensor<1x1024xf32>) -> tensor<1x1024xf32>
  return %0, %1 : tensor<2x1024xf32>, tensor<1x1024xf32>
}
