// RUN: tessera-opt %s --tessera-approximate-math | FileCheck %s

// f32 exp becomes upstream's polynomial; upstream's log (wrong on denormals)
// and sin (7 ulp) are not used: they stay for libmvec (which runs first) or
// the C library.
// CHECK-LABEL: func @exp_log_sin
// CHECK-NOT: math.exp
// CHECK: math.fma
// CHECK: math.log %{{.*}} : vector<16xf32>
// CHECK: math.sin %{{.*}} : vector<16xf32>
// CHECK: return
func.func @exp_log_sin(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %0 = math.exp %x : vector<16xf32>
  %1 = math.log %x : vector<16xf32>
  %2 = math.sin %x : vector<16xf32>
  return %0, %1, %2 : vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// f32 tanh stays in f32: below |x| = 0.55 a rational correction of x, above
// 1 - 2/(e^2|x| + 1) with the exponential from a polynomial and 2^k in the
// exponent bits; the two share one division; the sign of x is applied last.
// CHECK-LABEL: func @tanh
// CHECK-NOT: arith.extf
// CHECK: %[[SMALL:.*]] = arith.cmpf ult, {{.*}} : vector<16xf32>
// CHECK: arith.minimumf {{.*}} : vector<16xf32>
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK: arith.shli {{.*}} : vector<16xi32>
// CHECK: %[[NUM:.*]] = arith.select %[[SMALL]]
// CHECK: %[[DEN:.*]] = arith.select %[[SMALL]]
// CHECK: arith.divf %[[NUM]], %[[DEN]] : vector<16xf32>
// CHECK-NOT: arith.divf
// CHECK: %[[MAGNITUDE:.*]] = arith.select %[[SMALL]]
// CHECK: math.copysign %[[MAGNITUDE]], {{.*}} : vector<16xf32>
// CHECK-NOT: math.tanh
// CHECK-NOT: math.exp
func.func @tanh(%x: vector<16xf32>) -> vector<16xf32> {
  %0 = math.tanh %x : vector<16xf32>
  return %0 : vector<16xf32>
}

// f64 math is left alone.
// CHECK-LABEL: func @f64
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.tanh %{{.*}} : f64
func.func @f64(%x: f64) -> (f64, f64) {
  %0 = math.exp %x : f64
  %1 = math.tanh %x : f64
  return %0, %1 : f64, f64
}
