//===- ShapeInference.cpp - Theano's typing rules for tessera ops ---------===//

#include "tessera/Dialect/ShapeInference.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

LogicalResult tessera::inferElementwiseType(std::optional<Location> location,
                                            StringRef opName,
                                            TypeRange operandTypes,
                                            SmallVectorImpl<Type> &inferred) {
  if (operandTypes.empty())
    return emitOptionalError(location, "'", opName,
                             "' needs at least one operand");
  auto first = cast<RankedTensorType>(operandTypes.front());
  SmallVector<int64_t> shape(first.getRank(), 1);
  for (Type type : operandTypes) {
    auto tensor = cast<RankedTensorType>(type);
    if (tensor.getElementType() != first.getElementType())
      return emitOptionalError(
          location, "'", opName, "' operand types ", first, " and ", tensor,
          " have different element types; cast one operand first");
    if (tensor.getRank() != first.getRank())
      return emitOptionalError(
          location, "'", opName, "' operand types ", first, " and ", tensor,
          " have different ranks; dimshuffle the lower-rank operand first");
    for (auto [dim, size] : llvm::enumerate(tensor.getShape())) {
      int64_t &result = shape[dim];
      if (size == 1)
        continue; // Broadcasts (or is the 1 that everyone else has).
      if (ShapedType::isDynamic(size)) {
        if (result == 1)
          result = ShapedType::kDynamic;
        continue;
      }
      if (!ShapedType::isDynamic(result) && result != 1 && result != size)
        return emitOptionalError(location, "'", opName, "' operand types ",
                                 first, " and ", tensor,
                                 " have incompatible sizes in dimension ", dim,
                                 " (", result, " vs ", size, ")");
      result = size;
    }
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult tessera::inferDotType(std::optional<Location> location,
                                    Type lhsType, Type rhsType,
                                    SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(lhsType);
  auto rhs = cast<RankedTensorType>(rhsType);
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(location, "'tessera.dot' operand types ", lhs,
                             " and ", rhs,
                             " have different element types; cast one first");
  auto isVectorOrMatrix = [](RankedTensorType t) {
    return t.getRank() == 1 || t.getRank() == 2;
  };
  if (!isVectorOrMatrix(lhs) || !isVectorOrMatrix(rhs))
    return emitOptionalError(location, "'tessera.dot' takes vectors and "
                                       "matrices, got operand types ",
                             lhs, " and ", rhs);
  int64_t lhsContracted = lhs.getShape().back();
  int64_t rhsContracted = rhs.getShape().front();
  if (!ShapedType::isDynamic(lhsContracted) &&
      !ShapedType::isDynamic(rhsContracted) && lhsContracted != rhsContracted)
    return emitOptionalError(location, "'tessera.dot' operand types ", lhs,
                             " and ", rhs, " have contracted sizes ",
                             lhsContracted, " and ", rhsContracted,
                             " that differ");
  SmallVector<int64_t> shape(lhs.getShape().drop_back());
  llvm::append_range(shape, rhs.getShape().drop_front());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}
