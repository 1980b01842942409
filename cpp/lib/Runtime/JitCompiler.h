//===- JitCompiler.h - Lowering and JIT-compiling a module ------*- C++ -*-===//

#ifndef TESSERA_LIB_RUNTIME_JITCOMPILER_H
#define TESSERA_LIB_RUNTIME_JITCOMPILER_H

#include "mlir/IR/BuiltinOps.h"
#include "tessera/Compiler.h"

namespace tessera {

/// Lowers `module` in place with tessera-cpu-pipeline and JIT-compiles it for
/// the host CPU. On failure returns null and sets `error` to the diagnostics.
std::unique_ptr<Executable> jitCompile(mlir::ModuleOp module,
                                       const CompileOptions &options,
                                       std::string &error);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_JITCOMPILER_H
