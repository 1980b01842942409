//===- TesseraToLinalg.h - Lowering tessera ops to linalg -------*- C++ -*-===//

#ifndef TESSERA_CONVERSION_TESSERATOLINALG_H
#define TESSERA_CONVERSION_TESSERATOLINALG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tessera {

/// The types of lowered tessera values: bool tensors (`i1`) become `i8`
/// tensors of 0 and 1, as NumPy stores bools (and as memory holds them: MLIR
/// cannot load or store `i1` memrefs); all other types stay.
class TesseraTypeConverter : public TypeConverter {
public:
  TesseraTypeConverter();
};

/// Patterns that rewrite every tessera op into linalg/tensor/arith/math ops on
/// tensors (the `convert-tessera-to-linalg` pass applies them).
void populateTesseraToLinalgPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns);

} // namespace mlir::tessera

#endif // TESSERA_CONVERSION_TESSERATOLINALG_H
