// RUN: tessera-opt %s --convert-tessera-to-linalg --canonicalize --split-input-file | FileCheck %s
// Basic indexing reads a positive-stride window (tensor.extract_slice); a
// negative step reads the same window backwards through a generic. Integers
// are checked at run time. Advanced indexing gathers with a generic that
// reads x at each index, after checking the indices' extremes; updates by an
// advanced index run a sequential loop, so repeated indices accumulate.

// CHECK-LABEL: func @window
func.func @window(%x: tensor<8x?xf32>) -> tensor<3x?xf32> {
  // CHECK-NOT: tessera.check
  // CHECK: %[[W:.*]] = tensor.extract_slice %{{.*}}[1, 0] [3, %{{.*}}] [2, 1] : tensor<8x?xf32> to tensor<3x?xf32>
  // CHECK-NEXT: return %[[W]]
  %0 = tessera.subtensor %x[1:7:2, :] : (tensor<8x?xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// CHECK-LABEL: func @backwards
func.func @backwards(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  // CHECK: tessera.check index %{{.*}}, %c1, %{{.*}}, "In tessera.subtensor (created at {{.*}}): index {lhs} is out of bounds for axis 1 with size {rhs}"
  // CHECK: %[[W:.*]] = tensor.extract_slice %{{.*}}[%{{.*}}, 1] [%[[N:.*]], 1] [1, 1] : tensor<?x?xf32> to tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK: %[[I:.*]] = linalg.index 0
  // CHECK: %[[LAST:.*]] = arith.subi %[[N]], %c1
  // CHECK: %[[J:.*]] = arith.subi %[[LAST]], %[[I]]
  // CHECK: tensor.extract %[[W]][%[[J]]]
  %0 = tessera.subtensor %x[::-1, 1] : (tensor<?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A dynamic step may be negative: the reversal is selected at run time, and
// a step of zero fails a check.
// CHECK-LABEL: func @dynamic_step
func.func @dynamic_step(%x: tensor<?xf32>, %s: tensor<i64>) -> tensor<?xf32> {
  // CHECK: tessera.check value %{{.*}}, "In tessera.subtensor (created at {{.*}}): the slice step of axis 0 is zero"
  // CHECK: tensor.extract_slice
  // CHECK: linalg.generic
  // CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
  %0 = tessera.subtensor %x[::%s] : (tensor<?xf32>, tensor<i64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// y broadcasts along its size-1 dimension and is added to the window.
// CHECK-LABEL: func @inc
func.func @inc(%x: tensor<?x?xf32>, %y: tensor<1x?xf32>) -> tensor<?x?xf32> {
  // CHECK: tessera.check value %{{.*}}, "In tessera.inc_subtensor (created at {{.*}}): the value has size {lhs} in dimension 1, the selection {rhs}"
  // CHECK: %[[Y:.*]] = linalg.generic
  // CHECK: tensor.extract %{{.*}}[%c0, %{{.*}}] : tensor<1x?xf32>
  // CHECK: %[[CUR:.*]] = tensor.extract_slice %[[X:.*]][%[[OFF:.*]], 0] [%[[R:.*]], %[[C:.*]]] [1, 1]
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[CUR]], %[[Y]]
  // CHECK: arith.addf
  // CHECK: tensor.insert_slice %[[SUM]] into %[[X]][%[[OFF]], 0] [%[[R]], %[[C]]] [1, 1]
  %0 = tessera.inc_subtensor %x[1:, :], %y : (tensor<?x?xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @set
func.func @set(%x: tensor<?x?xi32>, %y: tensor<?xi32>) -> tensor<?x?xi32> {
  // CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [1, %{{.*}}] [1, 1] : tensor<?xi32> into tensor<?x?xi32>
  %0 = tessera.set_subtensor %x[-1, :], %y : (tensor<?x?xi32>, tensor<?xi32>) -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// -----

// CHECK-LABEL: func @gather
func.func @gather(%x: tensor<?x?xf32>, %i: tensor<?xi32>) -> tensor<?x?xf32> {
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  // CHECK: tessera.check index %{{.*}}, "In tessera.advanced_subtensor (created at {{.*}}): index {lhs} is out of bounds for axis 1 with size {rhs}"
  // CHECK: tessera.check index %{{.*}}, "In tessera.advanced_subtensor (created at {{.*}}): index {lhs} is out of bounds for axis 1 with size {rhs}"
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<?xi32>)
  // CHECK: %[[ROW:.*]] = linalg.index 0
  // CHECK: %[[COLUMN:.*]] = arith.select
  // CHECK: tensor.extract %{{.*}}[%[[ROW]], %[[COLUMN]]] : tensor<?x?xf32>
  %0 = tessera.advanced_subtensor %x[%i] axis = 1 : (tensor<?x?xf32>, tensor<?xi32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @scatter_add
func.func @scatter_add(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %i: tensor<?xi64>) -> tensor<?x?xf32> {
  // CHECK: scf.for %[[K:.*]] = %c0 to %{{.*}} step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<?x?xf32>)
  // CHECK: tensor.extract %{{.*}}[%[[K]]] : tensor<?xi64>
  // CHECK: %[[ROW:.*]] = arith.select
  // CHECK: %[[YROW:.*]] = tensor.extract_slice %{{.*}}[%[[K]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<?xf32>
  // CHECK: %[[XROW:.*]] = tensor.extract_slice %[[ACC]][%[[ROW]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<?xf32>
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[XROW]], %[[YROW]]
  // CHECK: %[[NEW:.*]] = tensor.insert_slice %[[SUM]] into %[[ACC]][%[[ROW]], 0] [1, %{{.*}}] [1, 1]
  // CHECK: scf.yield %[[NEW]]
  %0 = tessera.advanced_inc_subtensor %x[%i], %y axis = 0 : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A mask's positions are counted, then written in row-major order.
// CHECK-LABEL: func @mask
func.func @mask(%x: tensor<?xf32>, %m: tensor<?xi1>) -> tensor<?xf32> {
  // CHECK: tessera.check index %{{.*}}, "In tessera.advanced_subtensor (created at {{.*}}): the boolean index has size {lhs} where axis 0 has size {rhs}"
  // CHECK: %[[COUNT:.*]] = scf.for {{.*}} -> (index)
  // CHECK: %[[EMPTY:.*]] = tensor.empty(%[[COUNT]]) : tensor<?xi64>
  // CHECK: %[[POSITIONS:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %c0, %{{.*}} = %[[EMPTY]])
  // CHECK: scf.if
  // CHECK: tensor.insert
  // CHECK: linalg.generic {{.*}} ins(%[[POSITIONS]]#1 : tensor<?xi64>)
  %0 = tessera.advanced_subtensor %x[%m] axis = 0 : (tensor<?xf32>, tensor<?xi1>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func @nonzero
func.func @nonzero(%m: tensor<?x?xi1>) -> (tensor<?xi64>, tensor<?xi64>) {
  // CHECK: %[[COUNT:.*]] = scf.for
  // CHECK: scf.for {{.*}} -> (index, tensor<?xi64>, tensor<?xi64>)
  // CHECK: scf.for {{.*}} -> (index, tensor<?xi64>, tensor<?xi64>)
  // CHECK: scf.if %{{.*}} -> (index, tensor<?xi64>, tensor<?xi64>)
  %0:2 = tessera.nonzero %m : tensor<?x?xi1> -> tensor<?xi64>, tensor<?xi64>
  return %0#0, %0#1 : tensor<?xi64>, tensor<?xi64>
}
