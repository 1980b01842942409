//===- JitCompiler.h - Lowering and JIT-compiling a module ------*- C++ -*-===//

#ifndef TESSERA_LIB_RUNTIME_JITCOMPILER_H
#define TESSERA_LIB_RUNTIME_JITCOMPILER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "tessera/Compiler.h"

namespace tessera {

/// Lowers `module` with tessera-cpu-pipeline and JIT-compiles it for the
/// host CPU. The Executable keeps the lowered module, printed only when
/// asked for (Executable::loweredIR), and `context` if given; without it,
/// the caller keeps the module's context alive as long as the Executable.
/// On failure returns null and sets `error` to the diagnostics.
std::unique_ptr<Executable>
jitCompile(mlir::OwningOpRef<mlir::ModuleOp> module,
           std::shared_ptr<mlir::MLIRContext> context,
           const CompileOptions &options, std::string &error);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_JITCOMPILER_H
