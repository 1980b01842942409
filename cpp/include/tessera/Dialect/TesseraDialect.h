//===- TesseraDialect.h - The tessera dialect and its ops -------*- C++ -*-===//

#ifndef TESSERA_DIALECT_TESSERADIALECT_H
#define TESSERA_DIALECT_TESSERADIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/RegionDifferentiator.h"
#include "tessera/Dialect/ShapeInference.h"

#include "tessera/TesseraDialect.h.inc"
#include "tessera/TesseraEnums.h.inc"
#include "tessera/TesseraInterfaces.h.inc"

#define GET_OP_CLASSES
#include "tessera/TesseraOps.h.inc"

namespace mlir::tessera {

/// One run-time check of a module, as `tessera-lower-checks` records it in
/// the module attribute `TesseraDialect::getChecksAttrName()`.
struct CheckInfo {
  CheckKind kind;
  StringRef message;
};

/// Records a check in `module`'s table; returns its id.
int64_t appendModuleCheck(ModuleOp module, CheckKind kind, StringRef message);

/// The checks recorded in `module`, by id.
SmallVector<CheckInfo> getModuleChecks(ModuleOp module);

/// "tessera.add (created at model.py:12)": how run-time errors name the op
/// that `loc` belongs to. The name is that of the innermost `NameLoc` in
/// `loc` (the conversion names what each tessera op lowers to), else
/// `opName`; the place is `loc`'s innermost file:line.
std::string describeOrigin(StringRef opName, Location loc);

/// The dialect's canonicalization patterns that belong to no single op: the
/// declarative ones of dialect/TesseraCanonicalization.td, the algebraic
/// simplifications and constant folding.
void populateTesseraCanonicalizationPatterns(RewritePatternSet &patterns);

/// Algebraic simplifications (Simplifications.cpp), part of canonicalization.
void populateTesseraSimplificationPatterns(RewritePatternSet &patterns);

/// Constant folding of elementwise ops, reductions and shape ops
/// (ConstantFolding.cpp), part of canonicalization.
void populateTesseraConstantFoldingPatterns(RewritePatternSet &patterns);

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_TESSERADIALECT_H
