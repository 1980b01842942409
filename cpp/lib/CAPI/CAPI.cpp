//===- CAPI.cpp - What the Python extension calls -------------------------===//

#include "tessera/CAPI.h"

#include "../Runtime/JitCompiler.h"
#include "mlir/CAPI/IR.h"
#include "mlir/IR/BuiltinOps.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Pipelines/Pipelines.h"

void tesseraRegisterDialect(MlirContext context, bool load) {
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  unwrap(context)->appendDialectRegistry(registry);
  if (load)
    unwrap(context)->getOrLoadDialect<mlir::tessera::TesseraDialect>();
}

void tesseraRegisterPassesAndPipelines(void) {
  mlir::tessera::registerPassesAndPipelines();
}

std::unique_ptr<tessera::Executable>
tessera::compileModule(MlirModule module, const CompileOptions &options,
                       std::string &error) {
  // Lower a copy: the caller's module stays the IR they emitted.
  mlir::OwningOpRef<mlir::ModuleOp> copy = unwrap(module).clone();
  return jitCompile(*copy, options, error);
}
