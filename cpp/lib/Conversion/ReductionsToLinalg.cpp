//===- ReductionsToLinalg.cpp - Reduction families to linalg --------------===//
//
// One pattern per family. Reductions (`ReductionOpInterface`) become a
// `linalg.reduce` whose identity and combiner come from upstream arith for
// the op's `arith::AtomicRMWKind`. Arg-reductions (`ArgReductionOpInterface`)
// become a `linalg.generic` with two outputs, the extremum and its position.
// Reducing an empty axis is checked at run time where NumPy raises.
// Cumulative reductions (cumsum, cumprod) become an scf.for along the axis
// that combines each slice with the one before it.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// The reassociation that re-inserts the reduced dimensions as size-1 ones:
/// each reduced dimension joins the group of a neighbouring kept one.
SmallVector<ReassociationIndices>
keepdimsReassociation(int64_t rank, ArrayRef<int64_t> axes) {
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

/// The number of elements in the reduced axes of `x`.
Value reducedCount(OpBuilder &b, Location loc, Value x,
                   ArrayRef<int64_t> axes) {
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t axis : axes)
    count = arith::MulIOp::create(b, loc, count, dimOf(b, loc, x, axis));
  return count;
}

/// A run-time check that the reduced axes are not empty.
void checkNotEmpty(OpBuilder &b, Operation *op, Value x,
                   ArrayRef<int64_t> axes) {
  Location loc = op->getLoc();
  Value count = reducedCount(b, loc, x, axes);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value nonEmpty =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, count, zero);
  checkThat(b, loc, nonEmpty, count, zero,
            "In " + describeOp(op) +
                ": the reduced axes are empty, and the reduction has no "
                "identity (NumPy raises here too)");
}

/// Re-inserts reduced dimensions as size-1 ones when the op keeps them.
Value keepDimsIfNeeded(OpBuilder &b, Location loc, Value reduced,
                       Type resultType, int64_t rank, ArrayRef<int64_t> axes,
                       bool keepdims) {
  if (!keepdims)
    return reduced;
  return tensor::ExpandShapeOp::create(b, loc, resultType, reduced,
                                       keepdimsReassociation(rank, axes));
}

bool hasIdentity(arith::AtomicRMWKind kind) {
  switch (kind) {
  case arith::AtomicRMWKind::maximumf:
  case arith::AtomicRMWKind::maxs:
  case arith::AtomicRMWKind::minimumf:
  case arith::AtomicRMWKind::mins:
    return false; // NumPy has no maximum of nothing.
  default:
    return true;
  }
}

/// Whether `kind` multiplies (else it adds): the only reductions of complex
/// numbers.
bool isProduct(arith::AtomicRMWKind kind) {
  return kind == arith::AtomicRMWKind::mulf ||
         kind == arith::AtomicRMWKind::muli;
}

/// 0 or 1 as a complex number (arith has no complex identities).
Value complexIdentity(OpBuilder &b, Location loc, arith::AtomicRMWKind kind,
                      ComplexType type) {
  Type part = type.getElementType();
  return complex::ConstantOp::create(
      b, loc, type,
      b.getArrayAttr({b.getFloatAttr(part, isProduct(kind) ? 1.0 : 0.0),
                      b.getFloatAttr(part, 0.0)}));
}

Value complexReduction(OpBuilder &b, Location loc, arith::AtomicRMWKind kind,
                       Value lhs, Value rhs) {
  if (isProduct(kind))
    return complex::MulOp::create(b, loc, lhs, rhs);
  return complex::AddOp::create(b, loc, lhs, rhs);
}

struct ReductionToLinalg
    : public OpInterfaceConversionPattern<ReductionOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(ReductionOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    Value x = operands.front();
    auto xType = cast<RankedTensorType>(x.getType());
    Type element = xType.getElementType();
    ArrayRef<int64_t> axes = op.getReducedAxes();
    arith::AtomicRMWKind kind = op.getCombiningKind();
    if (!hasIdentity(kind))
      checkNotEmpty(rewriter, op, x, axes);

    SmallVector<int64_t> shape;
    SmallVector<Value> sizes;
    keptDims(rewriter, loc, x, axes, shape, sizes);
    // Bools are i8 in lowered tensors; their identity is still 0 or 1.
    Type original = op.getInput().getType().getElementType();
    auto complexType = dyn_cast<ComplexType>(element);
    Value identity =
        complexType ? complexIdentity(rewriter, loc, kind, complexType)
                    : arith::getIdentityValue(kind, original, rewriter, loc);
    if (original != element && !complexType)
      identity = arith::ExtUIOp::create(rewriter, loc, element, identity);
    Value init = filledTensor(rewriter, loc, identity, shape, sizes);
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{x}, ValueRange{init}, axes,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          linalg::YieldOp::create(
              b, bodyLoc,
              complexType
                  ? complexReduction(b, bodyLoc, kind, args[0], args[1])
                  : arith::getReductionOp(kind, b, bodyLoc, args[0], args[1]));
        });
    Type resultType =
        getTypeConverter()->convertType(op->getResult(0).getType());
    rewriter.replaceOp(op, keepDimsIfNeeded(rewriter, loc, reduce.getResult(0),
                                            resultType, xType.getRank(), axes,
                                            op.keepsDims()));
    return success();
  }
};

/// Whether `candidate` replaces `current` as the extremum seen so far: it is
/// strictly beyond it (so the first occurrence wins), or it is the first NaN.
Value replacesExtremum(OpBuilder &b, Location loc, Value candidate,
                       Value current, bool maximum) {
  if (!isa<FloatType>(candidate.getType()))
    return arith::CmpIOp::create(
        b, loc, maximum ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
        candidate, current);
  Value beyond = arith::CmpFOp::create(
      b, loc, maximum ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
      candidate, current);
  Value candidateIsNaN = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::UNO, candidate, candidate);
  Value currentIsNumber = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::ORD, current, current);
  return arith::OrIOp::create(
      b, loc, beyond,
      arith::AndIOp::create(b, loc, candidateIsNaN, currentIsNumber));
}

struct ArgReductionToLinalg
    : public OpInterfaceConversionPattern<ArgReductionOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(ArgReductionOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    Value x = operands.front();
    auto xType = cast<RankedTensorType>(x.getType());
    Type element = xType.getElementType();
    int64_t rank = xType.getRank();
    ArrayRef<int64_t> axes = op.getReducedAxes();
    bool maximum = op.selectsMaximum();
    checkNotEmpty(rewriter, op, x, axes);

    SmallVector<int64_t> shape;
    SmallVector<Value> sizes;
    keptDims(rewriter, loc, x, axes, shape, sizes);
    Type i64 = rewriter.getI64Type();
    // Start from the value every element replaces or equals, at index 0.
    Value start = arith::getIdentityValue(
        maximum ? (isa<FloatType>(element) ? arith::AtomicRMWKind::maximumf
                                           : arith::AtomicRMWKind::maxs)
                : (isa<FloatType>(element) ? arith::AtomicRMWKind::minimumf
                                           : arith::AtomicRMWKind::mins),
        element, rewriter, loc);
    Value initValues = filledTensor(rewriter, loc, start, shape, sizes);
    Value initIndices =
        filledTensor(rewriter, loc,
                     arith::ConstantOp::create(rewriter, loc, i64,
                                               rewriter.getI64IntegerAttr(0)),
                     shape, sizes);

    // Outputs are indexed by the kept dimensions, in order.
    SmallVector<AffineExpr> kept;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t dim = 0; dim < rank; ++dim) {
      bool reduced = llvm::is_contained(axes, dim);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (!reduced)
        kept.push_back(rewriter.getAffineDimExpr(dim));
    }
    AffineMap outputMap = AffineMap::get(rank, 0, kept, rewriter.getContext());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outputMap, outputMap};
    SmallVector<Value> reducedSizes;
    for (int64_t axis : axes)
      reducedSizes.push_back(dimOf(rewriter, loc, x, axis));

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{initValues.getType(), initIndices.getType()},
        ValueRange{x}, ValueRange{initValues, initIndices}, maps, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          // The row-major position within the reduced axes.
          Value position = arith::ConstantIndexOp::create(b, bodyLoc, 0);
          for (auto [axis, size] : llvm::zip(axes, reducedSizes))
            position = arith::AddIOp::create(
                b, bodyLoc, arith::MulIOp::create(b, bodyLoc, position, size),
                linalg::IndexOp::create(b, bodyLoc, axis));
          Value replaces =
              replacesExtremum(b, bodyLoc, args[0], args[1], maximum);
          Value index = arith::IndexCastOp::create(b, bodyLoc, i64, position);
          linalg::YieldOp::create(
              b, bodyLoc,
              ValueRange{arith::SelectOp::create(b, bodyLoc, replaces, args[0],
                                                 args[1]),
                         arith::SelectOp::create(b, bodyLoc, replaces, index,
                                                 args[2])});
        });
    SmallVector<Value> results;
    for (auto [result, reduced] :
         llvm::zip(op->getResults(), generic.getResults()))
      results.push_back(
          keepDimsIfNeeded(rewriter, loc, reduced,
                           getTypeConverter()->convertType(result.getType()),
                           rank, axes, op.keepsDims()));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

namespace {

/// A cumulative reduction: a loop along the axis that combines each slice
/// with the (already combined) one before it, in place.
template <typename CumulativeOp>
struct CumulativeToScf : public OpConversionPattern<CumulativeOp> {
  using OpConversionPattern<CumulativeOp>::OpConversionPattern;
  using OpAdaptor = typename CumulativeOp::Adaptor;
  LogicalResult
  matchAndRewrite(CumulativeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t axis = op.getAxis(), rank = type.getRank();
    arith::AtomicRMWKind kind = op.getCombiningKind();
    SmallVector<int64_t> sliceShape(type.getShape());
    sliceShape[axis] = 1;
    auto sliceType = RankedTensorType::get(sliceShape, type.getElementType());
    SmallVector<OpFoldResult> sizes =
        getAsOpFoldResult(dimsOf(rewriter, loc, x));
    sizes[axis] = rewriter.getIndexAttr(1);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, one, dimOf(rewriter, loc, x, axis), one, ValueRange{x},
        [&](OpBuilder &b, Location bodyLoc, Value i, ValueRange acc) {
          auto at = [&](Value position) {
            SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
            offsets[axis] = position;
            return offsets;
          };
          Value previous = arith::SubIOp::create(b, bodyLoc, i, one);
          Value before = tensor::ExtractSliceOp::create(
              b, bodyLoc, sliceType, acc[0], at(previous), sizes, strides);
          Value current = tensor::ExtractSliceOp::create(
              b, bodyLoc, sliceType, acc[0], at(i), sizes, strides);
          Value combined =
              linalg::GenericOp::create(
                  b, bodyLoc, sliceType, ValueRange{before, current},
                  ValueRange{current}, SmallVector<AffineMap>(3, identity),
                  SmallVector<utils::IteratorType>(
                      rank, utils::IteratorType::parallel),
                  [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                    linalg::YieldOp::create(
                        nested, nestedLoc,
                        arith::getReductionOp(kind, nested, nestedLoc, args[0],
                                              args[1]));
                  })
                  .getResult(0);
          scf::YieldOp::create(
              b, bodyLoc,
              ValueRange{tensor::InsertSliceOp::create(
                  b, bodyLoc, combined, acc[0], at(i), sizes, strides)});
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

} // namespace

void mlir::tessera::populateReductionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReductionToLinalg, ArgReductionToLinalg,
               CumulativeToScf<CumsumOp>, CumulativeToScf<CumprodOp>>(
      converter, patterns.getContext());
}
