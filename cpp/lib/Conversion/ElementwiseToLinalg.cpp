//===- ElementwiseToLinalg.cpp - Elementwise tessera ops to linalg --------===//
//
// Each elementwise op becomes one `linalg.generic` whose body is the op's
// `buildScalar` (upstream elementwise fusion merges them later). Theano
// broadcasting is in the indexing maps: an operand dimension that broadcasts
// (a static 1 where the result is not 1) is read at index 0. (Collapsing such
// dimensions with `tensor.collapse_shape` keeps maps projected permutations,
// but linalg's fusion then propagates the reshapes instead of fusing.)
// Dimensions whose sizes are only known at run time get a `tessera.check`.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

AffineMap broadcastingMap(OpBuilder &b, Value operand,
                          RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(operand.getType());
  SmallVector<AffineExpr> indices;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    indices.push_back(type.getDimSize(dim) == 1 &&
                              resultType.getDimSize(dim) != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(dim));
  return AffineMap::get(type.getRank(), 0, indices, b.getContext());
}

/// The result's size in each dimension, read off the first operand that does
/// not broadcast there; every other such operand is checked to agree.
SmallVector<Value> checkedResultSizes(OpBuilder &b, Operation *op,
                                      ValueRange operands,
                                      RankedTensorType resultType) {
  Location loc = op->getLoc();
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < resultType.getRank(); ++dim) {
    std::optional<size_t> reference;
    Value referenceSize;
    for (auto [i, operand] : llvm::enumerate(operands)) {
      int64_t size = cast<RankedTensorType>(operand.getType()).getDimSize(dim);
      if (size == 1)
        continue;
      if (!reference) {
        reference = i;
        referenceSize = dimOf(b, loc, operand, dim);
        continue;
      }
      int64_t referenceStatic =
          cast<RankedTensorType>(operands[*reference].getType())
              .getDimSize(dim);
      if (!ShapedType::isDynamic(size) &&
          !ShapedType::isDynamic(referenceStatic))
        continue; // Equal: the verifier checked.
      checkEqual(b, loc, referenceSize, dimOf(b, loc, operand, dim),
                 "Input dimension mismatch in " + describeOp(op) + ": input[" +
                     Twine(*reference) + "].shape[" + Twine(dim) +
                     "] = {lhs}, input[" + Twine(i) + "].shape[" + Twine(dim) +
                     "] = {rhs}");
    }
    sizes.push_back(referenceSize ? referenceSize
                                  : dimOf(b, loc, operands.front(), dim));
  }
  return sizes;
}

struct ElementwiseToGeneric
    : public OpInterfaceConversionPattern<ElementwiseOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(ElementwiseOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op->getResult(0).getType()));
    int64_t rank = resultType.getRank();

    SmallVector<Value> sizes =
        checkedResultSizes(rewriter, op, operands, resultType);
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    SmallVector<AffineMap> maps;
    for (Value operand : operands)
      maps.push_back(broadcastingMap(rewriter, operand, resultType));
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);

    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, operands, init, maps, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          // Bools are stored as i8; the scalar bodies see them as i1.
          SmallVector<Value> elements;
          for (auto [arg, type] :
               llvm::zip(args.drop_back(/*output*/ 1), op->getOperandTypes()))
            elements.push_back(
                cast<RankedTensorType>(type).getElementType().isInteger(1)
                    ? arith::TruncIOp::create(b, bodyLoc, b.getI1Type(), arg)
                          .getResult()
                    : arg);
          Value result = op.buildScalar(b, bodyLoc, elements);
          if (result.getType().isInteger(1))
            result = arith::ExtUIOp::create(
                b, bodyLoc, resultType.getElementType(), result);
          linalg::YieldOp::create(b, bodyLoc, result);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

} // namespace

void mlir::tessera::populateElementwiseLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ElementwiseToGeneric>(converter, patterns.getContext());
}
