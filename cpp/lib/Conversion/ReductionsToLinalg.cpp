//===- ReductionsToLinalg.cpp - tessera.sum/max to linalg.reduce ----------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// The reassociation that re-inserts the reduced dimensions as size-1 ones:
/// each reduced dimension joins the group of a neighbouring kept one.
SmallVector<ReassociationIndices> keepdimsReassociation(int64_t rank,
                                                        ArrayRef<int64_t> axes) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t dim = 0; dim < rank; ++dim) {
    pending.push_back(dim);
    if (llvm::is_contained(axes, dim))
      continue;
    groups.push_back(pending);
    pending.clear();
  }
  if (!groups.empty())
    llvm::append_range(groups.back(), pending);
  return groups;
}

template <typename ReductionOp>
struct ReductionToLinalg : public OpConversionPattern<ReductionOp> {
  using OpConversionPattern<ReductionOp>::OpConversionPattern;
  using OpAdaptor = typename ReductionOp::Adaptor;

  static constexpr bool isSum = std::is_same_v<ReductionOp, SumOp>;

  LogicalResult
  matchAndRewrite(ReductionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    Type element = xType.getElementType();
    ArrayRef<int64_t> axes = op.getAxes();

    SmallVector<int64_t> reducedShape;
    SmallVector<Value> reducedSizes;
    for (int64_t dim = 0; dim < xType.getRank(); ++dim) {
      if (llvm::is_contained(axes, dim))
        continue;
      reducedShape.push_back(xType.getDimSize(dim));
      reducedSizes.push_back(dimOf(rewriter, loc, x, dim));
    }
    auto reducedType = RankedTensorType::get(reducedShape, element);
    Value identity = isSum ? zeroOf(rewriter, loc, element)
                           : lowestOf(rewriter, loc, element);
    Value init =
        linalg::FillOp::create(rewriter, loc, identity,
                               emptyTensor(rewriter, loc, reducedType,
                                           reducedSizes))
            .getResult(0);
    bool isFloat = isa<FloatType>(element);
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{x}, ValueRange{init}, axes,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          Value combined;
          if (isSum)
            combined =
                isFloat ? arith::AddFOp::create(b, bodyLoc, args[0], args[1])
                              .getResult()
                        : arith::AddIOp::create(b, bodyLoc, args[0], args[1])
                              .getResult();
          else
            combined = isFloat ? arith::MaximumFOp::create(b, bodyLoc, args[0],
                                                           args[1])
                                     .getResult()
                               : arith::MaxSIOp::create(b, bodyLoc, args[0],
                                                        args[1])
                                     .getResult();
          linalg::YieldOp::create(b, bodyLoc, combined);
        });
    Value result = reduce.getResult(0);
    if (op.getKeepdims())
      result = tensor::ExpandShapeOp::create(
          rewriter, loc, op.getType(), result,
          keepdimsReassociation(xType.getRank(), axes));
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::tessera::populateReductionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReductionToLinalg<SumOp>, ReductionToLinalg<MaxOp>>(converter, patterns.getContext());
}
