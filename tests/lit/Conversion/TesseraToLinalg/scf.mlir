// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// Bool tensors are i8 tensors everywhere, also where scf loops and
// conditionals carry them (upstream's structural type conversions).

// CHECK-LABEL: func @bool_in_for(
// CHECK-SAME: %{{.*}}: tensor<?xf32>, %[[N:.*]]: index) -> tensor<?xi8>
func.func @bool_in_for(%a: tensor<?xf32>, %n: index) -> tensor<?xi1> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %init = tessera.lt %a, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  // CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<?xi8>)
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> (tensor<?xi1>) {
    // CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<?xi8>)
    // CHECK: arith.trunci %{{.*}} : i8 to i1
    %f = tessera.cast %acc : tensor<?xi1> to tensor<?xf32>
    %next = tessera.lt %f, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
    // CHECK: scf.yield %{{.*}} : tensor<?xi8>
    scf.yield %next : tensor<?xi1>
  }
  return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func @bool_in_if
func.func @bool_in_if(%a: tensor<?xf32>, %c: i1) -> tensor<?xi1> {
  // CHECK: scf.if %{{.*}} -> (tensor<?xi8>)
  %r = scf.if %c -> (tensor<?xi1>) {
    %t = tessera.lt %a, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
    scf.yield %t : tensor<?xi1>
  } else {
    %f = tessera.gt %a, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
    scf.yield %f : tensor<?xi1>
  }
  return %r : tensor<?xi1>
}
