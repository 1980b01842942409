//===- LinearAlgebraToScf.cpp - Factorisations as loops over tensors ------===//
//
// matrix_inverse, det and general solves go through an LU factorisation with
// partial pivoting (the largest magnitude in each column becomes the pivot),
// cholesky is the Cholesky-Banachiewicz recurrence, and triangular solves
// are substitutions. All are scf loops over tensor.extract/insert, which
// bufferize in place. Each records whether it met a zero pivot (or a
// non-positive one, for cholesky) and checks that flag once, after its loops:
// a `linalg` check that raises numpy.linalg.LinAlgError.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Element and index arithmetic on one builder and location, so that the
/// loops below read as the algorithms they are.
class Arith {
public:
  Arith(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value addIndex(Value x, Value y) {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value subIndex(Value x, Value y) {
    return arith::SubIOp::create(b, loc, x, y);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }
  Value either(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value at(Value tensor, ValueRange position) {
    return tensor::ExtractOp::create(b, loc, tensor, position);
  }
  Value put(Value value, Value tensor, ValueRange position) {
    return tensor::InsertOp::create(b, loc, value, tensor, position);
  }

  OpBuilder &b;
  Location loc;
};

/// A `for` over [lower, upper) carrying `init`; `body(arith, i, carried)`
/// returns the next values.
using LoopBody = function_ref<SmallVector<Value>(Arith &, Value, ValueRange)>;
ValueRange loop(Arith &m, Value lower, Value upper, ValueRange init,
                LoopBody body) {
  auto forOp = scf::ForOp::create(
      m.b, m.loc, lower, upper, m.index(1), init,
      [&](OpBuilder &nested, Location nestedLoc, Value i, ValueRange carried) {
        Arith inner(nested, nestedLoc);
        scf::YieldOp::create(nested, nestedLoc, body(inner, i, carried));
      });
  return forOp.getResults();
}

/// The int64 vector 0, 1, ..., n - 1 (row positions; an index tensor would
/// have no size in bytes).
Value iota(Arith &m, Value n) {
  auto type = RankedTensorType::get({ShapedType::kDynamic}, m.b.getI64Type());
  return linalg::GenericOp::create(
             m.b, m.loc, type, ValueRange{},
             ValueRange{tensor::EmptyOp::create(m.b, m.loc, type, n)},
             ArrayRef<AffineMap>{
                 AffineMap::getMultiDimIdentityMap(1, m.b.getContext())},
             ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
             [](OpBuilder &nested, Location nestedLoc, ValueRange) {
               Value i = linalg::IndexOp::create(nested, nestedLoc, 0);
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   ValueRange{arith::IndexCastOp::create(
                       nested, nestedLoc, nested.getI64Type(), i)});
             })
      .getResult(0);
}

/// P A = L U with unit-lower L and U packed in `lu`; `rows[i]` is the row of
/// A that became row i, `sign` the permutation's sign, `singular` whether a
/// pivot was zero.
struct LUFactors {
  Value lu, rows, sign, singular;
};

LUFactors factorLU(Arith &m, Value a, Value n) {
  Type element = cast<RankedTensorType>(a.getType()).getElementType();
  Value zero =
      arith::ConstantOp::create(m.b, m.loc, m.b.getFloatAttr(element, 0));
  Value one =
      arith::ConstantOp::create(m.b, m.loc, m.b.getFloatAttr(element, 1));
  ValueRange factors = loop(
      m, m.index(0), n,
      {a, iota(m, n), one, m.b.createOrFold<arith::ConstantIntOp>(m.loc, 0, 1)},
      [&](Arith &k_, Value k, ValueRange state) -> SmallVector<Value> {
        Value lu = state[0], rows = state[1];
        // The pivot: the largest magnitude at or below the diagonal.
        auto magnitude = [&](Arith &x, Value i) {
          return math::AbsFOp::create(x.b, x.loc, x.at(lu, {i, k})).getResult();
        };
        ValueRange pivot =
            loop(k_, k_.addIndex(k, k_.index(1)), n, {k, magnitude(k_, k)},
                 [&](Arith &x, Value i, ValueRange best) -> SmallVector<Value> {
                   Value candidate = magnitude(x, i);
                   Value larger =
                       x.cmp(arith::CmpFPredicate::OGT, candidate, best[1]);
                   return {x.select(larger, i, best[0]),
                           x.select(larger, candidate, best[1])};
                 });
        Value p = pivot[0];
        Value singular = k_.either(
            state[3], k_.cmp(arith::CmpFPredicate::OEQ, pivot[1], zero));
        // Swap rows k and p (a no-op when they are the same row).
        lu = loop(k_, k_.index(0), n, {lu},
                  [&](Arith &x, Value j, ValueRange c) -> SmallVector<Value> {
                    Value top = x.at(c[0], {k, j}), other = x.at(c[0], {p, j});
                    return {x.put(top, x.put(other, c[0], {k, j}), {p, j})};
                  })[0];
        Value rowK = k_.at(rows, {k}), rowP = k_.at(rows, {p});
        rows = k_.put(rowK, k_.put(rowP, rows, {k}), {p});
        Value swapped =
            arith::CmpIOp::create(k_.b, k_.loc, arith::CmpIPredicate::ne, p, k);
        Value sign = k_.select(
            swapped, arith::NegFOp::create(k_.b, k_.loc, state[2]), state[2]);
        // Eliminate below the pivot.
        Value pivotValue = k_.at(lu, {k, k});
        lu = loop(k_, k_.addIndex(k, k_.index(1)), n, {lu},
                  [&](Arith &x, Value i, ValueRange c) -> SmallVector<Value> {
                    Value factor = x.div(x.at(c[0], {i, k}), pivotValue);
                    Value updated = x.put(factor, c[0], {i, k});
                    return loop(x, x.addIndex(k, x.index(1)), n, {updated},
                                [&](Arith &y, Value j,
                                    ValueRange d) -> SmallVector<Value> {
                                  Value v =
                                      y.sub(y.at(d[0], {i, j}),
                                            y.mul(factor, y.at(d[0], {k, j})));
                                  return {y.put(v, d[0], {i, j})};
                                });
                  })[0];
        return {lu, rows, sign, singular};
      });
  return {factors[0], factors[1], factors[2], factors[3]};
}

/// The right-hand sides as an n x m matrix view: a vector is one column.
struct RightHandSides {
  Value values;
  bool isVector;
  Value columns;

  SmallVector<Value> position(Value i, Value c) const {
    if (isVector)
      return {i};
    return {i, c};
  }
};

/// Forward substitution with the lower triangle of `l` (a unit diagonal when
/// `unitDiagonal`) and backward with the upper triangle of `u`, in place on
/// the right-hand sides.
Value substitute(Arith &m, Value matrix, RightHandSides rhs, Value n,
                 bool forward, bool unitDiagonal) {
  return loop(
      m, m.index(0), n, {rhs.values},
      [&](Arith &x, Value step, ValueRange c) -> SmallVector<Value> {
        Value i = forward ? step : x.subIndex(x.subIndex(n, x.index(1)), step);
        Value lower = forward ? x.index(0) : x.addIndex(i, x.index(1));
        Value upper = forward ? i : n;
        return loop(
            x, x.index(0), rhs.columns, {c[0]},
            [&](Arith &y, Value column, ValueRange d) -> SmallVector<Value> {
              Value sum = loop(
                  y, lower, upper, {y.at(d[0], rhs.position(i, column))},
                  [&](Arith &z, Value k, ValueRange s) -> SmallVector<Value> {
                    return {z.sub(s[0],
                                  z.mul(z.at(matrix, {i, k}),
                                        z.at(d[0], rhs.position(k, column))))};
                  })[0];
              if (!unitDiagonal)
                sum = y.div(sum, y.at(matrix, {i, i}));
              return {y.put(sum, d[0], rhs.position(i, column))};
            });
      })[0];
}

/// Checks that `a` is square, then returns its size.
Value checkedSquareSize(OpBuilder &b, Operation *op, Value a) {
  Location loc = op->getLoc();
  Value rows = dimOf(b, loc, a, 0);
  checkEqual(b, loc, rows, dimOf(b, loc, a, 1),
             "In " + describeOp(op) +
                 ": the matrix is not square ({lhs} rows, {rhs} columns)");
  return rows;
}

void checkNotSingular(OpBuilder &b, Operation *op, Value singular, Value n,
                      const Twine &what) {
  Location loc = op->getLoc();
  Value regular = arith::XOrIOp::create(
      b, loc, singular, arith::ConstantIntOp::create(b, loc, 1, 1));
  checkThat(b, loc, regular, n, n, "In " + describeOp(op) + ": " + what,
            CheckKind::linalg);
}

/// The general solve of `a x = b` through LU: b's rows permuted as A's,
/// then both substitutions.
Value solveGeneral(Arith &m, Operation *op, Value a, Value b, Value n) {
  LUFactors lu = factorLU(m, a, n);
  checkNotSingular(m.b, op, lu.singular, n, "singular matrix");
  auto type = cast<RankedTensorType>(b.getType());
  bool isVector = type.getRank() == 1;
  RightHandSides rhs{b, isVector,
                     isVector ? m.index(1) : dimOf(m.b, m.loc, b, 1)};
  // x starts as P b.
  Value permuted = emptyTensor(m.b, m.loc, type, dimsOf(m.b, m.loc, b));
  permuted =
      loop(m, m.index(0), n, {permuted},
           [&](Arith &x, Value i, ValueRange c) -> SmallVector<Value> {
             Value source = arith::IndexCastOp::create(
                 x.b, x.loc, x.b.getIndexType(), x.at(lu.rows, {i}));
             return {loop(x, x.index(0), rhs.columns, {c[0]},
                          [&](Arith &y, Value column,
                              ValueRange d) -> SmallVector<Value> {
                            return {y.put(y.at(b, rhs.position(source, column)),
                                          d[0], rhs.position(i, column))};
                          })[0]};
           })[0];
  rhs.values = permuted;
  rhs.values =
      substitute(m, lu.lu, rhs, n, /*forward=*/true, /*unitDiagonal=*/true);
  return substitute(m, lu.lu, rhs, n, /*forward=*/false,
                    /*unitDiagonal=*/false);
}

struct SolveToScf : public OpConversionPattern<SolveOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SolveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA(), b = adaptor.getB();
    Value n = checkedSquareSize(rewriter, op, a);
    checkEqual(rewriter, loc, dimOf(rewriter, loc, b, 0), n,
               "In " + describeOp(op) +
                   ": the right-hand side has {lhs} rows for {rhs} equations");
    Arith m(rewriter, loc);
    if (op.getStructure() == MatrixStructure::general) {
      rewriter.replaceOp(op, solveGeneral(m, op, a, b, n));
      return success();
    }
    bool lower = op.getStructure() == MatrixStructure::lower_triangular;
    Type element = cast<RankedTensorType>(a.getType()).getElementType();
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getFloatAttr(element, 0));
    Value singular =
        loop(m, m.index(0), n,
             {rewriter.createOrFold<arith::ConstantIntOp>(loc, 0, 1)},
             [&](Arith &x, Value i, ValueRange c) -> SmallVector<Value> {
               return {x.either(c[0], x.cmp(arith::CmpFPredicate::OEQ,
                                            x.at(a, {i, i}), zero))};
             })[0];
    checkNotSingular(rewriter, op, singular, n, "singular matrix");
    bool isVector = cast<RankedTensorType>(b.getType()).getRank() == 1;
    RightHandSides rhs{b, isVector,
                       isVector ? m.index(1) : dimOf(rewriter, loc, b, 1)};
    rewriter.replaceOp(op, substitute(m, a, rhs, n, /*forward=*/lower,
                                      /*unitDiagonal=*/false));
    return success();
  }
};

struct MatrixInverseToScf : public OpConversionPattern<MatrixInverseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatrixInverseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA();
    Value n = checkedSquareSize(rewriter, op, a);
    auto type = cast<RankedTensorType>(a.getType());
    Value zero = zeroOf(rewriter, loc, type.getElementType());
    Value identity =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{},
            ValueRange{emptyTensor(rewriter, loc, type, {n, n})},
            ArrayRef<AffineMap>{
                AffineMap::getMultiDimIdentityMap(2, rewriter.getContext())},
            ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                          utils::IteratorType::parallel},
            [&](OpBuilder &b, Location bodyLoc, ValueRange) {
              Value onDiagonal =
                  arith::CmpIOp::create(b, bodyLoc, arith::CmpIPredicate::eq,
                                        linalg::IndexOp::create(b, bodyLoc, 0),
                                        linalg::IndexOp::create(b, bodyLoc, 1));
              Value one = arith::ConstantOp::create(
                  b, bodyLoc, b.getFloatAttr(type.getElementType(), 1));
              linalg::YieldOp::create(b, bodyLoc,
                                      ValueRange{arith::SelectOp::create(
                                          b, bodyLoc, onDiagonal, one, zero)});
            })
            .getResult(0);
    Arith m(rewriter, loc);
    rewriter.replaceOp(op, solveGeneral(m, op, a, identity, n));
    return success();
  }
};

struct DetToScf : public OpConversionPattern<DetOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA();
    Value n = checkedSquareSize(rewriter, op, a);
    Arith m(rewriter, loc);
    LUFactors lu = factorLU(m, a, n);
    Value det =
        loop(m, m.index(0), n, {lu.sign},
             [&](Arith &x, Value i, ValueRange c) -> SmallVector<Value> {
               return {x.mul(c[0], x.at(lu.lu, {i, i}))};
             })[0];
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        ValueRange{det});
    return success();
  }
};

struct CholeskyToScf : public OpConversionPattern<CholeskyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CholeskyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA();
    Value n = checkedSquareSize(rewriter, op, a);
    auto type = cast<RankedTensorType>(a.getType());
    Value zero = zeroOf(rewriter, loc, type.getElementType());
    Value factor = filledTensor(rewriter, loc, zero, type.getShape(), {n, n});
    Arith m(rewriter, loc);
    // sum_k<j row_i[k] * row_j[k] of the factor so far.
    auto dotBefore = [&](Arith &x, Value l, Value i, Value j, Value start) {
      return loop(x, x.index(0), j, {start},
                  [&](Arith &y, Value k, ValueRange s) -> SmallVector<Value> {
                    return {
                        y.sub(s[0], y.mul(y.at(l, {i, k}), y.at(l, {j, k})))};
                  })[0];
    };
    ValueRange result = loop(
        m, m.index(0), n,
        {factor, rewriter.createOrFold<arith::ConstantIntOp>(loc, 0, 1)},
        [&](Arith &x, Value j, ValueRange c) -> SmallVector<Value> {
          Value l = c[0];
          Value pivot = dotBefore(x, l, j, j, x.at(a, {j, j}));
          // Not positive (NaN included) is not positive definite.
          Value failed =
              x.either(c[1], x.cmp(arith::CmpFPredicate::ULE, pivot, zero));
          Value diagonal = math::SqrtOp::create(x.b, x.loc, pivot);
          l = x.put(diagonal, l, {j, j});
          l = loop(x, x.addIndex(j, x.index(1)), n, {l},
                   [&](Arith &y, Value i, ValueRange d) -> SmallVector<Value> {
                     Value v = dotBefore(y, d[0], i, j, y.at(a, {i, j}));
                     return {y.put(y.div(v, diagonal), d[0], {i, j})};
                   })[0];
          return {l, failed};
        });
    checkNotSingular(rewriter, op, result[1], n,
                     "the matrix is not positive definite");
    rewriter.replaceOp(op, result[0]);
    return success();
  }
};

} // namespace

void mlir::tessera::populateLinearAlgebraLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<SolveToScf, MatrixInverseToScf, DetToScf, CholeskyToScf>(
      converter, patterns.getContext());
}
