//===- TesseraOps.cpp - Verifiers, inference and folders of tessera ops ---===//

#include "tessera/Dialect/TesseraDialect.h"

#include "ScalarBuilders.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::tessera;

#define GET_OP_CLASSES
#include "tessera/TesseraOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  int64_t rank = cast<RankedTensorType>(adaptor.getX().getType()).getRank();
  inferred.push_back(
      RankedTensorType::get({rank}, IntegerType::get(context, 64)));
  return success();
}

LogicalResult ShapeIOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location>, Adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  inferred.push_back(RankedTensorType::get({}, IntegerType::get(context, 64)));
  return success();
}

LogicalResult ShapeIOp::verify() {
  int64_t rank = getX().getType().getRank();
  if (getIndex() < 0 || getIndex() >= rank)
    return emitOpError("index ") << getIndex() << " is out of range for "
                                 << getX().getType();
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto x = getX().getType(), result = getType();
  if (x.getElementType() != cast<RankedTensorType>(result).getElementType())
    return emitOpError("element types of ")
           << x << " and " << result << " differ";
  int64_t length = getShape().getType().getDimSize(0);
  if (ShapedType::isDynamic(length) ||
      length != cast<RankedTensorType>(result).getRank())
    return emitOpError("shape operand ")
           << getShape().getType() << " must have a static size equal to the "
           << "result rank of " << result;
  return success();
}

LogicalResult DimShuffleOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferDimShuffleType(location, adaptor.getX().getType(),
                             adaptor.getPattern(), inferred);
}

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::verify() {
  auto value = getValue().getType();
  auto result = cast<RankedTensorType>(getType());
  if (value.getRank() != 0)
    return emitOpError("value must be a rank-0 tensor, got ") << value;
  if (value.getElementType() != result.getElementType())
    return emitOpError("element types of ")
           << value << " and " << result << " differ";
  if (static_cast<int64_t>(getSizes().size()) != result.getRank())
    return emitOpError("takes one size per dimension of ")
           << result << ", got " << getSizes().size();
  return success();
}

LogicalResult ARangeOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  Type element =
      cast<RankedTensorType>(adaptor.getStart().getType()).getElementType();
  inferred.push_back(RankedTensorType::get({ShapedType::kDynamic}, element));
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  // A cast of a splat constant is a splat constant of the new type.
  auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getX());
  if (!splat)
    return {};
  OpBuilder builder(getContext());
  Type target = getType().getElementType();
  Attribute element = splat.getSplatValue<Attribute>();
  Attribute converted;
  if (auto f = dyn_cast<FloatAttr>(element)) {
    double value = f.getValueAsDouble();
    if (isa<FloatType>(target))
      converted = builder.getFloatAttr(target, value);
    else if (target.isInteger(1))
      converted = builder.getIntegerAttr(target, value != 0);
    else
      converted = builder.getIntegerAttr(target, static_cast<int64_t>(value));
  } else if (auto i = dyn_cast<IntegerAttr>(element)) {
    int64_t value = i.getType().isInteger(1) ? i.getValue().getZExtValue()
                                                   : i.getValue().getSExtValue();
    if (isa<FloatType>(target))
      converted = builder.getFloatAttr(target, static_cast<double>(value));
    else if (target.isInteger(1))
      converted = builder.getIntegerAttr(target, value != 0);
    else
      converted = builder.getIntegerAttr(target, value);
  }
  if (!converted)
    return {};
  return SplatElementsAttr::get(cast<ShapedType>(getType()), converted);
}
