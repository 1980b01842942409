// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// Sizes known only at run time get a tessera.check naming the op and its
// source line; sizes the types already fix get none.

// CHECK-LABEL: func @dynamic
func.func @dynamic(%a: tensor<?x4xf32>, %b: tensor<?x1xf32>, %c: tensor<5x4xf32>) -> tensor<5x4xf32> {
  // CHECK: %[[A0:.*]] = tensor.dim %arg0, %c0
  // CHECK: %[[B0:.*]] = tensor.dim %arg1, %c0
  // CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[A0]], %[[B0]]
  // CHECK: tessera.check %[[SAME]], %[[A0]], %[[B0]], "Input dimension mismatch in tessera.add (created at model.py:7): input[0].shape[0] = {lhs}, input[1].shape[0] = {rhs}"
  // CHECK: tessera.check {{.*}}"Input dimension mismatch in tessera.add (created at model.py:7): input[0].shape[0] = {lhs}, input[2].shape[0] = {rhs}"
  // CHECK-NOT: tessera.check
  // CHECK: linalg.generic
  %0 = tessera.add %a, %b, %c : (tensor<?x4xf32>, tensor<?x1xf32>, tensor<5x4xf32>) -> tensor<5x4xf32> loc("model.py":7:3)
  return %0 : tensor<5x4xf32>
}

// -----

// CHECK-LABEL: func @static
func.func @static(%a: tensor<3x4xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  // CHECK-NOT: tessera.check
  %0 = tessera.mul %a, %b : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @dot
func.func @dot(%a: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: tessera.check {{.*}} "Shape mismatch in tessera.dot ({{.*}}): x.shape[1] = {lhs} does not match y.shape[0] = {rhs}"
  %0 = tessera.dot %a, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
