// Embeds Tessera in a C++ program: parses a module of the tessera dialect,
// lowers and JIT-compiles it, and runs it on arrays this program owns.
// Includes only <tessera/...> headers; exits non-zero if a result is wrong.
// With an argument, large products call the OpenBLAS at that path (the
// scipy-openblas64 wheel's library).

#include <tessera/Compiler.h>

#include <cmath>
#include <cstdio>
#include <vector>

// y = exp(x + b) with b broadcast over the rows of x, z = x . v, and
// s = m . m.
static const char *kModule = R"mlir(
func.func @affine_exp(%x: tensor<?x3xf32>, %b: tensor<1x3xf32>) -> tensor<?x3xf32> {
  %0 = tessera.add %x, %b : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<?x3xf32>
  %1 = tessera.exp %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}
func.func @matvec(%x: tensor<?x3xf32>, %v: tensor<3xf32>) -> tensor<?xf32> {
  %0 = tessera.dot %x, %v : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
func.func @square(%m: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = tessera.dot %m, %m : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
)mlir";

int main(int argc, char **argv) {
  if (argc > 1) {
    if (tessera::Status status = tessera::loadBlas(argv[1]); !status) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      return 1;
    }
    std::printf("BLAS loaded\n");
  }
  // An Executable may outlive the Compiler that made it.
  std::string error;
  std::unique_ptr<tessera::Executable> executable =
      tessera::Compiler().compile(kModule, error);
  if (!executable) {
    std::fprintf(stderr, "compile failed:\n%s", error.c_str());
    return 1;
  }

  const int64_t rows = 5;
  std::vector<float> x(rows * 3), b = {0.5f, -1.0f, 0.25f}, v = {1, 2, 3};
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = 0.1f * static_cast<float>(i);
  const int64_t xShape[] = {rows, 3}, xStrides[] = {3, 1};
  const int64_t bShape[] = {1, 3}, vShape[] = {3}, unitStride[] = {1};
  tessera::ArrayView xView{x.data(), tessera::DType::Float32, 2, xShape,
                           xStrides};
  tessera::ArrayView bView{b.data(), tessera::DType::Float32, 2, bShape,
                           xStrides};
  tessera::ArrayView vView{v.data(), tessera::DType::Float32, 1, vShape,
                           unitStride};

  std::vector<tessera::Array> outputs;
  if (tessera::Status status =
          executable->call("affine_exp", {xView, bView}, outputs);
      !status) {
    std::fprintf(stderr, "call failed: %s\n", status.message().c_str());
    return 1;
  }
  if (tessera::Status status = executable->call("matvec", {xView, vView}, outputs);
      !status) {
    std::fprintf(stderr, "call failed: %s\n", status.message().c_str());
    return 1;
  }

  int wrong = 0;
  const tessera::Array &y = outputs[0], &z = outputs[1];
  for (int64_t r = 0; r < rows; ++r) {
    float dot = 0;
    for (int64_t c = 0; c < 3; ++c) {
      float expected = std::exp(x[r * 3 + c] + b[c]);
      float got = y.at<float>(r * 3 + c);
      wrong += std::fabs(got - expected) > 1e-5f * expected;
      std::printf("%s%.6f", c ? " " : "affine_exp: ", got);
      dot += x[r * 3 + c] * v[c];
    }
    float got = z.at<float>(r);
    wrong += std::fabs(got - dot) > 1e-5f * std::fabs(dot) + 1e-6f;
    std::printf("  matvec: %.6f\n", got);
  }

  // A product large enough for BLAS (when loaded): 32^3 multiply-adds.
  const int64_t n = 32;
  std::vector<float> m(n * n);
  for (int64_t i = 0; i < n * n; ++i)
    m[i] = static_cast<float>((i * 7) % 11) - 5.0f;
  const int64_t mShape[] = {n, n}, mStrides[] = {n, 1};
  tessera::ArrayView mView{m.data(), tessera::DType::Float32, 2, mShape,
                           mStrides};
  if (tessera::Status status = executable->call("square", {mView}, outputs);
      !status) {
    std::fprintf(stderr, "call failed: %s\n", status.message().c_str());
    return 1;
  }
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float expected = 0;
      for (int64_t k = 0; k < n; ++k)
        expected += m[i * n + k] * m[k * n + j];
      wrong += outputs[2].at<float>(i * n + j) != expected; // Exact: integers.
    }
  std::printf("square: %s\n", wrong ? "wrong" : "right");

  // A call with a wrong input is an error status, not a crash.
  std::vector<tessera::Array> unused;
  tessera::Status bad = executable->call("matvec", {vView, vView}, unused);
  std::printf("bad call: %s\n", bad.message().c_str());
  wrong += bad.ok();

  // What LLVM compiled (the LLVM dialect), printed when asked for.
  bool lowered = executable->loweredIR().find(
                     "llvm.func @_mlir_ciface_square") != std::string::npos;
  std::printf("lowered IR: %s\n", lowered ? "has the entry points" : "missing");
  wrong += !lowered;

  std::printf(wrong ? "MISMATCH\n" : "OK\n");
  return wrong ? 1 : 0;
}
