//===- ScalarBuilders.h - Helpers for the ops' scalar bodies ----*- C++ -*-===//
//
// Small builders that the `scalarBody` of the elementwise ops in TesseraOps.td
// use, so that each op's scalar semantics reads as one line there.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_DIALECT_SCALARBUILDERS_H
#define TESSERA_LIB_DIALECT_SCALARBUILDERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

namespace mlir::tessera {

/// Left fold of `elements` with `FloatOp` or `IntOp` by their element type:
/// ((e0 op e1) op e2) ..., as Theano evaluates its n-ary add and mul.
template <typename FloatOp, typename IntOp>
Value foldElements(OpBuilder &builder, Location loc, ValueRange elements) {
  Value acc = elements.front();
  bool isFloat = isa<FloatType>(acc.getType());
  for (Value next : elements.drop_front())
    acc = isFloat ? FloatOp::create(builder, loc, acc, next).getResult()
                  : IntOp::create(builder, loc, acc, next).getResult();
  return acc;
}

} // namespace mlir::tessera

#endif // TESSERA_LIB_DIALECT_SCALARBUILDERS_H
