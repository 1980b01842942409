//===- MachineCode.h - LLVM dialect to linked machine code ------*- C++ -*-===//
//
// The last step of a compile: the LLVM-dialect module becomes LLVM IR,
// optimized IR, machine code, and code linked in memory. A large module is
// split into parts by function, and the parts are optimized and compiled on
// the MLIR context's threads, each taking the next part when it is done with
// one (LLVM compiles one module on one thread); ORC links them together.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_RUNTIME_MACHINECODE_H
#define TESSERA_LIB_RUNTIME_MACHINECODE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/CodeGen.h"

namespace tessera {

struct MachineCodeOptions {
  unsigned optLevel = 0; // LLVM's -O level for the IR (0 to 3).
  llvm::CodeGenOptLevel codeGenLevel = llvm::CodeGenOptLevel::None;
  /// The threads that compile the module's parts; 1 compiles it whole.
  unsigned threads = 1;
};

/// Functions of the runtime that compiled code calls, by name.
using RuntimeSymbols = std::vector<std::pair<std::string, void *>>;

/// Compiles the LLVM-dialect `module` for the host CPU and links it into a
/// new JIT, where its functions can call `symbols` and the process's. Each
/// entry point it defines (`_mlir_ciface_<name>`, func-to-llvm's C interface)
/// gets a packed wrapper (`packedEntryPointName`). The module is left as it
/// was.
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
compileToMachineCode(mlir::ModuleOp module, const MachineCodeOptions &options,
                     const RuntimeSymbols &symbols);

/// The symbol of entry point `name`'s packed wrapper: `void wrapper(void
/// **args)` loads argument i from args[i] and stores a result (if any) at
/// args[n].
std::string packedEntryPointName(llvm::StringRef name);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_MACHINECODE_H
