//===- AccumulateIntoContractions.cpp - x + a.b as a.b accumulated into x -===//
//
// A contraction (linalg.matmul and its family) accumulates into its
// destination, which the conversion zero-fills. When its only use is an
// elementwise sum with a value of its type, the contraction can start from
// that value instead: the sum's loop, its buffer and a round trip through
// memory go (BLAS's beta = 1 once tessera-contractions-to-blas has run), and
// a loop-carried accumulator (a gradient summed over a scan's steps) is
// updated in place. Theano's `gemm` rewrite; upstream's FoldAddIntoDest does
// the same for the named `linalg.add`, which Tessera's elementwise ops are
// not (they are `linalg.generic`, for fusion).
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAACCUMULATEINTOCONTRACTIONS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// The two inputs of `op` if it is an elementwise float sum of them, both
/// read and written element for element (no broadcast, no transposition).
std::optional<std::pair<OpOperand *, OpOperand *>>
summands(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops() ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return std::nullopt;
  Block &body = op.getRegion().front();
  auto sum = body.getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!sum || &body.front() != sum.getOperation() ||
      !llvm::is_contained(sum->getOperands(), body.getArgument(0)) ||
      !llvm::is_contained(sum->getOperands(), body.getArgument(1)))
    return std::nullopt;
  return std::make_pair(op.getDpsInputOperand(0), op.getDpsInputOperand(1));
}

/// The contraction that computes `value` from a zero-filled destination, if
/// `value` has no other use.
std::optional<linalg::LinalgOp> soleZeroStartedContraction(Value value) {
  auto contraction = value.getDefiningOp<linalg::LinalgOp>();
  if (!contraction || !value.hasOneUse() ||
      !linalg::isaContractionOpInterface(contraction) ||
      contraction.getNumDpsInits() != 1)
    return std::nullopt;
  auto fill =
      contraction.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>();
  if (!fill || !matchPattern(fill.value(), m_AnyZeroFloat()))
    return std::nullopt;
  return contraction;
}

struct AccumulateIntoContraction : public OpRewritePattern<linalg::GenericOp> {
  AccumulateIntoContraction(MLIRContext *context, DominanceInfo &dominance)
      : OpRewritePattern(context), dominance(dominance) {}

  LogicalResult matchAndRewrite(linalg::GenericOp sum,
                                PatternRewriter &rewriter) const override {
    auto operands = summands(sum);
    if (!operands)
      return rewriter.notifyMatchFailure(sum, "not an elementwise sum");
    for (auto [product, other] : {*operands, std::make_pair(operands->second,
                                                            operands->first)}) {
      std::optional<linalg::LinalgOp> contraction =
          soleZeroStartedContraction(product->get());
      // The contraction moves nowhere: it must see `other` where it is.
      if (!contraction || other->get().getType() != product->get().getType() ||
          sum.getResult(0).getType() != product->get().getType() ||
          !dominance.properlyDominates(other->get(), *contraction))
        continue;
      rewriter.modifyOpInPlace(*contraction, [&] {
        contraction->getDpsInitOperand(0)->set(other->get());
      });
      rewriter.replaceOp(sum, product->get());
      return success();
    }
    return rewriter.notifyMatchFailure(sum, "no zero-started contraction");
  }

  DominanceInfo &dominance;
};

struct TesseraAccumulateIntoContractionsPass
    : public tessera::impl::TesseraAccumulateIntoContractionsBase<
          TesseraAccumulateIntoContractionsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<AccumulateIntoContraction>(&getContext(),
                                            getAnalysis<DominanceInfo>());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
