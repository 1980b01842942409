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

  /// The float values defined above `region` and used in it (or in regions
  /// nested in it) through which the cost depends on what is differentiated:
  /// those whose gradients the region op's rule returns with `addGradient`.
  virtual SmallVector<Value> capturedValuesToDifferentiate(Region &region) = 0;

  /// Emits at `builder` a copy of `block` with its arguments bound to
  /// `arguments` (the forward values are computed again there), then the
  /// backward code of that copy seeded with `terminatorGrads` (one per
  /// terminator operand, null for none). Sets `argumentGrads` to the
  /// gradients of `arguments` and `capturedGrads` to those of `captured`
  /// (values from above, see capturedValuesToDifferentiate), null where none
  /// flows. `storedTerminatorValues` (empty, or one per terminator operand,
  /// null for none) are values equal to the terminator's operands that the
  /// caller already has (a scan's stored histories): the copy reads them
  /// instead, so the code that computed them again is left dead.
  virtual LogicalResult
  differentiate(OpBuilder &builder, Block &block, ValueRange arguments,
                ValueRange terminatorGrads, ValueRange captured,
                SmallVectorImpl<Value> &argumentGrads,
                SmallVectorImpl<Value> &capturedGrads,
                ValueRange storedTerminatorValues = {}) = 0;

  /// Adds `gradient` to the gradient of `value`, a value from above that a
  /// region of the op whose rule runs uses.
  virtual void addGradient(Value value, Value gradient) = 0;
};

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_REGIONDIFFERENTIATOR_H
