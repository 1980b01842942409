//===- LoweringUtils.cpp - Shared helpers of the tessera lowering ---------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Complex/IR/Complex.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;

std::string tessera::describeOp(Operation *op) {
  return describeOrigin(op->getName().getStringRef(), op->getLoc());
}

void tessera::checkThat(OpBuilder &b, Location loc, Value condition, Value lhs,
                        Value rhs, const Twine &message, CheckKind kind) {
  CheckOp::create(b, loc, kind, condition, lhs, rhs, b.getStringAttr(message));
}

void tessera::checkEqual(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         const Twine &message) {
  Value equal =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, rhs);
  checkThat(b, loc, equal, lhs, rhs, message);
}

Value tessera::dimOf(OpBuilder &b, Location loc, Value value, int64_t dim) {
  auto type = cast<RankedTensorType>(value.getType());
  if (!type.isDynamicDim(dim))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
  return tensor::DimOp::create(b, loc, value, dim);
}

SmallVector<Value> tessera::dimsOf(OpBuilder &b, Location loc, Value value) {
  SmallVector<Value> dims;
  for (int64_t dim = 0; dim < cast<RankedTensorType>(value.getType()).getRank();
       ++dim)
    dims.push_back(dimOf(b, loc, value, dim));
  return dims;
}

void tessera::keptDims(OpBuilder &b, Location loc, Value x,
                       ArrayRef<int64_t> axes, SmallVectorImpl<int64_t> &shape,
                       SmallVectorImpl<Value> &sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (llvm::is_contained(axes, dim))
      continue;
    shape.push_back(type.getDimSize(dim));
    sizes.push_back(dimOf(b, loc, x, dim));
  }
}

Value tessera::filledTensor(OpBuilder &b, Location loc, Value value,
                            ArrayRef<int64_t> shape, ArrayRef<Value> sizes) {
  auto type = RankedTensorType::get(shape, value.getType());
  return linalg::FillOp::create(b, loc, value, emptyTensor(b, loc, type, sizes))
      .getResult(0);
}

Value tessera::scalarOf(OpBuilder &b, Location loc, Value rank0, bool asIndex) {
  Value element = tensor::ExtractOp::create(b, loc, rank0, ValueRange{});
  if (!asIndex)
    return element;
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), element);
}

Value tessera::zeroOf(OpBuilder &b, Location loc, Type type) {
  if (auto complexType = dyn_cast<ComplexType>(type)) { // arith has none
    Attribute part = b.getZeroAttr(complexType.getElementType());
    return complex::ConstantOp::create(b, loc, type,
                                       b.getArrayAttr({part, part}));
  }
  return arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
}

Value tessera::lowestOf(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, type,
        b.getFloatAttr(type,
                       llvm::APFloat::getInf(floatType.getFloatSemantics(),
                                             /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc, type,
      b.getIntegerAttr(type, llvm::APInt::getSignedMinValue(width)));
}

Value tessera::integerExtremum(OpBuilder &b, Location loc, Value values,
                               bool maximum) {
  auto type = cast<RankedTensorType>(values.getType());
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
          b, loc, init.getType(), ValueRange{values}, ValueRange{init},
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

Type tessera::storageElementType(Type element) {
  if (element.isInteger(1))
    return IntegerType::get(element.getContext(), 8);
  return element;
}

Value tessera::emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                           ArrayRef<Value> dims) {
  SmallVector<Value> dynamic;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dynamic.push_back(dims[dim]);
  return tensor::EmptyOp::create(b, loc, type, dynamic);
}
