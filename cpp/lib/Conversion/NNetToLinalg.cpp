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
  keptDims(b, loc, x, {axis}, reducedShape, reducedDims);
  SmallVector<AffineExpr> kept;
  SmallVector<utils::IteratorType> reducing;
  for (int64_t dim = 0; dim < rank; ++dim) {
    reducing.push_back(dim == axis ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (dim != axis)
      kept.push_back(getAffineDimExpr(dim, context));
  }
  reductions.all = AffineMap::getMultiDimIdentityMap(rank, context);
  reductions.alongAxis = AffineMap::get(rank, 0, kept, context);
  auto reducedType = RankedTensorType::get(reducedShape, element);
  auto filled = [&](Value value) {
    return filledTensor(b, loc, value, reducedShape, reducedDims);
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

/// Run-time checks that every label lies in [0, classes): IndexError.
void checkLabels(OpBuilder &b, Operation *op, Value labels, Value classes) {
  Location loc = op->getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value lowest = integerExtremum(b, loc, labels, /*maximum=*/false);
  Value highest = integerExtremum(b, loc, labels, /*maximum=*/true);
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
  SmallVector<Value> rowDims = dimsOf(rewriter, loc, x);
  rowDims.pop_back();
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

/// The gradient of a row loss with respect to `x`, after the label checks: a
/// generic over `x` whose `body(builder, loc, element, isLabel, grad, row)`
/// gives each element's gradient from the element, whether its class is its
/// row's label, its row's loss gradient and `extra` (one value per row each).
Value rowLossGradient(
    OpBuilder &b, Operation *op, Value x, Value labels, Value grad,
    ValueRange extra,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value, ValueRange)>
        body) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank(), classAxis = rank - 1;
  checkLabels(b, op, labels, dimOf(b, loc, x, classAxis));
  MLIRContext *context = b.getContext();
  AffineMap all = AffineMap::getMultiDimIdentityMap(rank, context);
  AffineMap perRow = all.getMajorSubMap(classAxis);
  SmallVector<Value> inputs = {x, labels, grad};
  llvm::append_range(inputs, extra);
  SmallVector<AffineMap> maps(inputs.size(), perRow);
  maps.front() = all;
  maps.push_back(all);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, type, inputs,
             ValueRange{emptyTensor(b, loc, type, dimsOf(b, loc, x))}, maps,
             parallel,
             [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
               Value isLabel = arith::CmpIOp::create(
                   nested, bodyLoc, arith::CmpIPredicate::eq,
                   linalg::IndexOp::create(nested, bodyLoc, classAxis),
                   asIndex(nested, bodyLoc, args[1]));
               Value result = body(nested, bodyLoc, args[0], isLabel, args[2],
                                   args.slice(3, extra.size()));
               linalg::YieldOp::create(nested, bodyLoc, result);
             })
      .getResult(0);
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
    Value x = adaptor.getX();
    int64_t classAxis = cast<RankedTensorType>(x.getType()).getRank() - 1;
    AxisReductions r = reduceAlongAxis(rewriter, op.getLoc(), x, classAxis);
    // g (softmax(x) - onehot(label))
    Value dx = rowLossGradient(
        rewriter, op, x, adaptor.getLabels(), adaptor.getGrad(),
        ValueRange{r.maximum, r.sumOfExp},
        [](OpBuilder &b, Location loc, Value element, Value isLabel, Value g,
           ValueRange row) {
          Value shifted = arith::SubFOp::create(b, loc, element, row[0]);
          Value softmax = arith::DivFOp::create(
              b, loc, math::ExpOp::create(b, loc, shifted), row[1]);
          Value oneHot =
              arith::UIToFPOp::create(b, loc, element.getType(), isLabel);
          Value difference = arith::SubFOp::create(b, loc, softmax, oneHot);
          return arith::MulFOp::create(b, loc, g, difference).getResult();
        });
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
    // -g / x at the label, 0 elsewhere
    Value dx = rowLossGradient(
        rewriter, op, adaptor.getX(), adaptor.getLabels(), adaptor.getGrad(),
        ValueRange{},
        [](OpBuilder &b, Location loc, Value element, Value isLabel, Value g,
           ValueRange) {
          Value quotient = arith::DivFOp::create(b, loc, g, element);
          Value atLabel = arith::NegFOp::create(b, loc, quotient);
          Value zero = zeroOf(b, loc, element.getType());
          return arith::SelectOp::create(b, loc, isLabel, atLabel, zero)
              .getResult();
        });
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
