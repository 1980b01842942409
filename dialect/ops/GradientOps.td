//===- GradientOps.td - Gradients as ops ----------------------------------===//
//
// `T.grad` builds a `tessera.grad`: the gradient stays one op, opaque to the
// rewrites that run before `tessera-autodiff` expands it into the derivative
// rules of the ops between its cost and its `wrt` values.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_GRADIENT_TD
#define TESSERA_OPS_GRADIENT_TD

include "TesseraBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_GradOp : Tessera_Op<"grad", [Pure, AttrSizedOperandSegments,
    InferTypeOpAdaptor]> {
  let summary = "the gradient of a cost with respect to values it depends on";
  let description = [{
    The gradient of the rank-0 float `cost` with respect to each `wrt` value
    (one result each, of its type), where the cost is computed from them in
    the same function. `known_values` and `known_grads` seed the backward
    pass with known gradients of intermediate values (Theano's `known_grads`
    and `Lop`); the cost may then be absent. The backward pass treats the
    `constants` as constants (Theano's `consider_constant`): no gradient flows
    through them. `tessera-autodiff` replaces the op by the backward code,
    innermost gradients first, so that gradients of gradients work.

    ```mlir
    %gw, %gb = tessera.grad %cost wrt(%w, %b)
        : (tensor<f64>, tensor<?xf64>, tensor<f64>) -> (tensor<?xf64>, tensor<f64>)
    ```
  }];
  let arguments = (ins Optional<0DTensorOf<[F16, F32, F64]>>:$cost,
                       Variadic<Tessera_FloatTensor>:$wrt,
                       Variadic<Tessera_FloatTensor>:$known_values,
                       Variadic<Tessera_FloatTensor>:$known_grads,
                       Variadic<Tessera_Tensor>:$constants);
  let results = (outs Variadic<Tessera_FloatTensor>:$grads);
  let assemblyFormat = [{
    ($cost^)? `wrt` `(` $wrt `)`
    (`known` `(` $known_values^ `)` `as` `(` $known_grads `)`)?
    (`constant` `(` $constants^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // TESSERA_OPS_GRADIENT_TD
