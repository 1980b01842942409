//===- TesseraBase.td - The tessera dialect and its type constraints ------===//
//
// Theano's tensors are ranked: the rank and the broadcastable flags are static,
// the other sizes dynamic unless known. A broadcastable dimension is a static
// size-1 dimension of the tensor type (`tensor<?x1xf32>` is a column).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_BASE_TD
#define TESSERA_BASE_TD

include "mlir/IR/OpBase.td"

def Tessera_Dialect : Dialect {
  let name = "tessera";
  let cppNamespace = "::mlir::tessera";
  let summary = "Theano's symbolic tensor operations";
  let description = [{
    One op per Theano function (`tessera.add`, `tessera.exp`, `tessera.dot`,
    ...) on ranked tensors. Broadcasting follows Theano: an operand dimension
    broadcasts only when it is a static 1 in its type; all other sizes must
    agree, statically when known and at run time otherwise.
  }];
  // Folded tessera ops become arith.constant.
  let hasConstantMaterializer = 1;
  let hasCanonicalizer = 1;
  // The dialects of the ops' scalar definitions (buildScalar), which
  // constant folding builds at compile time.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::complex::ComplexDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
  let extraClassDeclaration = [{
    /// Names shared by the compiler and its runtime, defined once here.
    /// The module attribute listing each run-time check's kind and message,
    /// indexed by the id compiled code reports.
    static constexpr ::llvm::StringLiteral getChecksAttrName() {
      return "tessera.checks";
    }
    /// The runtime function compiled code calls when a check fails:
    /// `void tessera_check_failed(i64 id, i64 lhs, i64 rhs)`.
    static constexpr ::llvm::StringLiteral getCheckFailedFunctionName() {
      return "tessera_check_failed";
    }
    /// The runtime function compiled code calls before each allocation
    /// (tessera-check-allocations): `void tessera_allocation_site(i64 id,
    /// i64 bytes)`. If the runtime's allocator cannot provide the buffer
    /// that follows, it reports check `id` with `bytes` as its `lhs`.
    static constexpr ::llvm::StringLiteral getAllocationSiteFunctionName() {
      return "tessera_allocation_site";
    }
    /// The runtime function that runs a parallel loop on worker threads
    /// (tessera-lower-parallel-calls): `void tessera_parallel_for(ptr task,
    /// ptr record, i64 lower, i64 upper, i64 step, i64 work, i64 minWork)`,
    /// where `task(record, begin, end)` runs the iterations [begin, end).
    static constexpr ::llvm::StringLiteral getParallelForFunctionName() {
      return "tessera_parallel_for";
    }
    /// Marks the functions tessera-parallelize-loops makes of parallel
    /// loops, which tessera-lower-parallel-calls calls through the runtime;
    /// its value (i64) is the work below which a call stays on one thread.
    static constexpr ::llvm::StringLiteral getParallelBodyAttrName() {
      return "tessera.parallel_body";
    }
    /// The most bytes one buffer may take: far beyond any machine, and small
    /// enough that no size arithmetic on it wraps around. Compiled code
    /// checks run-time sizes against it (tessera-check-allocations), the
    /// runtime's allocator refuses more, and the Python builder refuses
    /// static sizes beyond it.
    static constexpr int64_t getLargestAllocation() { return int64_t(1) << 62; }
    /// The contractions compiled code hands the runtime's BLAS
    /// (tessera-contractions-to-blas), each for f32 and f64:
    /// `tessera_blas_<call>_f<bits>(a, b, c, i64 accumulate)` computes
    /// c (+)= a b on memrefs of any strides, passed by the C interface
    /// (`_mlir_ciface_` + the name).
    enum class BlasCall { Matmul, BatchMatmul, Matvec };
    static std::string getBlasFunctionName(BlasCall call, unsigned floatBits) {
      const char *names[] = {"matmul", "batch_matmul", "matvec"};
      return std::string("tessera_blas_") + names[static_cast<int>(call)] +
             "_f" + std::to_string(floatBits);
    }
  }];
}

// Theano dtypes: bool, int8..int64 (signless integers read as signed) and
// float16..float64: the element types of cpp/include/tessera/DTypes.def (the
// table the runtime and Python share; tests/python/test_dialect_python.py
// checks that the two lists agree).
def Tessera_Tensor : RankedTensorOf<[I1, I8, I16, I32, I64, F16, F32, F64,
                                     Complex<F32>, Complex<F64>]>;
def Tessera_NumericTensor : RankedTensorOf<[I8, I16, I32, I64, F16, F32, F64]>;
// What + - * and sum/prod/dot take: numbers, complex ones included.
def Tessera_ArithmeticTensor : RankedTensorOf<[I8, I16, I32, I64, F16, F32, F64,
                                               Complex<F32>, Complex<F64>]>;
def Tessera_FloatTensor : RankedTensorOf<[F16, F32, F64]>;
// What true division, exp, log and sqrt take: floats and complex numbers.
def Tessera_InexactTensor : RankedTensorOf<[F16, F32, F64, Complex<F32>,
                                            Complex<F64>]>;
def Tessera_ComplexTensor : RankedTensorOf<[Complex<F32>, Complex<F64>]>;
def Tessera_BoolTensor : RankedTensorOf<[I1]>;
def Tessera_IntegerTensor : RankedTensorOf<[I8, I16, I32, I64]>;
def Tessera_BoolOrIntegerTensor : RankedTensorOf<[I1, I8, I16, I32, I64]>;

class Tessera_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tessera_Dialect, mnemonic, traits>;

#endif // TESSERA_BASE_TD
