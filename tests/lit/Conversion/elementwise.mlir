// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// Elementwise ops become linalg.generic; an operand dimension that broadcasts
// (a static 1 where the result is not 1) is read at index 0.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func @add_broadcast(
// CHECK-SAME: %[[A:.*]]: tensor<?x?xf32>, %[[R:.*]]: tensor<1x?xf32>, %[[C:.*]]: tensor<?x1xf32>
func.func @add_broadcast(%a: tensor<?x?xf32>, %r: tensor<1x?xf32>, %c: tensor<?x1xf32>) -> tensor<?x?xf32> {
  // CHECK-DAG: %[[D0:.*]] = tensor.dim %[[A]], %c0
  // CHECK-DAG: %[[D1:.*]] = tensor.dim %[[A]], %c1
  // CHECK: %[[INIT:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME: ins(%[[A]], %[[R]], %[[C]] : tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[Z:.*]]: f32, %{{.*}}: f32):
  // CHECK:   %[[XY:.*]] = arith.addf %[[X]], %[[Y]] : f32
  // CHECK:   %[[XYZ:.*]] = arith.addf %[[XY]], %[[Z]] : f32
  // CHECK:   linalg.yield %[[XYZ]] : f32
  %0 = tessera.add %a, %r, %c : (tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Integer ops use arith's integer forms. A dynamic result size is read off an
// operand in which that dimension does not broadcast.
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1, d2) -> (0, 0, 0)>
// CHECK-DAG: #[[MID:.*]] = affine_map<(d0, d1, d2) -> (0, d1, 0)>
// CHECK-LABEL: func @int_ops(
// CHECK-SAME: %[[A:.*]]: tensor<2x?x4xi64>, %[[S:.*]]: tensor<1x1x1xi64>, %[[M:.*]]: tensor<1x?x1xi64>
func.func @int_ops(%a: tensor<2x?x4xi64>, %s: tensor<1x1x1xi64>, %m: tensor<1x?x1xi64>) -> tensor<2x?x4xi64> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[SCALAR]], #[[ID3]]]
  // CHECK: arith.muli
  %0 = tessera.mul %a, %s : (tensor<2x?x4xi64>, tensor<1x1x1xi64>) -> tensor<2x?x4xi64>
  // CHECK: %[[D1:.*]] = tensor.dim %[[M]], %{{.*}} : tensor<1x?x1xi64>
  // CHECK: tensor.empty(%[[D1]]) : tensor<2x?x4xi64>
  // CHECK: linalg.generic {indexing_maps = [#[[MID]], #[[ID3]], #[[ID3]]]
  // CHECK: arith.subi
  %1 = tessera.sub %m, %0 : (tensor<1x?x1xi64>, tensor<2x?x4xi64>) -> tensor<2x?x4xi64>
  return %1 : tensor<2x?x4xi64>
}

// -----

// CHECK: #[[NOLOOP:.*]] = affine_map<() -> ()>
// CHECK-LABEL: func @exp_rank0
func.func @exp_rank0(%a: tensor<f64>) -> tensor<f64> {
  // CHECK: linalg.generic {indexing_maps = [#[[NOLOOP]], #[[NOLOOP]]], iterator_types = []}
  // CHECK: math.exp %{{.*}} : f64
  %0 = tessera.exp %a : tensor<f64>
  return %0 : tensor<f64>
}
