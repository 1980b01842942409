// RUN: tessera-opt %s --tessera-math-to-libmvec --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-math-to-libmvec=isa=avx2 --split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: tessera-opt %s --tessera-math-to-libmvec=isa=none --split-input-file | FileCheck %s --check-prefix=NONE
// RUN: not tessera-opt %s --tessera-math-to-libmvec=isa=neon 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: unknown isa 'neon' (expected avx512, avx2, sse4 or none)

// One f64 vector of the ISA's width: one call, declared once.
// CHECK-LABEL: func.func private @_ZGVeN8v_sin(vector<8xf64>) -> vector<8xf64>
// CHECK-LABEL: func @sin_f64
// CHECK: %[[S:.*]] = call @_ZGVeN8v_sin(%{{.*}}) : (vector<8xf64>) -> vector<8xf64>
// CHECK: call @_ZGVeN8v_sin
// CHECK-NOT: math.sin
// AVX2-LABEL: func @sin_f64
// Under AVX2 the vector is cut in two halves.
// AVX2: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3]
// AVX2: call @_ZGVdN4v_sin
// AVX2: vector.shuffle %{{.*}}, %{{.*}} [4, 5, 6, 7]
// AVX2: call @_ZGVdN4v_sin
// AVX2: vector.insert_strided_slice
// NONE-LABEL: func @sin_f64
// NONE: math.sin
func.func @sin_f64(%x: vector<8xf64>) -> (vector<8xf64>, vector<8xf64>) {
  %0 = math.sin %x : vector<8xf64>
  %1 = math.sin %0 : vector<8xf64>
  return %0, %1 : vector<8xf64>, vector<8xf64>
}

// -----

// A vector narrower than the ISA is padded with its last lane; the result
// keeps its lanes. Two-argument functions take "vv".
// CHECK-LABEL: func @pow_tail
// CHECK: %[[X:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 2, 2, 2, 2, 2] : vector<3xf64>, vector<3xf64>
// CHECK: %[[Y:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 2, 2, 2, 2, 2] : vector<3xf64>, vector<3xf64>
// CHECK: %[[P:.*]] = call @_ZGVeN8vv_pow(%[[X]], %[[Y]])
// CHECK: vector.extract_strided_slice %[[P]] {offsets = [0], sizes = [3], strides = [1]}
func.func @pow_tail(%x: vector<3xf64>, %y: vector<3xf64>) -> vector<3xf64> {
  %0 = math.powf %x, %y : vector<3xf64>
  return %0 : vector<3xf64>
}

// -----

// n-D vectors are flattened first.
// CHECK-LABEL: func @atan_2d
// CHECK: vector.shape_cast %{{.*}} : vector<2x16xf32> to vector<32xf32>
// CHECK: call @_ZGVeN16v_atanf
// CHECK: call @_ZGVeN16v_atanf
// CHECK: vector.shape_cast %{{.*}} : vector<32xf32> to vector<2x16xf32>
func.func @atan_2d(%x: vector<2x16xf32>) -> vector<2x16xf32> {
  %0 = math.atan %x : vector<2x16xf32>
  return %0 : vector<2x16xf32>
}

// -----

// Not rewritten: f32 functions that approximations compute inline (erf),
// scalars (a scalar libm call is no vector loop's), and functions libmvec
// lacks (math.sqrt is one instruction).
// CHECK-LABEL: func @left_alone
// CHECK-NOT: call
// CHECK: math.erf %{{.*}} : vector<16xf32>
// CHECK: math.sin %{{.*}} : f64
// CHECK: math.sqrt %{{.*}} : vector<8xf64>
func.func @left_alone(%x: vector<16xf32>, %s: f64, %v: vector<8xf64>) -> (vector<16xf32>, f64, vector<8xf64>) {
  %0 = math.erf %x : vector<16xf32>
  %1 = math.sin %s : f64
  %2 = math.sqrt %v : vector<8xf64>
  return %0, %1, %2 : vector<16xf32>, f64, vector<8xf64>
}
