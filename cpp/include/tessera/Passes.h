//===- Passes.h - Tessera passes and their registration ---------*- C++ -*-===//

#ifndef TESSERA_PASSES_H
#define TESSERA_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::tessera {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "tessera/Passes.h.inc"

} // namespace mlir::tessera

#endif // TESSERA_PASSES_H
