//===- TesseraBase.td - The tessera dialect and its type constraints ------===//
//
// Theano's tensors are ranked: the rank and the broadcastable flags are static,
// the other sizes dynamic unless known. A broadcastable dimension is a static
// size-1 dimension of the tensor type (`tensor<?x1xf32>` is a column).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_BASE_TD
#define TESSERA_BASE_TD

include "mlir/IR/OpBase.td"

def Tessera_Dialect : Dialect {
  let name = "tessera";
  let cppNamespace = "::mlir::tessera";
  let summary = "Theano's symbolic tensor operations";
  let description = [{
    One op per Theano function (`tessera.add`, `tessera.exp`, `tessera.dot`,
    ...) on ranked tensors. Broadcasting follows Theano: an operand dimension
    broadcasts only when it is a static 1 in its type; all other sizes must
    agree, statically when known and at run time otherwise.
  }];
  // Folded tessera ops become arith.constant.
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

// Theano dtypes: bool, int8..int64 (signless integers read as signed) and
// float16..float64.
def Tessera_Tensor : RankedTensorOf<[I1, I8, I16, I32, I64, F16, F32, F64]>;
def Tessera_NumericTensor : RankedTensorOf<[I8, I16, I32, I64, F16, F32, F64]>;
def Tessera_FloatTensor : RankedTensorOf<[F16, F32, F64]>;
def Tessera_BoolTensor : RankedTensorOf<[I1]>;
def Tessera_IntegerTensor : RankedTensorOf<[I8, I16, I32, I64]>;

class Tessera_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tessera_Dialect, mnemonic, traits>;

#endif // TESSERA_BASE_TD
