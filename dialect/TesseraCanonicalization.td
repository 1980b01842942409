//===- TesseraCanonicalization.td - Rewrites of tessera ops ---------------===//
//
// Declarative canonicalization patterns (as Arith's ArithCanonicalization.td);
// they run wherever `canonicalize` does, through the dialect's canonicalizer.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_CANONICALIZATION_TD
#define TESSERA_CANONICALIZATION_TD

include "mlir/IR/PatternBase.td"
include "TesseraOps.td"

// -(-x) -> x, for integers and floats alike (negation is exact).
def DoubleNegation : Pat<(Tessera_NegOp (Tessera_NegOp $x)), (replaceWithValue $x)>;

#endif // TESSERA_CANONICALIZATION_TD
