// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// One pattern per family: reductions take their identity and combiner from
// upstream arith for their AtomicRMWKind; arg-reductions become a
// linalg.generic with two outputs. An empty axis is checked where NumPy raises.

// CHECK-LABEL: func @sum_keepdims
func.func @sum_keepdims(%x: tensor<?x?x?xf32>) -> tensor<?x1x1xf32> {
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%cst : f32)
  // CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?xf32>) dimensions = [1, 2]
  // CHECK: arith.addf
  // CHECK: tensor.expand_shape %[[R]] {{\[}}[0, 1, 2]] {{.*}} : tensor<?xf32> into tensor<?x1x1xf32>
  %0 = tessera.sum %x axes = [1, 2] keepdims : tensor<?x?x?xf32> -> tensor<?x1x1xf32>
  return %0 : tensor<?x1x1xf32>
}

// -----

// CHECK-LABEL: func @max_all
func.func @max_all(%x: tensor<?x?xi16>) -> tensor<i16> {
  // CHECK: %[[LOWEST:.*]] = arith.constant -32768 : i16
  // CHECK: linalg.fill ins(%[[LOWEST]] : i16)
  // CHECK: linalg.reduce
  // CHECK: arith.maxsi
  %0 = tessera.max %x axes = [0, 1] : tensor<?x?xi16> -> tensor<i16>
  return %0 : tensor<i16>
}

// -----

// Products of floats start from 1; no emptiness check (the identity is the
// result of an empty product).
// CHECK-LABEL: func @prod
func.func @prod(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  // CHECK-NOT: tessera.check
  // CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
  // CHECK: linalg.fill ins(%[[ONE]] : f64)
  // CHECK: linalg.reduce
  // CHECK: arith.mulf
  %0 = tessera.prod %x axes = [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// A minimum has no identity: an empty axis fails a run-time check.
// CHECK-LABEL: func @min
func.func @min(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  // CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %c0
  // CHECK: %[[COUNT:.*]] = arith.muli %c1, %[[N]]
  // CHECK: %[[NONEMPTY:.*]] = arith.cmpi ne, %[[COUNT]], %{{.*}}
  // CHECK: tessera.check value %[[NONEMPTY]], {{.*}} "In tessera.min ({{.*}}): the reduced axes are empty, and the reduction has no identity (NumPy raises here too)"
  // CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
  // CHECK: linalg.fill ins(%[[INF]] : f32)
  // CHECK: arith.minimumf
  %0 = tessera.min %x axes = [0] : tensor<?x?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Bools are i8 tensors: all starts from 1 (not from all ones) and any from 0.
// CHECK-LABEL: func @all_any
func.func @all_any(%b: tensor<?xi1>) -> (tensor<i1>, tensor<i1>) {
  // CHECK: %[[TRUE:.*]] = arith.extui %true : i1 to i8
  // CHECK: linalg.fill ins(%[[TRUE]] : i8)
  // CHECK: arith.andi
  %0 = tessera.all %b axes = [0] : tensor<?xi1> -> tensor<i1>
  // CHECK: %[[FALSE:.*]] = arith.extui %false : i1 to i8
  // CHECK: linalg.fill ins(%[[FALSE]] : i8)
  // CHECK: arith.ori
  %1 = tessera.any %b axes = [0] : tensor<?xi1> -> tensor<i1>
  return %0, %1 : tensor<i1>, tensor<i1>
}

// -----

// The position is row-major within the reduced axes; a candidate replaces the
// running maximum when it is greater (so the first occurrence wins) or is the
// first NaN.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func @argmax
func.func @argmax(%x: tensor<?x?x?xf32>) -> (tensor<?xf32>, tensor<?xi64>) {
  // CHECK: tessera.check value {{.*}} "In tessera.argmax
  // CHECK: %[[D2:.*]] = tensor.dim %{{.*}}, %c2
  // CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]], #[[OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[AT:.*]]: i64):
  // CHECK:   %[[I0:.*]] = linalg.index 0
  // CHECK:   %[[I2:.*]] = linalg.index 2
  // CHECK:   %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[BEST]]
  // CHECK:   %[[XNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]]
  // CHECK:   %[[BESTNUM:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]]
  // CHECK:   %[[FIRSTNAN:.*]] = arith.andi %[[XNAN]], %[[BESTNUM]]
  // CHECK:   %[[TAKE:.*]] = arith.ori %[[GT]], %[[FIRSTNAN]]
  // CHECK:   arith.select %[[TAKE]], %[[X]], %[[BEST]]
  %values, %indices = tessera.argmax %x axes = [0, 2] : tensor<?x?x?xf32> -> tensor<?xf32>, tensor<?xi64>
  return %values, %indices : tensor<?xf32>, tensor<?xi64>
}

// -----

// CHECK-LABEL: func @argmin_keepdims
func.func @argmin_keepdims(%x: tensor<?x?xi32>) -> tensor<?x1xi64> {
  // CHECK: arith.cmpi slt
  // CHECK: tensor.expand_shape {{.*}} : tensor<?xi64> into tensor<?x1xi64>
  %values, %indices = tessera.argmin %x axes = [1] keepdims : tensor<?x?xi32> -> tensor<?x1xi32>, tensor<?x1xi64>
  return %indices : tensor<?x1xi64>
}

// -----

// Complex sums start from a complex zero and add with complex.add.
// CHECK-LABEL: func @complex_sum
// CHECK: %[[ZERO:.*]] = complex.constant [0.000000e+00 : f32, 0.000000e+00 : f32] : complex<f32>
// CHECK: linalg.fill ins(%[[ZERO]] : complex<f32>)
// CHECK: linalg.reduce
// CHECK: complex.add
func.func @complex_sum(%z: tensor<?xcomplex<f32>>) -> tensor<complex<f32>> {
  %0 = tessera.sum %z axes = [0] : tensor<?xcomplex<f32>> -> tensor<complex<f32>>
  return %0 : tensor<complex<f32>>
}

// -----

// A cumulative sum runs along its axis from the second slice on, adding the
// slice before to each.
// CHECK-LABEL: func @cumsum
func.func @cumsum(%x: tensor<?x3xi32>) -> tensor<?x3xi32> {
  // CHECK: scf.for %[[I:.*]] = %c1 to %{{.*}} step %c1 iter_args(%[[ACC:.*]] = %arg0) -> (tensor<?x3xi32>)
  // CHECK: %[[BEFORE:.*]] = tensor.extract_slice %[[ACC]][%{{.*}}, 0] [1, 3] [1, 1]
  // CHECK: %[[CURRENT:.*]] = tensor.extract_slice %[[ACC]][%[[I]], 0] [1, 3] [1, 1]
  // CHECK: linalg.generic {{.*}} ins(%[[BEFORE]], %[[CURRENT]] {{.*}} outs(%[[CURRENT]]
  // CHECK: arith.addi
  // CHECK: tensor.insert_slice %{{.*}} into %[[ACC]][%[[I]], 0] [1, 3] [1, 1]
  %0 = tessera.cumsum %x axis = 0 : tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}
