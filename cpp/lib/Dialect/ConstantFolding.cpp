//===- ConstantFolding.cpp - Tessera ops of constants become constants ----===//
//
// An elementwise op or a reduction whose operands are constants is computed
// at compile time when its result is a splat or has at most
// kMaxFoldedElements elements. Each result element is evaluated by the op's
// own scalar definition (`buildScalar`, or the reduction's upstream
// combiner) built on constants in a scratch module and folded op by op with
// the upstream folders (arith, math): one definition serves run time and
// compile time. Where a scalar op has no folder, nothing is folded.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Matchers.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Results larger than this are left to run time (unless they are splats).
constexpr int64_t kMaxFoldedElements = 1024;

/// Evaluates scalar code on constants: `build` emits it on `inputs` (as
/// arith.constant values) in a scratch module; each op is then folded in
/// order. The value `build` returns, or null where some op does not fold.
class ScalarEvaluator {
public:
  explicit ScalarEvaluator(Location loc) : loc(loc), builder(loc.getContext()) {}

  Attribute evaluate(ArrayRef<TypedAttr> inputs,
                     function_ref<Value(OpBuilder &, ValueRange)> build) {
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(loc);
    builder.setInsertionPointToStart(scratch->getBody());
    SmallVector<Value> values;
    for (TypedAttr input : inputs)
      values.push_back(arith::ConstantOp::create(builder, loc, input));
    Value result = build(builder, values);
    DenseMap<Value, Attribute> known;
    for (Operation &op : scratch->getBody()->getOperations()) {
      if (op.getNumRegions() != 0)
        return {};
      SmallVector<Attribute> operands;
      for (Value operand : op.getOperands())
        operands.push_back(known.lookup(operand));
      SmallVector<OpFoldResult> folded;
      if (failed(op.fold(operands, folded)) || folded.size() != op.getNumResults())
        return {};
      for (auto [value, fold] : llvm::zip(op.getResults(), folded)) {
        Attribute attr = isa<Attribute>(fold) ? cast<Attribute>(fold)
                                              : known.lookup(cast<Value>(fold));
        if (!attr)
          return {};
        known[value] = attr;
      }
    }
    return known.lookup(result);
  }

private:
  Location loc;
  OpBuilder builder;
};

/// The constant elements of each of `values`, or failure.
FailureOr<SmallVector<DenseElementsAttr>> constantOperands(ValueRange values) {
  SmallVector<DenseElementsAttr> attrs;
  for (Value value : values) {
    DenseElementsAttr attr;
    if (!matchPattern(value, m_Constant(&attr)))
      return failure();
    attrs.push_back(attr);
  }
  return attrs;
}

/// The element of `attr` (broadcasting to `shape`'s rank) at `index`, a
/// row-major position in `shape`.
TypedAttr elementAt(DenseElementsAttr attr, ArrayRef<int64_t> shape, int64_t index) {
  if (attr.isSplat())
    return cast<TypedAttr>(attr.getSplatValue<Attribute>());
  ArrayRef<int64_t> own = attr.getType().getShape();
  int64_t flat = 0, stride = 1;
  for (int64_t dim = int64_t(shape.size()) - 1; dim >= 0; --dim) {
    int64_t position = index % shape[dim];
    index /= shape[dim];
    int64_t size = own[dim];
    flat += (size == 1 ? 0 : position) * stride;
    stride *= size;
  }
  return cast<TypedAttr>(attr.getValues<Attribute>()[flat]);
}

bool foldableSize(RankedTensorType type, bool splat) {
  return type.hasStaticShape() && (splat || type.getNumElements() <= kMaxFoldedElements);
}

// An elementwise op of constants.
struct FoldElementwise : public OpInterfaceRewritePattern<ElementwiseOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(ElementwiseOpInterface op,
                                PatternRewriter &rewriter) const override {
    FailureOr<SmallVector<DenseElementsAttr>> operands =
        constantOperands(op->getOperands());
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (failed(operands) || !type)
      return failure();
    auto isComplex = [](Type t) {
      return isa<ComplexType>(cast<ShapedType>(t).getElementType());
    };
    if (isComplex(type) || llvm::any_of(op->getOperandTypes(), isComplex))
      return failure();
    bool splat = llvm::all_of(*operands, [](DenseElementsAttr a) { return a.isSplat(); });
    if (!foldableSize(type, splat))
      return failure();
    ScalarEvaluator evaluator(op.getLoc());
    int64_t count = splat ? 1 : type.getNumElements();
    SmallVector<Attribute> elements;
    for (int64_t index = 0; index < count; ++index) {
      SmallVector<TypedAttr> inputs;
      for (DenseElementsAttr operand : *operands)
        inputs.push_back(elementAt(operand, type.getShape(), index));
      Attribute element = evaluator.evaluate(inputs, [&](OpBuilder &b, ValueRange args) {
        return op.buildScalar(b, op.getLoc(), args);
      });
      if (!element)
        return failure();
      elements.push_back(element);
    }
    auto folded = splat ? DenseElementsAttr::get(type, elements[0])
                        : DenseElementsAttr::get(type, elements);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, folded);
    return success();
  }
};

// A reduction (sum, prod, max, min, all, any) of a constant.
struct FoldReduction : public OpInterfaceRewritePattern<ReductionOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(ReductionOpInterface op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr input;
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    RankedTensorType inputType = op.getInput().getType();
    if (!matchPattern(op.getInput(), m_Constant(&input)) ||
        !inputType.hasStaticShape() || !type.hasStaticShape() ||
        inputType.getNumElements() > kMaxFoldedElements ||
        inputType.getElementType() != type.getElementType())
      return failure();
    ArrayRef<int64_t> shape = inputType.getShape();
    ArrayRef<int64_t> axes = op.getReducedAxes();
    Type element = type.getElementType();
    arith::AtomicRMWKind kind = op.getCombiningKind();
    // Group the input's elements by their result position.
    SmallVector<SmallVector<TypedAttr>> groups(type.getNumElements());
    SmallVector<int64_t> position(shape.size(), 0);
    for (int64_t index = 0; index < inputType.getNumElements(); ++index) {
      int64_t rest = index, target = 0;
      for (int64_t dim = int64_t(shape.size()) - 1; dim >= 0; --dim) {
        position[dim] = rest % shape[dim];
        rest /= shape[dim];
      }
      for (int64_t dim = 0; dim < int64_t(shape.size()); ++dim)
        if (!llvm::is_contained(axes, dim))
          target = target * shape[dim] + position[dim];
      groups[target].push_back(cast<TypedAttr>(input.getValues<Attribute>()[index]));
    }
    ScalarEvaluator evaluator(op.getLoc());
    SmallVector<Attribute> elements;
    for (ArrayRef<TypedAttr> group : groups) {
      Attribute result = evaluator.evaluate(group, [&](OpBuilder &b, ValueRange args) {
        Value total = arith::getIdentityValue(kind, element, b, op.getLoc());
        for (Value arg : args)
          total = arith::getReductionOp(kind, b, op.getLoc(), total, arg);
        return total;
      });
      if (!result)
        return failure();
      elements.push_back(result);
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   DenseElementsAttr::get(type, elements));
    return success();
  }
};

// The sizes of a static shape.
struct FoldStaticShapeI : public OpRewritePattern<ShapeIOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ShapeIOp op, PatternRewriter &rewriter) const override {
    int64_t size = op.getX().getType().getDimSize(op.getIndex());
    if (ShapedType::isDynamic(size))
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, op.getType(), DenseElementsAttr::get(op.getType(), rewriter.getI64IntegerAttr(size)));
    return success();
  }
};
struct FoldStaticShape : public OpRewritePattern<ShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ShapeOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getX().getType();
    if (!type.hasStaticShape())
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, op.getType(), DenseElementsAttr::get(op.getType(), type.getShape()));
    return success();
  }
};

// Dimshuffles and reshapes of constants: the same elements, rearranged.
struct FoldDimShuffle : public OpRewritePattern<DimShuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimShuffleOp op, PatternRewriter &rewriter) const override {
    DenseElementsAttr input;
    RankedTensorType type = op.getType();
    if (!matchPattern(op.getX(), m_Constant(&input)) || !foldableSize(type, input.isSplat()))
      return failure();
    if (input.isSplat()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, input.resizeSplat(type));
      return success();
    }
    ArrayRef<int64_t> shape = type.getShape(), pattern = op.getPattern();
    ArrayRef<int64_t> inputShape = input.getType().getShape();
    SmallVector<Attribute> values(input.getValues<Attribute>());
    SmallVector<Attribute> elements;
    SmallVector<int64_t> strides = computeStrides(shape);
    for (int64_t index = 0; index < type.getNumElements(); ++index) {
      SmallVector<int64_t> position = delinearize(index, strides);
      // Input dimensions absent from the pattern have size 1.
      int64_t flat = 0;
      for (int64_t dim = 0; dim < int64_t(inputShape.size()); ++dim) {
        const int64_t *at = llvm::find(pattern, dim);
        flat = flat * inputShape[dim] + (at == pattern.end() ? 0 : position[at - pattern.begin()]);
      }
      elements.push_back(values[flat]);
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, DenseElementsAttr::get(type, elements));
    return success();
  }
};

struct FoldReshape : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    DenseElementsAttr input;
    RankedTensorType type = op.getType();
    if (!matchPattern(op.getX(), m_Constant(&input)) || !foldableSize(type, input.isSplat()) ||
        input.getNumElements() != type.getNumElements())
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, input.reshape(type));
    return success();
  }
};

} // namespace

void mlir::tessera::populateTesseraConstantFoldingPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldElementwise, FoldReduction>(patterns.getContext());
  patterns.add<FoldStaticShapeI, FoldStaticShape, FoldDimShuffle, FoldReshape>(
      patterns.getContext());
}
