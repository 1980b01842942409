//===- GradientBuilder.cpp - Tessera ops for derivative rules -------------===//

#include "tessera/Dialect/GradientBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

Value GradientBuilder::add(Value a, Value b) {
  return AddOp::create(builder, loc, ValueRange{a, b});
}
Value GradientBuilder::sub(Value a, Value b) {
  return SubOp::create(builder, loc, a, b);
}
Value GradientBuilder::mul(Value a, Value b) {
  return MulOp::create(builder, loc, ValueRange{a, b});
}
Value GradientBuilder::div(Value a, Value b) {
  return TrueDivOp::create(builder, loc, a, b);
}
Value GradientBuilder::neg(Value a) { return NegOp::create(builder, loc, a); }
Value GradientBuilder::sign(Value a) { return SgnOp::create(builder, loc, a); }
Value GradientBuilder::log(Value a) { return LogOp::create(builder, loc, a); }
Value GradientBuilder::exp(Value a) { return ExpOp::create(builder, loc, a); }
Value GradientBuilder::sqrt(Value a) { return SqrtOp::create(builder, loc, a); }
Value GradientBuilder::sin(Value a) { return SinOp::create(builder, loc, a); }
Value GradientBuilder::cos(Value a) { return CosOp::create(builder, loc, a); }
Value GradientBuilder::sinh(Value a) { return SinhOp::create(builder, loc, a); }
Value GradientBuilder::cosh(Value a) { return CoshOp::create(builder, loc, a); }
Value GradientBuilder::psi(Value a) { return PsiOp::create(builder, loc, a); }
Value GradientBuilder::sigmoid(Value a) {
  return SigmoidOp::create(builder, loc, a);
}
Value GradientBuilder::triGamma(Value a) {
  return TriGammaOp::create(builder, loc, a);
}
Value GradientBuilder::pow(Value a, Value b) {
  return PowOp::create(builder, loc, a, b);
}
Value GradientBuilder::intDiv(Value a, Value b) {
  return IntDivOp::create(builder, loc, a, b);
}
Value GradientBuilder::select(Value cond, Value a, Value b) {
  return SwitchOp::create(builder, loc, cond, a, b);
}
Value GradientBuilder::equal(Value a, Value b) {
  return EqOp::create(builder, loc, a, b);
}
Value GradientBuilder::less(Value a, Value b) {
  return LtOp::create(builder, loc, a, b);
}

Value GradientBuilder::convertTo(Value a, Type element) {
  auto type = llvm::cast<RankedTensorType>(a.getType());
  if (type.getElementType() == element)
    return a;
  return CastOp::create(builder, loc, type.clone(element), a);
}

Value GradientBuilder::constant(Value like, double value) {
  auto type = llvm::cast<RankedTensorType>(like.getType());
  SmallVector<int64_t> ones(type.getRank(), 1);
  auto splatType = RankedTensorType::get(ones, type.getElementType());
  return arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(
          splatType, builder.getFloatAttr(type.getElementType(), value)));
}

Value GradientBuilder::zerosLike(Value like) {
  auto type = llvm::cast<RankedTensorType>(like.getType());
  Value zero = arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(RankedTensorType::get({}, type.getElementType()),
                             builder.getZeroAttr(type.getElementType())));
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    sizes.push_back(ShapeIOp::create(builder, loc, like, dim));
  return AllocOp::create(builder, loc, type, zero, sizes);
}

Value GradientBuilder::broadcastLike(Value a, Value like) {
  if (a.getType() == like.getType())
    return a;
  return add(a, zerosLike(like));
}

Value GradientBuilder::sumTo(Value grad, Type target) {
  auto gradType = llvm::cast<RankedTensorType>(grad.getType());
  auto targetType = llvm::cast<RankedTensorType>(target);
  SmallVector<int64_t> axes;
  for (int64_t dim = 0; dim < targetType.getRank(); ++dim)
    if (targetType.getDimSize(dim) == 1 && gradType.getDimSize(dim) != 1)
      axes.push_back(dim);
  if (axes.empty())
    return grad;
  return SumOp::create(builder, loc, grad, axes, /*keepdims=*/true);
}

Value GradientBuilder::insertAxes(Value x, ArrayRef<int64_t> axes,
                                  int64_t rank) {
  SmallVector<int64_t> pattern;
  int64_t next = 0;
  for (int64_t dim = 0; dim < rank; ++dim)
    pattern.push_back(llvm::is_contained(axes, dim) ? -1 : next++);
  return dimshuffle(x, pattern);
}

Value GradientBuilder::dimshuffle(Value a, ArrayRef<int64_t> pattern) {
  if (llvm::equal(pattern, llvm::seq<int64_t>(0, pattern.size())) &&
      static_cast<int64_t>(pattern.size()) ==
          llvm::cast<RankedTensorType>(a.getType()).getRank())
    return a;
  return DimShuffleOp::create(builder, loc, a, pattern);
}

namespace {
/// The row and the column positions of `matrix`, as an int64 column and row
/// that broadcast against each other.
std::pair<Value, Value> matrixPositions(OpBuilder &builder, Location loc,
                                        GradientBuilder &gb, Value matrix) {
  auto scalar = [&](int64_t value) {
    return arith::ConstantOp::create(
               builder, loc,
               DenseElementsAttr::get(
                   RankedTensorType::get({}, builder.getI64Type()),
                   builder.getI64IntegerAttr(value)))
        .getResult();
  };
  auto positions = [&](int64_t dim) {
    return ARangeOp::create(builder, loc, scalar(0),
                            ShapeIOp::create(builder, loc, matrix, dim),
                            scalar(1))
        .getResult();
  };
  return {gb.dimshuffle(positions(0), {0, -1}),
          gb.dimshuffle(positions(1), {-1, 0})};
}
} // namespace

Value GradientBuilder::triangle(Value matrix, bool lower) {
  auto [rows, columns] = matrixPositions(builder, loc, *this, matrix);
  // Below the diagonal a column precedes its row; above, the other way.
  Value outside = lower ? less(rows, columns) : less(columns, rows);
  return select(outside, constant(matrix, 0), constant(matrix, 1));
}

Value GradientBuilder::diagonalMask(Value matrix) {
  auto [rows, columns] = matrixPositions(builder, loc, *this, matrix);
  return select(equal(rows, columns), constant(matrix, 1), constant(matrix, 0));
}

Value GradientBuilder::reverse(Value a, int64_t axis) {
  int64_t rank = llvm::cast<RankedTensorType>(a.getType()).getRank();
  SmallVector<int64_t> omitted(rank, kOmittedBound), steps = omitted;
  steps[axis] = -1;
  return SubtensorOp::create(builder, loc, a, ValueRange{}, omitted, omitted,
                             steps);
}

Value GradientBuilder::rows(Value x, Value start, Value stop) {
  int64_t rank = llvm::cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> starts(rank, kOmittedBound), stops = starts,
                                                    steps = starts;
  SmallVector<Value> bounds;
  if (start) {
    starts[0] = ShapedType::kDynamic;
    bounds.push_back(start);
  }
  if (stop) {
    stops[0] = ShapedType::kDynamic;
    bounds.push_back(stop);
  }
  return SubtensorOp::create(builder, loc, x, bounds, starts, stops, steps);
}

Value GradientBuilder::row(Value x, int64_t index) {
  int64_t rank = llvm::cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> starts(rank, kOmittedBound), stops = starts,
                                                    steps = starts;
  starts[0] = index;
  steps[0] = 0;
  return SubtensorOp::create(builder, loc, x, ValueRange{}, starts, stops,
                             steps);
}

Value GradientBuilder::concatenate(ValueRange values, int64_t axis) {
  if (values.size() == 1)
    return values.front();
  return ConcatenateOp::create(builder, loc, values, axis);
}

Value GradientBuilder::size(Value x, int64_t axis) {
  return ShapeIOp::create(builder, loc, x, axis);
}

Value GradientBuilder::integer(int64_t value) {
  auto type = RankedTensorType::get({}, builder.getI64Type());
  return arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(type, builder.getI64IntegerAttr(value)));
}

Value GradientBuilder::minimum(Value a, Value b) {
  return select(less(a, b), a, b);
}

Value GradientBuilder::asTypeOf(Value gradient, Value like) {
  if (gradient.getType() == like.getType())
    return gradient;
  return ReshapeOp::create(builder, loc, like.getType(), gradient,
                           ShapeOp::create(builder, loc, like));
}

Value GradientBuilder::cumsum(Value a, int64_t axis) {
  return CumsumOp::create(builder, loc, a, axis);
}

Value GradientBuilder::transpose(Value matrix) {
  return dimshuffle(matrix, {1, 0});
}

Value GradientBuilder::dot(Value a, Value b) {
  return DotOp::create(builder, loc, a, b);
}

Value GradientBuilder::sumAll(Value value) {
  int64_t rank = llvm::cast<RankedTensorType>(value.getType()).getRank();
  if (rank == 0)
    return value;
  return SumOp::create(builder, loc, value,
                       llvm::to_vector(llvm::seq<int64_t>(0, rank)),
                       /*keepdims=*/false);
}

Value GradientBuilder::sum(Value value, ArrayRef<int64_t> axes) {
  return SumOp::create(builder, loc, value, axes, /*keepdims=*/true);
}

Value GradientBuilder::prod(Value value, ArrayRef<int64_t> axes) {
  return ProdOp::create(builder, loc, value, axes, /*keepdims=*/true);
}
