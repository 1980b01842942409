//===- CAPI.cpp - What the Python extension calls -------------------------===//

#include "tessera/CAPI.h"

#include "../Runtime/JitCompiler.h"
#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Pipelines/Pipelines.h"

void tesseraRegisterDialect(MlirContext context, bool load) {
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  unwrap(context)->appendDialectRegistry(registry);
  if (load)
    unwrap(context)->getOrLoadDialect<mlir::tessera::TesseraDialect>();
}

bool tesseraOpHasDerivativeRule(MlirContext context, MlirStringRef name) {
  std::optional<mlir::RegisteredOperationName> op =
      mlir::RegisteredOperationName::lookup(
          llvm::StringRef(name.data, name.length), unwrap(context));
  return op &&
         op->template hasInterface<mlir::tessera::DifferentiableOpInterface>();
}

void tesseraRegisterPassesAndPipelines(void) {
  mlir::tessera::registerPassesAndPipelines();
}

std::unique_ptr<tessera::Executable>
tessera::compileModule(MlirModule module, const CompileOptions &options,
                       std::string &error) {
  // Lower a copy: the caller's module stays the IR they emitted. The copy
  // lives in the caller's context, which the caller keeps alive.
  return jitCompile(unwrap(module).clone(), /*context=*/nullptr, options,
                    error);
}

bool tessera::inferResultTypes(
    MlirContext context, std::string_view opName,
    const std::vector<MlirType> &operandTypes,
    const std::vector<MlirAttribute> &constantOperands,
    MlirAttribute attributes, MlirLocation location,
    std::vector<MlirType> &results, std::string &error) {
  mlir::MLIRContext *ctx = unwrap(context);
  mlir::Location loc = unwrap(location);
  llvm::raw_string_ostream errors(error);
  mlir::ScopedDiagnosticHandler handler(ctx, [&](mlir::Diagnostic &diag) {
    if (!error.empty())
      errors << "\n";
    errors << diag;
    return mlir::success();
  });
  auto name = mlir::RegisteredOperationName::lookup(
      llvm::StringRef(opName.data(), opName.size()), ctx);
  if (!name || !name->hasInterface<mlir::InferTypeOpInterface>()) {
    errors << "'" << opName << "' is not an op that infers its result types";
    return false;
  }

  // The op is built in a scratch module: unknown operands are opaque values
  // (unrealized casts of nothing), known ones constants, so the shape
  // function sees them as it sees real IR.
  mlir::OwningOpRef<mlir::ModuleOp> scratch = mlir::ModuleOp::create(loc);
  mlir::OpBuilder b = mlir::OpBuilder::atBlockEnd(scratch->getBody());
  mlir::OperationState state(loc, *name);
  for (auto [type, constant] : llvm::zip(operandTypes, constantOperands)) {
    if (mlirAttributeIsNull(constant)) {
      state.operands.push_back(mlir::UnrealizedConversionCastOp::create(
                                   b, loc, unwrap(type), mlir::ValueRange{})
                                   .getResult(0));
      continue;
    }
    auto value = llvm::dyn_cast<mlir::TypedAttr>(unwrap(constant));
    if (!value || value.getType() != unwrap(type)) {
      errors << "the known value of operand " << state.operands.size()
             << " of '" << opName << "' is not a " << unwrap(type);
      return false;
    }
    state.operands.push_back(
        mlir::arith::ConstantOp::create(b, loc, value).getResult());
  }
  if (!mlirAttributeIsNull(attributes))
    state.addAttributes(
        llvm::cast<mlir::DictionaryAttr>(unwrap(attributes)).getValue());
  mlir::Operation *op = b.create(state);
  llvm::SmallVector<mlir::Type> inferred;
  auto infer = llvm::cast<mlir::InferTypeOpInterface>(op);
  bool ok = mlir::succeeded(infer.inferReturnTypes(
      ctx, loc, op->getOperands(), op->getRawDictionaryAttrs(),
      op->getPropertiesStorage(), op->getRegions(), inferred));
  if (!ok) {
    if (error.empty())
      errors << "'" << opName << "' cannot be applied to these operands";
    return false;
  }
  // The op with its results must verify too: its operand constraints (a
  // complex operand where the op takes floats) are not the shape function's.
  state.types.assign(inferred.begin(), inferred.end());
  op->erase();
  if (mlir::failed(mlir::verify(b.create(state), /*verifyRecursively=*/false)))
    return false;
  for (mlir::Type type : inferred)
    results.push_back(wrap(type));
  return true;
}

tessera::BasicIndexSentinels tessera::basicIndexSentinels() {
  return {mlir::ShapedType::kDynamic, mlir::tessera::kOmittedBound};
}

int64_t tessera::largestAllocation() {
  return mlir::tessera::TesseraDialect::getLargestAllocation();
}

std::vector<std::string> tessera::matrixStructureNames() {
  std::vector<std::string> names;
  for (uint32_t value = 0;
       value <= mlir::tessera::getMaxEnumValForMatrixStructure(); ++value)
    names.push_back(mlir::tessera::stringifyMatrixStructure(
                        static_cast<mlir::tessera::MatrixStructure>(value))
                        .str());
  return names;
}
