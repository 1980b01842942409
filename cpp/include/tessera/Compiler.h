//===- Compiler.h - Embedding Tessera in a C++ program ----------*- C++ -*-===//
//
// The public C++ API: compile a module of the tessera dialect for the CPU and
// call its functions on strided arrays. This header needs only the C++
// standard library; MLIR stays behind it. Nothing here throws: failures come
// back as a `Status` or an empty pointer with a message.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_COMPILER_H
#define TESSERA_COMPILER_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

/// Element types of Tessera tensors (Theano's dtypes), as tessera/DTypes.def
/// lists them.
enum class DType : uint8_t {
#define TESSERA_DTYPE(enumerator, name, mlirType, kind, bytes) enumerator,
#include "tessera/DTypes.def"
};

/// What one dtype is in each world that meets it.
struct DTypeInfo {
  DType dtype;
  const char *name;     // NumPy's name, e.g. "float32"
  const char *mlirType; // The MLIR element type, e.g. "f32"
  char kind;            // NumPy's kind: 'b', 'i' or 'f'
  size_t bytes;         // Bytes per element
};

/// Every dtype, in the order of tessera/DTypes.def.
const std::vector<DTypeInfo> &dtypes();
/// The dtype's Theano/NumPy name, e.g. "float32".
const char *dtypeName(DType dtype);
/// Bytes per element.
size_t dtypeSize(DType dtype);

/// The static type of a function argument or result: a ranked tensor whose
/// sizes are known (>= 0) or dynamic (-1).
struct TensorType {
  DType dtype;
  std::vector<int64_t> shape;
};

struct FunctionSignature {
  std::string name;
  std::vector<TensorType> inputs;
  std::vector<TensorType> outputs;
};

/// An array in memory that the caller owns, as NumPy and DLPack describe one.
/// `shape` and `strides` point at `rank` values each; strides are in elements
/// and may be anything, including 0 or negative.
struct ArrayView {
  void *data;
  DType dtype;
  int64_t rank;
  const int64_t *shape;
  const int64_t *strides;
};

/// An array that compiled code allocated; it keeps its buffer alive.
struct Array {
  std::shared_ptr<void> buffer; // The allocation `data` points into.
  void *data;
  DType dtype;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides; // In elements.

  int64_t size() const;
  /// Element `index` (row-major over `shape`), read as T; T must match dtype.
  template <typename T> T at(int64_t index) const;
};

/// Which rewrites the optimization phase applies (Theano's `optimizer`).
enum class Optimizer : uint8_t {
  FastRun,     // Every rewrite (Theano's FAST_RUN mode).
  FastCompile, // Only what correctness needs (FAST_COMPILE).
  None,        // Nothing that may be left out (optimizer=None).
};

/// How much of the optimization phase runs: a prefix of its pass executions
/// and of one pass's pattern applications. DEBUG_MODE bisects over it to
/// find the rewrite that changed a result.
struct OptimizationLimit {
  /// Passes [0, passes) of the optimization phase run whole; -1: every pass.
  int64_t passes = -1;
  /// Pass `passes` then attempts only its first `rewrites` pattern
  /// applications (its folders still run); -1: it is skipped. The passes
  /// after it are skipped, except those correctness needs (autodiff).
  int64_t rewrites = -1;
};

/// One pass execution of the optimization phase, as it happened.
struct OptimizationStep {
  std::string pass;          // The pass's argument, e.g. "canonicalize".
  bool ran = true;           // False where an OptimizationLimit skipped it.
  int64_t rewriteAttempts = 0; // Pattern applications it attempted.
  /// With a limit on its rewrites, the last pattern application it
  /// attempted: "LogOfOnePlus on tessera.log (created at model.py:12)".
  std::string lastRewrite;
};

/// How to compile a module.
struct CompileOptions {
  Optimizer optimizer = Optimizer::FastRun;
  /// A pass pipeline in tessera-opt's syntax (e.g. "tessera-autodiff,cse")
  /// that replaces the optimization phase `optimizer` selects; it must
  /// expand gradients. Empty: the phase of `optimizer`.
  std::string optimizationPipeline;
  /// Entry points assume arguments contiguous in their innermost dimension,
  /// so vectorized code loads whole vectors; a call with any other input is
  /// refused with an error status. Set false to accept any strides.
  bool unitInnerStrides = true;
  /// NanGuardMode: which values are errors when a function computes them
  /// (NaN, infinities, magnitudes above 1e10).
  bool guardNan = false, guardInf = false, guardBig = false;
  /// Large matrix products call BLAS where a library is loaded (loadBlas);
  /// false: every product is generated code.
  bool blas = true;
  /// The most threads a call's parallel loops (and its BLAS calls) use;
  /// 0: every core the process may run on; 1: no parallel loops are
  /// compiled.
  int threads = 0;
  /// A loop with fewer elements than this runs on one thread (Theano's
  /// `openmp_elemwise_minsize`).
  int64_t parallelMinWork = 200000;
  /// How much of the optimization phase runs (all of it by default).
  OptimizationLimit optimizationLimit;
  /// Pass debugging: when set, receives the IR after each pass of the
  /// pipeline as text, in mlir-opt's --mlir-print-ir-after-all format.
  std::function<void(std::string_view)> printIRAfterEachPass;
};

/// What kind of error a failed call reports: one row each of the error table
/// (docs/errors.md), so that bindings raise the matching exception.
enum class ErrorKind : uint8_t {
  None,
  Type,   // A wrong dtype, rank or number of arguments (Python: TypeError)
  Value,  // Sizes that disagree, a bad argument (Python: ValueError)
  Index,  // An index out of range (Python: IndexError)
  Memory, // An allocation that cannot succeed (Python: MemoryError)
  LinAlg, // A singular system or failed factorisation
          // (numpy.linalg.LinAlgError)
  NanGuard, // NanGuardMode found a NaN, Inf or huge value (AssertionError)
};

/// Success, or a failure of some kind with a message for the user.
class Status {
public:
  static Status success() { return Status(); }
  static Status failure(std::string message,
                        ErrorKind kind = ErrorKind::Value) {
    Status status;
    status.kind_ = kind;
    status.message_ = std::move(message);
    return status;
  }
  bool ok() const { return kind_ == ErrorKind::None; }
  explicit operator bool() const { return ok(); }
  ErrorKind kind() const { return kind_; }
  const std::string &message() const { return message_; }

private:
  ErrorKind kind_ = ErrorKind::None;
  std::string message_;
};

/// A JIT-compiled module: its functions, callable any number of times from
/// any thread.
class Executable {
public:
  struct Impl;
  explicit Executable(std::unique_ptr<Impl> impl);
  ~Executable();
  Executable(const Executable &) = delete;
  Executable &operator=(const Executable &) = delete;

  const std::vector<FunctionSignature> &functions() const;
  /// The index of the function called `name` in `functions()`, or -1.
  int findFunction(std::string_view name) const;

  /// Calls function `index` on `inputs` (checked against its signature: count,
  /// dtype, rank, static sizes, and unit innermost strides if compiled for
  /// them) and appends its results to `outputs`.
  Status call(int index, const ArrayView *inputs, size_t numInputs,
              std::vector<Array> &outputs) const;
  Status call(std::string_view name, const std::vector<ArrayView> &inputs,
              std::vector<Array> &outputs) const;

  /// The module after `tessera-cpu-pipeline`: what was handed to LLVM.
  const std::string &loweredIR() const;
  /// The passes of this compile in tessera-opt's syntax: `tessera-opt
  /// --pass-pipeline='builtin.module(<pipeline>)'` on the compiled module
  /// prints loweredIR(). It is tessera-cpu-pipeline with the options chosen
  /// for this host and compile (vector math, masks, threads), preceded by
  /// CompileOptions::optimizationPipeline where one replaced the phase.
  const std::string &pipeline() const;
  /// The passes of the optimization phase, in the order they were executed.
  const std::vector<OptimizationStep> &optimizationSteps() const;
  /// Whether entry points need unit innermost strides (CompileOptions).
  bool requiresUnitInnerStrides() const;

private:
  std::unique_ptr<Impl> impl_;
};

/// Large matrix products call OpenBLAS: the library of the scipy-openblas64
/// wheel (`scipy_openblas64.get_lib_dir()`), loaded from `path` once per
/// process (later calls change nothing). Until one is loaded, or when
/// loading fails, products are generated code. Python loads the wheel's
/// library when `tessera` is imported.
Status loadBlas(const std::string &path);
/// Whether loadBlas succeeded: compiles from then on call BLAS.
bool blasLoaded();

/// How many threads the most recent parallel loop of this process ran on
/// (0 before any; 1 when it was below CompileOptions::parallelMinWork or
/// limited to one thread).
int lastParallelLoopThreads();

/// Compiles MLIR source text in the tessera dialect (upstream dialects may be
/// mixed in) with `tessera-cpu-pipeline` and the LLVM JIT.
class Compiler {
public:
  Compiler();
  ~Compiler();
  Compiler(const Compiler &) = delete;
  Compiler &operator=(const Compiler &) = delete;

  /// Returns the executable, or null with `error` set to MLIR's diagnostics
  /// (each with its source location).
  std::unique_ptr<Executable> compile(std::string_view source,
                                      std::string &error,
                                      const CompileOptions &options = {});

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

template <typename T> T Array::at(int64_t index) const {
  int64_t offset = 0;
  for (size_t dim = shape.size(); dim-- > 0;) {
    offset += (index % shape[dim]) * strides[dim];
    index /= shape[dim];
  }
  return static_cast<const T *>(data)[offset];
}

} // namespace tessera

#endif // TESSERA_COMPILER_H
