//===- OutlineLoops.cpp - Each top-level loop nest in its own function ----===//
//
// LLVM's function passes recompute analyses (dominators, scalar evolution)
// over the whole function, once per loop they transform: in one function
// holding a whole graph's loop nests, compile time grows with the square of
// the graph. Each loop nest at the top of a function (a loop, or an
// `scf.if` choosing between loop nests) moves into a private
// function of its own (upstream's `outlineSingleBlockRegion`), marked
// `noinline` so that LLVM does not merge them back: compile time stays
// linear, and a call per loop nest costs nothing measurable. Functions with
// fewer loop nests than `min-loops` stay whole.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAOUTLINELOOPS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// Whether `op` is a loop nest to outline: a loop, or a choice between loop
/// nests (a product's BLAS call or scalar loops), without results.
bool isLoopNest(Operation &op) {
  if (op.getNumResults() != 0)
    return false;
  if (isa<scf::ForOp, scf::ParallelOp>(op))
    return true;
  return isa<scf::IfOp>(op) &&
         op.walk([](LoopLikeOpInterface) { return WalkResult::interrupt(); })
             .wasInterrupted();
}

struct OutlineLoopsPass
    : public tessera::impl::TesseraOutlineLoopsBase<OutlineLoopsPass> {
  using TesseraOutlineLoopsBase::TesseraOutlineLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    SymbolTable symbols(module);
    MLIRContext *context = &getContext();
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      SmallVector<Operation *> loops;
      for (Operation &op : func.getBody().getOps())
        if (isLoopNest(op))
          loops.push_back(&op);
      // Small functions stay whole: each function costs LLVM's code
      // generator a fixed setup.
      if (static_cast<int64_t>(loops.size()) < minLoops)
        continue;
      for (auto [index, loop] : llvm::enumerate(loops)) {
        // The loop alone in a region, which becomes the function's body.
        rewriter.setInsertionPoint(loop);
        auto region = scf::ExecuteRegionOp::create(rewriter, loop->getLoc(),
                                                   TypeRange());
        Block *body = rewriter.createBlock(&region.getRegion());
        rewriter.moveOpBefore(loop, body, body->end());
        rewriter.setInsertionPointToEnd(body);
        scf::YieldOp::create(rewriter, loop->getLoc());
        // A name no symbol has: outlineSingleBlockRegion's call uses it as
        // it is.
        std::string name;
        for (int64_t suffix = index; name.empty() || symbols.lookup(name);
             suffix += loops.size())
          name = (func.getSymName() + "_loop" + Twine(suffix)).str();
        func::CallOp call;
        FailureOr<func::FuncOp> outlined = outlineSingleBlockRegion(
            rewriter, loop->getLoc(), region.getRegion(), name, &call);
        if (failed(outlined))
          return signalPassFailure();
        outlined->setPrivate();
        symbols.insert(*outlined);
        (*outlined)->setAttr("passthrough",
                             rewriter.getArrayAttr(
                                 {StringAttr::get(context, "noinline")}));
        // The region now only calls the function: inline it.
        Block &calling = region.getRegion().front();
        rewriter.eraseOp(calling.getTerminator());
        rewriter.inlineBlockBefore(&calling, region);
        rewriter.eraseOp(region);
      }
    }
  }
};

} // namespace
