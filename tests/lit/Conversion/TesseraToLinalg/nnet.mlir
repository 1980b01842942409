// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// softmax becomes upstream's linalg.softmax, decomposed at once: the axis'
// maximum, exp(x - max), its sum, a division. log-softmax: the maximum, the
// sum of exp(x - max) in one reduction, then (x - max) - log(sum).

// CHECK-LABEL: func @softmax_rows
func.func @softmax_rows(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK-NOT: linalg.softmax
  // CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
  // CHECK: arith.maxnumf
  // CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[MAX]] : tensor<?x?xf32>, tensor<?xf32>)
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[EXP]]
  // CHECK: arith.addf
  // CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<?x?xf32>, tensor<?xf32>)
  // CHECK: arith.divf
  %0 = tessera.softmax %x axis = 1 : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Along the first axis of a matrix with static columns: the reductions run
// over d0.
// CHECK-LABEL: func @logsoftmax_columns
func.func @logsoftmax_columns(%x: tensor<?x5xf64>) -> tensor<?x5xf64> {
  // CHECK: %[[LOWEST:.*]] = arith.constant 0xFFF0000000000000 : f64
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f64) outs(%{{.*}} : tensor<5xf64>)
  // CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%{{.*}} : tensor<?x5xf64>) outs(%[[INIT]] : tensor<5xf64>)
  // CHECK: arith.maximumf
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%{{.*}}, %[[MAX]] : tensor<?x5xf64>, tensor<5xf64>)
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: arith.addf
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %[[MAX]], %[[SUM]] : tensor<?x5xf64>, tensor<5xf64>, tensor<5xf64>)
  // CHECK: arith.subf
  // CHECK: math.log
  // CHECK: arith.subf
  %0 = tessera.logsoftmax %x axis = 0 : tensor<?x5xf64>
  return %0 : tensor<?x5xf64>
}

// -----

// The softmax cross-entropy against labels: rows and labels checked to agree,
// the labels' range checked (IndexError), the two reductions along the last
// axis, then each row's loss from its labelled element.
// CHECK-LABEL: func @crossentropy_softmax_1hot
func.func @crossentropy_softmax_1hot(%x: tensor<?x?xf32>, %y: tensor<?xi32>) -> tensor<?xf32> {
  // CHECK: tessera.check {{.*}} labels
  // CHECK: arith.minsi
  // CHECK: arith.maxsi
  // CHECK: tessera.check index {{.*}} label {lhs} is out of range for {rhs} classes
  // CHECK: tessera.check index {{.*}} label {lhs} is out of range for {rhs} classes
  // CHECK: arith.maximumf
  // CHECK: math.exp
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%{{.*}} : tensor<?xi32>, tensor<?xf32>, tensor<?xf32>)
  // CHECK: %[[LABEL:.*]] = arith.index_cast %{{.*}} : i32 to index
  // CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[LABEL]]] : tensor<?x?xf32>
  // CHECK: math.log
  %0 = tessera.crossentropy_softmax_1hot %x, %y : (tensor<?x?xf32>, tensor<?xi32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Its gradient: g (softmax(x) - onehot(label)), the one-hot from the class
// loop's index.
// CHECK-LABEL: func @crossentropy_softmax_1hot_dx
func.func @crossentropy_softmax_1hot_dx(%g: tensor<?xf64>, %x: tensor<?x4xf64>, %y: tensor<?xi64>) -> tensor<?x4xf64> {
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]}
  // CHECK: %[[CLASS:.*]] = linalg.index 1 : index
  // CHECK: %[[IS:.*]] = arith.cmpi eq, %[[CLASS]]
  // CHECK: math.exp
  // CHECK: arith.divf
  // CHECK: arith.uitofp %[[IS]]
  // CHECK: arith.subf
  // CHECK: arith.mulf
  %0 = tessera.crossentropy_softmax_1hot_dx %g, %x, %y : (tensor<?xf64>, tensor<?x4xf64>, tensor<?xi64>) -> tensor<?x4xf64>
  return %0 : tensor<?x4xf64>
}

// -----

// The cross-entropy of probabilities against labels: -log(p[label]) per row
// after the same checks; its gradient -g / p[label] at the label, else 0.
// CHECK-LABEL: func @crossentropy_categorical_1hot
func.func @crossentropy_categorical_1hot(%p: tensor<?x?xf32>, %y: tensor<?xi64>, %g: tensor<?xf32>) -> (tensor<?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.check index {{.*}} label {lhs} is out of range for {rhs} classes
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%{{.*}} : tensor<?xi64>)
  // CHECK: %[[LABEL:.*]] = arith.index_cast %{{.*}} : i64 to index
  // CHECK: %[[P:.*]] = tensor.extract %{{.*}}[%{{.*}}, %[[LABEL]]] : tensor<?x?xf32>
  // CHECK: %[[LOG:.*]] = math.log %[[P]] : f32
  // CHECK: arith.negf %[[LOG]] : f32
  %0 = tessera.crossentropy_categorical_1hot %p, %y : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?xf32>
  // CHECK: tessera.check index
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]}
  // CHECK: %[[CLASS:.*]] = linalg.index 1 : index
  // CHECK: %[[IS:.*]] = arith.cmpi eq, %[[CLASS]]
  // CHECK: arith.divf
  // CHECK: arith.negf
  // CHECK: arith.select %[[IS]]
  %1 = tessera.crossentropy_categorical_1hot_grad %0, %p, %y : (tensor<?xf32>, tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?x?xf32>
}
