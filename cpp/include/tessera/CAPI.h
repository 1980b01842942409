//===- CAPI.h - What the Python extension calls -----------------*- C++ -*-===//
//
// The Python extension is built with RTTI (nanobind needs it), the dialect and
// compiler without (as LLVM is). Only MLIR C API handles and the std-only
// types of tessera/Compiler.h cross between the two.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_CAPI_H
#define TESSERA_CAPI_H

#include "mlir-c/IR.h"
#include "tessera/Compiler.h"

/// Adds the tessera dialect (and the upstream dialects and interface models
/// its pipelines need) to `context`; loads it if `load`.
extern "C" void tesseraRegisterDialect(MlirContext context, bool load);

/// Whether the op `name` states a derivative rule (DifferentiableOpInterface):
/// a gradient, or the explicit statement that its operands get none.
extern "C" bool tesseraOpHasDerivativeRule(MlirContext context,
                                           MlirStringRef name);

/// Registers the tessera passes and pipelines in the global pass registry.
extern "C" void tesseraRegisterPassesAndPipelines(void);

namespace tessera {
/// Lowers a copy of `module` with tessera-cpu-pipeline and JIT-compiles it;
/// null with `error` set to MLIR's diagnostics on failure. The Executable
/// keeps the lowered copy, in `module`'s context: keep that context alive as
/// long as the Executable.
std::unique_ptr<Executable> compileModule(MlirModule module,
                                          const CompileOptions &options,
                                          std::string &error);

/// The result types of an `opName` op applied to operands of `operandTypes`
/// with `attributes` (a DictionaryAttr, or null for none), where a non-null
/// `constantOperands[i]` is operand i's known value: what the op's
/// InferTypeOpInterface infers, so the Python builder types its graph by the
/// dialect's own rules. On failure returns false with `error` set to the
/// op's diagnostic.
bool inferResultTypes(MlirContext context, std::string_view opName,
                      const std::vector<MlirType> &operandTypes,
                      const std::vector<MlirAttribute> &constantOperands,
                      MlirAttribute attributes, MlirLocation location,
                      std::vector<MlirType> &results, std::string &error);

/// The entries of a basic index (`tessera.subtensor` and its updates) that
/// stand for a bound given by an operand and for a bound left out.
struct BasicIndexSentinels {
  int64_t dynamic;
  int64_t omitted;
};
BasicIndexSentinels basicIndexSentinels();

/// The most bytes one buffer may take (TesseraDialect::getLargestAllocation).
int64_t largestAllocation();

/// The names of `tessera.solve`'s matrix structures, by value.
std::vector<std::string> matrixStructureNames();
} // namespace tessera

#endif // TESSERA_CAPI_H
