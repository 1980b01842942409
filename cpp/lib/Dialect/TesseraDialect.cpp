//===- TesseraDialect.cpp - The tessera dialect ---------------------------===//

#include "tessera/Dialect/TesseraDialect.h"

#include "ScalarBuilders.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::tessera;

#include "tessera/TesseraDialect.cpp.inc"
#include "tessera/TesseraInterfaces.cpp.inc"

void TesseraDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tessera/TesseraOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "tessera/TesseraOps.cpp.inc"
