//===- TesseraToLinalg.h - Lowering tessera ops to linalg -------*- C++ -*-===//

#ifndef TESSERA_CONVERSION_TESSERATOLINALG_H
#define TESSERA_CONVERSION_TESSERATOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::tessera {

/// Patterns that rewrite every tessera op into linalg/tensor/arith/math ops on
/// tensors (the `convert-tessera-to-linalg` pass applies them).
void populateTesseraToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::tessera

#endif // TESSERA_CONVERSION_TESSERATOLINALG_H
