//===- NNetToLinalg.cpp - softmax and log-softmax to linalg ---------------===//
//
// softmax becomes upstream's linalg.softmax, decomposed at once into its
// structured ops (the axis' maximum, exp(x - max) and its sum, a division).
// log-softmax has no upstream op: the same two reductions, then
// (x - max) - log(sum) elementwise. The softmax cross-entropy against labels
// and its gradient reuse them; labels are checked to lie in [0, classes).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Every dimension of `x`, as index values.
SmallVector<Value> dimsOf(OpBuilder &b, Location loc, Value x) {
  SmallVector<Value> dims;
  for (int64_t dim = 0; dim < cast<RankedTensorType>(x.getType()).getRank();
       ++dim)
    dims.push_back(dimOf(b, loc, x, dim));
  return dims;
}

struct SoftmaxToLinalg : public OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    Value init = emptyTensor(rewriter, loc, type, dimsOf(rewriter, loc, x));
    auto softmax = linalg::SoftmaxOp::create(rewriter, loc, TypeRange{type}, x,
                                             init, op.getAxis());
    FailureOr<SmallVector<Value>> decomposed =
        softmax.decomposeOperation(rewriter);
    if (failed(decomposed))
      return rewriter.notifyMatchFailure(op,
                                         "linalg.softmax did not decompose");
    rewriter.eraseOp(softmax);
    rewriter.replaceOp(op, decomposed->front());
    return success();
  }
};

/// The two reductions of every stable softmax along `axis` of `x`: the
/// maximum, and the sum of exp(x - maximum); with the indexing maps that read
/// them (`alongAxis`) from loops over `x` (`all`).
struct AxisReductions {
  Value maximum, sumOfExp;
  AffineMap all, alongAxis;
  SmallVector<Value> dims;
};

AxisReductions reduceAlongAxis(OpBuilder &b, Location loc, Value x,
                               int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  Type element = type.getElementType();
  int64_t rank = type.getRank();
  MLIRContext *context = b.getContext();
  AxisReductions reductions;
  reductions.dims = dimsOf(b, loc, x);
  SmallVector<int64_t> reducedShape;
  SmallVector<Value> reducedDims;
  SmallVector<AffineExpr> kept;
  SmallVector<utils::IteratorType> reducing;
  for (int64_t dim = 0; dim < rank; ++dim) {
    reducing.push_back(dim == axis ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (dim == axis)
      continue;
    reducedShape.push_back(type.getDimSize(dim));
    reducedDims.push_back(reductions.dims[dim]);
    kept.push_back(getAffineDimExpr(dim, context));
  }
  reductions.all = AffineMap::getMultiDimIdentityMap(rank, context);
  reductions.alongAxis = AffineMap::get(rank, 0, kept, context);
  auto reducedType = RankedTensorType::get(reducedShape, element);
  auto filled = [&](Value value) {
    Value empty = emptyTensor(b, loc, reducedType, reducedDims);
    return linalg::FillOp::create(b, loc, value, empty).getResult(0);
  };
  reductions.maximum =
      linalg::GenericOp::create(
          b, loc, reducedType, ValueRange{x},
          ValueRange{filled(lowestOf(b, loc, element))},
          ArrayRef<AffineMap>{reductions.all, reductions.alongAxis}, reducing,
          [](OpBuilder &nested, Location bodyLoc, ValueRange args) {
            Value larger =
                arith::MaximumFOp::create(nested, bodyLoc, args[0], args[1]);
            linalg::YieldOp::create(nested, bodyLoc, larger);
          })
          .getResult(0);
  reductions.sumOfExp =
      linalg::GenericOp::create(
          b, loc, reducedType, ValueRange{x, reductions.maximum},
          ValueRange{filled(zeroOf(b, loc, element))},
          ArrayRef<AffineMap>{reductions.all, reductions.alongAxis,
                              reductions.alongAxis},
          reducing,
          [](OpBuilder &nested, Location bodyLoc, ValueRange args) {
            Value shifted =
                arith::SubFOp::create(nested, bodyLoc, args[0], args[1]);
            Value term = math::ExpOp::create(nested, bodyLoc, shifted);
            Value total = arith::AddFOp::create(nested, bodyLoc, args[2], term);
            linalg::YieldOp::create(nested, bodyLoc, total);
          })
          .getResult(0);
  return reductions;
}

struct LogSoftmaxToLinalg : public OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    AxisReductions r = reduceAlongAxis(rewriter, loc, x, op.getAxis());
    SmallVector<utils::IteratorType> parallel(type.getRank(),
                                              utils::IteratorType::parallel);
    Value logSoftmax =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{x, r.maximum, r.sumOfExp},
            ValueRange{emptyTensor(rewriter, loc, type, r.dims)},
            ArrayRef<AffineMap>{r.all, r.alongAxis, r.alongAxis, r.all},
            parallel,
            [](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value shifted =
                  arith::SubFOp::create(b, bodyLoc, args[0], args[1]);
              Value logSum = math::LogOp::create(b, bodyLoc, args[2]);
              Value result = arith::SubFOp::create(b, bodyLoc, shifted, logSum);
              linalg::YieldOp::create(b, bodyLoc, result);
            })
            .getResult(0);
    rewriter.replaceOp(op, logSoftmax);
    return success();
  }
};

/// The extremum of all of `labels` (a rank-0 reduction), as an index.
Value labelExtremum(OpBuilder &b, Location loc, Value labels, bool maximum) {
  auto type = cast<RankedTensorType>(labels.getType());
  auto element = cast<IntegerType>(type.getElementType());
  APInt start = maximum ? APInt::getSignedMinValue(element.getWidth())
                        : APInt::getSignedMaxValue(element.getWidth());
  Value startValue = arith::ConstantOp::create(
      b, loc, element, b.getIntegerAttr(element, start));
  Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, element);
  Value init = linalg::FillOp::create(b, loc, startValue, empty).getResult(0);
  SmallVector<utils::IteratorType> reducing(type.getRank(),
                                            utils::IteratorType::reduction);
  MLIRContext *context = b.getContext();
  Value extremum =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{labels}, ValueRange{init},
          ArrayRef<AffineMap>{
              AffineMap::getMultiDimIdentityMap(type.getRank(), context),
              AffineMap::get(type.getRank(), 0, {}, context)},
          reducing,
          [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
            Value next =
                maximum
                    ? arith::MaxSIOp::create(nested, bodyLoc, args[0], args[1])
                          .getResult()
                    : arith::MinSIOp::create(nested, bodyLoc, args[0], args[1])
                          .getResult();
            linalg::YieldOp::create(nested, bodyLoc, next);
          })
          .getResult(0);
  Value scalar = tensor::ExtractOp::create(b, loc, extremum, ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), scalar);
}

/// Run-time checks that every label lies in [0, classes): IndexError.
void checkLabels(OpBuilder &b, Operation *op, Value labels, Value classes) {
  Location loc = op->getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value lowest = labelExtremum(b, loc, labels, /*maximum=*/false);
  Value highest = labelExtremum(b, loc, labels, /*maximum=*/true);
  std::string message = "In " + describeOp(op) +
                        ": label {lhs} is out of range for {rhs} classes";
  checkThat(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, lowest, zero),
      lowest, classes, message, CheckKind::index);
  checkThat(b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, highest,
                                  classes),
            highest, classes, message, CheckKind::index);
}

/// The index value of `label` (any integer type).
Value asIndex(OpBuilder &b, Location loc, Value label) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), label);
}

/// The losses' element of each row at its label, with the row's loop
/// indices: `body(builder, loc, labelled, args)` gives the row's loss from
/// x[row, label] and the generic's other inputs (`extra`, one per row).
Value rowLossAtLabel(
    ConversionPatternRewriter &rewriter, Location loc, Value x, Value labels,
    RankedTensorType resultType, ValueRange extra,
    function_ref<Value(OpBuilder &, Location, Value, ValueRange)> body) {
  int64_t rows = cast<RankedTensorType>(labels.getType()).getRank();
  SmallVector<Value> rowDims;
  for (int64_t dim = 0; dim < rows; ++dim)
    rowDims.push_back(dimOf(rewriter, loc, x, dim));
  SmallVector<Value> inputs = {labels};
  llvm::append_range(inputs, extra);
  AffineMap identity =
      AffineMap::getMultiDimIdentityMap(rows, rewriter.getContext());
  SmallVector<utils::IteratorType> parallel(rows,
                                            utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             rewriter, loc, resultType, inputs,
             ValueRange{emptyTensor(rewriter, loc, resultType, rowDims)},
             SmallVector<AffineMap>(inputs.size() + 1, identity), parallel,
             [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
               SmallVector<Value> position;
               for (int64_t dim = 0; dim < rows; ++dim)
                 position.push_back(linalg::IndexOp::create(b, bodyLoc, dim));
               position.push_back(asIndex(b, bodyLoc, args[0]));
               Value labelled =
                   tensor::ExtractOp::create(b, bodyLoc, x, position);
               Value loss =
                   body(b, bodyLoc, labelled, args.drop_front().drop_back());
               linalg::YieldOp::create(b, bodyLoc, loss);
             })
      .getResult(0);
}

/// Checks that `x`'s rows and the labels agree in size and that every label
/// lies in [0, classes).
void checkRowsAndLabels(OpBuilder &b, Operation *op, Value x, Value labels) {
  Location loc = op->getLoc();
  int64_t rows = cast<RankedTensorType>(labels.getType()).getRank();
  for (int64_t dim = 0; dim < rows; ++dim)
    checkEqual(b, loc, dimOf(b, loc, x, dim), dimOf(b, loc, labels, dim),
               "In " + describeOp(op) + ": " + Twine(dim) +
                   "-th size of x ({lhs}) and of the labels ({rhs}) differ");
  checkLabels(b, op, labels, dimOf(b, loc, x, rows));
}

struct CrossentropySoftmax1HotToLinalg
    : public OpConversionPattern<CrossentropySoftmax1HotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossentropySoftmax1HotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), labels = adaptor.getLabels();
    checkRowsAndLabels(rewriter, op, x, labels);
    int64_t classAxis = cast<RankedTensorType>(x.getType()).getRank() - 1;
    AxisReductions r = reduceAlongAxis(rewriter, loc, x, classAxis);
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value loss = rowLossAtLabel(
        rewriter, loc, x, labels, resultType, ValueRange{r.maximum, r.sumOfExp},
        [](OpBuilder &b, Location bodyLoc, Value labelled, ValueRange row) {
          Value shifted = arith::SubFOp::create(b, bodyLoc, labelled, row[0]);
          Value logSum = math::LogOp::create(b, bodyLoc, row[1]);
          return arith::SubFOp::create(b, bodyLoc, logSum, shifted).getResult();
        });
    rewriter.replaceOp(op, loss);
    return success();
  }
};

struct CrossentropySoftmax1HotDxToLinalg
    : public OpConversionPattern<CrossentropySoftmax1HotDxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossentropySoftmax1HotDxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), labels = adaptor.getLabels();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t classAxis = type.getRank() - 1;
    checkLabels(rewriter, op, labels, dimOf(rewriter, loc, x, classAxis));
    AxisReductions r = reduceAlongAxis(rewriter, loc, x, classAxis);
    SmallVector<utils::IteratorType> parallel(type.getRank(),
                                              utils::IteratorType::parallel);
    Value dx =
        linalg::GenericOp::create(
            rewriter, loc, type,
            ValueRange{x, r.maximum, r.sumOfExp, labels, adaptor.getGrad()},
            ValueRange{emptyTensor(rewriter, loc, type, r.dims)},
            ArrayRef<AffineMap>{r.all, r.alongAxis, r.alongAxis, r.alongAxis,
                                r.alongAxis, r.all},
            parallel,
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value shifted =
                  arith::SubFOp::create(b, bodyLoc, args[0], args[1]);
              Value softmax = arith::DivFOp::create(
                  b, bodyLoc, math::ExpOp::create(b, bodyLoc, shifted),
                  args[2]);
              Value isLabel = arith::CmpIOp::create(
                  b, bodyLoc, arith::CmpIPredicate::eq,
                  linalg::IndexOp::create(b, bodyLoc, classAxis),
                  asIndex(b, bodyLoc, args[3]));
              Value oneHot = arith::UIToFPOp::create(
                  b, bodyLoc, args[0].getType(), isLabel);
              Value difference =
                  arith::SubFOp::create(b, bodyLoc, softmax, oneHot);
              Value result =
                  arith::MulFOp::create(b, bodyLoc, args[4], difference);
              linalg::YieldOp::create(b, bodyLoc, result);
            })
            .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

struct CrossentropyCategorical1HotToLinalg
    : public OpConversionPattern<CrossentropyCategorical1HotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossentropyCategorical1HotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), labels = adaptor.getLabels();
    checkRowsAndLabels(rewriter, op, x, labels);
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value loss = rowLossAtLabel(
        rewriter, loc, x, labels, resultType, ValueRange{},
        [](OpBuilder &b, Location bodyLoc, Value labelled, ValueRange) {
          Value logarithm = math::LogOp::create(b, bodyLoc, labelled);
          return arith::NegFOp::create(b, bodyLoc, logarithm).getResult();
        });
    rewriter.replaceOp(op, loss);
    return success();
  }
};

struct CrossentropyCategorical1HotGradToLinalg
    : public OpConversionPattern<CrossentropyCategorical1HotGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossentropyCategorical1HotGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), labels = adaptor.getLabels();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank(), classAxis = rank - 1;
    checkLabels(rewriter, op, labels, dimOf(rewriter, loc, x, classAxis));
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> rows;
    for (int64_t dim = 0; dim < classAxis; ++dim)
      rows.push_back(getAffineDimExpr(dim, context));
    AffineMap all = AffineMap::getMultiDimIdentityMap(rank, context);
    AffineMap perRow = AffineMap::get(rank, 0, rows, context);
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    Value dx =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{x, labels, adaptor.getGrad()},
            ValueRange{
                emptyTensor(rewriter, loc, type, dimsOf(rewriter, loc, x))},
            ArrayRef<AffineMap>{all, perRow, perRow, all}, parallel,
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value isLabel = arith::CmpIOp::create(
                  b, bodyLoc, arith::CmpIPredicate::eq,
                  linalg::IndexOp::create(b, bodyLoc, classAxis),
                  asIndex(b, bodyLoc, args[1]));
              Value quotient =
                  arith::DivFOp::create(b, bodyLoc, args[2], args[0]);
              Value atLabel = arith::NegFOp::create(b, bodyLoc, quotient);
              Value zero = zeroOf(b, bodyLoc, args[0].getType());
              Value result =
                  arith::SelectOp::create(b, bodyLoc, isLabel, atLabel, zero);
              linalg::YieldOp::create(b, bodyLoc, result);
            })
            .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

} // namespace

void mlir::tessera::populateNNetLoweringPatterns(const TypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<
      SoftmaxToLinalg, LogSoftmaxToLinalg, CrossentropySoftmax1HotToLinalg,
      CrossentropySoftmax1HotDxToLinalg, CrossentropyCategorical1HotToLinalg,
      CrossentropyCategorical1HotGradToLinalg>(converter,
                                               patterns.getContext());
}
