//===- LinearAlgebraOps.td - Factorisations and linear systems ------------===//
//
// Theano's T.nlinalg and T.slinalg: matrix_inverse, det, cholesky and solve.
// Tessera lowers them to its own loops over tensors (LU with partial
// pivoting, Cholesky-Banachiewicz, substitution): exact to rounding for the
// moderate sizes these ops are used at, with no library to load. A singular
// system or a matrix that is not positive definite fails a `linalg` check
// (numpy.linalg.LinAlgError).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_LINEAR_ALGEBRA_TD
#define TESSERA_OPS_LINEAR_ALGEBRA_TD

include "TesseraBase.td"
include "TesseraEnums.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_SquareMatrix : TensorRankOf<[F32, F64], [2]>;

def Tessera_MatrixInverseOp : Tessera_Op<"matrix_inverse", [Pure,
    SameOperandsAndResultType, DeclareOpInterfaceMethods<InferTypeOpInterface>,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the inverse of a square matrix";
  let description = [{
    Computed from the LU factorisation with partial pivoting. A singular
    matrix (a zero pivot) fails a `linalg` check; a matrix that is not square
    a `value` check.
  }];
  let arguments = (ins Tessera_SquareMatrix:$a);
  let results = (outs Tessera_SquareMatrix:$result);
  let assemblyFormat = "$a attr-dict `:` type($a)";
}

def Tessera_DetOp : Tessera_Op<"det", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the determinant of a square matrix";
  let description = [{
    The product of the LU factorisation's pivots, signed by the row swaps;
    a singular matrix gives 0.
  }];
  let arguments = (ins Tessera_SquareMatrix:$a);
  let results = (outs 0DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = "$a attr-dict `:` type($a) `->` type($result)";
}

def Tessera_CholeskyOp : Tessera_Op<"cholesky", [Pure,
    SameOperandsAndResultType, DeclareOpInterfaceMethods<InferTypeOpInterface>,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the lower-triangular Cholesky factor L of A = L L^T";
  let description = [{
    Reads the lower triangle of `a`. A matrix that is not positive definite
    (a pivot that is not positive, or NaN) fails a `linalg` check.
  }];
  let arguments = (ins Tessera_SquareMatrix:$a);
  let results = (outs Tessera_SquareMatrix:$result);
  let assemblyFormat = "$a attr-dict `:` type($a)";
}

def Tessera_SolveOp : Tessera_Op<"solve", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the solution x of a x = b";
  let description = [{
    `b` is a vector or a matrix of right-hand sides with `a`'s element type;
    `x` has `b`'s type. By `structure`: a general matrix is solved through
    its LU factorisation with partial pivoting, a lower- or upper-triangular
    one (only that triangle is read) by substitution. A singular matrix
    fails a `linalg` check.
  }];
  let arguments = (ins Tessera_SquareMatrix:$a,
                       TensorRankOf<[F32, F64], [1, 2]>:$b,
                       Tessera_MatrixStructureAttr:$structure);
  let results = (outs TensorRankOf<[F32, F64], [1, 2]>:$result);
  let assemblyFormat = [{
    $a `,` $b $structure attr-dict `:` functional-type(operands, $result)
  }];
}

#endif // TESSERA_OPS_LINEAR_ALGEBRA_TD
