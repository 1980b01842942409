//===- TesseraToLinalg.cpp - The convert-tessera-to-linalg pass -----------===//
//
// The patterns live beside their op families (ElementwiseToLinalg.cpp,
// ContractionsToLinalg.cpp, ReductionsToLinalg.cpp, ShapesToLinalg.cpp,
// IndexingToLinalg.cpp, NNetToLinalg.cpp, SortToScf.cpp,
// LinearAlgebraToScf.cpp).
// `tessera.check` ops, which the patterns create, stay for
// `tessera-lower-checks`. Bool tensors become i8 tensors everywhere: in
// signatures, calls and the structural ops of scf (upstream's structural
// type conversions).
//
//===----------------------------------------------------------------------===//

#include "tessera/Conversion/TesseraToLinalg.h"

#include "LoweringUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_CONVERTTESSERATOLINALG
#include "tessera/ConversionPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

TesseraTypeConverter::TesseraTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    return type.clone(storageElementType(type.getElementType()));
  });
}

namespace {

/// Bool tensor constants are stored as i8 constants of 0 and 1.
struct BoolConstantToI8 : public OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<DenseIntElementsAttr>(op.getValue());
    Type type = getTypeConverter()->convertType(op.getType());
    if (!value || type == op.getType())
      return failure();
    auto storage = cast<ShapedType>(type).getElementType();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type,
        value.mapValues(storage, [](const APInt &bit) { return bit.zext(8); }));
    return success();
  }
};

/// Wraps the location of every tessera op in a NameLoc of the op's name, so
/// that what it lowers to still names it in run-time errors.
void nameLocationsByOp(Operation *root) {
  root->walk([](Operation *op) {
    if (!isa<TesseraDialect>(op->getDialect()) || isa<CheckOp>(op))
      return;
    StringAttr name = op->getName().getIdentifier();
    if (auto named = dyn_cast<NameLoc>(op->getLoc());
        named && named.getName() == name)
      return;
    op->setLoc(NameLoc::get(name, op->getLoc()));
  });
}

struct ConvertTesseraToLinalgPass
    : public mlir::tessera::impl::ConvertTesseraToLinalgBase<
          ConvertTesseraToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    nameLocationsByOp(getOperation());
    TesseraTypeConverter converter;
    ConversionTarget target(*context);
    target.addIllegalDialect<TesseraDialect>();
    target.addLegalOp<CheckOp>();
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp func) {
      return converter.isSignatureLegal(func.getFunctionType());
    });
    RewritePatternSet patterns(context);
    populateTesseraToLinalgPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    patterns.add<BoolConstantToI8>(converter, context);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::tessera::populateTesseraToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(converter, patterns);
  populateContractionLoweringPatterns(converter, patterns);
  populateReductionLoweringPatterns(converter, patterns);
  populateNNetLoweringPatterns(converter, patterns);
  populateShapeLoweringPatterns(converter, patterns);
  populateIndexingLoweringPatterns(converter, patterns);
  populateSortLoweringPatterns(converter, patterns);
  populateLinearAlgebraLoweringPatterns(converter, patterns);
}
