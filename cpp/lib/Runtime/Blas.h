//===- Blas.h - Matrix products at BLAS speed -------------------*- C++ -*-===//
//
// Large matrix products call OpenBLAS (tessera-contractions-to-blas): the
// library of the scipy-openblas64 wheel, loaded at run time (Python loads it
// at import; C++ programs call tessera::loadBlas). These are the functions
// compiled code calls, by the C interface of memrefs: each takes strided
// operands of any layout, hands BLAS those it can describe (a unit stride
// in either dimension) and copies the others, and accumulates into its last
// operand unless told to overwrite it.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_RUNTIME_BLAS_H
#define TESSERA_LIB_RUNTIME_BLAS_H

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tessera {

/// The runtime's BLAS functions, for the JIT to resolve: (symbol, address).
std::vector<std::pair<std::string, void *>> blasRuntimeSymbols();

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_BLAS_H
