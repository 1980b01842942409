//===- NNetOps.td - Normalizations of neural networks --------------------===//
//
// softmax and log-softmax along one axis, stable at any magnitude: both
// subtract the axis' maximum before exponentiating. Lowered by
// NNetToLinalg.cpp (softmax through upstream's linalg.softmax).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_NNET_TD
#define TESSERA_OPS_NNET_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// `derivative` is the op's derivative rule, with `gb`, `grad` (the result's
// gradient), `result`, `axis` and `sumAlongAxis(v)` (the sum along `axis`,
// kept as a size-1 dimension) in scope; it sets `grads[0]`.
class Tessera_NormalizationOp<string mnemonic, code derivative>
    : Tessera_Op<mnemonic, [Pure, SameOperandsAndResultType,
          DeclareOpInterfaceMethods<InferTypeOpInterface>,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let arguments = (ins Tessera_FloatTensor:$x, I64Attr:$axis);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = "$x `axis` `=` $axis attr-dict `:` type($x)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      int64_t rank = getX().getType().getRank();
      if (getAxis() < 0 || getAxis() >= rank)
        return emitOpError("axis ") << getAxis() << " is out of range for a "
               << "tensor of " << rank << " dimensions";
      return ::mlir::success();
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      grads.assign(1, ::mlir::Value());
      ::mlir::Value grad = resultGrads[0];
      if (!grad)
        return ::mlir::success();
      ::mlir::Value result = getResult();
      int64_t axis = getAxis();
      auto sumAlongAxis = [&](::mlir::Value v) { return gb.sum(v, {axis}); };
  }] # derivative # [{
      return ::mlir::success();
    }
  }];
}

// d softmax: y (g - sum(g y)) along the axis.
def Tessera_SoftmaxOp : Tessera_NormalizationOp<"softmax", [{
      grads[0] = gb.mul(result, gb.sub(grad, sumAlongAxis(gb.mul(grad, result))));
    }]> {
  let summary = "softmax along an axis: exp(x - max) / sum(exp(x - max))";
}

// d log-softmax: g - exp(y) sum(g) along the axis.
def Tessera_LogSoftmaxOp : Tessera_NormalizationOp<"logsoftmax", [{
      grads[0] = gb.sub(grad, gb.mul(gb.exp(result), sumAlongAxis(grad)));
    }]> {
  let summary = "log-softmax along an axis: x - max - log(sum(exp(x - max)))";
}

#endif // TESSERA_OPS_NNET_TD
