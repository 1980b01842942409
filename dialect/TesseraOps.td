//===- TesseraOps.td - Operations of the tessera dialect ------------------===//
//
// One op per Theano function, defined by family under ops/. Each op's whole
// story starts with its definition: operands, result-type inference, and the
// family's per-op table entry (an elementwise op's `scalarBody`, a
// reduction's combiner). Shape rules live in cpp/lib/Dialect/ShapeInference.cpp,
// verifiers and folders in TesseraOps.cpp, lowerings in cpp/lib/Conversion.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_TD
#define TESSERA_OPS_TD

include "ops/ElementwiseOps.td"
include "ops/ContractionOps.td"
include "ops/ReductionOps.td"
include "ops/ShapeOps.td"
include "ops/ConstructionOps.td"
include "ops/GradientOps.td"
include "ops/CheckOps.td"
include "ops/NNetOps.td"
include "ops/IndexingOps.td"
include "ops/LinearAlgebraOps.td"
include "ops/ControlFlowOps.td"

#endif // TESSERA_OPS_TD
