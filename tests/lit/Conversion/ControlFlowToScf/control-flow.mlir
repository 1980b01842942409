// RUN: tessera-opt %s --convert-tessera-control-flow-to-scf --split-input-file | FileCheck %s
// ifelse becomes scf.if; scan an scf.if on whether any step runs, whose
// steps run step 0 first (its values give the buffers' sizes), then an
// scf.for (scf.while with until) writing each step into the buffers.

// CHECK-LABEL: func @ifelse(
// CHECK: %[[B:.*]] = tessera.cast %{{.*}} : tensor<i1> to tensor<i8>
// CHECK: %[[C:.*]] = tensor.extract %[[B]][]
// CHECK: %[[T:.*]] = arith.cmpi ne, %[[C]]
// CHECK: scf.if %[[T]] -> (tensor<?xf64>) {
// CHECK:   tessera.exp
// CHECK:   scf.yield %{{.*}} : tensor<?xf64>
// CHECK: } else {
// CHECK:   %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<3xf64> to tensor<?xf64>
// CHECK:   scf.yield %[[CAST]] : tensor<?xf64>
func.func @ifelse(%c: tensor<i1>, %x: tensor<?xf64>, %y: tensor<3xf64>) -> tensor<?xf64> {
  %0 = tessera.ifelse %c : tensor<i1> -> tensor<?xf64> {
    %e = tessera.exp %x : tensor<?xf64>
    tessera.yield %e : tensor<?xf64>
  } else {
    tessera.yield %y : tensor<3xf64>
  }
  return %0 : tensor<?xf64>
}

// -----

// A state (tap -1, all steps kept) and an output that keeps its last value.
// CHECK-LABEL: func @scan(
// CHECK-SAME: %[[N:.*]]: tensor<i64>, %[[XS:.*]]: tensor<?x?xf64>, %[[H0:.*]]: tensor<1x?xf64>
// CHECK: %[[STEPS:.*]] = arith.index_cast
// CHECK: tessera.check value {{.*}} n_steps is {lhs}, which is negative
// CHECK: tessera.check value {{.*}} sequence 0 has {lhs} elements (after its taps), fewer than the {rhs} steps to run
// CHECK: %[[ANY:.*]] = arith.cmpi sgt, %[[STEPS]]
// CHECK: scf.if %[[ANY]] -> (tensor<?x?xf64>, tensor<?xf64>) {
// CHECK:   %[[X0:.*]] = tensor.extract_slice %[[XS]][%{{.*}}, 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
// CHECK:   %[[I0:.*]] = tensor.extract_slice %[[H0]][%{{.*}}, 0] [1, %{{.*}}] [1, 1] : tensor<1x?xf64> to tensor<?xf64>
// CHECK:   %[[S0:.*]] = tessera.add %[[X0]], %[[I0]]
// CHECK:   %[[T0:.*]] = tessera.tanh %[[S0]]
// CHECK:   tessera.check value {{.*}} a step gives output 0 of size {lhs} in dimension 0, where its initial value has {rhs}
// CHECK:   %[[BUF:.*]] = tensor.empty(%[[STEPS]], %{{.*}}) : tensor<?x?xf64>
// CHECK:   %[[FIRST:.*]] = tensor.insert_slice %[[T0]] into %[[BUF]]
// CHECK:   %[[LOOP:.*]]:3 = scf.for %[[I:.*]] = %{{.*}} to %[[STEPS]] step %{{.*}} iter_args(%[[HIST:.*]] = %[[FIRST]], %[[PREV:.*]] = %[[T0]], %[[LAST:.*]] = %[[S0]])
// CHECK:     %[[X:.*]] = tensor.extract_slice %[[XS]][%[[I]], 0]
// CHECK:     %[[S:.*]] = tessera.add %[[X]], %[[PREV]]
// CHECK:     %[[T:.*]] = tessera.tanh %[[S]]
// CHECK:     %[[NEXT:.*]] = tensor.insert_slice %[[T]] into %[[HIST]][%[[I]], 0]
// CHECK:     scf.yield %[[NEXT]], %[[T]], %[[S]]
// CHECK:   scf.yield %[[LOOP]]#0, %[[LOOP]]#2
// CHECK: } else {
// CHECK:   tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf64>
// CHECK:   tessera.check index %false, {{.*}} index -1 is out of bounds for axis 0 with size 0
func.func @scan(%n: tensor<i64>, %xs: tensor<?x?xf64>, %h0: tensor<1x?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %0:2 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?x?xf64>) initial(%h0 : tensor<1x?xf64>) {keep = ["all", "last"], taps = [array<i64: -1>]} -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%x: tensor<?xf64>, %h: tensor<?xf64>):
    %s = tessera.add %x, %h : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    %t = tessera.tanh %s : tensor<?xf64>
    tessera.yield %t, %s : tensor<?xf64>, tensor<?xf64>
  }
  return %0#0, %0#1 : tensor<?x?xf64>, tensor<?xf64>
}

// -----

// Fibonacci: tap -2 reads the buffer from step 2 on, the init before; until
// makes the loop an scf.while that also stops on the step's condition, and
// the result the rows of the steps run.
// CHECK-LABEL: func @taps_and_until(
// CHECK: scf.while (%[[I:.*]] = %{{.*}}, %[[HIST:.*]] = %{{.*}}, %[[PREV:.*]] = %{{.*}}, %[[STOP:.*]] = %{{.*}}) : (index, tensor<?xf64>, tensor<f64>, i1)
// CHECK:   %[[IN:.*]] = arith.cmpi slt, %[[I]]
// CHECK:   %[[GO:.*]] = arith.xori %[[STOP]], %true
// CHECK:   %[[BOTH:.*]] = arith.andi %[[IN]], %[[GO]]
// CHECK:   scf.condition(%[[BOTH]])
// CHECK: } do {
// CHECK:   %[[STORED:.*]] = arith.cmpi sge, %{{.*}}, %c2
// CHECK:   scf.if %[[STORED]] -> (tensor<f64>) {
// CHECK:     tensor.extract_slice %{{.*}} : tensor<?xf64> to tensor<f64>
// CHECK:   } else {
// CHECK:     tensor.extract_slice %{{.*}} : tensor<2xf64> to tensor<f64>
// CHECK:   tessera.add
// CHECK:   tessera.gt
// CHECK: tensor.extract_slice %{{.*}}[0] [%{{.*}}] [1] : tensor<?xf64> to tensor<?xf64>
func.func @taps_and_until(%n: tensor<i64>, %f0: tensor<2xf64>, %limit: tensor<f64>) -> tensor<?xf64> {
  %0 = tessera.scan steps(%n : tensor<i64>) initial(%f0 : tensor<2xf64>) {keep = ["all"], taps = [array<i64: -2, -1>], until} -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %s = tessera.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %stop = tessera.gt %s, %limit : (tensor<f64>, tensor<f64>) -> tensor<i1>
    tessera.yield %s, %stop : tensor<f64>, tensor<i1>
  }
  return %0 : tensor<?xf64>
}
