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
