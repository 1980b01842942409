// RUN: tessera-opt %s --tessera-scan-keep-last --split-input-file | FileCheck %s
// Scan results read only at [-1] keep only their last value.

// CHECK-LABEL: func @last_only(
// CHECK: %[[R:.*]]:2 = tessera.scan {{.*}} {keep = ["last", "last"], taps = [array<i64: -1>]} -> tensor<?xf64>, tensor<f64>
// CHECK-NOT: tessera.subtensor
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @last_only(%n: tensor<i64>, %h0: tensor<1x?xf64>) -> (tensor<?xf64>, tensor<f64>) {
  %0:2 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1x?xf64>) {keep = ["all", "all"], taps = [array<i64: -1>]} -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%h: tensor<?xf64>):
    %t = tessera.tanh %h : tensor<?xf64>
    %s = tessera.sum %t axes = [0] : tensor<?xf64> -> tensor<f64>
    tessera.yield %t, %s : tensor<?xf64>, tensor<f64>
  }
  %1 = tessera.subtensor %0#0[-1, :] : (tensor<?x?xf64>) -> tensor<?xf64>
  %2 = tessera.subtensor %0#1[-1] : (tensor<?xf64>) -> tensor<f64>
  return %1, %2 : tensor<?xf64>, tensor<f64>
}

// -----

// Not when another use needs the history, when a state reads older taps,
// nor for a read of another row.
// CHECK-LABEL: func @history_needed(
// CHECK: keep = ["all", "all"]
// CHECK: tessera.subtensor %{{.*}}[-1]
// CHECK: tessera.subtensor %{{.*}}[-1]
// CHECK: tessera.subtensor %{{.*}}[-2]
func.func @history_needed(%n: tensor<i64>, %h0: tensor<2xf64>) -> (tensor<f64>, tensor<?xf64>, tensor<f64>, tensor<f64>) {
  %0:2 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<2xf64>) {keep = ["all", "all"], taps = [array<i64: -2, -1>]} -> tensor<?xf64>, tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %s = tessera.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
    tessera.yield %s, %s : tensor<f64>, tensor<f64>
  }
  %1 = tessera.subtensor %0#0[-1] : (tensor<?xf64>) -> tensor<f64>
  %2 = tessera.subtensor %0#1[-1] : (tensor<?xf64>) -> tensor<f64>
  %3 = tessera.subtensor %0#1[-2] : (tensor<?xf64>) -> tensor<f64>
  return %1, %0#1, %2, %3 : tensor<f64>, tensor<?xf64>, tensor<f64>, tensor<f64>
}
