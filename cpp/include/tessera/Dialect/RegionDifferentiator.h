//===- RegionDifferentiator.h - Differentiating a region ------*- C++ -*-===//
//
// What derivative rules of region ops (scan, ifelse, ...) get from
// `tessera-autodiff`: a handle that differentiates one of their blocks. The
// pass implements it; rules only call it, so that the dialect does not
// depend on the pass.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_DIALECT_REGIONDIFFERENTIATOR_H
#define TESSERA_DIALECT_REGIONDIFFERENTIATOR_H

#include "mlir/IR/Builders.h"
#include "mlir/Support/LogicalResult.h"

namespace mlir::tessera {

class RegionDifferentiator {
public:
  virtual ~RegionDifferentiator() = default;

  /// Emits at `builder` a copy of `block` with its arguments bound to
  /// `arguments`, then the backward code of that copy seeded with
  /// `terminatorGrads` (one per terminator operand, null for none). Sets
  /// `argumentGrads` to the gradients of `arguments` (null where none
  /// flows); the gradients of values the block uses from above are added to
  /// the enclosing differentiation directly.
  virtual LogicalResult
  differentiate(OpBuilder &builder, Block &block, ValueRange arguments,
                ValueRange terminatorGrads,
                SmallVectorImpl<Value> &argumentGrads) = 0;
};

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_REGIONDIFFERENTIATOR_H
