//===- Matchers.cpp - What rewrites of tessera ops look for ---------------===//

#include "tessera/Dialect/Matchers.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "tessera/Dialect/TesseraDialect.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tessera;

std::optional<double> mlir::tessera::getSplatNumber(Value value) {
  if (auto shuffle = value.getDefiningOp<DimShuffleOp>())
    return getSplatNumber(shuffle.getX());
  if (auto cast = value.getDefiningOp<CastOp>()) {
    std::optional<double> number = getSplatNumber(cast.getX());
    Type element = cast.getType().getElementType();
    if (!number || isa<FloatType>(element))
      return number;
    if (element.isInteger(1))
      return *number != 0 ? 1.0 : 0.0;
    // Integers keep integral numbers only (truncation would change others).
    if (std::trunc(*number) != *number)
      return std::nullopt;
    return number;
  }
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  if (auto floats = dyn_cast<DenseFPElementsAttr>(attr))
    return floats.getSplatValue<APFloat>().convertToDouble();
  if (auto ints = dyn_cast<DenseIntElementsAttr>(attr)) {
    APInt number = ints.getSplatValue<APInt>();
    return number.getBitWidth() == 1 ? double(number.getZExtValue())
                                     : double(number.getSExtValue());
  }
  return std::nullopt;
}

bool mlir::tessera::isSplatOf(Value value, double number) {
  std::optional<double> splat = getSplatNumber(value);
  return splat && *splat == number;
}

bool mlir::tessera::computeSame(Value a, Value b) {
  if (a == b)
    return true;
  Operation *x = a.getDefiningOp(), *y = b.getDefiningOp();
  if (!x || !y || !isPure(x) || x->getNumRegions() != 0 ||
      cast<OpResult>(a).getResultNumber() != cast<OpResult>(b).getResultNumber())
    return false;
  return OperationEquivalence::isEquivalentTo(
      x, y, OperationEquivalence::IgnoreLocations);
}

bool mlir::tessera::isGradientPoint(Value value) {
  for (OpOperand &use : value.getUses()) {
    auto grad = dyn_cast<GradOp>(use.getOwner());
    if (grad && use.get() != grad.getCost())
      return true;
  }
  return false;
}

bool mlir::tessera::anyGradientPoint(ArrayRef<Value> values) {
  return llvm::any_of(values, isGradientPoint);
}

Value mlir::tessera::getMaxShiftedInput(Value value) {
  auto sub = value.getDefiningOp<SubOp>();
  if (!sub)
    return {};
  Value shift = sub.getRhs();
  while (true) {
    if (auto stop = shift.getDefiningOp<ZeroGradOp>())
      shift = stop.getX();
    else if (auto shuffle = shift.getDefiningOp<DimShuffleOp>())
      shift = shuffle.getX();
    else if (auto guard = shift.getDefiningOp<SwitchOp>();
             guard && guard.getCondition().getDefiningOp<IsInfOp>())
      shift = guard.getOnFalse();
    else
      break;
  }
  auto max = shift.getDefiningOp<MaxOp>();
  if (!max || !computeSame(max.getX(), sub.getLhs()))
    return {};
  return sub.getLhs();
}
