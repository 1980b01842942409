// RUN: tessera-opt %s | tessera-opt | FileCheck %s
// Round trip of every op through the printer and parser, with the result
// types that inference gives (ranks 0-3, static and dynamic sizes).

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>, %c: tensor<?x1xf32>,
                       %s: tensor<f64>, %t: tensor<2x?x1xi32>, %u: tensor<1x?x5xi32>)
    -> (tensor<?x4xf32>, tensor<f64>, tensor<2x?x5xi32>) {
  // CHECK: tessera.add %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
  %0 = tessera.add %a, %b, %c : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
  // CHECK: tessera.exp %{{.*}} : tensor<?x4xf32>
  %1 = tessera.exp %0 : tensor<?x4xf32>
  // CHECK: tessera.mul %{{.*}} : (tensor<f64>) -> tensor<f64>
  %2 = tessera.mul %s : (tensor<f64>) -> tensor<f64>
  // CHECK: tessera.sub %{{.*}}, %{{.*}} : (tensor<2x?x1xi32>, tensor<1x?x5xi32>) -> tensor<2x?x5xi32>
  %3 = tessera.sub %t, %u : (tensor<2x?x1xi32>, tensor<1x?x5xi32>) -> tensor<2x?x5xi32>
  return %1, %2, %3 : tensor<?x4xf32>, tensor<f64>, tensor<2x?x5xi32>
}

// CHECK-LABEL: func @dots
func.func @dots(%v: tensor<?xf32>, %m: tensor<?x3xf32>, %n: tensor<3x?xf32>)
    -> (tensor<f32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.dot {{.*}} -> tensor<f32>
  %0 = tessera.dot %v, %v : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
  // CHECK: tessera.dot {{.*}} -> tensor<?xf32>
  %1 = tessera.dot %m, %v : (tensor<?x3xf32>, tensor<?xf32>) -> tensor<?xf32>
  // CHECK: tessera.dot {{.*}} -> tensor<?xf32>
  %2 = tessera.dot %v, %n : (tensor<?xf32>, tensor<3x?xf32>) -> tensor<?xf32>
  // CHECK: tessera.dot {{.*}} -> tensor<?x?xf32>
  %3 = tessera.dot %m, %n : (tensor<?x3xf32>, tensor<3x?xf32>) -> tensor<?x?xf32>
  return %0, %1, %2, %3 : tensor<f32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func @elementwise_rest
func.func @elementwise_rest(%a: tensor<?xf64>, %b: tensor<?xf64>, %i: tensor<?xi32>, %c: tensor<?xi1>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi32>, tensor<?xi32>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // CHECK: tessera.true_div %{{.*}}, %{{.*}} : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %0 = tessera.true_div %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: tessera.pow
  %1 = tessera.pow %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: tessera.log %{{.*}} : tensor<?xf64>
  %2 = tessera.log %a : tensor<?xf64>
  // CHECK: tessera.tanh %{{.*}} : tensor<?xf64>
  %3 = tessera.tanh %a : tensor<?xf64>
  // CHECK: tessera.int_div %{{.*}}, %{{.*}} : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %4 = tessera.int_div %i, %i : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  // CHECK: tessera.mod
  %5 = tessera.mod %i, %i : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  // CHECK: tessera.neg %{{.*}} : tensor<?xf64>
  %6 = tessera.neg %a : tensor<?xf64>
  // CHECK: tessera.sqr %{{.*}} : tensor<?xf64>
  %7 = tessera.sqr %a : tensor<?xf64>
  // CHECK: tessera.switch %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %8 = tessera.switch %c, %a, %b : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
      tensor<?xi32>, tensor<?xi32>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// CHECK-LABEL: func @comparisons_and_casts
func.func @comparisons_and_casts(%a: tensor<?xf32>, %b: tensor<1xf32>)
    -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi64>) {
  // CHECK: tessera.lt %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  %0 = tessera.lt %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.gt
  %1 = tessera.gt %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.le
  %2 = tessera.le %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.ge
  %3 = tessera.ge %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.eq
  %4 = tessera.eq %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.neq
  %5 = tessera.neq %a, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xi1>
  // CHECK: tessera.cast %{{.*}} : tensor<?xf32> to tensor<?xi64>
  %6 = tessera.cast %a : tensor<?xf32> to tensor<?xi64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi64>
}

// CHECK-LABEL: func @reductions
func.func @reductions(%x: tensor<?x4x?xf32>, %b: tensor<?xi1>)
    -> (tensor<4xf32>, tensor<?x1x1xf32>, tensor<f32>, tensor<f32>, tensor<i1>, tensor<i1>,
        tensor<?xf32>, tensor<?xi64>, tensor<4x1xf32>, tensor<4x1xi64>) {
  // CHECK: tessera.sum %{{.*}} axes = [0, 2] : tensor<?x4x?xf32> -> tensor<4xf32>
  %0 = tessera.sum %x axes = [0, 2] : tensor<?x4x?xf32> -> tensor<4xf32>
  // CHECK: tessera.prod %{{.*}} axes = [1, 2] keepdims : tensor<?x4x?xf32> -> tensor<?x1x1xf32>
  %1 = tessera.prod %x axes = [1, 2] keepdims : tensor<?x4x?xf32> -> tensor<?x1x1xf32>
  // CHECK: tessera.max %{{.*}} axes = [0, 1, 2] : tensor<?x4x?xf32> -> tensor<f32>
  %2 = tessera.max %x axes = [0, 1, 2] : tensor<?x4x?xf32> -> tensor<f32>
  // CHECK: tessera.min
  %3 = tessera.min %x axes = [0, 1, 2] : tensor<?x4x?xf32> -> tensor<f32>
  // CHECK: tessera.all %{{.*}} axes = [0] : tensor<?xi1> -> tensor<i1>
  %4 = tessera.all %b axes = [0] : tensor<?xi1> -> tensor<i1>
  // CHECK: tessera.any
  %5 = tessera.any %b axes = [0] : tensor<?xi1> -> tensor<i1>
  // CHECK: tessera.argmax %{{.*}} axes = [1, 2] : tensor<?x4x?xf32> -> tensor<?xf32>, tensor<?xi64>
  %6:2 = tessera.argmax %x axes = [1, 2] : tensor<?x4x?xf32> -> tensor<?xf32>, tensor<?xi64>
  // CHECK: tessera.argmin %{{.*}} axes = [0, 2] keepdims : tensor<?x4x?xf32> -> tensor<1x4x1xf32>, tensor<1x4x1xi64>
  %7:2 = tessera.argmin %x axes = [0, 2] keepdims : tensor<?x4x?xf32> -> tensor<1x4x1xf32>, tensor<1x4x1xi64>
  %8 = tessera.dimshuffle %7#0 [1, -1] : tensor<1x4x1xf32> -> tensor<4x1xf32>
  %9 = tessera.dimshuffle %7#1 [1, -1] : tensor<1x4x1xi64> -> tensor<4x1xi64>
  return %0, %1, %2, %3, %4, %5, %6#0, %6#1, %8, %9 : tensor<4xf32>, tensor<?x1x1xf32>, tensor<f32>, tensor<f32>,
      tensor<i1>, tensor<i1>, tensor<?xf32>, tensor<?xi64>, tensor<4x1xf32>, tensor<4x1xi64>
}

// Results are typed by the constants among the operands: a constant shape or
// size gives a static one.
// CHECK-LABEL: func @shapes_and_construction
func.func @shapes_and_construction(%x: tensor<?x3xf32>, %s: tensor<2xi64>, %v: tensor<f64>, %n: tensor<i64>,
                                   %lo: tensor<i32>)
    -> (tensor<2xi64>, tensor<i64>, tensor<?x?xf32>, tensor<?x6xf32>, tensor<3x1x?xf32>, tensor<2x?xf64>, tensor<?xi32>) {
  // CHECK: tessera.shape %{{.*}} : tensor<?x3xf32> -> tensor<2xi64>
  %0 = tessera.shape %x : tensor<?x3xf32> -> tensor<2xi64>
  // CHECK: tessera.shape_i %{{.*}}[0] : tensor<?x3xf32>
  %1 = tessera.shape_i %x [0] : tensor<?x3xf32>
  // CHECK: tessera.reshape %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %2 = tessera.reshape %x, %s : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %shape = arith.constant dense<[-1, 6]> : tensor<2xi64>
  // CHECK: tessera.reshape %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x6xf32>
  %3 = tessera.reshape %x, %shape : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x6xf32>
  // CHECK: tessera.dimshuffle %{{.*}} [1, -1, 0] : tensor<?x3xf32> -> tensor<3x1x?xf32>
  %4 = tessera.dimshuffle %x [1, -1, 0] : tensor<?x3xf32> -> tensor<3x1x?xf32>
  %two = arith.constant dense<2> : tensor<i64>
  // CHECK: tessera.alloc %{{.*}}, %{{.*}}, %{{.*}} : (tensor<f64>, tensor<i64>, tensor<i64>) -> tensor<2x?xf64>
  %5 = tessera.alloc %v, %two, %n : (tensor<f64>, tensor<i64>, tensor<i64>) -> tensor<2x?xf64>
  // CHECK: tessera.arange %{{.*}}, %{{.*}}, %{{.*}} : tensor<i32> -> tensor<?xi32>
  %6 = tessera.arange %lo, %lo, %lo : tensor<i32> -> tensor<?xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2xi64>, tensor<i64>, tensor<?x?xf32>, tensor<?x6xf32>, tensor<3x1x?xf32>,
      tensor<2x?xf64>, tensor<?xi32>
}

// CHECK-LABEL: func @checks
func.func @checks(%ok: i1, %a: index, %b: index) {
  // CHECK: tessera.check value %{{.*}}, %{{.*}}, %{{.*}}, "sizes {lhs} and {rhs}"
  tessera.check value %ok, %a, %b, "sizes {lhs} and {rhs}"
  // CHECK: tessera.check index
  tessera.check index %ok, %a, %b, "index {lhs} of size {rhs}"
  // CHECK: tessera.check memory
  tessera.check memory %ok, %a, %b, "{lhs} bytes"
  return
}

// CHECK-LABEL: func @gradients
func.func @gradients(%cost: tensor<f64>, %w: tensor<?xf64>, %b: tensor<f64>, %h: tensor<?xf64>, %gh: tensor<?xf64>)
    -> (tensor<?xf64>, tensor<f64>, tensor<?xf64>) {
  // CHECK: tessera.grad %{{.*}} wrt(%{{.*}}, %{{.*}}) : (tensor<f64>, tensor<?xf64>, tensor<f64>) -> (tensor<?xf64>, tensor<f64>)
  %g:2 = tessera.grad %cost wrt(%w, %b) : (tensor<f64>, tensor<?xf64>, tensor<f64>) -> (tensor<?xf64>, tensor<f64>)
  // CHECK: tessera.grad wrt(%{{.*}}) known(%{{.*}}) as(%{{.*}}) constant(%{{.*}}) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %k = tessera.grad wrt(%w) known(%h) as(%gh) constant(%b) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  return %g#0, %g#1, %k : tensor<?xf64>, tensor<f64>, tensor<?xf64>
}

// CHECK-LABEL: func @gradient_identities
func.func @gradient_identities(%x: tensor<?xf32>, %lo: tensor<1xf32>, %hi: tensor<1xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  // CHECK: tessera.zero_grad %{{.*}} : tensor<?xf32>
  %0 = tessera.zero_grad %x : tensor<?xf32>
  // CHECK: tessera.disconnected_grad %{{.*}} : tensor<?xf32>
  %1 = tessera.disconnected_grad %x : tensor<?xf32>
  // CHECK: tessera.grad_clip %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  %2 = tessera.grad_clip %x, %lo, %hi : (tensor<?xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// CHECK-LABEL: func @elementwise_vocabulary
func.func @elementwise_vocabulary(%a: tensor<?xf64>, %b: tensor<1xf64>, %i: tensor<?xi32>, %p: tensor<?xi1>)
    -> (tensor<?xf64>, tensor<?xi32>, tensor<?xi1>, tensor<?xi1>) {
  // CHECK: tessera.abs %{{.*}} : tensor<?xf64>
  %0 = tessera.abs %a : tensor<?xf64>
  // CHECK: tessera.sgn
  %1 = tessera.sgn %0 : tensor<?xf64>
  // CHECK: tessera.floor
  %2 = tessera.floor %1 : tensor<?xf64>
  // CHECK: tessera.ceil
  %3 = tessera.ceil %2 : tensor<?xf64>
  // CHECK: tessera.trunc
  %4 = tessera.trunc %3 : tensor<?xf64>
  // CHECK: tessera.round_half_to_even
  %5 = tessera.round_half_to_even %4 : tensor<?xf64>
  // CHECK: tessera.round_half_away_from_zero
  %6 = tessera.round_half_away_from_zero %5 : tensor<?xf64>
  // CHECK: tessera.minimum %{{.*}}, %{{.*}} : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %7 = tessera.minimum %6, %b : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK: tessera.maximum
  %8 = tessera.maximum %7, %b : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK: tessera.clip %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<?xf64>
  %9 = tessera.clip %8, %b, %b : (tensor<?xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<?xf64>
  // CHECK: tessera.sqrt
  %10 = tessera.sqrt %9 : tensor<?xf64>
  // CHECK: tessera.inv
  %11 = tessera.inv %10 : tensor<?xf64>
  // CHECK: tessera.and %{{.*}}, %{{.*}} : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %12 = tessera.and %i, %i : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  // CHECK: tessera.or
  %13 = tessera.or %12, %i : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  // CHECK: tessera.xor
  %14 = tessera.xor %13, %i : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  // CHECK: tessera.invert %{{.*}} : tensor<?xi32>
  %15 = tessera.invert %14 : tensor<?xi32>
  // CHECK: tessera.invert %{{.*}} : tensor<?xi1>
  %16 = tessera.invert %p : tensor<?xi1>
  // CHECK: tessera.isnan %{{.*}} : tensor<?xf64> -> tensor<?xi1>
  %17 = tessera.isnan %11 : tensor<?xf64> -> tensor<?xi1>
  // CHECK: tessera.isinf
  %18 = tessera.isinf %11 : tensor<?xf64> -> tensor<?xi1>
  %19 = tessera.and %16, %17 : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  return %11, %15, %18, %19 : tensor<?xf64>, tensor<?xi32>, tensor<?xi1>, tensor<?xi1>
}

// CHECK-LABEL: func @transcendental
func.func @transcendental(%a: tensor<?xf32>, %b: tensor<1xf32>) -> tensor<?xf32> {
  // CHECK: tessera.exp2 %{{.*}} : tensor<?xf32>
  %0 = tessera.exp2 %a : tensor<?xf32>
  // CHECK: tessera.expm1 %{{.*}} : tensor<?xf32>
  %1 = tessera.expm1 %0 : tensor<?xf32>
  // CHECK: tessera.log1p %{{.*}} : tensor<?xf32>
  %2 = tessera.log1p %1 : tensor<?xf32>
  // CHECK: tessera.log2 %{{.*}} : tensor<?xf32>
  %3 = tessera.log2 %2 : tensor<?xf32>
  // CHECK: tessera.log10 %{{.*}} : tensor<?xf32>
  %4 = tessera.log10 %3 : tensor<?xf32>
  // CHECK: tessera.sin %{{.*}} : tensor<?xf32>
  %5 = tessera.sin %4 : tensor<?xf32>
  // CHECK: tessera.cos %{{.*}} : tensor<?xf32>
  %6 = tessera.cos %5 : tensor<?xf32>
  // CHECK: tessera.tan %{{.*}} : tensor<?xf32>
  %7 = tessera.tan %6 : tensor<?xf32>
  // CHECK: tessera.arcsin %{{.*}} : tensor<?xf32>
  %8 = tessera.arcsin %7 : tensor<?xf32>
  // CHECK: tessera.arccos %{{.*}} : tensor<?xf32>
  %9 = tessera.arccos %8 : tensor<?xf32>
  // CHECK: tessera.arctan %{{.*}} : tensor<?xf32>
  %10 = tessera.arctan %9 : tensor<?xf32>
  // CHECK: tessera.sinh %{{.*}} : tensor<?xf32>
  %11 = tessera.sinh %10 : tensor<?xf32>
  // CHECK: tessera.cosh %{{.*}} : tensor<?xf32>
  %12 = tessera.cosh %11 : tensor<?xf32>
  // CHECK: tessera.arcsinh %{{.*}} : tensor<?xf32>
  %13 = tessera.arcsinh %12 : tensor<?xf32>
  // CHECK: tessera.arccosh %{{.*}} : tensor<?xf32>
  %14 = tessera.arccosh %13 : tensor<?xf32>
  // CHECK: tessera.arctanh %{{.*}} : tensor<?xf32>
  %15 = tessera.arctanh %14 : tensor<?xf32>
  // CHECK: tessera.erf %{{.*}} : tensor<?xf32>
  %16 = tessera.erf %15 : tensor<?xf32>
  // CHECK: tessera.erfc %{{.*}} : tensor<?xf32>
  %17 = tessera.erfc %16 : tensor<?xf32>
  // CHECK: tessera.arctan2 %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  %r = tessera.arctan2 %17, %b : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// CHECK-LABEL: func @inverse_error_functions
func.func @inverse_error_functions(%a: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  // CHECK: tessera.erfinv %{{.*}} : tensor<?xf64>
  %0 = tessera.erfinv %a : tensor<?xf64>
  // CHECK: tessera.erfcinv %{{.*}} : tensor<?xf64>
  %1 = tessera.erfcinv %a : tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// CHECK-LABEL: func @gamma_functions
func.func @gamma_functions(%a: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: tessera.gamma %{{.*}} : tensor<?xf32>
  %0 = tessera.gamma %a : tensor<?xf32>
  // CHECK: tessera.gammaln %{{.*}} : tensor<?xf32>
  %1 = tessera.gammaln %0 : tensor<?xf32>
  // CHECK: tessera.psi %{{.*}} : tensor<?xf32>
  %2 = tessera.psi %1 : tensor<?xf32>
  // CHECK: tessera.tri_gamma %{{.*}} : tensor<?xf32>
  %3 = tessera.tri_gamma %2 : tensor<?xf32>
  return %3 : tensor<?xf32>
}

// CHECK-LABEL: func @complex_numbers
func.func @complex_numbers(%x: tensor<?xf32>, %y: tensor<1xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<complex<f32>>) {
  // CHECK: tessera.complex %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xcomplex<f32>>
  %z = tessera.complex %x, %y : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xcomplex<f32>>
  // CHECK: tessera.conj %{{.*}} : tensor<?xcomplex<f32>>
  %c = tessera.conj %z : tensor<?xcomplex<f32>>
  // CHECK: tessera.mul %{{.*}}, %{{.*}} : (tensor<?xcomplex<f32>>, tensor<?xcomplex<f32>>) -> tensor<?xcomplex<f32>>
  %p = tessera.mul %z, %c : (tensor<?xcomplex<f32>>, tensor<?xcomplex<f32>>) -> tensor<?xcomplex<f32>>
  // CHECK: tessera.real %{{.*}} : tensor<?xcomplex<f32>> -> tensor<?xf32>
  %0 = tessera.real %p : tensor<?xcomplex<f32>> -> tensor<?xf32>
  // CHECK: tessera.imag %{{.*}} : tensor<?xcomplex<f32>> -> tensor<?xf32>
  %1 = tessera.imag %p : tensor<?xcomplex<f32>> -> tensor<?xf32>
  // CHECK: tessera.angle %{{.*}} : tensor<?xcomplex<f32>> -> tensor<?xf32>
  %2 = tessera.angle %z : tensor<?xcomplex<f32>> -> tensor<?xf32>
  // CHECK: tessera.complex_abs %{{.*}} : tensor<?xcomplex<f32>> -> tensor<?xf32>
  %3 = tessera.complex_abs %z : tensor<?xcomplex<f32>> -> tensor<?xf32>
  // CHECK: tessera.sum %{{.*}} axes = [0] : tensor<?xcomplex<f32>> -> tensor<complex<f32>>
  %s = tessera.sum %z axes = [0] : tensor<?xcomplex<f32>> -> tensor<complex<f32>>
  return %0, %1, %2, %3, %s : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<complex<f32>>
}

// CHECK-LABEL: func @nnet
func.func @nnet(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: tessera.sigmoid %{{.*}} : tensor<?x3xf32>
  %0 = tessera.sigmoid %x : tensor<?x3xf32>
  // CHECK: tessera.softplus %{{.*}} : tensor<?x3xf32>
  %1 = tessera.softplus %x : tensor<?x3xf32>
  // CHECK: tessera.sigmoid_binary_crossentropy %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %2 = tessera.sigmoid_binary_crossentropy %x, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK: tessera.softmax %{{.*}} axis = 1 : tensor<?x3xf32>
  %3 = tessera.softmax %2 axis = 1 : tensor<?x3xf32>
  // CHECK: tessera.logsoftmax %{{.*}} axis = 0 : tensor<?x3xf32>
  %4 = tessera.logsoftmax %3 axis = 0 : tensor<?x3xf32>
  return %0, %1, %4 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func @softmax_crossentropy
func.func @softmax_crossentropy(%x: tensor<?x3xf64>, %y: tensor<?xi64>, %g: tensor<?xf64>) -> (tensor<?xf64>, tensor<?x3xf64>) {
  // CHECK: tessera.crossentropy_softmax_1hot %{{.*}}, %{{.*}} : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<?xf64>
  %0 = tessera.crossentropy_softmax_1hot %x, %y : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<?xf64>
  // CHECK: tessera.crossentropy_softmax_1hot_dx %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xf64>, tensor<?x3xf64>, tensor<?xi64>) -> tensor<?x3xf64>
  %1 = tessera.crossentropy_softmax_1hot_dx %g, %x, %y : (tensor<?xf64>, tensor<?x3xf64>, tensor<?xi64>) -> tensor<?x3xf64>
  // CHECK: tessera.crossentropy_categorical_1hot %{{.*}}, %{{.*}} : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<?xf64>
  %2 = tessera.crossentropy_categorical_1hot %1, %y : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<?xf64>
  // CHECK: tessera.crossentropy_categorical_1hot_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xf64>, tensor<?x3xf64>, tensor<?xi64>) -> tensor<?x3xf64>
  %3 = tessera.crossentropy_categorical_1hot_grad %2, %x, %y : (tensor<?xf64>, tensor<?x3xf64>, tensor<?xi64>) -> tensor<?x3xf64>
  return %0, %3 : tensor<?xf64>, tensor<?x3xf64>
}

// Basic indexing prints its index as Python writes it; a full slice keeps a
// static size, a computed size of 1 is dynamic (not broadcastable).
// CHECK-LABEL: func @basic_indexing
func.func @basic_indexing(%x: tensor<5x?x?xf32>, %i: tensor<i64>, %y: tensor<1x?xf32>) -> (tensor<5x?xf32>, tensor<5x?x?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.subtensor %{{.*}}[:, %{{.*}}, ::-2] : (tensor<5x?x?xf32>, tensor<i64>) -> tensor<5x?xf32>
  %0 = tessera.subtensor %x[:, %i, ::-2] : (tensor<5x?x?xf32>, tensor<i64>) -> tensor<5x?xf32>
  // CHECK: tessera.set_subtensor %{{.*}}[1:%{{.*}}, 0, 2:], %{{.*}} : (tensor<5x?x?xf32>, tensor<1x?xf32>, tensor<i64>) -> tensor<5x?x?xf32>
  %1 = tessera.set_subtensor %x[1:%i, 0, 2:], %y : (tensor<5x?x?xf32>, tensor<1x?xf32>, tensor<i64>) -> tensor<5x?x?xf32>
  // CHECK: tessera.inc_subtensor %{{.*}}[-1, :, :], %{{.*}} : (tensor<5x?x?xf32>, tensor<1x?xf32>) -> tensor<5x?x?xf32>
  %2 = tessera.inc_subtensor %1[-1, :, :], %y : (tensor<5x?x?xf32>, tensor<1x?xf32>) -> tensor<5x?x?xf32>
  // CHECK: tessera.subtensor %{{.*}}[2:3, :, %{{.*}}] : (tensor<5x?x?xf32>, tensor<i64>) -> tensor<?x?xf32>
  %3 = tessera.subtensor %2[2:3, :, %i] : (tensor<5x?x?xf32>, tensor<i64>) -> tensor<?x?xf32>
  return %0, %2, %3 : tensor<5x?xf32>, tensor<5x?x?xf32>, tensor<?x?xf32>
}

// Advanced indexing: integer arrays broadcast together, or one mask.
// CHECK-LABEL: func @advanced_indexing
func.func @advanced_indexing(%x: tensor<?x4x?xf64>, %i: tensor<?x1xi64>, %j: tensor<1x3xi32>, %m: tensor<?x4xi1>, %y: tensor<?x3x1xf64>) -> (tensor<?x?x3xf64>, tensor<?x?xf64>, tensor<?x4x?xf64>, tensor<?x4x?xf64>) {
  // CHECK: tessera.advanced_subtensor %{{.*}}[%{{.*}}, %{{.*}}] axis = 1 : (tensor<?x4x?xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x?x3xf64>
  %0 = tessera.advanced_subtensor %x[%i, %j] axis = 1 : (tensor<?x4x?xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x?x3xf64>
  // CHECK: tessera.advanced_subtensor %{{.*}}[%{{.*}}] axis = 0 : (tensor<?x4x?xf64>, tensor<?x4xi1>) -> tensor<?x?xf64>
  %1 = tessera.advanced_subtensor %x[%m] axis = 0 : (tensor<?x4x?xf64>, tensor<?x4xi1>) -> tensor<?x?xf64>
  // CHECK: tessera.advanced_set_subtensor %{{.*}}[%{{.*}}, %{{.*}}], %{{.*}} axis = 0 : (tensor<?x4x?xf64>, tensor<?x3x1xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x4x?xf64>
  %2 = tessera.advanced_set_subtensor %x[%i, %j], %y axis = 0 : (tensor<?x4x?xf64>, tensor<?x3x1xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x4x?xf64>
  // CHECK: tessera.advanced_inc_subtensor %{{.*}}[%{{.*}}, %{{.*}}], %{{.*}} axis = 0 : (tensor<?x4x?xf64>, tensor<?x3x1xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x4x?xf64>
  %3 = tessera.advanced_inc_subtensor %x[%i, %j], %y axis = 0 : (tensor<?x4x?xf64>, tensor<?x3x1xf64>, tensor<?x1xi64>, tensor<1x3xi32>) -> tensor<?x4x?xf64>
  return %0, %1, %2, %3 : tensor<?x?x3xf64>, tensor<?x?xf64>, tensor<?x4x?xf64>, tensor<?x4x?xf64>
}

// CHECK-LABEL: func @nonzero
func.func @nonzero(%m: tensor<?x3xi1>) -> (tensor<?xi64>, tensor<?xi64>) {
  // CHECK: tessera.nonzero %{{.*}} : tensor<?x3xi1> -> tensor<?xi64>, tensor<?xi64>
  %0:2 = tessera.nonzero %m : tensor<?x3xi1> -> tensor<?xi64>, tensor<?xi64>
  return %0#0, %0#1 : tensor<?xi64>, tensor<?xi64>
}

// CHECK-LABEL: func @joins_and_flags
func.func @joins_and_flags(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>) -> (tensor<?x3xf32>, tensor<1x3xf32>) {
  // CHECK: tessera.concatenate %{{.*}}, %{{.*}} axis = 0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  %0 = tessera.concatenate %a, %b axis = 0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  // CHECK: tessera.rebroadcast %{{.*}} [true, false] : tensor<?x3xf32> -> tensor<1x3xf32>
  %1 = tessera.rebroadcast %0 [true, false] : tensor<?x3xf32> -> tensor<1x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<1x3xf32>
}

// CHECK-LABEL: func @cumulative
func.func @cumulative(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: tessera.cumsum %{{.*}} axis = 1 : tensor<?x3xf32>
  %0 = tessera.cumsum %x axis = 1 : tensor<?x3xf32>
  // CHECK: tessera.cumprod %{{.*}} axis = 0 : tensor<?x3xf32>
  %1 = tessera.cumprod %x axis = 0 : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func @batched_dot
func.func @batched_dot(%a: tensor<?x2x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x2xf32> {
  // CHECK: tessera.batched_dot %{{.*}}, %{{.*}} : (tensor<?x2x3xf32>, tensor<?x3xf32>) -> tensor<?x2xf32>
  %0 = tessera.batched_dot %a, %b : (tensor<?x2x3xf32>, tensor<?x3xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// CHECK-LABEL: func @argsort
func.func @argsort(%x: tensor<?x3xf32>) -> tensor<?x3xi64> {
  // CHECK: tessera.argsort %{{.*}} axis = 0 : tensor<?x3xf32> -> tensor<?x3xi64>
  %0 = tessera.argsort %x axis = 0 : tensor<?x3xf32> -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// CHECK-LABEL: func @linear_algebra
func.func @linear_algebra(%a: tensor<?x?xf64>, %b: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<f64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) {
  // CHECK: tessera.matrix_inverse %{{.*}} : tensor<?x?xf64>
  %0 = tessera.matrix_inverse %a : tensor<?x?xf64>
  // CHECK: tessera.det %{{.*}} : tensor<?x?xf64> -> tensor<f64>
  %1 = tessera.det %a : tensor<?x?xf64> -> tensor<f64>
  // CHECK: tessera.cholesky %{{.*}} : tensor<?x?xf64>
  %2 = tessera.cholesky %a : tensor<?x?xf64>
  // CHECK: tessera.solve %{{.*}}, %{{.*}} general : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %3 = tessera.solve %a, %b general : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  // CHECK: tessera.solve %{{.*}}, %{{.*}} lower_triangular : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %4 = tessera.solve %a, %b lower_triangular : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1, %2, %3, %4 : tensor<?x?xf64>, tensor<f64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
}

// CHECK-LABEL: func @split
func.func @split(%x: tensor<?x5xf32>, %sizes: tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  // CHECK: tessera.split %{{.*}}, %{{.*}} axis = 1 : (tensor<?x5xf32>, tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  %0:2 = tessera.split %x, %sizes axis = 1 : (tensor<?x5xf32>, tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %0#0, %0#1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func @control_flow
func.func @control_flow(%c: tensor<i1>, %n: tensor<i64>, %xs: tensor<?x3xf64>, %h0: tensor<2x3xf64>) -> (tensor<?xf64>, tensor<?x3xf64>, tensor<3xf64>) {
  // CHECK: tessera.ifelse %{{.*}} : tensor<i1> -> tensor<?xf64> {
  // CHECK: tessera.yield %{{.*}} : tensor<2xf64>
  // CHECK: } else {
  // CHECK: tessera.yield %{{.*}} : tensor<?xf64>
  %0 = tessera.ifelse %c : tensor<i1> -> tensor<?xf64> {
    %a = arith.constant dense<1.0> : tensor<2xf64>
    tessera.yield %a : tensor<2xf64>
  } else {
    %z = arith.constant dense<0.0> : tensor<f64>
    %b = tessera.shape_i %xs[0] : tensor<?x3xf64>
    %e = tessera.alloc %z, %b : (tensor<f64>, tensor<i64>) -> tensor<?xf64>
    tessera.yield %e : tensor<?xf64>
  }
  // CHECK: tessera.scan steps(%{{.*}} : tensor<i64>) sequences(%{{.*}} : tensor<?x3xf64>) initial(%{{.*}} : tensor<2x3xf64>) {keep = ["all", "last"], taps = [array<i64: -2, -1>], until} -> tensor<?x3xf64>, tensor<3xf64> {
  // CHECK: ^bb0(%{{.*}}: tensor<3xf64>, %{{.*}}: tensor<3xf64>, %{{.*}}: tensor<3xf64>):
  // CHECK: tessera.yield %{{.*}}, %{{.*}}, %{{.*}} : tensor<3xf64>, tensor<3xf64>, tensor<i1>
  %1:2 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?x3xf64>) initial(%h0 : tensor<2x3xf64>) {keep = ["all", "last"], taps = [array<i64: -2, -1>], until} -> tensor<?x3xf64>, tensor<3xf64> {
  ^bb0(%x: tensor<3xf64>, %h2: tensor<3xf64>, %h1: tensor<3xf64>):
    %s = tessera.add %h2, %h1 : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    %y = tessera.mul %s, %x : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    %stop = arith.constant dense<false> : tensor<i1>
    tessera.yield %s, %y, %stop : tensor<3xf64>, tensor<3xf64>, tensor<i1>
  }
  return %0, %1#0, %1#1 : tensor<?xf64>, tensor<?x3xf64>, tensor<3xf64>
}
