//===- WidenBoolMemRefs.cpp - memref<...xi1> as memref<...xi8> ------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAWIDENBOOLMEMREFS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

class BoolMemRefConverter : public TypeConverter {
public:
  BoolMemRefConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](MemRefType type) -> Type {
      if (!type.getElementType().isInteger(1))
        return type;
      return type.clone(IntegerType::get(type.getContext(), 8));
    });
  }
};

struct WidenLoad : public OpConversionPattern<memref::LoadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(memref::LoadOp load, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value byte = memref::LoadOp::create(
        rewriter, load.getLoc(), adaptor.getMemref(), adaptor.getIndices());
    rewriter.replaceOpWithNewOp<arith::TruncIOp>(load, load.getType(), byte);
    return success();
  }
};

struct WidenStore : public OpConversionPattern<memref::StoreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(memref::StoreOp store, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type byteType =
        cast<MemRefType>(adaptor.getMemref().getType()).getElementType();
    Value byte = arith::ExtUIOp::create(rewriter, store.getLoc(), byteType,
                                        adaptor.getValue());
    rewriter.replaceOpWithNewOp<memref::StoreOp>(
        store, byte, adaptor.getMemref(), adaptor.getIndices());
    return success();
  }
};

/// Any other region-free op (alloc, cast, dealloc, ...) keeps its semantics
/// with the widened types.
struct RetypeOp : public ConversionPattern {
  RetypeOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/0,
                          context) {}
  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0)
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    Operation *retyped = rewriter.clone(*op);
    retyped->setOperands(operands);
    for (auto [result, type] : llvm::zip(retyped->getResults(), resultTypes))
      result.setType(type);
    rewriter.replaceOp(op, retyped->getResults());
    return success();
  }
};

struct TesseraWidenBoolMemRefsPass
    : public mlir::tessera::impl::TesseraWidenBoolMemRefsBase<
          TesseraWidenBoolMemRefsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    BoolMemRefConverter converter;
    ConversionTarget target(*context);
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp func) {
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    });
    RewritePatternSet patterns(context);
    patterns.add<WidenLoad, WidenStore, RetypeOp>(converter, context);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
