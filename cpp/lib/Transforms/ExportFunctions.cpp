//===- ExportFunctions.cpp - Public functions get a C interface -----------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAEXPORTFUNCTIONS
#include "tessera/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {
struct TesseraExportFunctionsPass
    : public tessera::impl::TesseraExportFunctionsBase<
          TesseraExportFunctionsPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(&getContext()));
  }
};
} // namespace
