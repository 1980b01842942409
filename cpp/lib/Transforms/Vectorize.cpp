//===- Vectorize.cpp - Tile linalg ops and vectorize the tiles ------------===//

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAVECTORIZE
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// The widest element of `op`'s operands, in bits.
int64_t widestElementBits(linalg::LinalgOp op) {
  int64_t bits = 8;
  for (Value operand : op->getOperands())
    if (auto shaped = dyn_cast<ShapedType>(operand.getType()))
      if (shaped.getElementType().isIntOrFloat())
        bits = std::max<int64_t>(
            bits, shaped.getElementType().getIntOrFloatBitWidth());
  return bits;
}

/// Tile (= vector) sizes per loop of `op`, or none if it is not vectorized:
/// a vector along the innermost parallel loop, 1 elsewhere; a contraction also
/// takes a few rows at once and one step of its reduction.
std::optional<SmallVector<int64_t>> vectorSizesOf(linalg::LinalgOp op,
                                                  int64_t vectorBits) {
  int64_t loops = op.getNumLoops();
  if (loops == 0)
    return std::nullopt;
  // Vectors hold integers and floats; complex code stays scalar.
  for (Value operand : op->getOperands())
    if (!getElementTypeOrSelf(operand.getType()).isIntOrIndexOrFloat())
      return std::nullopt;
  int64_t lanes = std::max<int64_t>(1, vectorBits / widestElementBits(op));
  // A static innermost extent narrower than a vector needs no mask.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // A loop of no iterations computes nothing (and 0 is no tile size).
  if (llvm::is_contained(ranges, 0))
    return std::nullopt;
  auto lanesFor = [&](int64_t loop) {
    return ShapedType::isDynamic(ranges[loop]) ? lanes
                                               : std::min(lanes, ranges[loop]);
  };
  SmallVector<int64_t> sizes(loops, 1);
  bool allParallel = op.getNumReductionLoops() == 0;
  if (allParallel && (isa<linalg::FillOp>(op) || isa<linalg::GenericOp>(op) ||
                      isa<linalg::CopyOp>(op))) {
    sizes.back() = lanesFor(loops - 1);
    return sizes;
  }
  // A reduction (sum, max, softmax's parts, ...) takes a vector along the
  // loop that walks its first input's innermost dimension: contiguous
  // loads, whether that loop is the reduction (sums of rows) or not (sums of
  // columns).
  if (isa<linalg::GenericOp, linalg::ReduceOp>(op) && op.getNumDpsInputs() > 0) {
    AffineMap input = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
    if (input.getNumResults() == 0)
      return std::nullopt;
    auto innermost = dyn_cast<AffineDimExpr>(input.getResults().back());
    if (!innermost)
      return std::nullopt;
    sizes[innermost.getPosition()] = lanesFor(innermost.getPosition());
    return sizes;
  }
  if (isa<linalg::MatmulOp>(op)) // (m, n, k)
    return SmallVector<int64_t>{std::min<int64_t>(4, lanesFor(0)), lanesFor(1),
                                1};
  if (isa<linalg::MatvecOp>(op)) // (m, k)
    return SmallVector<int64_t>{1, lanesFor(1)};
  if (isa<linalg::VecmatOp>(op)) // (n, k)
    return SmallVector<int64_t>{lanesFor(0), 1};
  if (isa<linalg::DotOp>(op)) // (k)
    return SmallVector<int64_t>{lanesFor(0)};
  return std::nullopt;
}

LogicalResult vectorizeTile(RewriterBase &rewriter, Operation *tile,
                            ArrayRef<int64_t> sizes) {
  rewriter.setInsertionPoint(tile);
  SmallVector<bool> scalable(sizes.size(), false);
  // Contractions with a parallel loop become vector.contract (then FMAs on
  // whole vectors) rather than broadcasts and a multi-reduction. (A pure
  // reduction, linalg.dot, would give an invalid 0-d vector.contract.)
  bool namedContraction =
      cast<linalg::LinalgOp>(tile).getNumParallelLoops() > 0;
  FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
      rewriter, tile, sizes, scalable, /*vectorizeNDExtract=*/false,
      /*flatten1DDepthwiseConv=*/false,
      /*assumeDynamicDimsMatchVecSizes=*/false, namedContraction);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(tile, vectorized->replacements);
  return success();
}

/// Replaces `loop` (without results) by an scf.parallel of the same range
/// and body: its iterations are independent.
void makeParallel(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Operation *yield = loop.getBody()->getTerminator();
  rewriter.inlineBlockBefore(loop.getBody(), parallel.getBody()->getTerminator(),
                             parallel.getInductionVars());
  rewriter.eraseOp(yield);
  rewriter.eraseOp(loop);
}

/// Replaces `loop` (without results), which runs at most once (a peeled
/// partial tile), by an scf.if on its range being non-empty: no loop for
/// LLVM to unswitch, strength-reduce and unroll (a quarter of the machine
/// code of a vectorized function was such one-step loops, copied twice).
void runAsBranch(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  Location loc = loop.getLoc();
  Value nonEmpty = arith::CmpIOp::create(
      rewriter, loc,
      loop.getUnsignedCmp() ? arith::CmpIPredicate::ult
                            : arith::CmpIPredicate::slt,
      loop.getLowerBound(), loop.getUpperBound());
  auto branch =
      scf::IfOp::create(rewriter, loc, nonEmpty, /*withElseRegion=*/false);
  Operation *yield = loop.getBody()->getTerminator();
  rewriter.inlineBlockBefore(loop.getBody(), branch.thenBlock()->getTerminator(),
                             ValueRange{loop.getLowerBound()});
  rewriter.eraseOp(yield);
  rewriter.eraseOp(loop);
}

/// Tiles `op` (on buffers) by `sizes` and vectorizes the tiles. With `peel`,
/// the innermost tile loop is peeled first: its full tiles get unmasked
/// vectors and only the last, partial tile is masked, in a branch; without,
/// every tile is masked.
LogicalResult tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op,
                               ArrayRef<int64_t> sizes, bool peel) {
  bool outerParallel =
      linalg::isParallelIterator(op.getIteratorTypesArray().front());
  linalg::LinalgTilingOptions options;
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::TiledLinalgOp> tiled =
      linalg::tileLinalgOp(rewriter, op, options);
  if (failed(tiled))
    return failure();
  rewriter.eraseOp(op);
  Operation *tile = tiled->op;
  SmallVector<Operation *> tiles = {tile};
  auto innermost = tiled->loops.empty()
                       ? scf::ForOp()
                       : dyn_cast<scf::ForOp>(tiled->loops.back());
  scf::ForOp partialTile;
  if (peel && innermost && innermost->isAncestor(tile) &&
      succeeded(
          scf::peelForLoopAndSimplifyBounds(rewriter, innermost, partialTile)))
    partialTile.walk([&](linalg::LinalgOp peeled) { tiles.push_back(peeled); });
  for (Operation *each : tiles)
    if (failed(vectorizeTile(rewriter, each, sizes)))
      return failure();
  if (partialTile && partialTile.getNumResults() == 0)
    runAsBranch(rewriter, partialTile);
  // The outermost tile loop, over a parallel dimension, says so: threads may
  // share it (tessera-parallelize-loops).
  auto outermost = tiled->loops.empty()
                       ? scf::ForOp()
                       : dyn_cast<scf::ForOp>(tiled->loops.front());
  if (outermost && outermost.getNumResults() == 0 && outerParallel)
    makeParallel(rewriter, outermost);
  return success();
}

/// The arith kind of `kind` on `element`s, whose neutral element arith
/// knows (getIdentityValueAttr).
std::optional<arith::AtomicRMWKind> atomicKindOf(vector::CombiningKind kind,
                                                 Type element) {
  bool isFloat = isa<FloatType>(element);
  using vector::CombiningKind;
  switch (kind) {
  case CombiningKind::ADD:
    return isFloat ? arith::AtomicRMWKind::addf : arith::AtomicRMWKind::addi;
  case CombiningKind::MUL:
    return isFloat ? arith::AtomicRMWKind::mulf : arith::AtomicRMWKind::muli;
  case CombiningKind::MAXIMUMF:
    return arith::AtomicRMWKind::maximumf;
  case CombiningKind::MINIMUMF:
    return arith::AtomicRMWKind::minimumf;
  case CombiningKind::MAXNUMF:
    return arith::AtomicRMWKind::maxnumf;
  case CombiningKind::MINNUMF:
    return arith::AtomicRMWKind::minnumf;
  case CombiningKind::MAXSI:
    return arith::AtomicRMWKind::maxs;
  case CombiningKind::MINSI:
    return arith::AtomicRMWKind::mins;
  case CombiningKind::MAXUI:
    return arith::AtomicRMWKind::maxu;
  case CombiningKind::MINUI:
    return arith::AtomicRMWKind::minu;
  case CombiningKind::AND:
    return arith::AtomicRMWKind::andi;
  case CombiningKind::OR:
    return arith::AtomicRMWKind::ori;
  default:
    return std::nullopt;
  }
}

/// A loop over a reduction's vector tiles reads the accumulator from memory
/// at each step, reduces a vector into it across lanes and writes it back: a
/// horizontal reduction and a dependence through memory per vector. Instead,
/// the loop carries a vector of partial results, combined lane by lane from
/// the reduction's neutral element, and reduces it across lanes into the
/// accumulator once, after the loop. (Floating-point sums are reassociated,
/// as NumPy's pairwise sums are.)
void accumulateInVectors(RewriterBase &rewriter, scf::ForOp loop) {
  if (loop.getBody()->getOps<vector::MultiDimReductionOp>().empty())
    return;
  // The accumulator's subview and indices become invariant operands.
  (void)moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
  for (auto reduction : llvm::to_vector(
           loop.getBody()->getOps<vector::MultiDimReductionOp>())) {
    auto read = reduction.getAcc().getDefiningOp<vector::TransferReadOp>();
    if (!read || read.getMask() || read->getBlock() != loop.getBody() ||
        !reduction->hasOneUse())
      continue;
    auto write = dyn_cast<vector::TransferWriteOp>(*reduction->user_begin());
    if (!write || write.getMask() || write->getBlock() != loop.getBody() ||
        write.getBase() != read.getBase() ||
        write.getIndices() != read.getIndices())
      continue;
    Value buffer = read.getBase();
    auto invariant = [&](Value value) {
      return loop.isDefinedOutsideOfLoop(value);
    };
    if (!invariant(buffer) || !llvm::all_of(read.getOperands(), invariant))
      continue;
    // Nothing else in the loop touches the accumulator.
    if (llvm::any_of(buffer.getUsers(), [&](Operation *user) {
          return user != read && user != write && loop->isAncestor(user);
        }))
      continue;
    VectorType partialType = reduction.getSourceVectorType();
    std::optional<arith::AtomicRMWKind> kind = atomicKindOf(
        reduction.getKind(), partialType.getElementType());
    if (!kind)
      continue;

    Location loc = reduction.getLoc();
    rewriter.setInsertionPoint(loop);
    TypedAttr neutral = arith::getIdentityValueAttr(
        *kind, partialType.getElementType(), rewriter, loc);
    Value start = arith::ConstantOp::create(
        rewriter, loc, partialType, SplatElementsAttr::get(partialType, neutral));
    Value initial = rewriter.clone(*read)->getResult(0);
    auto combined = loop.replaceWithAdditionalYields(
        rewriter, ValueRange{start}, /*replaceInitOperandUsesInLoop=*/false,
        [&](OpBuilder &b, Location yieldLoc, ArrayRef<BlockArgument> partial) {
          return SmallVector<Value>{vector::makeArithReduction(
              b, yieldLoc, reduction.getKind(), reduction.getSource(),
              partial.front())};
        });
    if (failed(combined))
      continue;
    loop = cast<scf::ForOp>(combined->getOperation());
    rewriter.moveOpAfter(reduction, loop);
    rewriter.moveOpAfter(write, reduction);
    rewriter.modifyOpInPlace(reduction, [&] {
      reduction.getSourceMutable().assign(loop.getResults().back());
      reduction.getAccMutable().assign(initial);
    });
    rewriter.eraseOp(read);
  }
}

/// A masked reduction (of a partial tile) reduces the lanes the mask leaves
/// out as the reduction's neutral element: the padding of a source read
/// under the same mask, else a select; then an unmasked reduction.
/// (Upstream's LLVM lowering of masked reductions takes the smallest negative
/// denormal as the neutral element of maximumf, which is wrong for rows of
/// negative values.)
struct MaskedReductionAsSelect : OpRewritePattern<vector::MaskOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::MaskOp mask,
                                PatternRewriter &rewriter) const override {
    auto reduction =
        dyn_cast_or_null<vector::MultiDimReductionOp>(mask.getMaskableOp());
    if (!reduction || mask.hasPassthru())
      return failure();
    VectorType sourceType = reduction.getSourceVectorType();
    std::optional<arith::AtomicRMWKind> kind =
        atomicKindOf(reduction.getKind(), sourceType.getElementType());
    if (!kind)
      return failure();
    Location loc = reduction.getLoc();
    TypedAttr neutral = arith::getIdentityValueAttr(
        *kind, sourceType.getElementType(), rewriter, loc);
    Value kept = reduction.getSource();
    // A source read under the same mask reads the neutral element as its
    // padding: no select.
    auto readMask = kept.getDefiningOp<vector::MaskOp>();
    auto read = readMask ? dyn_cast_or_null<vector::TransferReadOp>(
                               readMask.getMaskableOp())
                         : vector::TransferReadOp();
    if (read && readMask.getMask() == mask.getMask() &&
        !readMask.hasPassthru()) {
      rewriter.setInsertionPoint(readMask);
      Value padding = arith::ConstantOp::create(rewriter, loc, neutral);
      rewriter.modifyOpInPlace(
          read, [&] { read.getPaddingMutable().assign(padding); });
      rewriter.setInsertionPoint(mask);
    } else {
      Value neutrals = arith::ConstantOp::create(
          rewriter, loc, sourceType,
          SplatElementsAttr::get(sourceType, neutral));
      kept = arith::SelectOp::create(rewriter, loc, mask.getMask(), kept,
                                     neutrals);
    }
    rewriter.replaceOpWithNewOp<vector::MultiDimReductionOp>(
        mask, kept, reduction.getAcc(), reduction.getReductionMask(),
        reduction.getKind());
    return success();
  }
};

/// Whether `op`'s body computes a math function (exp, log, tanh, ...).
bool computesMathFunctions(linalg::LinalgOp op) {
  return llvm::any_of(op.getBlock()->getOperations(), [](Operation &inner) {
    return isa_and_nonnull<math::MathDialect>(inner.getDialect());
  });
}

struct TesseraVectorizePass
    : public mlir::tessera::impl::TesseraVectorizeBase<TesseraVectorizePass> {
  using TesseraVectorizeBase::TesseraVectorizeBase;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> work;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureBufferSemantics())
        return;
      if (auto sizes = vectorSizesOf(op, vectorBits))
        work.emplace_back(op, *sizes);
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, sizes] : work) {
      // With mask-full-tiles every tile is masked, in one loop, except in a
      // reduction that computes a math function: its vector loop calls
      // libmvec, whose calls clobber the mask registers (all caller-saved),
      // and masked it ran 12-17% slower (W4 of bench/workloads.py).
      bool peel = !maskFullTiles ||
                  (op.getNumReductionLoops() > 0 && computesMathFunctions(op));
      // An op that cannot be vectorized stays scalar: still correct.
      (void)tileAndVectorize(rewriter, op, sizes, peel);
    }
    // Masked transfers become transfers with a mask operand now: later
    // canonicalizations cannot rewrite the inside of a vector.mask region.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
    // Full tiles' masks are all true: folding them leaves plain transfers.
    vector::CreateMaskOp::getCanonicalizationPatterns(patterns, &getContext());
    vector::TransferReadOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    vector::MaskOp::getCanonicalizationPatterns(patterns, &getContext());
    patterns.add<MaskedReductionAsSelect>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      accumulateInVectors(rewriter, loop);
  }
};

} // namespace
