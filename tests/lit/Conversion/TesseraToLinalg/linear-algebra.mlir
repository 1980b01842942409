// RUN: tessera-opt %s --convert-tessera-to-linalg --canonicalize --split-input-file | FileCheck %s
// Factorisations are loops over tensors. Each records whether it met a zero
// (or, for cholesky, a non-positive) pivot and checks the flag once, after
// its loops: a `linalg` check (numpy.linalg.LinAlgError).

// LU with partial pivoting: the pivot is the largest magnitude below the
// diagonal; then both substitutions.
// CHECK-LABEL: func @solve
func.func @solve(%a: tensor<?x?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  // CHECK: tessera.check value %{{.*}}, "In tessera.solve (created at {{.*}}): the matrix is not square ({lhs} rows, {rhs} columns)"
  // CHECK: %[[LU:.*]]:4 = scf.for
  // CHECK: math.absf
  // CHECK: arith.cmpf ogt
  // CHECK: arith.divf
  // CHECK: tessera.check linalg %{{.*}}, "In tessera.solve (created at {{.*}}): singular matrix"
  // CHECK: scf.for
  // CHECK: scf.for
  %0 = tessera.solve %a, %b general : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// A triangular system is checked for a zero diagonal, then substituted.
// CHECK-LABEL: func @solve_lower
func.func @solve_lower(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK: arith.cmpf oeq
  // CHECK: tessera.check linalg %{{.*}}, "In tessera.solve (created at {{.*}}): singular matrix"
  // CHECK-NOT: math.absf
  // CHECK: scf.for
  // CHECK: arith.divf
  %0 = tessera.solve %a, %b lower_triangular : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @cholesky
func.func @cholesky(%a: tensor<?x?xf64>) -> tensor<?x?xf64> {
  // CHECK: linalg.fill
  // CHECK: scf.for
  // CHECK: arith.cmpf ule
  // CHECK: math.sqrt
  // CHECK: tessera.check linalg %{{.*}}, "In tessera.cholesky (created at {{.*}}): the matrix is not positive definite"
  %0 = tessera.cholesky %a : tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// The determinant is the product of the pivots, signed by the swaps; it
// needs no check (a singular matrix has determinant 0).
// CHECK-LABEL: func @det
func.func @det(%a: tensor<?x?xf64>) -> tensor<f64> {
  // CHECK-NOT: tessera.check linalg
  // CHECK: arith.negf
  // CHECK: tensor.from_elements %{{.*}} : tensor<f64>
  %0 = tessera.det %a : tensor<?x?xf64> -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// The inverse solves against the identity.
// CHECK-LABEL: func @matrix_inverse
func.func @matrix_inverse(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK: linalg.generic
  // CHECK: arith.cmpi eq
  // CHECK: tessera.check linalg %{{.*}}, "In tessera.matrix_inverse (created at {{.*}}): singular matrix"
  %0 = tessera.matrix_inverse %a : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
