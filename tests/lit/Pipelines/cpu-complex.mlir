// RUN: tessera-opt %s --tessera-cpu-pipeline=parallel=false | FileCheck %s
// (parallel=false: the loops stay in their functions; threads are tested in
// cpu-backend-parallel.mlir.)
// Complex numbers reach the LLVM dialect as {re, im} structs with scalar
// arithmetic (complex-to-standard, then complex-to-llvm): the vectorizer
// leaves complex loops scalar.

// CHECK-LABEL: llvm.func @f(
// CHECK-NOT: complex.
// CHECK: llvm.extractvalue %{{.*}}[0] : !llvm.struct<(f64, f64)>
// CHECK: llvm.intr.exp(%{{.*}}) : (f64) -> f64
// CHECK-NOT: vector<{{.*}}complex
// CHECK-NOT: complex.
func.func @f(%a: tensor<?xcomplex<f64>>) -> tensor<complex<f64>> {
  %0 = tessera.exp %a : tensor<?xcomplex<f64>>
  %1 = tessera.sum %0 axes = [0] : tensor<?xcomplex<f64>> -> tensor<complex<f64>>
  return %1 : tensor<complex<f64>>
}
