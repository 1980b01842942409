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
