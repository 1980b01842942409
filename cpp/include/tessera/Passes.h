//===- Passes.h - Tessera passes and their registration ---------*- C++ -*-===//
//
// The passes declared in dialect/ConversionPasses.td and
// dialect/TransformsPasses.td: their create functions, options and
// registration.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_PASSES_H
#define TESSERA_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::tessera {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "tessera/ConversionPasses.h.inc"

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "tessera/TransformsPasses.h.inc"

/// Registers every tessera pass in the global pass registry.
inline void registerTesseraPasses() {
  registerTesseraConversionPasses();
  registerTesseraTransformsPasses();
}

} // namespace mlir::tessera

#endif // TESSERA_PASSES_H
