//===- TesseraOps.cpp - Verifiers, inference and folders of tessera ops ---===//

#include "tessera/Dialect/TesseraDialect.h"

#include "BasicIndexAssembly.h"
#include "ScalarBuilders.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "tessera/Dialect/GradientBuilder.h"

using namespace mlir;
using namespace mlir::tessera;

#define GET_OP_CLASSES
#include "tessera/TesseraOps.cpp.inc"

namespace {
/// The elements of `value` if it is a constant integer tensor.
std::optional<SmallVector<int64_t>> constantIntegers(Value value) {
  DenseIntElementsAttr elements;
  if (!value || !matchPattern(value, m_Constant(&elements)))
    return std::nullopt;
  return llvm::to_vector(
      llvm::map_range(elements.getValues<APInt>(),
                      [](const APInt &v) { return v.getSExtValue(); }));
}
} // namespace

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
    return emitOpError("index ")
           << getIndex() << " is out of range for " << getX().getType();
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  std::optional<SmallVector<int64_t>> constant =
      constantIntegers(adaptor.getShape());
  std::optional<ArrayRef<int64_t>> shape;
  if (constant)
    shape = *constant;
  return inferReshapeType(location, adaptor.getX().getType(),
                          adaptor.getShape().getType(), shape, inferred);
}

// MLIR passes the inferred types first, then the declared ones.
bool ReshapeOp::isCompatibleReturnTypes(TypeRange inferred,
                                        TypeRange declared) {
  return isCompatibleWith(declared, inferred);
}

LogicalResult DimShuffleOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferDimShuffleType(location, adaptor.getX().getType(),
                             adaptor.getPattern(), inferred);
}

LogicalResult DetOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  inferred.push_back(RankedTensorType::get(
      {}, cast<RankedTensorType>(adaptor.getA().getType()).getElementType()));
  return success();
}

LogicalResult SolveOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto a = cast<RankedTensorType>(adaptor.getA().getType());
  auto b = cast<RankedTensorType>(adaptor.getB().getType());
  if (a.getElementType() != b.getElementType())
    return emitOptionalError(location, "'tessera.solve' operand types ", a,
                             " and ", b, " have different element types");
  int64_t rows = a.getDimSize(0), rhsRows = b.getDimSize(0);
  if (!ShapedType::isDynamic(rows) && !ShapedType::isDynamic(rhsRows) &&
      rows != rhsRows)
    return emitOptionalError(location, "'tessera.solve' a system of ", rows,
                             " equations has ", rhsRows, " right-hand rows");
  inferred.push_back(b);
  return success();
}

LogicalResult ArgSortOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(adaptor.getX().getType());
  if (adaptor.getAxis() < 0 || adaptor.getAxis() >= x.getRank())
    return emitOptionalError(location, "'tessera.argsort' axis ",
                             adaptor.getAxis(), " is out of range for ", x);
  inferred.push_back(x.clone(IntegerType::get(context, 64)));
  return success();
}

LogicalResult BatchedDotOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferBatchedDotType(location, adaptor.getLhs().getType(),
                             adaptor.getRhs().getType(), inferred);
}

LogicalResult RebroadcastOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> location,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return inferRebroadcastType(location, adaptor.getX().getType(),
                              adaptor.getBroadcastable(), inferred);
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(adaptor.getX().getType());
  int64_t pieces =
      cast<RankedTensorType>(adaptor.getSizes().getType()).getDimSize(0);
  int64_t axis = adaptor.getAxis();
  if (ShapedType::isDynamic(pieces))
    return emitOptionalError(location, "'tessera.split' needs a sizes vector "
                                       "of static length (the number of "
                                       "pieces)");
  if (axis < 0 || axis >= x.getRank())
    return emitOptionalError(location, "'tessera.split' axis ", axis,
                             " is out of range for ", x);
  std::optional<SmallVector<int64_t>> sizes =
      constantIntegers(adaptor.getSizes());
  for (int64_t piece = 0; piece < pieces; ++piece) {
    SmallVector<int64_t> shape(x.getShape());
    // A known size, unless it is a computed 1 (not broadcastable).
    int64_t size = sizes ? (*sizes)[piece] : ShapedType::kDynamic;
    shape[axis] = size >= 0 && size != 1 ? size : ShapedType::kDynamic;
    inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  }
  return success();
}

LogicalResult ConcatenateOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> location,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return inferConcatenateType(location, adaptor.getInputs().getTypes(),
                              adaptor.getAxis(), inferred);
}

OpFoldResult DimShuffleOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> pattern = getPattern();
  if (getX().getType() == getType() &&
      llvm::equal(pattern, llvm::seq<int64_t>(0, pattern.size())))
    return getX();
  // dimshuffle(dimshuffle(x, inner), outer) = dimshuffle(x, inner∘outer).
  auto inner = getX().getDefiningOp<DimShuffleOp>();
  if (!inner)
    return {};
  SmallVector<int64_t> composed;
  for (int64_t entry : pattern)
    composed.push_back(entry == -1 ? -1 : inner.getPattern()[entry]);
  getXMutable().assign(inner.getX());
  setPattern(composed);
  return getResult();
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

LogicalResult SubtensorOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferSubtensorType(location, getOperationName(),
                            adaptor.getX().getType(), adaptor.getStarts(),
                            adaptor.getStops(), adaptor.getSteps(),
                            adaptor.getBounds().size(), inferred);
}

LogicalResult NonzeroOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location>,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  int64_t rank = cast<RankedTensorType>(adaptor.getMask().getType()).getRank();
  inferred.append(rank, RankedTensorType::get({ShapedType::kDynamic},
                                              IntegerType::get(context, 64)));
  return success();
}

LogicalResult AdvancedSubtensorOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferAdvancedSubtensorType(
      location, getOperationName(), adaptor.getX().getType(),
      adaptor.getIndices().getTypes(), adaptor.getAxis(), inferred);
}

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  SmallVector<std::optional<int64_t>> sizes;
  for (Value size : adaptor.getSizes()) {
    std::optional<SmallVector<int64_t>> constant = constantIntegers(size);
    sizes.push_back(constant ? std::optional(constant->front()) : std::nullopt);
  }
  return inferAllocType(location, adaptor.getValue().getType(), sizes,
                        inferred);
}

bool AllocOp::isCompatibleReturnTypes(TypeRange inferred, TypeRange declared) {
  return isCompatibleWith(declared, inferred);
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

namespace {
/// One element converted as `tessera.cast` converts it at run time
/// (castElement in ScalarBuilders.cpp): saturating float-to-integer
/// conversion with NaN -> 0, comparison with zero for bool.
Attribute castConstant(Builder &b, Attribute element, Type target) {
  if (isa<ComplexType>(target))
    return {};
  if (auto f = dyn_cast<FloatAttr>(element)) {
    const APFloat &value = f.getValue();
    if (auto targetFloat = dyn_cast<FloatType>(target)) {
      APFloat converted = value;
      bool lost;
      converted.convert(targetFloat.getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &lost);
      return b.getFloatAttr(target, converted);
    }
    if (target.isInteger(1))
      return b.getIntegerAttr(target, !value.isZero());
    unsigned width = target.getIntOrFloatBitWidth();
    if (value.isNaN())
      return b.getIntegerAttr(target, APInt(width, 0));
    APSInt result(width, /*isUnsigned=*/false);
    bool exact;
    // Out of range, convertToInteger saturates to the bounds.
    value.convertToInteger(result, APFloat::rmTowardZero, &exact);
    return b.getIntegerAttr(target, result);
  }
  auto i = dyn_cast<IntegerAttr>(element);
  if (!i)
    return {};
  bool isBool = i.getType().isInteger(1);
  APInt value = i.getValue();
  if (auto targetFloat = dyn_cast<FloatType>(target)) {
    APFloat converted(targetFloat.getFloatSemantics());
    converted.convertFromAPInt(value, /*IsSigned=*/!isBool,
                               APFloat::rmNearestTiesToEven);
    return b.getFloatAttr(target, converted);
  }
  if (target.isInteger(1))
    return b.getIntegerAttr(target, !value.isZero());
  unsigned width = target.getIntOrFloatBitWidth();
  return b.getIntegerAttr(target, isBool ? value.zextOrTrunc(width)
                                         : value.sextOrTrunc(width));
}
} // namespace

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  // A cast of a splat constant is a splat constant of the new type.
  auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getX());
  if (!splat)
    return {};
  Builder b(getContext());
  Attribute converted = castConstant(b, splat.getSplatValue<Attribute>(),
                                     getType().getElementType());
  if (!converted)
    return {};
  return SplatElementsAttr::get(cast<ShapedType>(getType()), converted);
}

//===----------------------------------------------------------------------===//
// Gradients
//===----------------------------------------------------------------------===//

LogicalResult GradOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  llvm::append_range(inferred, adaptor.getWrt().getTypes());
  return success();
}

LogicalResult GradOp::verify() {
  if (!getCost() && getKnownValues().empty())
    return emitOpError("needs a cost or known gradients to start from");
  if (getKnownValues().size() != getKnownGrads().size())
    return emitOpError("has ")
           << getKnownValues().size() << " known values but "
           << getKnownGrads().size() << " known gradients";
  for (auto [value, grad] : llvm::zip(getKnownValues(), getKnownGrads()))
    if (value.getType() != grad.getType())
      return emitOpError("known gradient of type ")
             << grad.getType() << " does not match its value's type "
             << value.getType();
  return success();
}
