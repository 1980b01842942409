// RUN: tessera-opt %s --convert-tessera-to-linalg --canonicalize | FileCheck %s
// argsort sorts each line along its axis with a bottom-up merge sort of
// positions: passes of doubling width (scf.while) over pairs of runs
// (scf.for), each merge an scf.for that takes the right run's element only
// when it sorts strictly before the left one (stable), NaN after numbers.

// CHECK-LABEL: func @argsort
func.func @argsort(%x: tensor<?x?xf32>) -> tensor<?x?xi64> {
  // One line per row: the loop over the sorted axis runs once.
  // CHECK: scf.for %[[ROW:.*]] = %c0 to %{{.*}} step %c1 iter_args
  // CHECK: %[[IDENTITY:.*]] = linalg.generic
  // CHECK: linalg.index 0
  // CHECK: scf.while (%{{.*}} = %[[IDENTITY]], %{{.*}} = %{{.*}}, %{{.*}} = %c1)
  // CHECK: arith.cmpi slt
  // CHECK: scf.condition
  // CHECK: scf.for
  // CHECK: scf.for
  // CHECK: arith.cmpf olt
  // CHECK: arith.cmpf ord
  // CHECK: arith.cmpf uno
  // CHECK: tensor.insert
  // CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[ROW]], 0] [1, %{{.*}}] [1, 1] : tensor<?xi64> into tensor<?x?xi64>
  %0 = tessera.argsort %x axis = 1 : tensor<?x?xf32> -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}
