//===- TestDialect.cpp - The tessera_test dialect -------------------------===//

#include "TestDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::tessera::test;

#include "TestDialect.cpp.inc"

#define GET_OP_CLASSES
#include "TestOps.cpp.inc"

void TesseraTestDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "TestOps.cpp.inc"
      >();
}

void mlir::tessera::test::registerTestDialect(DialectRegistry &registry) {
  registry.insert<TesseraTestDialect>();
}

/// The body maps the operands to the results: its derivative is the body's,
/// which the handle emits and differentiates in place, so that the gradients
/// of the values it uses from above are available where the rule runs.
LogicalResult RegionOp::buildGradients(OpBuilder &builder,
                                       ValueRange resultGrads,
                                       SmallVectorImpl<Value> &operandGrads,
                                       RegionDifferentiator &regions) {
  SmallVector<Value> captured =
      regions.capturedValuesToDifferentiate(getBody());
  SmallVector<Value> capturedGrads;
  if (failed(regions.differentiate(builder, getBody().front(), getInputs(),
                                   resultGrads, captured, operandGrads,
                                   capturedGrads)))
    return failure();
  for (auto [value, grad] : llvm::zip(captured, capturedGrads))
    if (grad)
      regions.addGradient(value, grad);
  return success();
}
