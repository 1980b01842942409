//===- Blas.cpp - Matrix products at BLAS speed ---------------------------===//
//
// OpenBLAS is opened with dlopen, so that Tessera builds and runs without it
// (products are then generated code) and takes the wheel's library from
// wherever pip put it. The scipy-openblas64 build has 64-bit integers
// (ILP64) and prefixed names, so it cannot clash with another BLAS in the
// process (NumPy's own copy included).
//
//===----------------------------------------------------------------------===//

#include "Blas.h"
#include "RuntimeCalls.h"
#include "tessera/Compiler.h"
#include "tessera/Dialect/TesseraDialect.h"

#include <algorithm>
#include <atomic>
#include <dlfcn.h>
#include <mutex>
#include <optional>
#include <type_traits>

using namespace tessera;

namespace {

// The CBLAS enumerators (cblas.h).
enum Layout : int { RowMajor = 101 };
enum Transpose : int { NoTrans = 111, Trans = 112 };

template <typename T>
using Gemm = void (*)(int layout, int transA, int transB, int64_t m, int64_t n,
                      int64_t k, T alpha, const T *a, int64_t lda, const T *b,
                      int64_t ldb, T beta, T *c, int64_t ldc);
template <typename T>
using Gemv = void (*)(int layout, int trans, int64_t m, int64_t n, T alpha,
                      const T *a, int64_t lda, const T *x, int64_t incx, T beta,
                      T *y, int64_t incy);

/// The entry points Tessera uses, resolved once when the library loads.
struct BlasLibrary {
  Gemm<float> sgemm = nullptr;
  Gemm<double> dgemm = nullptr;
  Gemv<float> sgemv = nullptr;
  Gemv<double> dgemv = nullptr;
  // Thread settings (process-wide in OpenBLAS); absent in some builds.
  int (*getThreads)() = nullptr;
  void (*setThreads)(int) = nullptr;

  template <typename T> Gemm<T> gemm() const {
    if constexpr (std::is_same_v<T, float>)
      return sgemm;
    else
      return dgemm;
  }
  template <typename T> Gemv<T> gemv() const {
    if constexpr (std::is_same_v<T, float>)
      return sgemv;
    else
      return dgemv;
  }
};

std::mutex loading;
// Set once, by the first successful loadBlas; read by every call.
std::atomic<const BlasLibrary *> loaded{nullptr};

const BlasLibrary &blas() { return *loaded.load(std::memory_order_acquire); }

/// A 2-D operand as BLAS takes it in row-major layout: `data` with `ld`
/// between rows, transposed or not.
template <typename T> struct BlasMatrix {
  const T *data;
  int transpose;
  int64_t ld;
};

/// A strided matrix (rows x cols, strides in elements), possibly a view
/// with a zero or negative stride.
template <typename T> struct Strided {
  T *data;
  int64_t rows, cols, rowStride, colStride;

  static Strided of(const StridedMemRefType<T, 2> &memref) {
    return {memref.data + memref.offset, memref.sizes[0], memref.sizes[1],
            memref.strides[0], memref.strides[1]};
  }
  Strided transposed() const {
    return {data, cols, rows, colStride, rowStride};
  }
  /// The operand as BLAS can read it, if a stride is 1 and the other spans
  /// a whole row (a dimension of size 1 may have any stride).
  std::optional<BlasMatrix<T>> asBlas() const {
    int64_t rs = rows == 1 ? std::max<int64_t>(cols, 1) : rowStride;
    int64_t cs = cols == 1 ? 1 : colStride;
    if (cs == 1 && rs >= std::max<int64_t>(cols, 1))
      return BlasMatrix<T>{data, NoTrans, rs};
    int64_t rsT = rows == 1 ? 1 : rowStride;
    int64_t csT = cols == 1 ? std::max<int64_t>(rows, 1) : colStride;
    if (rsT == 1 && csT >= std::max<int64_t>(rows, 1))
      return BlasMatrix<T>{data, Trans, csT};
    return std::nullopt;
  }
  T &at(int64_t row, int64_t col) const {
    return data[row * rowStride + col * colStride];
  }
};

/// `matrix` readable by BLAS: itself, or a contiguous copy in `storage`.
template <typename T>
BlasMatrix<T> readable(const Strided<T> &matrix, std::vector<T> &storage) {
  if (std::optional<BlasMatrix<T>> direct = matrix.asBlas())
    return *direct;
  storage.resize(matrix.rows * matrix.cols);
  for (int64_t i = 0; i < matrix.rows; ++i)
    for (int64_t j = 0; j < matrix.cols; ++j)
      storage[i * matrix.cols + j] = matrix.at(i, j);
  return {storage.data(), NoTrans, std::max<int64_t>(matrix.cols, 1)};
}

/// c (+)= a b for strided matrices of agreeing sizes.
template <typename T>
void matmul(Strided<T> a, Strided<T> b, Strided<T> c, bool accumulate) {
  int64_t m = c.rows, n = c.cols, k = a.cols;
  if (m == 0 || n == 0)
    return;
  // A result BLAS cannot write in row-major order may be column-major: its
  // transpose is then row-major, and c^T = b^T a^T.
  std::optional<BlasMatrix<T>> out = c.asBlas();
  if (out && out->transpose == Trans)
    return matmul(b.transposed(), a.transposed(), c.transposed(), accumulate);
  std::vector<T> aCopy, bCopy, cCopy;
  BlasMatrix<T> lhs = readable(a, aCopy), rhs = readable(b, bCopy);
  T *result = c.data;
  int64_t ldc = out ? out->ld : std::max<int64_t>(n, 1);
  if (!out) {
    cCopy.assign(m * n, T(0));
    result = cCopy.data();
    if (accumulate)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          cCopy[i * n + j] = c.at(i, j);
  }
  blas().template gemm<T>()(RowMajor, lhs.transpose, rhs.transpose, m, n, k,
                            T(1), lhs.data, lhs.ld, rhs.data, rhs.ld,
                            accumulate ? T(1) : T(0), result, ldc);
  if (!out)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        c.at(i, j) = cCopy[i * n + j];
}

/// y (+)= a x for a strided matrix and vectors (a vector with a zero stride
/// is copied: BLAS refuses it).
template <typename T>
void matvec(Strided<T> a, T *x, int64_t xStride, T *y, int64_t yStride,
            bool accumulate) {
  int64_t m = a.rows, n = a.cols;
  if (m == 0)
    return;
  std::vector<T> aCopy, xCopy, yCopy;
  if (n > 1 && xStride == 0) {
    xCopy.assign(n, *x);
    x = xCopy.data();
    xStride = 1;
  }
  T *result = y;
  if (m > 1 && yStride == 0) { // Only a broadcast view: never a result.
    yCopy.assign(m, T(0));
    result = yCopy.data();
  }
  BlasMatrix<T> matrix = readable(a, aCopy);
  // gemv's sizes are those of the stored (untransposed) matrix.
  int64_t rows = matrix.transpose == NoTrans ? m : n;
  int64_t cols = matrix.transpose == NoTrans ? n : m;
  blas().template gemv<T>()(RowMajor, matrix.transpose, rows, cols, T(1),
                            matrix.data, matrix.ld, x, xStride ? xStride : 1,
                            accumulate ? T(1) : T(0), result,
                            yStride ? yStride : 1);
}

/// For the duration of a product, OpenBLAS uses at most the current call's
/// thread count (CompileOptions::threads): a function compiled for one
/// thread runs its products on one too. OpenBLAS's setting is shared with
/// NumPy, so it is restored afterwards; at the default (every core) nothing
/// is changed.
class ThreadCap {
public:
  ThreadCap() {
    const BlasLibrary &library = blas();
    if (!library.getThreads || !library.setThreads)
      return;
    int cap = currentCallThreads(), current = library.getThreads();
    if (cap < current) {
      library.setThreads(cap);
      restore = current;
    }
  }
  ~ThreadCap() {
    if (restore)
      blas().setThreads(restore);
  }
  ThreadCap(const ThreadCap &) = delete;
  ThreadCap &operator=(const ThreadCap &) = delete;

private:
  int restore = 0;
};

template <typename T>
void matmulCall(StridedMemRefType<T, 2> *a, StridedMemRefType<T, 2> *b,
                StridedMemRefType<T, 2> *c, int64_t accumulate) {
  ThreadCap cap;
  matmul(Strided<T>::of(*a), Strided<T>::of(*b), Strided<T>::of(*c),
         accumulate != 0);
}

template <typename T>
void batchMatmulCall(StridedMemRefType<T, 3> *a, StridedMemRefType<T, 3> *b,
                     StridedMemRefType<T, 3> *c, int64_t accumulate) {
  ThreadCap cap;
  auto slice = [](StridedMemRefType<T, 3> *batch, int64_t index) {
    return Strided<T>{batch->data + batch->offset + index * batch->strides[0],
                      batch->sizes[1], batch->sizes[2], batch->strides[1],
                      batch->strides[2]};
  };
  for (int64_t index = 0; index < c->sizes[0]; ++index)
    matmul(slice(a, index), slice(b, index), slice(c, index),
           accumulate != 0);
}

template <typename T>
void matvecCall(StridedMemRefType<T, 2> *a, StridedMemRefType<T, 1> *x,
                StridedMemRefType<T, 1> *y, int64_t accumulate) {
  ThreadCap cap;
  matvec(Strided<T>::of(*a), x->data + x->offset, x->strides[0],
         y->data + y->offset, y->strides[0], accumulate != 0);
}

} // namespace

Status tessera::loadBlas(const std::string &path) {
  std::lock_guard<std::mutex> lock(loading);
  if (loaded.load())
    return Status::success();
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return Status::failure("cannot load BLAS from '" + path + "': " +
                           dlerror());
  auto *functions = new BlasLibrary; // Lives as long as the process.
  auto resolve = [&](auto &function, const char *symbol) {
    function = reinterpret_cast<std::decay_t<decltype(function)>>(
        dlsym(library, symbol));
    return function != nullptr;
  };
  if (!resolve(functions->sgemm, "scipy_cblas_sgemm64_") ||
      !resolve(functions->dgemm, "scipy_cblas_dgemm64_") ||
      !resolve(functions->sgemv, "scipy_cblas_sgemv64_") ||
      !resolve(functions->dgemv, "scipy_cblas_dgemv64_")) {
    delete functions;
    dlclose(library);
    return Status::failure("'" + path +
                           "' is not the OpenBLAS of scipy-openblas64 (it "
                           "lacks scipy_cblas_sgemm64_ and its kin)");
  }
  if (!resolve(functions->getThreads, "scipy_openblas_get_num_threads64_") ||
      !resolve(functions->setThreads, "scipy_openblas_set_num_threads64_"))
    functions->getThreads = nullptr, functions->setThreads = nullptr;
  loaded.store(functions, std::memory_order_release);
  return Status::success();
}

bool tessera::blasLoaded() { return loaded.load() != nullptr; }

std::vector<std::pair<std::string, void *>> tessera::blasRuntimeSymbols() {
  using Dialect = mlir::tessera::TesseraDialect;
  using Call = Dialect::BlasCall;
  auto entry = [](Call call, unsigned floatBits, void *function) {
    return std::make_pair(
        "_mlir_ciface_" + Dialect::getBlasFunctionName(call, floatBits),
        function);
  };
  return {
      entry(Call::Matmul, 32, reinterpret_cast<void *>(&matmulCall<float>)),
      entry(Call::Matmul, 64, reinterpret_cast<void *>(&matmulCall<double>)),
      entry(Call::BatchMatmul, 32,
            reinterpret_cast<void *>(&batchMatmulCall<float>)),
      entry(Call::BatchMatmul, 64,
            reinterpret_cast<void *>(&batchMatmulCall<double>)),
      entry(Call::Matvec, 32, reinterpret_cast<void *>(&matvecCall<float>)),
      entry(Call::Matvec, 64, reinterpret_cast<void *>(&matvecCall<double>)),
  };
}
