//===- TesseraDialect.cpp - The tessera dialect ---------------------------===//

#include "tessera/Dialect/TesseraDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::tessera;

#include "tessera/TesseraDialect.cpp.inc"
#include "tessera/TesseraEnums.cpp.inc"
#include "tessera/TesseraInterfaces.cpp.inc"

namespace {
#include "tessera/TesseraCanonicalization.inc"
} // namespace

void TesseraDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tessera/TesseraOps.cpp.inc"
      >();
}

Operation *TesseraDialect::materializeConstant(OpBuilder &builder,
                                               Attribute value, Type type,
                                               Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}

void TesseraDialect::getCanonicalizationPatterns(
    RewritePatternSet &patterns) const {
  populateTesseraCanonicalizationPatterns(patterns);
}

void mlir::tessera::populateTesseraCanonicalizationPatterns(
    RewritePatternSet &patterns) {
  populateWithGenerated(patterns);
  populateTesseraSimplificationPatterns(patterns);
  populateTesseraConstantFoldingPatterns(patterns);
}

// Each entry of the checks table is [kind, message].
int64_t mlir::tessera::appendModuleCheck(ModuleOp module, CheckKind kind,
                                         StringRef message) {
  MLIRContext *context = module.getContext();
  StringRef name = TesseraDialect::getChecksAttrName();
  SmallVector<Attribute> checks;
  if (auto existing = module->getAttrOfType<ArrayAttr>(name))
    llvm::append_range(checks, existing);
  Builder b(context);
  checks.push_back(
      b.getArrayAttr({b.getI32IntegerAttr(static_cast<int32_t>(kind)),
                      b.getStringAttr(message)}));
  module->setAttr(name, b.getArrayAttr(checks));
  return static_cast<int64_t>(checks.size()) - 1;
}

SmallVector<CheckInfo> mlir::tessera::getModuleChecks(ModuleOp module) {
  SmallVector<CheckInfo> checks;
  auto table =
      module->getAttrOfType<ArrayAttr>(TesseraDialect::getChecksAttrName());
  if (!table)
    return checks;
  for (auto entry : table.getAsRange<ArrayAttr>()) {
    auto kind = cast<IntegerAttr>(entry[0]).getInt();
    checks.push_back(
        {static_cast<CheckKind>(kind), cast<StringAttr>(entry[1]).getValue()});
  }
  return checks;
}

std::string mlir::tessera::describeOrigin(StringRef opName, Location loc) {
  std::string name = opName.str(), place;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner))
      name = named.getName().str();
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      place =
          (file.getFilename().getValue() + ":" + Twine(file.getLine())).str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (place.empty())
    llvm::raw_string_ostream(place) << loc;
  return name + " (created at " + place + ")";
}
