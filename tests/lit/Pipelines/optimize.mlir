// RUN: tessera-opt %s --tessera-optimize-pipeline | FileCheck %s
// RUN: tessera-opt %s --tessera-optimize-pipeline="optimizer=fast_compile" | FileCheck %s --check-prefix=FAST-COMPILE
// RUN: tessera-opt %s --tessera-optimize-pipeline="optimizer=none" | FileCheck %s --check-prefix=NONE
// The optimization phase alone: target-independent rewrites on tessera ops
// (simplification, CSE). FAST_COMPILE and optimizer=None leave the ops as
// they are.

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
