//===- Derivatives.cpp - Derivative rules of the non-elementwise ops ------===//
//
// Each op's vector-Jacobian product (DifferentiableOpInterface), written with
// GradientBuilder in tessera ops. Elementwise ops and reductions state theirs
// in ODS (`derivative`), next to their definitions.
//
//===----------------------------------------------------------------------===//

#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

/// Theano's dot: for C = A B, dA = dC B^T and dB = A^T dC, with vectors as
/// rows or columns where they stand.
LogicalResult DotOp::buildGradients(OpBuilder &builder, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &grads,
                                    RegionDifferentiator &) {
  grads.assign(2, Value());
  Value grad = resultGrads[0];
  if (!grad)
    return success();
  GradientBuilder gb(builder, getLoc());
  Value a = getLhs(), b = getRhs();
  int64_t lhsRank = getLhs().getType().getRank();
  int64_t rhsRank = getRhs().getType().getRank();
  if (lhsRank == 1 && rhsRank == 1) { // A scalar: scale the other vector.
    Value scale = gb.dimshuffle(grad, {-1});
    grads.assign({gb.mul(scale, b), gb.mul(scale, a)});
  } else if (lhsRank == 2 && rhsRank == 1) { // dC is a vector of rows.
    grads.assign(
        {gb.dot(gb.dimshuffle(grad, {0, -1}), gb.dimshuffle(b, {-1, 0})),
         gb.dot(gb.transpose(a), grad)});
  } else if (lhsRank == 1 && rhsRank == 2) { // dC is a vector of columns.
    grads.assign({gb.dot(b, grad), gb.dot(gb.dimshuffle(a, {0, -1}),
                                          gb.dimshuffle(grad, {-1, 0}))});
  } else {
    grads.assign(
        {gb.dot(grad, gb.transpose(b)), gb.dot(gb.transpose(a), grad)});
  }
  return success();
}

/// Positions are integers: no gradient (sort's gradient flows through the
/// gather by these positions).
LogicalResult ArgSortOp::buildGradients(OpBuilder &, ValueRange,
                                        SmallVectorImpl<Value> &grads,
                                        RegionDifferentiator &) {
  grads.assign(1, Value());
  return success();
}

/// Positions are integers: no gradient.
LogicalResult NonzeroOp::buildGradients(OpBuilder &, ValueRange,
                                        SmallVectorImpl<Value> &grads,
                                        RegionDifferentiator &) {
  grads.assign(1, Value());
  return success();
}

/// Theano's dot rule in each batch: for C = A B, dA = dC B^T and
/// dB = A^T dC, with a batch of vectors as rows or columns where it stands.
LogicalResult BatchedDotOp::buildGradients(OpBuilder &builder,
                                           ValueRange resultGrads,
                                           SmallVectorImpl<Value> &grads,
                                           RegionDifferentiator &) {
  grads.assign(2, Value());
  Value grad = resultGrads[0];
  if (!grad)
    return success();
  Location loc = getLoc();
  GradientBuilder gb(builder, loc);
  Value a = getLhs(), b = getRhs();
  int64_t lhsRank = getLhs().getType().getRank();
  int64_t rhsRank = getRhs().getType().getRank();
  auto batched = [&](Value x, Value y) {
    return BatchedDotOp::create(builder, loc, x, y).getResult();
  };
  auto transposed = [&](Value x) { return gb.dimshuffle(x, {0, 2, 1}); };
  if (lhsRank == 2 && rhsRank == 2) { // A row of inner products.
    Value scale = gb.dimshuffle(grad, {0, -1});
    grads.assign({gb.mul(scale, b), gb.mul(scale, a)});
  } else if (lhsRank == 3 && rhsRank == 2) { // dC: rows of each batch.
    grads.assign(
        {gb.mul(gb.dimshuffle(grad, {0, 1, -1}), gb.dimshuffle(b, {0, -1, 1})),
         batched(transposed(a), grad)});
  } else if (lhsRank == 2 && rhsRank == 3) { // dC: columns of each batch.
    grads.assign({batched(b, grad), gb.mul(gb.dimshuffle(a, {0, 1, -1}),
                                           gb.dimshuffle(grad, {0, -1, 1}))});
  } else {
    grads.assign({batched(grad, transposed(b)), batched(transposed(a), grad)});
  }
  return success();
}

/// Sizes are integers: no gradient.
LogicalResult ShapeOp::buildGradients(OpBuilder &, ValueRange,
                                      SmallVectorImpl<Value> &grads,
                                      RegionDifferentiator &) {
  grads.assign(1, Value());
  return success();
}

LogicalResult ShapeIOp::buildGradients(OpBuilder &, ValueRange,
                                       SmallVectorImpl<Value> &grads,
                                       RegionDifferentiator &) {
  grads.assign(1, Value());
  return success();
}

/// The gradient takes the input's shape back; the shape gets none.
LogicalResult ReshapeOp::buildGradients(OpBuilder &builder,
                                        ValueRange resultGrads,
                                        SmallVectorImpl<Value> &grads,
                                        RegionDifferentiator &) {
  grads.assign(2, Value());
  if (!resultGrads[0])
    return success();
  Location loc = getLoc();
  Value shape = ShapeOp::create(builder, loc, getX());
  grads[0] = ReshapeOp::create(builder, loc, resultGrads[0], shape);
  return success();
}

/// The inverse permutation: input dimension d reads the result dimension it
/// went to, and a dropped (size-1) one is inserted again; the inserted ones
/// (size 1 in the gradient) are dropped.
LogicalResult DimShuffleOp::buildGradients(OpBuilder &builder,
                                           ValueRange resultGrads,
                                           SmallVectorImpl<Value> &grads,
                                           RegionDifferentiator &) {
  grads.assign(1, Value());
  if (!resultGrads[0])
    return success();
  int64_t rank = getX().getType().getRank();
  SmallVector<int64_t> inverse(rank, -1);
  for (auto [position, dim] : llvm::enumerate(getPattern()))
    if (dim != -1)
      inverse[dim] = position;
  // The inserted dimensions are dropped: a gradient less static than the
  // result (one flowing back through a scan's window, say) takes its type.
  GradientBuilder gb(builder, getLoc());
  grads[0] = gb.dimshuffle(gb.asTypeOf(resultGrads[0], getResult()), inverse);
  return success();
}

/// The gradient takes the input's flags back.
LogicalResult RebroadcastOp::buildGradients(OpBuilder &builder,
                                            ValueRange resultGrads,
                                            SmallVectorImpl<Value> &grads,
                                            RegionDifferentiator &) {
  grads.assign(1, Value());
  if (!resultGrads[0])
    return success();
  SmallVector<bool> flags;
  for (int64_t size : getX().getType().getShape())
    flags.push_back(size == 1);
  grads[0] = RebroadcastOp::create(builder, getLoc(), resultGrads[0], flags);
  return success();
}

/// Each input gets its slice of the gradient along the axis, from the sum
/// of the sizes before it.
LogicalResult ConcatenateOp::buildGradients(OpBuilder &builder,
                                            ValueRange resultGrads,
                                            SmallVectorImpl<Value> &grads,
                                            RegionDifferentiator &) {
  grads.assign(getNumOperands(), Value());
  Value grad = resultGrads[0];
  if (!grad)
    return success();
  Location loc = getLoc();
  GradientBuilder gb(builder, loc);
  int64_t rank = getType().getRank(), axis = getAxis();
  SmallVector<int64_t> bounds(rank, kOmittedBound);
  bounds[axis] = ShapedType::kDynamic;
  Value start = arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                             builder.getI64IntegerAttr(0)));
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    Value stop = gb.add(start, ShapeIOp::create(builder, loc, input, axis));
    grads[i] =
        SubtensorOp::create(builder, loc, grad, ValueRange{start, stop}, bounds,
                            bounds, SmallVector<int64_t>(rank, kOmittedBound));
    start = stop;
  }
  return success();
}

/// The pieces' gradients joined again (zeros for a piece that has none); the
/// sizes get none.
LogicalResult SplitOp::buildGradients(OpBuilder &builder,
                                      ValueRange resultGrads,
                                      SmallVectorImpl<Value> &grads,
                                      RegionDifferentiator &) {
  grads.assign(2, Value());
  if (llvm::all_of(resultGrads, [](Value grad) { return !grad; }))
    return success();
  GradientBuilder gb(builder, getLoc());
  SmallVector<Value> pieces;
  for (auto [grad, piece] : llvm::zip(resultGrads, getPieces()))
    pieces.push_back(grad ? grad : gb.zerosLike(piece));
  grads[0] = ConcatenateOp::create(builder, getLoc(), pieces, getAxis());
  return success();
}

/// The filling value gets the sum of the gradient; the sizes get none.
LogicalResult AllocOp::buildGradients(OpBuilder &builder,
                                      ValueRange resultGrads,
                                      SmallVectorImpl<Value> &grads,
                                      RegionDifferentiator &) {
  grads.assign(getNumOperands(), Value());
  if (resultGrads[0])
    grads[0] = GradientBuilder(builder, getLoc()).sumAll(resultGrads[0]);
  return success();
}

/// For float ranges, start + i * step: d/dstart = sum(g), d/dstep =
/// sum(g * i); the stop only sets the length.
LogicalResult ARangeOp::buildGradients(OpBuilder &builder,
                                       ValueRange resultGrads,
                                       SmallVectorImpl<Value> &grads,
                                       RegionDifferentiator &) {
  grads.assign(3, Value());
  Value grad = resultGrads[0];
  if (!grad || !isa<FloatType>(getType().getElementType()))
    return success();
  GradientBuilder gb(builder, getLoc());
  Value start = gb.dimshuffle(getStart(), {-1});
  Value step = gb.dimshuffle(getStep(), {-1});
  Value index = gb.div(gb.sub(getResult(), start), step);
  grads[0] = gb.sumAll(grad);
  grads[2] = gb.sumAll(gb.mul(grad, index));
  return success();
}

/// The gradient goes back to the selected elements: added into zeros, so
/// that an element selected twice gets both gradients.
LogicalResult SubtensorOp::buildGradients(OpBuilder &builder,
                                          ValueRange resultGrads,
                                          SmallVectorImpl<Value> &grads,
                                          RegionDifferentiator &) {
  grads.assign(getNumOperands(), Value());
  if (!resultGrads[0])
    return success();
  Value zeros = GradientBuilder(builder, getLoc()).zerosLike(getX());
  grads[0] =
      IncSubtensorOp::create(builder, getLoc(), zeros, resultGrads[0],
                             getBounds(), getStarts(), getStops(), getSteps());
  return success();
}

/// As basic indexing: a scatter-add into zeros (repeated indices
/// accumulate); the indices get none.
LogicalResult AdvancedSubtensorOp::buildGradients(OpBuilder &builder,
                                                  ValueRange resultGrads,
                                                  SmallVectorImpl<Value> &grads,
                                                  RegionDifferentiator &) {
  grads.assign(getNumOperands(), Value());
  if (!resultGrads[0])
    return success();
  Value zeros = GradientBuilder(builder, getLoc()).zerosLike(getX());
  grads[0] = AdvancedIncSubtensorOp::create(
      builder, getLoc(), zeros, resultGrads[0], getIndices(), getAxis());
  return success();
}

/// d(A^-1) = -A^-1 dA A^-1, so dA = -A^-T g A^-T.
LogicalResult MatrixInverseOp::buildGradients(OpBuilder &builder,
                                              ValueRange resultGrads,
                                              SmallVectorImpl<Value> &grads,
                                              RegionDifferentiator &) {
  grads.assign(1, Value());
  if (!resultGrads[0])
    return success();
  GradientBuilder gb(builder, getLoc());
  Value inverseTransposed = gb.transpose(getResult());
  grads[0] = gb.neg(
      gb.dot(gb.dot(inverseTransposed, resultGrads[0]), inverseTransposed));
  return success();
}

/// d det(A) / dA = det(A) A^-T.
LogicalResult DetOp::buildGradients(OpBuilder &builder, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &grads,
                                    RegionDifferentiator &) {
  grads.assign(1, Value());
  if (!resultGrads[0])
    return success();
  GradientBuilder gb(builder, getLoc());
  Value scale = gb.dimshuffle(gb.mul(resultGrads[0], getResult()), {-1, -1});
  Value inverse = MatrixInverseOp::create(builder, getLoc(), getA());
  grads[0] = gb.mul(scale, gb.transpose(inverse));
  return success();
}

/// For x = A^-1 b: db = A^-T g and dA = -db x^T, kept to A's triangle when
/// only that triangle is read.
LogicalResult SolveOp::buildGradients(OpBuilder &builder,
                                      ValueRange resultGrads,
                                      SmallVectorImpl<Value> &grads,
                                      RegionDifferentiator &) {
  grads.assign(2, Value());
  Value grad = resultGrads[0];
  if (!grad)
    return success();
  Location loc = getLoc();
  GradientBuilder gb(builder, loc);
  MatrixStructure structure = getStructure();
  MatrixStructure transposed = structure == MatrixStructure::lower_triangular
                                   ? MatrixStructure::upper_triangular
                               : structure == MatrixStructure::upper_triangular
                                   ? MatrixStructure::lower_triangular
                                   : MatrixStructure::general;
  Value gradB =
      SolveOp::create(builder, loc, gb.transpose(getA()), grad, transposed);
  Value x = getResult();
  Value gradA =
      getResult().getType().getRank() == 1
          ? gb.mul(gb.dimshuffle(gradB, {0, -1}), gb.dimshuffle(x, {-1, 0}))
          : gb.dot(gradB, gb.transpose(x));
  gradA = gb.neg(gradA);
  if (structure != MatrixStructure::general)
    gradA = gb.mul(
        gradA,
        gb.triangle(getA(), structure == MatrixStructure::lower_triangular));
  grads.assign({gradA, gradB});
  return success();
}

/// Theano's Cholesky gradient (Murray, 2016), on the lower triangle that the
/// factorisation reads: with P = Φ(L^T g) (the lower triangle, its diagonal
/// halved) and S = L^-T P L^-1, dA = tril(S + S^T) - diag(S).
LogicalResult CholeskyOp::buildGradients(OpBuilder &builder,
                                         ValueRange resultGrads,
                                         SmallVectorImpl<Value> &grads,
                                         RegionDifferentiator &) {
  grads.assign(1, Value());
  Value grad = resultGrads[0];
  if (!grad)
    return success();
  Location loc = getLoc();
  GradientBuilder gb(builder, loc);
  Value lowerT = gb.transpose(getResult());
  Value product = gb.dot(lowerT, grad);
  Value phi = gb.mul(product, gb.sub(gb.triangle(product, /*lower=*/true),
                                     gb.mul(gb.constant(product, 0.5),
                                            gb.diagonalMask(product))));
  auto solveUpper = [&](Value rhs) {
    return SolveOp::create(builder, loc, lowerT, rhs,
                           MatrixStructure::upper_triangular)
        .getResult();
  };
  Value s = solveUpper(gb.transpose(solveUpper(gb.transpose(phi))));
  grads[0] =
      gb.sub(gb.mul(gb.add(s, gb.transpose(s)), gb.triangle(s, /*lower=*/true)),
             gb.mul(s, gb.diagonalMask(s)));
  return success();
}
