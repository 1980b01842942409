// RUN: tessera-opt %s --tessera-accumulate-into-contractions --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-accumulate-into-contractions --one-shot-bufferize --split-input-file | FileCheck %s --check-prefix=INPLACE
// x + a.b, where the product starts from zero and has no other use, becomes
// the product accumulated into x (Theano's gemm).

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @accumulate
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x?xf64>, %[[A:[a-z0-9]+]]: tensor<?x?xf64>, %[[B:[a-z0-9]+]]: tensor<?x?xf64>
// CHECK-NOT: linalg.generic
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[X]] : tensor<?x?xf64>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[P]]
func.func @accumulate(%x: tensor<?x?xf64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %zero = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf64>
  %n = tensor.dim %b, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%m, %n) : tensor<?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  %p = linalg.matmul ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%z : tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %x : tensor<?x?xf64>, tensor<?x?xf64>) outs(%e : tensor<?x?xf64>) {
  ^bb0(%l: f64, %r: f64, %o: f64):
    %y = arith.addf %r, %l : f64
    linalg.yield %y : f64
  } -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// -----

// The sum of two products: the second accumulates into the first.
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @two_products
// CHECK: %[[FIRST:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<4x16xf32>)
// CHECK: %[[SECOND:.*]] = linalg.matmul ins(%arg2, %arg3 : tensor<4x32xf32>, tensor<32x16xf32>) outs(%[[FIRST]] : tensor<4x16xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[SECOND]]
func.func @two_products(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x32xf32>, %d: tensor<32x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %q = linalg.matmul ins(%c, %d : tensor<4x32xf32>, tensor<32x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %q : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  return %s : tensor<4x16xf32>
}

// -----

// A matrix-vector product accumulates too.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @matvec
// CHECK: %[[P:.*]] = linalg.matvec ins(%arg1, %arg2 : tensor<4x8xf32>, tensor<8xf32>) outs(%arg0 : tensor<4xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[P]]
func.func @matvec(%x: tensor<4xf32>, %a: tensor<4x8xf32>, %v: tensor<8xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %p = linalg.matvec ins(%a, %v : tensor<4x8xf32>, tensor<8xf32>) outs(%z : tensor<4xf32>) -> tensor<4xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %p : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

// Not rewritten: the sum broadcasts x (a bias), the product is used again,
// the product does not start from zero, x is defined after the product, the
// loop subtracts.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-5: linalg.generic
func.func @left_alone(%bias: tensor<16xf32>, %a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %x: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %ones = linalg.fill ins(%one : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %p1 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %biased = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%p1, %bias : tensor<4x16xf32>, tensor<16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  %p2 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %reused = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p2, %x : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  %p3 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%ones : tensor<4x16xf32>) -> tensor<4x16xf32>
  %from_ones = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p3, %x : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  %p4 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %later = tensor.empty() : tensor<4x16xf32>
  %late = linalg.fill ins(%one : f32) outs(%later : tensor<4x16xf32>) -> tensor<4x16xf32>
  %after = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p4, %late : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.addf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  %p5 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %difference = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %p5 : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %y = arith.subf %l, %r : f32
    linalg.yield %y : f32
  } -> tensor<4x16xf32>
  return %biased, %reused, %p2, %from_ones, %after, %difference : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}

// -----

// An accumulator carried by a loop (a weight's gradient summed over a scan's
// steps) is updated in place once bufferized: no buffer per step.
// CHECK-LABEL: func.func @carried
// CHECK: scf.for
// CHECK: linalg.matmul
// CHECK-NOT: linalg.generic
// INPLACE-LABEL: func.func @carried
// INPLACE: scf.for
// INPLACE-NOT: memref.alloc
// INPLACE: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<{{.*}}>, memref<{{.*}}>) outs(%[[ACC:.*]] : memref<
// INPLACE-NOT: memref.alloc
// INPLACE: scf.yield %[[ACC]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @carried(%a: tensor<10x4x8xf64>, %b: tensor<8x16xf64>, %init: tensor<4x16xf64>) -> tensor<4x16xf64> {
  %zero = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %e = tensor.empty() : tensor<4x16xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<4x16xf64>) -> tensor<4x16xf64>
  %sum = scf.for %i = %c0 to %c10 step %c1 iter_args(%acc = %z) -> tensor<4x16xf64> {
    %ai = tensor.extract_slice %a[%i, 0, 0] [1, 4, 8] [1, 1, 1] : tensor<10x4x8xf64> to tensor<4x8xf64>
    %p = linalg.matmul ins(%ai, %b : tensor<4x8xf64>, tensor<8x16xf64>) outs(%z : tensor<4x16xf64>) -> tensor<4x16xf64>
    %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%acc, %p : tensor<4x16xf64>, tensor<4x16xf64>) outs(%e : tensor<4x16xf64>) {
    ^bb0(%l: f64, %r: f64, %o: f64):
      %y = arith.addf %l, %r : f64
      linalg.yield %y : f64
    } -> tensor<4x16xf64>
    scf.yield %s : tensor<4x16xf64>
  }
  return %sum : tensor<4x16xf64>
}
