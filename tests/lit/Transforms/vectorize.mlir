// RUN: tessera-opt %s --pass-pipeline="builtin.module(func.func(tessera-vectorize))" --split-input-file | FileCheck %s
// RUN: tessera-opt %s --pass-pipeline="builtin.module(func.func(tessera-vectorize{vector-bits=256}))" --split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: tessera-opt %s --pass-pipeline="builtin.module(func.func(tessera-vectorize{mask-full-tiles}))" --split-input-file | FileCheck %s --check-prefix=MASKED

// An elementwise generic of dynamic sizes on buffers: tiled by one vector
// along the innermost dimension (subviews), whose loop is peeled: full
// vectors unmasked, then one masked partial vector for the tail, in a branch
// rather than a loop (it runs at most once). The outer tile loop, over a
// parallel dimension, is an scf.parallel.
// CHECK-LABEL: func @elementwise
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%{{.*}}) step (%c1)
// CHECK: %[[FULL:.*]] = affine.apply
// CHECK: scf.for %{{.*}} = %c0 to %[[FULL]] step %c16
// CHECK-NOT: vector.create_mask
// CHECK: %[[IN:.*]] = memref.subview
// CHECK: vector.transfer_read %[[IN]]{{.*}} {in_bounds = [true, true]} : memref<1x?xf32, {{.*}}>, vector<1x16xf32>
// CHECK: math.exp %{{.*}} : vector<1x16xf32>
// CHECK: vector.transfer_write
// CHECK: %[[TAIL:.*]] = arith.cmpi slt, %[[FULL]], %{{.*}} : index
// CHECK-NEXT: scf.if %[[TAIL]] {
// CHECK: memref.subview %{{.*}}[%{{.*}}, %[[FULL]]]
// CHECK: %[[MASK:.*]] = vector.create_mask %{{.*}}, %{{.*}} : vector<1x16xi1>
// CHECK: vector.transfer_read {{.*}}, %[[MASK]] {{.*}} : memref<1x?xf32, {{.*}}>, vector<1x16xf32>
// CHECK: math.exp %{{.*}} : vector<1x16xf32>
// CHECK: vector.transfer_write {{.*}}, %[[MASK]] {{.*}} : vector<1x16xf32>, memref<1x?xf32, {{.*}}>
// CHECK-NOT: linalg.generic
// AVX2-LABEL: func @elementwise
// AVX2: vector<1x8xf32>
// With mask-full-tiles, every tile is masked, in one loop over the row.
// MASKED-LABEL: func @elementwise
// MASKED: scf.for %{{.*}} = %c0 to %{{.*}} step %c16 {
// MASKED: %[[MASK:.*]] = vector.create_mask %{{.*}}, %{{.*}} : vector<1x16xi1>
// MASKED: vector.transfer_read {{.*}}, %[[MASK]] {{.*}} : memref<1x?xf32, {{.*}}>, vector<1x16xf32>
// MASKED: vector.transfer_write {{.*}}, %[[MASK]] {{.*}} : vector<1x16xf32>, memref<1x?xf32, {{.*}}>
// MASKED-NEXT: }
// MASKED-NOT: scf.if
// MASKED-LABEL: func @narrow_static
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%x: memref<?x?xf32>, %out: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%out : memref<?x?xf32>) {
  ^bb0(%in: f32, %o: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A static innermost extent narrower than a vector needs no mask; f64 lanes
// are half as many.
// CHECK-LABEL: func @narrow_static
// CHECK-NOT: vector.create_mask
// CHECK: vector.transfer_read {{.*}} : memref<1x{{.*}}xf64, {{.*}}>, vector<1x3xf64>
func.func @narrow_static(%x: memref<?x3xf64>, %out: memref<?x3xf64>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x3xf64>) outs(%out : memref<?x3xf64>) {
  ^bb0(%in: f64, %o: f64):
    %n = arith.negf %in : f64
    linalg.yield %n : f64
  }
  return
}

// -----

// A matmul is tiled 4 rows by one vector of columns by 1 step of reduction;
// its rows are parallel.
// CHECK-LABEL: func @matmul
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%{{.*}}) step (%c4)
// CHECK: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
func.func @matmul(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// A reduction along rows is vectorized along its reduction loop: the loop
// over full vectors carries a vector of partial sums from zero, combined lane
// by lane, and reduces it across lanes into the result once, after the loop;
// the tail tile (in a branch) then reduces into the result, its lanes past the
// end read as zeros (the masked read's padding: no select, no masked
// reduction). The rows are parallel.
// CHECK-LABEL: func @rows
// CHECK: %[[ZERO_PADDING:.*]] = arith.constant 0.000000e+00 : f32
// With mask-full-tiles, one loop of masked reads padded with zeros carries
// the partial sums; no peeled tail.
// MASKED-LABEL: func @rows
// MASKED: %[[ZERO_PADDING:.*]] = arith.constant 0.000000e+00 : f32
// MASKED: scf.for {{.*}} iter_args
// MASKED: %[[MASK:.*]] = vector.create_mask
// MASKED: %[[TILE:.*]] = vector.transfer_read %{{.*}}, %[[ZERO_PADDING]], %[[MASK]]
// MASKED: arith.addf %[[TILE]], %{{.*}} : vector<1x16xf32>
// MASKED: scf.yield
// MASKED: vector.multi_reduction <add>
// MASKED-NOT: scf.if
// CHECK: scf.parallel
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x16xf32>
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[OUT:[a-z_0-9]*]]
// CHECK: %[[PARTIAL:.*]] = scf.for {{.*}} iter_args(%[[CARRIED:.*]] = %[[ZERO]]) -> (vector<1x16xf32>)
// CHECK-NOT: vector.multi_reduction
// CHECK: %[[SUM:.*]] = arith.addf %{{.*}}, %[[CARRIED]] : vector<1x16xf32>
// CHECK: scf.yield %[[SUM]]
// CHECK: %[[TOTAL:.*]] = vector.multi_reduction <add>, %[[PARTIAL]], %[[ACC]] [1]
// CHECK: vector.transfer_write %[[TOTAL]], %[[OUT]]
// CHECK: scf.if
// CHECK: %[[MASK:.*]] = vector.create_mask
// CHECK: %[[TAIL:.*]] = vector.transfer_read %{{.*}}, %[[ZERO_PADDING]], %[[MASK]]
// CHECK-NOT: arith.select
// CHECK: vector.multi_reduction <add>, %[[TAIL]]
// CHECK-NOT: vector.mask
func.func @rows(%x: memref<?x?xf32>, %out: memref<?xf32>) {
  linalg.reduce ins(%x : memref<?x?xf32>) outs(%out : memref<?xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// -----

// A reduction along columns takes its vectors along the rows it walks (the
// contiguous dimension), combining them into a vector of results with no
// reduction across lanes; its accumulator moves with the loop, so it is not
// carried. Its outer loop is the reduction: not parallel.
// The tail's lanes past the end read as -inf, maximumf's neutral element.
// CHECK-LABEL: func @columns
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NOT: scf.parallel
// CHECK-NOT: iter_args
// CHECK: vector.multi_reduction <maximumf>, %{{.*}}, %{{.*}} [0] : vector<1x16xf32> to vector<16xf32>
// CHECK: scf.if
// CHECK: vector.transfer_read %{{.*}}, %[[NEG]], %{{.*}} : memref<1x?xf32
// CHECK-NOT: arith.select
func.func @columns(%x: memref<?x?xf32>, %out: memref<?xf32>) {
  linalg.reduce ins(%x : memref<?x?xf32>) outs(%out : memref<?xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.maximumf %in, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// -----

// A reduction fused with its elementwise producer (softmax's sum of
// exponentials) carries the partial sums of the vectorized producer. The
// exponentials of the tail's padding lanes are replaced by zeros (a select).
// Computing a math function, it is peeled even with mask-full-tiles (its
// libmvec calls clobber the mask registers).
// CHECK-LABEL: func @sum_of_exp
// CHECK: scf.for {{.*}} iter_args
// CHECK: math.exp %{{.*}} : vector<1x8xf64>
// CHECK: arith.addf %{{.*}} : vector<1x8xf64>
// CHECK: scf.if
// CHECK: math.exp
// CHECK: arith.select
// MASKED-LABEL: func @sum_of_exp
// MASKED: scf.for {{.*}} iter_args
// MASKED-NOT: vector.create_mask
// MASKED: scf.yield
// MASKED: scf.if
// MASKED: vector.create_mask
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @sum_of_exp(%x: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%in: f64, %acc: f64):
    %e = math.exp %in : f64
    %s = arith.addf %e, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// Ops on tensors (before bufferization) are left alone: the pass runs on
// buffers.
// CHECK-LABEL: func @on_tensors
// CHECK: linalg.generic
// CHECK-NOT: vector.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @on_tensors(%x: tensor<?x?xf32>, %init: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static extent of 0 computes nothing: the op is left as it is (a tile size
// of 0 would mean "do not tile" to upstream's tiling).
// CHECK-LABEL: func @empty
// CHECK: linalg.generic
// CHECK-NOT: vector.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @empty(%a: memref<3x0xf64>, %out: memref<3x0xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : memref<3x0xf64>) outs(%out : memref<3x0xf64>) {
  ^bb0(%in: f64, %o: f64):
    %d = arith.addf %in, %in : f64
    linalg.yield %d : f64
  }
  return
}
