//===- TestDialect.h - The tessera_test dialect -----------------*- C++ -*-===//

#ifndef TESSERA_TEST_TESTDIALECT_H
#define TESSERA_TEST_TESTDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/TesseraDialect.h"

#include "TestDialect.h.inc"

#define GET_OP_CLASSES
#include "TestOps.h.inc"

namespace mlir::tessera::test {
/// Adds the tessera_test dialect to `registry` (tessera-opt only).
void registerTestDialect(DialectRegistry &registry);
} // namespace mlir::tessera::test

#endif // TESSERA_TEST_TESTDIALECT_H
