// RUN: tessera-opt %s --tessera-contractions-to-blas --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-contractions-to-blas=min-flops=1 --split-input-file | FileCheck %s --check-prefix=ANY

// A large static product calls BLAS: operands cast to dynamic strides, and
// the zero fill gone (accumulate = 0: BLAS overwrites the result).
// CHECK-LABEL: func.func @large(
// CHECK-SAME: %[[A:.*]]: memref<64x32xf32>, %[[B:.*]]: memref<32x16xf32>
// CHECK-NOT: linalg.fill
// CHECK-DAG: %[[C:.*]] = memref.alloc() : memref<64x16xf32>
// CHECK-DAG: %[[A2:.*]] = memref.cast %[[A]] : memref<64x32xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG: %[[B2:.*]] = memref.cast %[[B]] : memref<32x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG: %[[C2:.*]] = memref.cast %[[C]]
// CHECK-DAG: %[[OVERWRITE:.*]] = arith.constant 0 : i64
// CHECK: call @tessera_blas_matmul_f32(%[[A2]], %[[B2]], %[[C2]], %[[OVERWRITE]])
// CHECK-NOT: linalg.matmul
// CHECK: return %[[C]]
// CHECK: func.func private @tessera_blas_matmul_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i64) attributes {llvm.emit_c_interface}
func.func @large(%a: memref<64x32xf32>, %b: memref<32x16xf32>) -> memref<64x16xf32> {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x16xf32>)
  linalg.matmul ins(%a, %b : memref<64x32xf32>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return %c : memref<64x16xf32>
}

// -----

// A small product (4 * 4 * 4 = 64 multiply-adds, under min-flops) stays
// generated code.
// CHECK-LABEL: func.func @small(
// CHECK: linalg.fill
// CHECK: linalg.matmul
// CHECK-NOT: call
// ANY-LABEL: func.func @small(
// ANY: call @tessera_blas_matmul_f64
func.func @small(%a: memref<4x4xf64>, %b: memref<4x4xf64>, %c: memref<4x4xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%c : memref<4x4xf64>)
  linalg.matmul ins(%a, %b : memref<4x4xf64>, memref<4x4xf64>) outs(%c : memref<4x4xf64>)
  return
}

// -----

// Dynamic sizes: the choice is made at run time on m * n * k; the product
// stays in the else branch as scalar loops (it is small there). A result
// that is not a fresh buffer filled just before is accumulated into
// (accumulate = 1).
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME: %[[A:.*]]: memref<?x?xf64>, %[[B:.*]]: memref<?x?xf64>, %[[C:.*]]: memref<?x?xf64>
// CHECK: arith.muli
// CHECK: %[[WORK:.*]] = arith.muli
// CHECK: %[[LARGE:.*]] = arith.cmpi sge, %[[WORK]], %{{.*}} : index
// CHECK: scf.if %[[LARGE]] {
// CHECK:   %[[ACCUMULATE:.*]] = arith.constant 1 : i64
// CHECK:   call @tessera_blas_matmul_f64({{.*}}, %[[ACCUMULATE]])
// CHECK: } else {
// CHECK-NOT: linalg.matmul
// CHECK:   scf.for
// CHECK:     scf.for
// CHECK:       scf.for
// CHECK:         arith.mulf
// CHECK:         arith.addf
// CHECK:         memref.store
// CHECK: }
func.func @dynamic(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>) {
  linalg.matmul ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  return
}

// -----

// Dynamic sizes with a fresh, zero-filled result: the fill moves into the
// else branch.
// CHECK-LABEL: func.func @dynamic_filled(
// CHECK: %[[C:.*]] = memref.alloc
// CHECK-NOT: linalg.fill
// CHECK: scf.if
// CHECK:   %[[OVERWRITE:.*]] = arith.constant 0 : i64
// CHECK:   call @tessera_blas_matmul_f32({{.*}}, %[[OVERWRITE]])
// CHECK: } else {
// CHECK:   linalg.fill {{.*}} outs(%[[C]]
// CHECK:   scf.for
func.func @dynamic_filled(%a: memref<?x?xf32>, %b: memref<?x?xf32>) -> memref<?x?xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %a, %c0 : memref<?x?xf32>
  %n = memref.dim %b, %c1 : memref<?x?xf32>
  %c = memref.alloc(%m, %n) : memref<?x?xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return %c : memref<?x?xf32>
}

// -----

// A transposing copy of an operand becomes a transposed view of its source,
// which BLAS reads as transposed; the copy and its buffer go.
// CHECK-LABEL: func.func @transposed(
// CHECK-SAME: %[[X:.*]]: memref<32x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: %[[VIEW:.*]] = memref.transpose %[[X]] (d0, d1) -> (d1, d0)
// CHECK: %[[CAST:.*]] = memref.cast %[[VIEW]]
// CHECK: call @tessera_blas_matmul_f32(%[[CAST]],
#swap = affine_map<(d0, d1) -> (d1, d0)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @transposed(%x: memref<32x64xf32>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %t = memref.alloc() : memref<64x32xf32>
  linalg.generic {indexing_maps = [#swap, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x64xf32>) outs(%t : memref<64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.matmul ins(%t, %b : memref<64x32xf32>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return
}

// -----

// The source is written between the copy and the product: the product must
// read the copy, which stays.
// CHECK-LABEL: func.func @source_overwritten(
// CHECK: linalg.generic
// CHECK: linalg.fill
// CHECK-NOT: memref.transpose
// CHECK: call @tessera_blas_matmul_f32
#swap = affine_map<(d0, d1) -> (d1, d0)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @source_overwritten(%x: memref<32x64xf32>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %one = arith.constant 1.0 : f32
  %t = memref.alloc() : memref<64x32xf32>
  linalg.generic {indexing_maps = [#swap, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x64xf32>) outs(%t : memref<64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.fill ins(%one : f32) outs(%x : memref<32x64xf32>)
  linalg.matmul ins(%t, %b : memref<64x32xf32>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return
}

// -----

// A copy that is not a plain transposition (it negates) stays.
// CHECK-LABEL: func.func @negating_copy(
// CHECK: linalg.generic
// CHECK: arith.negf
// CHECK-NOT: memref.transpose
// CHECK: call @tessera_blas_matmul_f32
#swap = affine_map<(d0, d1) -> (d1, d0)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @negating_copy(%x: memref<32x64xf32>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %t = memref.alloc() : memref<64x32xf32>
  linalg.generic {indexing_maps = [#swap, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x64xf32>) outs(%t : memref<64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  }
  linalg.matmul ins(%t, %b : memref<64x32xf32>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return
}

// -----

// Matrix-vector products call gemv; x A is A^T x, through a transposed view.
// CHECK-LABEL: func.func @vector_products(
// CHECK-SAME: %[[A:.*]]: memref<128x64xf64>, %[[X:.*]]: memref<64xf64>, %[[Y:.*]]: memref<128xf64>
// CHECK: call @tessera_blas_matvec_f64(
// CHECK: %[[T:.*]] = memref.transpose %[[A]] (d0, d1) -> (d1, d0)
// CHECK: %[[TC:.*]] = memref.cast %[[T]]
// CHECK: %[[YC:.*]] = memref.cast %[[Y]]
// CHECK: call @tessera_blas_matvec_f64(%[[TC]], %[[YC]],
// CHECK: func.func private @tessera_blas_matvec_f64(memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?xf64, strided<[?], offset: ?>>, memref<?xf64, strided<[?], offset: ?>>, i64)
func.func @vector_products(%a: memref<128x64xf64>, %x: memref<64xf64>, %y: memref<128xf64>, %z: memref<64xf64>) {
  linalg.matvec ins(%a, %x : memref<128x64xf64>, memref<64xf64>) outs(%y : memref<128xf64>)
  linalg.vecmat ins(%y, %a : memref<128xf64>, memref<128x64xf64>) outs(%z : memref<64xf64>)
  return
}

// -----

// Batched products call the batched function.
// CHECK-LABEL: func.func @batched(
// CHECK: call @tessera_blas_batch_matmul_f32(
func.func @batched(%a: memref<4x32x32xf32>, %b: memref<4x32x32xf32>, %c: memref<4x32x32xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<4x32x32xf32>, memref<4x32x32xf32>) outs(%c : memref<4x32x32xf32>)
  return
}

// -----

// Integer, f16 and complex products, and products on tensors, have no BLAS
// call here.
// ANY-LABEL: func.func @not_blas(
// ANY-NOT: call
// ANY: return
func.func @not_blas(%a: memref<64x64xi32>, %h: memref<64x64xf16>, %t: tensor<64x64xf32>) -> tensor<64x64xf32> {
  linalg.matmul ins(%a, %a : memref<64x64xi32>, memref<64x64xi32>) outs(%a : memref<64x64xi32>)
  linalg.matmul ins(%h, %h : memref<64x64xf16>, memref<64x64xf16>) outs(%h : memref<64x64xf16>)
  %r = linalg.matmul ins(%t, %t : tensor<64x64xf32>, tensor<64x64xf32>) outs(%t : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}
