// RUN: tessera-opt %s --tessera-nan-guard | FileCheck %s
// RUN: tessera-opt %s --tessera-nan-guard="check-inf=false check-big=false" | FileCheck %s --check-prefix=NAN
// NanGuardMode's checks: each float input at entry, each float result after
// the op that computes it; integers are not checked.

// CHECK-LABEL: func @guarded(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[I:.*]]: tensor<?xi64>
func.func @guarded(%x: tensor<?xf64>, %i: tensor<?xi64>) -> (tensor<?xf64>, tensor<?xi64>) {
  // CHECK: %[[ISNAN:.*]] = tessera.isnan %[[X]]
  // CHECK: %[[ANY:.*]] = tessera.any %[[ISNAN]] axes = [0]
  // CHECK: tessera.check nan_guard %{{.*}}, %{{.*}}, %{{.*}}, "NaN detected in input 0 of the function"
  // CHECK: tessera.isinf %[[X]]
  // CHECK: tessera.check nan_guard %{{.*}}, %{{.*}}, %{{.*}}, "Inf detected in input 0 of the function"
  // CHECK: tessera.abs %[[X]]
  // CHECK: tessera.check nan_guard %{{.*}}, %{{.*}}, %{{.*}}, "Big value (|x| > 1e10) detected in input 0 of the function"
  // CHECK-NOT: tessera.isnan %[[I]]
  // CHECK: %[[L:.*]] = tessera.log %[[X]]
  // CHECK: tessera.isnan %[[L]]
  // CHECK: tessera.check nan_guard %{{.*}}, "NaN detected in the output of tessera.log (created at {{.*}}nan-guard.mlir:{{[0-9]+}}), computed from input 0 of the function"
  %0 = tessera.log %x : tensor<?xf64>
  // CHECK: tessera.neg %[[I]]
  // CHECK-NOT: tessera.check
  // CHECK: return
  %1 = tessera.neg %i : tensor<?xi64>
  return %0, %1 : tensor<?xf64>, tensor<?xi64>
}

// NAN-LABEL: func @guarded(
// NAN-NOT: tessera.isinf
// NAN-NOT: tessera.abs
// NAN: return
