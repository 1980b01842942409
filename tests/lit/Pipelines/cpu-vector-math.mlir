// RUN: tessera-opt %s --tessera-cpu-pipeline=libmvec-isa=avx512 | FileCheck %s
// RUN: tessera-opt %s --tessera-cpu-pipeline | FileCheck %s --check-prefix=SCALAR
// Math stays in vector registers: on the final IR of every elementwise math
// op, in f32 and f64, no scalar C-library call and no vector intrinsic that
// LLVM would scalarize into such calls; libmvec or inline polynomials
// compute them. Without libmvec (the pipeline's default, for hosts without
// it) f64 math calls the C library lane by lane.

// CHECK-LABEL: llvm.func @math_f64(
// CHECK-DAG: llvm.call @_ZGVeN8v_exp(
// CHECK-DAG: llvm.call @_ZGVeN8v_sin(
// CHECK-DAG: llvm.call @_ZGVeN8vv_atan2(
// CHECK-DAG: llvm.call @_ZGVeN8v_erf(
// CHECK-LABEL: llvm.func @_mlir_ciface_math_f64(
// CHECK-LABEL: llvm.func @math_f32(
// CHECK-DAG: llvm.call @_ZGVeN16v_sinf(
// CHECK-DAG: llvm.call @_ZGVeN16v_sinhf(
// CHECK-LABEL: llvm.func @_mlir_ciface_math_f32(
// CHECK-NOT: llvm.call @{{[a-z0-9]+}}(
// CHECK-NOT: llvm.intr.{{(exp|exp2|log|log2|log10|sin|cos|tan|pow)}}(
// SCALAR-LABEL: llvm.func @math_f64(
// SCALAR: llvm.intr.exp(%{{.*}}) : (vector<8xf64>)
// SCALAR: llvm.call @erf(%{{.*}}) : (f64) -> f64
func.func @math_f64(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %0 = tessera.exp %a : tensor<?xf64>
  %1 = tessera.log %0 : tensor<?xf64>
  %2 = tessera.tanh %1 : tensor<?xf64>
  %3 = tessera.sin %2 : tensor<?xf64>
  %4 = tessera.sinh %3 : tensor<?xf64>
  %5 = tessera.arctan2 %4, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %6 = tessera.erf %5 : tensor<?xf64>
  %7 = tessera.log1p %6 : tensor<?xf64>
  %8 = tessera.pow %7, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %9 = tessera.gammaln %8 : tensor<?xf64>
  %10 = tessera.psi %9 : tensor<?xf64>
  %11 = tessera.erfinv %10 : tensor<?xf64>
  return %11 : tensor<?xf64>
}

func.func @math_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tessera.exp %a : tensor<?xf32>
  %1 = tessera.log %0 : tensor<?xf32>
  %2 = tessera.tanh %1 : tensor<?xf32>
  %3 = tessera.sin %2 : tensor<?xf32>
  %4 = tessera.sinh %3 : tensor<?xf32>
  %5 = tessera.erf %4 : tensor<?xf32>
  %6 = tessera.arccos %5 : tensor<?xf32>
  %7 = tessera.gamma %6 : tensor<?xf32>
  %8 = tessera.erfcinv %7 : tensor<?xf32>
  return %8 : tensor<?xf32>
}
