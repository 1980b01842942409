// RUN: tessera-opt %s --convert-tessera-to-linalg --split-input-file | FileCheck %s
// Elementwise ops become one linalg.generic each, whose body is the op's
// scalarBody; an operand dimension that broadcasts (a static 1 where the result
// is not 1) is read at index 0. Sizes known only at run time get a check naming
// the op and its source line; sizes the types already fix get none.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func @add_broadcast(
// CHECK-SAME: %[[A:.*]]: tensor<?x?xf32>, %[[R:.*]]: tensor<1x?xf32>, %[[C:.*]]: tensor<?x1xf32>
func.func @add_broadcast(%a: tensor<?x?xf32>, %r: tensor<1x?xf32>, %c: tensor<?x1xf32>) -> tensor<?x?xf32> {
  // CHECK-DAG: %[[D0:.*]] = tensor.dim %[[A]], %c0
  // CHECK-DAG: %[[D1:.*]] = tensor.dim %[[A]], %c1
  // CHECK: %[[INIT:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME: ins(%[[A]], %[[R]], %[[C]] : tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[Z:.*]]: f32, %{{.*}}: f32):
  // CHECK:   %[[XY:.*]] = arith.addf %[[X]], %[[Y]] : f32
  // CHECK:   %[[XYZ:.*]] = arith.addf %[[XY]], %[[Z]] : f32
  // CHECK:   linalg.yield %[[XYZ]] : f32
  %0 = tessera.add %a, %r, %c : (tensor<?x?xf32>, tensor<1x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Integer ops use arith's integer forms. A dynamic result size is read off an
// operand in which that dimension does not broadcast.
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1, d2) -> (0, 0, 0)>
// CHECK-DAG: #[[MID:.*]] = affine_map<(d0, d1, d2) -> (0, d1, 0)>
// CHECK-LABEL: func @int_ops(
// CHECK-SAME: %[[A:.*]]: tensor<2x?x4xi64>, %[[S:.*]]: tensor<1x1x1xi64>, %[[M:.*]]: tensor<1x?x1xi64>
func.func @int_ops(%a: tensor<2x?x4xi64>, %s: tensor<1x1x1xi64>, %m: tensor<1x?x1xi64>) -> tensor<2x?x4xi64> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[SCALAR]], #[[ID3]]]
  // CHECK: arith.muli
  %0 = tessera.mul %a, %s : (tensor<2x?x4xi64>, tensor<1x1x1xi64>) -> tensor<2x?x4xi64>
  // CHECK: %[[D1:.*]] = tensor.dim %[[M]], %{{.*}} : tensor<1x?x1xi64>
  // CHECK: tensor.empty(%[[D1]]) : tensor<2x?x4xi64>
  // CHECK: linalg.generic {indexing_maps = [#[[MID]], #[[ID3]], #[[ID3]]]
  // CHECK: arith.subi
  %1 = tessera.sub %m, %0 : (tensor<1x?x1xi64>, tensor<2x?x4xi64>) -> tensor<2x?x4xi64>
  return %1 : tensor<2x?x4xi64>
}

// -----

// CHECK: #[[NOLOOP:.*]] = affine_map<() -> ()>
// CHECK-LABEL: func @exp_rank0
func.func @exp_rank0(%a: tensor<f64>) -> tensor<f64> {
  // CHECK: linalg.generic {indexing_maps = [#[[NOLOOP]], #[[NOLOOP]]], iterator_types = []}
  // CHECK: math.exp %{{.*}} : f64
  %0 = tessera.exp %a : tensor<f64>
  return %0 : tensor<f64>
}

// -----

// Integer floor division: divisors 0 and -1 are replaced before dividing.
// CHECK-LABEL: func @int_div
// CHECK: linalg.generic
// CHECK-DAG: %[[ZERO:.*]] = arith.cmpi eq, %[[B:.*]], %c0_i32
// CHECK-DAG: %[[MINUS:.*]] = arith.cmpi eq, %[[B]], %c-1_i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[ZERO]], %[[MINUS]]
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %c1_i32, %[[B]]
// CHECK: arith.floordivsi %{{.*}}, %[[SAFE]]
func.func @int_div(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %0 = tessera.int_div %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// CHECK-LABEL: func @float_ops
func.func @float_ops(%a: tensor<?xf64>, %b: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // CHECK: arith.divf
  // CHECK: math.floor
  %0 = tessera.int_div %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: arith.remf
  %1 = tessera.mod %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: math.powf
  %2 = tessera.pow %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: math.tanh
  %3 = tessera.tanh %a : tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Bools are i8 tensors of 0 and 1: comparisons extend, switch truncates.
// CHECK-LABEL: func @bools(
// CHECK-SAME: -> tensor<?xi8>
func.func @bools(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  // CHECK: arith.cmpf olt
  // CHECK: arith.extui %{{.*}} : i1 to i8
  %lt = tessera.lt %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  // CHECK: %[[C:.*]] = arith.trunci %{{.*}} : i8 to i1
  // CHECK: arith.select %[[C]]
  %m = tessera.switch %lt, %a, %b : (tensor<?xi1>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  // CHECK: arith.cmpf une
  %nz = tessera.cast %m : tensor<?xf32> to tensor<?xi1>
  return %nz : tensor<?xi1>
}

// -----

// CHECK-LABEL: func @dynamic
func.func @dynamic(%a: tensor<?x4xf32>, %b: tensor<?x1xf32>, %c: tensor<5x4xf32>) -> tensor<5x4xf32> {
  // CHECK: %[[A0:.*]] = tensor.dim %arg0, %c0
  // CHECK: %[[B0:.*]] = tensor.dim %arg1, %c0
  // CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[A0]], %[[B0]]
  // CHECK: tessera.check value %[[SAME]], %[[A0]], %[[B0]], "Input dimension mismatch in tessera.add (created at model.py:7): input[0].shape[0] = {lhs}, input[1].shape[0] = {rhs}"
  // CHECK: tessera.check value {{.*}}"Input dimension mismatch in tessera.add (created at model.py:7): input[0].shape[0] = {lhs}, input[2].shape[0] = {rhs}"
  // CHECK-NOT: tessera.check
  // CHECK: linalg.generic
  %0 = tessera.add %a, %b, %c : (tensor<?x4xf32>, tensor<?x1xf32>, tensor<5x4xf32>) -> tensor<5x4xf32> loc("model.py":7:3)
  return %0 : tensor<5x4xf32>
}

// -----

// CHECK-LABEL: func @static
func.func @static(%a: tensor<3x4xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  // CHECK-NOT: tessera.check
  %0 = tessera.mul %a, %b : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// A float converts to an integer with saturation: NaN gives 0 and values
// beyond the range its bounds, so no lane is left undefined.
// CHECK-LABEL: func @saturating_cast
func.func @saturating_cast(%a: tensor<?xf32>) -> tensor<?xi8> {
  // CHECK: %[[T:.*]] = arith.fptosi %[[X:.*]] : f32 to i8
  // CHECK: %[[LOW:.*]] = arith.cmpf ole, %[[X]], %cst
  // CHECK: %[[HIGH:.*]] = arith.cmpf oge, %[[X]], %cst_0
  // CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]]
  // CHECK: %[[R0:.*]] = arith.select %[[LOW]], %c-128_i8, %[[T]]
  // CHECK: %[[R1:.*]] = arith.select %[[HIGH]], %c127_i8, %[[R0]]
  // CHECK: arith.select %[[NAN]], %c0_i8, %[[R1]]
  %0 = tessera.cast %a : tensor<?xf32> to tensor<?xi8>
  return %0 : tensor<?xi8>
}


// -----

// Rounding, signs, extrema and classification: each op's scalar body.
// CHECK-LABEL: func @vocabulary
func.func @vocabulary(%a: tensor<?xf32>, %b: tensor<1xf32>, %i: tensor<?xi16>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xi16>, tensor<?xi16>, tensor<?xi1>) {
  // CHECK: math.roundeven
  %0 = tessera.round_half_to_even %a : tensor<?xf32>
  // CHECK: math.round %
  %1 = tessera.round_half_away_from_zero %0 : tensor<?xf32>
  // CHECK: arith.maximumf
  // CHECK: arith.minimumf
  %2 = tessera.clip %1, %b, %b : (tensor<?xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  // Integer abs wraps at INT_MIN, as NumPy: no trap, no poison.
  // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[X:.*]], %c0_i16
  // CHECK: %[[MINUS:.*]] = arith.subi %c0_i16{{.*}}, %[[X]]
  // CHECK: arith.select %[[NEG]], %[[MINUS]], %[[X]]
  %3 = tessera.abs %i : tensor<?xi16>
  // CHECK: arith.xori %{{.*}}, %c-1_i16
  %4 = tessera.invert %3 : tensor<?xi16>
  // CHECK: math.absf
  // CHECK: arith.cmpf oeq, %{{.*}}, %cst
  %5 = tessera.isinf %2 : tensor<?xf32> -> tensor<?xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xi16>, tensor<?xi16>, tensor<?xi1>
}

// -----

// Functions of upstream's math dialect, one op each.
// CHECK-LABEL: func @math_functions
func.func @math_functions(%a: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // CHECK: math.sinh
  %0 = tessera.sinh %a : tensor<?xf64>
  // CHECK: math.erf
  %1 = tessera.erf %a : tensor<?xf64>
  // CHECK: math.atan2
  %2 = tessera.arctan2 %0, %1 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1, %2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Upstream has no erfinv: a polynomial first guess, two Newton steps on erf,
// and the infinities at +-1.
// CHECK-LABEL: func @erfinv
func.func @erfinv(%a: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: linalg.generic
  // CHECK: arith.extf %{{.*}} : f32 to f64
  // CHECK: math.fma
  // CHECK: math.erf
  // CHECK: math.erf
  // CHECK: math.copysign
  // CHECK: arith.truncf %{{.*}} : f64 to f32
  %0 = tessera.erfinv %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Upstream has no gamma family: straight-line f64 code (every path computed,
// one selected) that vectorizes, NaN passed through.
// CHECK-LABEL: func @gamma_family
func.func @gamma_family(%a: tensor<?xf32>, %b: tensor<?xf64>) -> (tensor<?xf32>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // gamma: Stirling's pow, the Taylor series, and the reflection's sin(pi x)
  // reduced exactly (roundeven) and computed by its own series, not math.sin.
  // CHECK: linalg.generic
  // CHECK: arith.extf %{{.*}} : f32 to f64
  // CHECK-NOT: scf.
  // CHECK-NOT: math.sin
  // CHECK-DAG: math.powf
  // CHECK-DAG: math.roundeven
  // CHECK-DAG: math.fma
  // CHECK: arith.cmpf uno
  // CHECK: arith.truncf %{{.*}} : f64 to f32
  %0 = tessera.gamma %a : tensor<?xf32>
  // gammaln: logs, no pow.
  // CHECK: linalg.generic
  // CHECK-NOT: math.powf
  // CHECK: math.log
  // CHECK: linalg.yield
  %1 = tessera.gammaln %b : tensor<?xf64>
  // psi: the reflection's tan(pi x).
  // CHECK: linalg.generic
  // CHECK: math.tan
  // CHECK: linalg.yield
  %2 = tessera.psi %b : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.ceil
  // CHECK: linalg.yield
  %3 = tessera.tri_gamma %b : tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
// -----

// Each remaining unary float op's scalar body, one linalg.generic each.
// CHECK-LABEL: func @unary_bodies
func.func @unary_bodies(%a: tensor<?xf64>) -> tensor<?xf64> {
  // CHECK: linalg.generic
  // CHECK: math.floor
  %0 = tessera.floor %a : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.ceil
  %1 = tessera.ceil %0 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.trunc
  %2 = tessera.trunc %1 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: arith.select
  %3 = tessera.sgn %2 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.sqrt
  %4 = tessera.sqrt %3 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: arith.divf
  %5 = tessera.inv %4 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.exp2
  %6 = tessera.exp2 %5 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.expm1
  %7 = tessera.expm1 %6 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.log1p
  %8 = tessera.log1p %7 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.log2
  %9 = tessera.log2 %8 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.log10
  %10 = tessera.log10 %9 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.sin
  %11 = tessera.sin %10 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.cos
  %12 = tessera.cos %11 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.tan
  %13 = tessera.tan %12 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.asin
  %14 = tessera.arcsin %13 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.acos
  %15 = tessera.arccos %14 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.atan
  %16 = tessera.arctan %15 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.cosh
  %17 = tessera.cosh %16 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.asinh
  %18 = tessera.arcsinh %17 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.acosh
  %19 = tessera.arccosh %18 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.atanh
  %20 = tessera.arctanh %19 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.erfc
  %21 = tessera.erfc %20 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: linalg.yield
  %22 = tessera.zero_grad %21 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: linalg.yield
  %23 = tessera.disconnected_grad %22 : tensor<?xf64>
  // CHECK: linalg.generic
  // CHECK: math.erf
  // CHECK: math.copysign
  %e = tessera.erfcinv %23 : tensor<?xf64>
  return %e : tensor<?xf64>
}

// -----

// Binary ops and the identities with gradients of their own.
// CHECK-LABEL: func @binary_bodies
func.func @binary_bodies(%a: tensor<?xf32>, %b: tensor<1xf32>, %i: tensor<?xi8>) -> (tensor<?xf32>, tensor<?xi8>, tensor<?xi1>) {
  // CHECK: arith.minimumf
  %0 = tessera.minimum %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  // CHECK: arith.maximumf
  %1 = tessera.maximum %0, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[X]]
  %2 = tessera.grad_clip %1, %b, %b : (tensor<?xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  // CHECK: arith.andi
  %3 = tessera.and %i, %i : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xi8>
  // CHECK: arith.ori
  %4 = tessera.or %3, %i : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xi8>
  // CHECK: arith.xori
  %5 = tessera.xor %4, %i : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xi8>
  // CHECK: arith.cmpf uno
  %6 = tessera.isnan %2 : tensor<?xf32> -> tensor<?xi1>
  return %2, %5, %6 : tensor<?xf32>, tensor<?xi8>, tensor<?xi1>
}

// -----

// Complex numbers: complex-dialect bodies; the real functions of complex
// numbers yield their part type.
// CHECK-LABEL: func @complex_bodies
func.func @complex_bodies(%x: tensor<?xf64>, %z: tensor<?xcomplex<f64>>) -> (tensor<?xcomplex<f64>>, tensor<?xf64>) {
  // CHECK: linalg.generic
  // CHECK: complex.create %{{.*}}, %{{.*}} : complex<f64>
  %c = tessera.complex %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xcomplex<f64>>
  // CHECK: linalg.generic
  // CHECK: complex.add
  %s = tessera.add %c, %z : (tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>>
  // CHECK: linalg.generic
  // CHECK: complex.div
  %d = tessera.true_div %s, %z : (tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>>
  // CHECK: linalg.generic
  // CHECK: complex.exp
  %e = tessera.exp %d : tensor<?xcomplex<f64>>
  // CHECK: linalg.generic
  // CHECK: complex.neg
  %n = tessera.neg %e : tensor<?xcomplex<f64>>
  // CHECK: linalg.generic
  // CHECK: complex.abs %{{.*}} : complex<f64>
  // CHECK: linalg.yield %{{.*}} : f64
  %a = tessera.complex_abs %n : tensor<?xcomplex<f64>> -> tensor<?xf64>
  return %n, %a : tensor<?xcomplex<f64>>, tensor<?xf64>
}

// -----

// The stable activations: sigmoid from e = exp(-|x|) (1 / (1 + e) at x >= 0,
// e / (1 + e) below); softplus and the sigmoid cross-entropy as
// max(x, 0) (- x t) + log1p(exp(-|x|)): no exp of a large positive value.
// CHECK-LABEL: func @stable_activations
func.func @stable_activations(%x: tensor<?xf32>, %t: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  // CHECK: linalg.generic
  // CHECK: %[[ABS:.*]] = math.absf %[[IN:.*]] : f32
  // CHECK: %[[NEG:.*]] = arith.negf %[[ABS]] : f32
  // CHECK: %[[E:.*]] = math.exp %[[NEG]] : f32
  // CHECK: %[[DEN:.*]] = arith.addf %{{.*}}, %[[E]] : f32
  // CHECK: %[[NONNEG:.*]] = arith.cmpf uge, %[[IN]], %{{.*}} : f32
  // CHECK: %[[NUM:.*]] = arith.select %[[NONNEG]], %{{.*}}, %[[E]] : f32
  // CHECK: arith.divf %[[NUM]], %[[DEN]] : f32
  %0 = tessera.sigmoid %x : tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK: arith.maximumf
  // CHECK: math.absf
  // CHECK: math.exp
  // CHECK: math.log1p
  // CHECK: arith.addf
  %1 = tessera.softplus %x : tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK: arith.maximumf
  // CHECK: arith.mulf
  // CHECK: arith.subf
  // CHECK: math.log1p
  %2 = tessera.sigmoid_binary_crossentropy %x, %t : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}
