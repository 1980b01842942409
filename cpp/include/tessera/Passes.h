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
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::tessera {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "tessera/ConversionPasses.h.inc"

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "tessera/TransformsPasses.h.inc"

/// Every symbol tessera-math-to-libmvec{isa=`isa`} may call, or none for an
/// unknown isa: code calling them runs where libmvec defines them all.
std::optional<SmallVector<std::string>> getLibmvecSymbols(StringRef isa);

/// Registers every tessera pass in the global pass registry.
inline void registerTesseraPasses() {
  registerTesseraConversionPasses();
  registerTesseraTransformsPasses();
}

} // namespace mlir::tessera

#endif // TESSERA_PASSES_H
