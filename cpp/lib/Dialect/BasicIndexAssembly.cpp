//===- BasicIndexAssembly.cpp - Python's index syntax for subtensor ops ---===//

#include "BasicIndexAssembly.h"

#include "mlir/IR/BuiltinTypes.h"
#include "tessera/Dialect/ShapeInference.h"

using namespace mlir;

namespace {

/// One bound: an integer, an operand (recorded in `operands`), or nothing
/// (`kOmittedBound`).
ParseResult
parseBound(OpAsmParser &parser, int64_t &bound,
           SmallVectorImpl<OpAsmParser::UnresolvedOperand> &operands) {
  bound = tessera::kOmittedBound;
  OpAsmParser::UnresolvedOperand operand;
  OptionalParseResult isOperand = parser.parseOptionalOperand(operand);
  if (isOperand.has_value()) {
    if (failed(*isOperand))
      return failure();
    bound = ShapedType::kDynamic;
    operands.push_back(operand);
    return success();
  }
  int64_t value;
  OptionalParseResult isInteger = parser.parseOptionalInteger(value);
  if (isInteger.has_value()) {
    if (failed(*isInteger))
      return failure();
    bound = value;
  }
  return success();
}

} // namespace

ParseResult tessera::parseBasicIndex(
    OpAsmParser &parser,
    SmallVectorImpl<OpAsmParser::UnresolvedOperand> &bounds,
    DenseI64ArrayAttr &starts, DenseI64ArrayAttr &stops,
    DenseI64ArrayAttr &steps) {
  SmallVector<int64_t> startValues, stopValues, stepValues;
  SmallVector<OpAsmParser::UnresolvedOperand> dynamic[3];
  auto parseEntry = [&]() -> ParseResult {
    int64_t start, stop = kOmittedBound, step = kOmittedBound;
    llvm::SMLoc loc = parser.getCurrentLocation();
    if (parseBound(parser, start, dynamic[0]))
      return failure();
    if (succeeded(parser.parseOptionalColon())) {
      if (parseBound(parser, stop, dynamic[1]))
        return failure();
      if (succeeded(parser.parseOptionalColon()) &&
          parseBound(parser, step, dynamic[2]))
        return failure();
    } else if (start == kOmittedBound) {
      return parser.emitError(loc,
                              "expected an integer, an operand or a slice");
    } else {
      step = 0; // An integer index.
    }
    startValues.push_back(start);
    stopValues.push_back(stop);
    stepValues.push_back(step);
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::OptionalSquare,
                                     parseEntry))
    return failure();
  for (auto &operands : dynamic)
    llvm::append_range(bounds, operands);
  MLIRContext *context = parser.getContext();
  starts = DenseI64ArrayAttr::get(context, startValues);
  stops = DenseI64ArrayAttr::get(context, stopValues);
  steps = DenseI64ArrayAttr::get(context, stepValues);
  return success();
}

void tessera::printBasicIndex(OpAsmPrinter &printer, Operation *,
                              OperandRange bounds, DenseI64ArrayAttr starts,
                              DenseI64ArrayAttr stops,
                              DenseI64ArrayAttr steps) {
  // The operands of dynamic bounds come as all starts, stops, then steps.
  auto dynamicCount = [](DenseI64ArrayAttr entries) {
    return llvm::count(entries.asArrayRef(), ShapedType::kDynamic);
  };
  unsigned next[3] = {
      0, static_cast<unsigned>(dynamicCount(starts)),
      static_cast<unsigned>(dynamicCount(starts) + dynamicCount(stops))};
  auto printBound = [&](int64_t bound, unsigned &operand) {
    if (bound == kOmittedBound)
      return;
    if (ShapedType::isDynamic(bound))
      printer << bounds[operand++];
    else
      printer << bound;
  };
  printer << '[';
  for (size_t dim = 0; dim < starts.size(); ++dim) {
    if (dim > 0)
      printer << ", ";
    printBound(starts[dim], next[0]);
    if (steps[dim] == 0)
      continue;
    printer << ':';
    printBound(stops[dim], next[1]);
    if (steps[dim] != kOmittedBound) {
      printer << ':';
      printBound(steps[dim], next[2]);
    }
  }
  printer << ']';
}
