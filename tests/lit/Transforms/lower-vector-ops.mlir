// RUN: tessera-opt %s --tessera-lower-vector-ops | FileCheck %s

// A contraction becomes FMAs on 1-D vectors; a multi-reduction 1-D reductions.
// CHECK-LABEL: func @contract
// CHECK-NOT: vector.contract
// CHECK: vector.fma {{.*}} : vector<16xf32>
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @contract(%a: vector<4x1xf32>, %b: vector<1x16xf32>, %c: vector<4x16xf32>) -> vector<4x16xf32> {
  %0 = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>}
      %a, %b, %c : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
  return %0 : vector<4x16xf32>
}

// CHECK-LABEL: func @multi_reduction
// CHECK-NOT: vector.multi_reduction
// CHECK: vector.reduction <add>, %{{.*}} : vector<16xf32> into f32
func.func @multi_reduction(%v: vector<16xf32>, %acc: f32) -> f32 {
  %0 = vector.multi_reduction <add>, %v, %acc [0] : vector<16xf32> to f32
  return %0 : f32
}

// 1-D ops that LLVM conversion takes as they are stay unchanged.
// CHECK-LABEL: func @already_lowered
// CHECK-NEXT: %[[S:.*]] = arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK-NEXT: %[[R:.*]] = vector.reduction <add>, %[[S]] : vector<16xf32> into f32
// CHECK-NEXT: return %[[R]]
func.func @already_lowered(%a: vector<16xf32>, %b: vector<16xf32>) -> f32 {
  %s = arith.addf %a, %b : vector<16xf32>
  %r = vector.reduction <add>, %s : vector<16xf32> into f32
  return %r : f32
}

// A gather from a strided view reads a unit-stride view of its buffer, its
// position linearized and its indices scaled by the inner stride; a gather
// from a unit-stride base stays as it is.
// CHECK-LABEL: func @strided_gather
// CHECK-SAME: %[[BASE:.*]]: memref<?x?xf64, strided<[?, ?], offset: ?>>, %[[ROW:.*]]: index, %[[INDICES:.*]]: vector<8xindex>
func.func @strided_gather(%base: memref<?x?xf64, strided<[?, ?], offset: ?>>, %row: index, %indices: vector<8xindex>, %mask: vector<8xi1>, %pass: vector<8xf64>) -> vector<8xf64> {
  // CHECK: %[[BUFFER:.*]], %[[OFFSET:.*]], %[[SIZES:.*]]:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[BASE]]
  // CHECK: %[[VIEW:.*]] = memref.reinterpret_cast %[[BUFFER]] to offset: [%[[OFFSET]]], sizes: [%{{.*}}], strides: [1]
  // CHECK: %[[STRIDE:.*]] = vector.broadcast %[[STRIDES]]#1 : index to vector<8xindex>
  // CHECK: %[[SCALED:.*]] = arith.muli %[[INDICES]], %[[STRIDE]] : vector<8xindex>
  // CHECK: vector.gather %[[VIEW]][%{{.*}}] [%[[SCALED]]]
  %c0 = arith.constant 0 : index
  %0 = vector.gather %base[%row, %c0] [%indices], %mask, %pass : memref<?x?xf64, strided<[?, ?], offset: ?>>, vector<8xindex>, vector<8xi1>, vector<8xf64> into vector<8xf64>
  return %0 : vector<8xf64>
}

// CHECK-LABEL: func @contiguous_gather
// CHECK-NOT: memref.reinterpret_cast
// CHECK: vector.gather %arg0
func.func @contiguous_gather(%base: memref<?xf64>, %indices: vector<8xindex>, %mask: vector<8xi1>, %pass: vector<8xf64>) -> vector<8xf64> {
  %c0 = arith.constant 0 : index
  %0 = vector.gather %base[%c0] [%indices], %mask, %pass : memref<?xf64>, vector<8xindex>, vector<8xi1>, vector<8xf64> into vector<8xf64>
  return %0 : vector<8xf64>
}

// A row tile's leading unit dimension is dropped: the transfers read and
// write 1-D vectors of a rank-reduced view and the arithmetic is 1-D, so that
// LLVM conversion has no arrays of vectors to build.
// CHECK-LABEL: func @row_tile
// CHECK-SAME: %[[IN:.*]]: memref<1x16xf32, strided<[?, 1], offset: ?>>, %[[OUT:.*]]: memref<1x16xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[IN_ROW:.*]] = memref.subview %[[IN]][0, 0] [1, 16] [1, 1] {{.*}} to memref<16xf32
// CHECK: %[[X:.*]] = vector.transfer_read %[[IN_ROW]]{{.*}} : memref<16xf32, {{.*}}>, vector<16xf32>
// CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[X]] : vector<16xf32>
// CHECK: %[[OUT_ROW:.*]] = memref.subview %[[OUT]][0, 0] [1, 16] [1, 1] {{.*}} to memref<16xf32
// CHECK: vector.transfer_write %[[Y]], %[[OUT_ROW]]{{.*}} : vector<16xf32>, memref<16xf32
// CHECK-NOT: vector<1x16xf32>
func.func @row_tile(%in: memref<1x16xf32, strided<[?, 1], offset: ?>>, %out: memref<1x16xf32, strided<[?, 1], offset: ?>>) {
  %c0 = arith.constant 0 : index
  %pad = ub.poison : f32
  %x = vector.transfer_read %in[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x16xf32, strided<[?, 1], offset: ?>>, vector<1x16xf32>
  %y = arith.mulf %x, %x : vector<1x16xf32>
  vector.transfer_write %y, %out[%c0, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<1x16xf32, strided<[?, 1], offset: ?>>
  return
}
