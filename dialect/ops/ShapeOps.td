//===- ShapeOps.td - Shapes and views of tensors --------------------------===//
//
// The symbolic shape, reshapes and dimshuffles.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_SHAPE_TD
#define TESSERA_OPS_SHAPE_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_ShapeOp : Tessera_Op<"shape", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the sizes of a tensor, as an int64 vector (Theano's x.shape)";
  let arguments = (ins Tessera_Tensor:$x);
  let results = (outs TensorRankOf<[I64], [1]>:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
}

def Tessera_ShapeIOp : Tessera_Op<"shape_i", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "one size of a tensor, as an int64 scalar (Theano's Shape_i)";
  let arguments = (ins Tessera_Tensor:$x, I64Attr:$index);
  let results = (outs 0DTensorOf<[I64]>:$result);
  let assemblyFormat = "$x `[` $index `]` attr-dict `:` type($x)";
  let hasVerifier = 1;
}

def Tessera_ReshapeOp : Tessera_Op<"reshape", [Pure,
    InferTypeOpAdaptorWithIsCompatible,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the same elements in row-major order, in a new shape";
  let description = [{
    `shape` holds the new sizes; at most one of them may be -1, which stands
    for the size that keeps the number of elements, and none may be below -1.
    The result's rank is the static length of `shape`; its sizes are static
    where `shape` is a constant. Run-time checks reject other shapes and a
    shape whose number of elements differs from the input's. The declared
    result type may be more static than the inferred one (a size found after
    folding); the lowering checks such sizes at run time.
  }];
  let arguments = (ins Tessera_Tensor:$x, TensorRankOf<[I64], [1]>:$shape);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $shape attr-dict `:` functional-type(operands, $result)
  }];
}

def Tessera_DimShuffleOp : Tessera_Op<"dimshuffle", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "permute, drop and insert broadcastable dimensions";
  let description = [{
    Theano's dimshuffle: result dimension `i` is input dimension `pattern[i]`,
    or a new size-1 dimension where `pattern[i]` is -1 (Theano's 'x'). Input
    dimensions left out must be static size-1 dimensions.
  }];
  let arguments = (ins Tessera_Tensor:$x, DenseI64ArrayAttr:$pattern);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = "$x $pattern attr-dict `:` type($x) `->` type($result)";
  // The identity pattern folds away; a dimshuffle of a dimshuffle is one.
  let hasFolder = 1;
}

def Tessera_RebroadcastOp : Tessera_Op<"rebroadcast", [Pure,
    InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the same tensor with other broadcastable flags (Theano's "
                "Rebroadcast: addbroadcast, unbroadcast, patternbroadcast)";
  let description = [{
    Dimension `d` of the result is broadcastable (static size 1) where
    `broadcastable[d]` holds, and not broadcastable (its known size, or
    dynamic) elsewhere. Making a dimension broadcastable checks at run time
    that its size is 1.
  }];
  let arguments = (ins Tessera_Tensor:$x, DenseBoolArrayAttr:$broadcastable);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $x $broadcastable attr-dict `:` type($x) `->` type($result)
  }];
}

def Tessera_ConcatenateOp : Tessera_Op<"concatenate", [Pure,
    InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "tensors joined along an existing axis (Theano's join)";
  let description = [{
    The inputs have one rank and element type; their sizes along other axes
    must agree (a run-time check where they are not known), and the result's
    size along `axis` is their sum.
  }];
  let arguments = (ins Variadic<Tessera_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` functional-type(operands, $result)
  }];
}

def Tessera_SplitOp : Tessera_Op<"split", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "consecutive pieces of a tensor along an axis (Theano's Split)";
  let description = [{
    One result per entry of `sizes` (an int64 vector of static length): the
    next `sizes[i]` slices of `x` along `axis`. Run-time checks reject a
    negative size and sizes that do not add up to the axis' size. A piece's
    size is static where `sizes` is a constant.
  }];
  let arguments = (ins Tessera_Tensor:$x, TensorRankOf<[I64], [1]>:$sizes,
                       I64Attr:$axis);
  let results = (outs Variadic<Tessera_Tensor>:$pieces);
  let assemblyFormat = [{
    $x `,` $sizes `axis` `=` $axis attr-dict `:` functional-type(operands, results)
  }];
}

#endif // TESSERA_OPS_SHAPE_TD
