//===- TesseraDialect.h - The tessera dialect and its ops -------*- C++ -*-===//

#ifndef TESSERA_DIALECT_TESSERADIALECT_H
#define TESSERA_DIALECT_TESSERADIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/ShapeInference.h"

#include "tessera/TesseraDialect.h.inc"
#include "tessera/TesseraInterfaces.h.inc"

#define GET_OP_CLASSES
#include "tessera/TesseraOps.h.inc"

#endif // TESSERA_DIALECT_TESSERADIALECT_H
