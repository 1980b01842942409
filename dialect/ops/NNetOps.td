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

// A loss per row of `x` along its last axis against integer labels (one per
// row); its derivative with respect to x is the op `gradientOp`, of (the
// losses' gradient, x, labels). A label outside [0, classes) is an
// IndexError at run time.
class Tessera_RowLossOp<string mnemonic, string gradientOp>
    : Tessera_Op<mnemonic, [Pure, InferTypeOpAdaptor,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let arguments = (ins Tessera_FloatTensor:$x, Tessera_IntegerTensor:$labels);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $labels attr-dict `:` functional-type(operands, $result)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tessera::inferRowLossType(
          location, getOperationName(), adaptor.getX().getType(),
          adaptor.getLabels().getType(), inferred);
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      grads.assign(2, ::mlir::Value());
      if (resultGrads[0])
        grads[0] = }] # gradientOp # [{::create(
            builder, getLoc(), getX().getType(), resultGrads[0], getX(),
            getLabels());
      return ::mlir::success();
    }
  }];
}

// The derivative of a row loss with respect to x, from the losses' gradient:
// as Theano's, it has no derivative rule of its own.
class Tessera_RowLossGradientOp<string mnemonic, string theanoName>
    : Tessera_Op<mnemonic, [Pure,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let arguments = (ins Tessera_FloatTensor:$grad, Tessera_FloatTensor:$x,
                       Tessera_IntegerTensor:$labels);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $x `,` $labels attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      ::llvm::SmallVector<::mlir::Type> loss;
      if (::mlir::failed(::mlir::tessera::inferRowLossType(
              getLoc(), getOperationName(), getX().getType(),
              getLabels().getType(), loss)))
        return ::mlir::failure();
      if (getType() != getX().getType() ||
          getGrad().getType().getElementType() !=
              getX().getType().getElementType() ||
          getGrad().getType().getRank() != getLabels().getType().getRank())
        return emitOpError("takes the losses' gradient, x and the labels and "
                           "gives x's type");
      return ::mlir::success();
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &, ::mlir::ValueRange,
        ::llvm::SmallVectorImpl<::mlir::Value> &,
        ::mlir::tessera::RegionDifferentiator &) {
      return emitOpError("has no derivative rule (Theano's }] # theanoName #
                         [{ has none)");
    }
  }];
}

// Theano's crossentropy_softmax_1hot: one stable op for
// categorical_crossentropy(softmax(x), labels).
def Tessera_CrossentropySoftmax1HotOp
    : Tessera_RowLossOp<"crossentropy_softmax_1hot",
                        "CrossentropySoftmax1HotDxOp"> {
  let summary = "cross-entropy of softmax(x) along the last axis against "
                "integer labels";
  let description = [{
    For each row of `x` and its label l: log(sum(exp(x - max))) - (x[l] -
    max), the log-softmax inside, so the loss is finite wherever x is. The
    gradient with respect to x is g (softmax(x) - onehot(l)).
  }];
}
def Tessera_CrossentropySoftmax1HotDxOp
    : Tessera_RowLossGradientOp<"crossentropy_softmax_1hot_dx",
                                "crossentropy_softmax_1hot_with_bias_dx"> {
  let summary = "gradient of crossentropy_softmax_1hot: "
                "g (softmax(x) - onehot(label))";
}

// Theano's crossentropy_categorical_1hot: categorical_crossentropy(p,
// labels) of probabilities that are not a softmax.
def Tessera_CrossentropyCategorical1HotOp
    : Tessera_RowLossOp<"crossentropy_categorical_1hot",
                        "CrossentropyCategorical1HotGradOp"> {
  let summary = "-log(x[label]) for each row of the probabilities x";
  let description = [{
    The gradient with respect to x is -g / x[l] at each row's label l, and 0
    elsewhere.
  }];
}
def Tessera_CrossentropyCategorical1HotGradOp
    : Tessera_RowLossGradientOp<"crossentropy_categorical_1hot_grad",
                                "crossentropy_categorical_1hot_grad"> {
  let summary = "gradient of crossentropy_categorical_1hot: -g / x[label] "
                "at the label, 0 elsewhere";
}

#endif // TESSERA_OPS_NNET_TD
