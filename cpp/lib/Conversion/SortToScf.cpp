//===- SortToScf.cpp - argsort as a merge sort in scf ---------------------===//
//
// Upstream has no sort on tensors. `tessera.argsort` sorts each line along its
// axis with a bottom-up merge sort of positions: runs of width 1, 2, 4, ...
// are merged pairwise from one position buffer into the other. Taking the
// left run's element unless the right one is strictly less keeps equal
// elements in order (stable), and NaN compares greater than every number.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// `a < b` in the sort's order: NaN after every number.
Value sortsBefore(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (!isa<FloatType>(lhs.getType()))
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, lhs, rhs);
  Value less =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, lhs, rhs);
  Value lhsIsNumber =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, lhs, lhs);
  Value rhsIsNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, rhs, rhs);
  return arith::OrIOp::create(
      b, loc, less, arith::AndIOp::create(b, loc, lhsIsNumber, rhsIsNaN));
}

/// The positions that sort one line of `x` (its coordinates `line`, with the
/// axis' entry to be filled in), as a tensor<?xi64>.
Value sortLine(OpBuilder &b, Location loc, Value x, ArrayRef<Value> line,
               int64_t axis, Value length) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto positionsType =
      RankedTensorType::get({ShapedType::kDynamic}, b.getI64Type());
  auto key = [&](OpBuilder &nested, Location nestedLoc, Value positions,
                 Value at) {
    Value position = arith::IndexCastOp::create(
        nested, nestedLoc, nested.getIndexType(),
        tensor::ExtractOp::create(nested, nestedLoc, positions, at));
    SmallVector<Value> coordinates(line);
    coordinates[axis] = position;
    return tensor::ExtractOp::create(nested, nestedLoc, x, coordinates)
        .getResult();
  };
  // The identity permutation, then the merge passes.
  Value identity =
      linalg::GenericOp::create(
          b, loc, positionsType, ValueRange{},
          ValueRange{tensor::EmptyOp::create(b, loc, positionsType, length)},
          ArrayRef<AffineMap>{
              AffineMap::getMultiDimIdentityMap(1, b.getContext())},
          ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
          [](OpBuilder &nested, Location nestedLoc, ValueRange) {
            Value i = linalg::IndexOp::create(nested, nestedLoc, 0);
            linalg::YieldOp::create(
                nested, nestedLoc,
                ValueRange{arith::IndexCastOp::create(nested, nestedLoc,
                                                      nested.getI64Type(), i)});
          })
          .getResult(0);
  Value scratch = tensor::EmptyOp::create(b, loc, positionsType, length);
  auto passes = scf::WhileOp::create(
      b, loc, TypeRange{positionsType, positionsType, b.getIndexType()},
      ValueRange{identity, scratch, one},
      [&](OpBuilder &before, Location beforeLoc, ValueRange args) {
        Value more = arith::CmpIOp::create(
            before, beforeLoc, arith::CmpIPredicate::slt, args[2], length);
        scf::ConditionOp::create(before, beforeLoc, more, args);
      },
      [&](OpBuilder &after, Location afterLoc, ValueRange args) {
        Value source = args[0], width = args[2];
        Value pair = arith::MulIOp::create(
            after, afterLoc, width,
            arith::ConstantIndexOp::create(after, afterLoc, 2));
        // Merge the runs [lo, mid) and [mid, hi) of `source` into `target`.
        auto runs = scf::ForOp::create(
            after, afterLoc, zero, length, pair, ValueRange{args[1]},
            [&](OpBuilder &b2, Location l2, Value lo, ValueRange target) {
              Value mid = arith::MinSIOp::create(
                  b2, l2, arith::AddIOp::create(b2, l2, lo, width), length);
              Value hi = arith::MinSIOp::create(
                  b2, l2, arith::AddIOp::create(b2, l2, lo, pair), length);
              Value lastLeft = arith::SubIOp::create(b2, l2, mid, one);
              Value lastRight = arith::SubIOp::create(b2, l2, hi, one);
              auto merge = scf::ForOp::create(
                  b2, l2, lo, hi, one, ValueRange{lo, mid, target[0]},
                  [&](OpBuilder &b3, Location l3, Value k, ValueRange state) {
                    Value i = state[0], j = state[1];
                    // Clamped reads; the selects below only use valid ones.
                    Value left =
                        key(b3, l3, source,
                            arith::MinSIOp::create(b3, l3, i, lastLeft));
                    Value right =
                        key(b3, l3, source,
                            arith::MinSIOp::create(b3, l3, j, lastRight));
                    Value leftLeft = arith::CmpIOp::create(
                        b3, l3, arith::CmpIPredicate::slt, i, mid);
                    Value rightLeft = arith::CmpIOp::create(
                        b3, l3, arith::CmpIPredicate::slt, j, hi);
                    Value rightFirst = arith::AndIOp::create(
                        b3, l3, rightLeft,
                        arith::OrIOp::create(
                            b3, l3,
                            arith::XOrIOp::create(
                                b3, l3, leftLeft,
                                arith::ConstantIntOp::create(b3, l3, 1, 1)),
                            sortsBefore(b3, l3, right, left)));
                    Value from =
                        arith::SelectOp::create(b3, l3, rightFirst, j, i);
                    Value position =
                        tensor::ExtractOp::create(b3, l3, source, from);
                    Value written =
                        tensor::InsertOp::create(b3, l3, position, state[2], k);
                    Value nextI = arith::SelectOp::create(
                        b3, l3, rightFirst, i,
                        arith::AddIOp::create(b3, l3, i, one));
                    Value nextJ = arith::SelectOp::create(
                        b3, l3, rightFirst,
                        arith::AddIOp::create(b3, l3, j, one), j);
                    scf::YieldOp::create(b3, l3,
                                         ValueRange{nextI, nextJ, written});
                  });
              scf::YieldOp::create(b2, l2, merge.getResult(2));
            });
        scf::YieldOp::create(after, afterLoc,
                             ValueRange{runs.getResult(0), source, pair});
      });
  return passes.getResult(0);
}

struct ArgSortToScf : public OpConversionPattern<ArgSortOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgSortOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t axis = op.getAxis();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    SmallVector<Value> sizes = dimsOf(rewriter, loc, x);
    Value length = sizes[axis];
    // One loop per other dimension; the axis' loop runs once.
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> upper(sizes);
    upper[axis] = one;
    SmallVector<Value> lower(rank, zero), steps(rank, one);
    Value init = emptyTensor(rewriter, loc, type, sizes);
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lower, upper, steps, ValueRange{init},
        [&](OpBuilder &b, Location bodyLoc, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          SmallVector<Value> line(ivs);
          Value positions = sortLine(b, bodyLoc, x, line, axis, length);
          SmallVector<OpFoldResult> offsets(ivs.begin(), ivs.end());
          SmallVector<OpFoldResult> lineSizes(rank, b.getIndexAttr(1));
          lineSizes[axis] = length;
          SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
          return {tensor::InsertSliceOp::create(b, bodyLoc, positions, acc[0],
                                                offsets, lineSizes, strides)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

} // namespace

void mlir::tessera::populateSortLoweringPatterns(const TypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<ArgSortToScf>(converter, patterns.getContext());
}
