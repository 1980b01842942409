//===- BasicIndexAssembly.h - Python's index syntax for subtensor ops -*- C++
//-*-===//
//
// The custom assembly of a basic index: `%x[%i, 1:, ::-1, %a:%b:2]`, one
// entry per dimension as Python writes it (an integer, or a slice whose
// bounds may be left out), each bound a constant or an operand.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_DIALECT_BASICINDEXASSEMBLY_H
#define TESSERA_LIB_DIALECT_BASICINDEXASSEMBLY_H

#include "mlir/IR/OpImplementation.h"

namespace mlir::tessera {

ParseResult
parseBasicIndex(OpAsmParser &parser,
                SmallVectorImpl<OpAsmParser::UnresolvedOperand> &bounds,
                DenseI64ArrayAttr &starts, DenseI64ArrayAttr &stops,
                DenseI64ArrayAttr &steps);

void printBasicIndex(OpAsmPrinter &printer, Operation *op, OperandRange bounds,
                     DenseI64ArrayAttr starts, DenseI64ArrayAttr stops,
                     DenseI64ArrayAttr steps);

} // namespace mlir::tessera

#endif // TESSERA_LIB_DIALECT_BASICINDEXASSEMBLY_H
