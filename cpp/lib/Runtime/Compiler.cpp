//===- Compiler.cpp - The embedding API's compiler ------------------------===//

#include "JitCompiler.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace tessera;

struct Compiler::Impl {
  mlir::MLIRContext context;
};

Compiler::Compiler() : impl_(std::make_unique<Impl>()) {
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  impl_->context.appendDialectRegistry(registry);
  // The JIT compiles one module at a time; MLIR's thread pool would only add
  // start-up cost to each compile.
  impl_->context.disableMultithreading();
}

Compiler::~Compiler() = default;

std::unique_ptr<Executable> Compiler::compile(std::string_view source,
                                              std::string &error,
                                              const CompileOptions &options) {
  error.clear();
  llvm::raw_string_ostream errors(error);
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    mlir::ScopedDiagnosticHandler handler(
        &impl_->context, [&](mlir::Diagnostic &diag) {
          errors << diag.getLocation() << ": error: " << diag << "\n";
          return mlir::success();
        });
    mlir::ParserConfig config(&impl_->context);
    module = mlir::parseSourceString<mlir::ModuleOp>(
        llvm::StringRef(source.data(), source.size()), config, "<source>");
  }
  if (!module)
    return nullptr;
  return jitCompile(*module, options, error);
}
