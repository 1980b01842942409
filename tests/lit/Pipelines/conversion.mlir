// RUN: tessera-opt %s --tessera-conversion-pipeline | FileCheck %s
// The conversion phase alone: tessera ops to linalg on tensors, with the size
// check hoisted to the top: a branch that reports its failure, then the
// computation.

// CHECK: module attributes {tessera.checks = {{\[}}[0 : i32, "Input dimension mismatch in tessera.add
// CHECK-LABEL: func @converted(
// CHECK-NOT: tessera.
// CHECK: %[[FAILS:.*]] = arith.cmpi ne
// CHECK: scf.if %[[FAILS]] {
// CHECK:   func.call @tessera_check_failed
// CHECK: }
// CHECK: linalg.generic
// CHECK: linalg.generic
func.func @converted(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tessera.add %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %1 = tessera.exp %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}
