// RUN: tessera-opt %s | tessera-opt | FileCheck %s
// Round trip of every op through the printer and parser, with the result
// types that inference gives (ranks 0-3, static and dynamic sizes).

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>, %c: tensor<?x1xf32>,
                       %s: tensor<f64>, %t: tensor<2x?x1xi32>, %u: tensor<1x?x5xi32>)
    -> (tensor<?x4xf32>, tensor<f64>, tensor<2x?x5xi32>) {
  // CHECK: tessera.add %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
  %0 = tessera.add %a, %b, %c : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
  // CHECK: tessera.exp %{{.*}} : tensor<?x4xf32>
  %1 = tessera.exp %0 : tensor<?x4xf32>
  // CHECK: tessera.mul %{{.*}} : (tensor<f64>) -> tensor<f64>
  %2 = tessera.mul %s : (tensor<f64>) -> tensor<f64>
  // CHECK: tessera.sub %{{.*}}, %{{.*}} : (tensor<2x?x1xi32>, tensor<1x?x5xi32>) -> tensor<2x?x5xi32>
  %3 = tessera.sub %t, %u : (tensor<2x?x1xi32>, tensor<1x?x5xi32>) -> tensor<2x?x5xi32>
  return %1, %2, %3 : tensor<?x4xf32>, tensor<f64>, tensor<2x?x5xi32>
}

// CHECK-LABEL: func @dots
func.func @dots(%v: tensor<?xf32>, %m: tensor<?x3xf32>, %n: tensor<3x?xf32>)
    -> (tensor<f32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.dot {{.*}} -> tensor<f32>
  %0 = tessera.dot %v, %v : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
  // CHECK: tessera.dot {{.*}} -> tensor<?xf32>
  %1 = tessera.dot %m, %v : (tensor<?x3xf32>, tensor<?xf32>) -> tensor<?xf32>
  // CHECK: tessera.dot {{.*}} -> tensor<?xf32>
  %2 = tessera.dot %v, %n : (tensor<?xf32>, tensor<3x?xf32>) -> tensor<?xf32>
  // CHECK: tessera.dot {{.*}} -> tensor<?x?xf32>
  %3 = tessera.dot %m, %n : (tensor<?x3xf32>, tensor<3x?xf32>) -> tensor<?x?xf32>
  return %0, %1, %2, %3 : tensor<f32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>
}
