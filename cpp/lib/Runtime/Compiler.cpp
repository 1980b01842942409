//===- Compiler.cpp - The embedding API's compiler ------------------------===//

#include "JitCompiler.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace tessera;

struct Compiler::Impl {
  // Shared with the Executables, which keep their lowered modules in it.
  std::shared_ptr<mlir::MLIRContext> context =
      std::make_shared<mlir::MLIRContext>();
};

Compiler::Compiler() : impl_(std::make_unique<Impl>()) {
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  impl_->context->appendDialectRegistry(registry);
  // The context keeps MLIR's thread pool (started on first use): it runs the
  // lowering's function passes and LLVM's compile of a large module's parts.
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
        impl_->context.get(), [&](mlir::Diagnostic &diag) {
          errors << diag.getLocation() << ": error: " << diag << "\n";
          return mlir::success();
        });
    mlir::ParserConfig config(impl_->context.get());
    module = mlir::parseSourceString<mlir::ModuleOp>(
        llvm::StringRef(source.data(), source.size()), config, "<source>");
  }
  if (!module)
    return nullptr;
  return jitCompile(std::move(module), impl_->context, options, error);
}
