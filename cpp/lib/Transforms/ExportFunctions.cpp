//===- ExportFunctions.cpp - Public functions get a C interface -----------===//

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAEXPORTFUNCTIONS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// strided<[?, ..., ?, 1], offset: ?>: any strides but a unit innermost one.
StridedLayoutAttr unitInnerStrideLayout(MLIRContext *context, int64_t rank) {
  SmallVector<int64_t> strides(rank, ShapedType::kDynamic);
  strides.back() = 1;
  return StridedLayoutAttr::get(context, ShapedType::kDynamic, strides);
}

struct TesseraExportFunctionsPass
    : public tessera::impl::TesseraExportFunctionsBase<
          TesseraExportFunctionsPass> {
  using TesseraExportFunctionsBase::TesseraExportFunctionsBase;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(context));
      for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        if (!tensor)
          continue;
        // The caller's arrays are read-only to compiled code: an op that
        // writes into an argument (set_subtensor) writes into a copy.
        func.setArgAttr(index,
                        bufferization::BufferizationDialect::kWritableAttrName,
                        BoolAttr::get(context, false));
        if (unitInnerStrides && tensor.getRank() > 0)
          func.setArgAttr(
              index, bufferization::BufferizationDialect::kBufferLayoutAttrName,
              unitInnerStrideLayout(context, tensor.getRank()));
      }
    }
  }
};

} // namespace
