//===- ContractionsToBlas.cpp - Large matrix products call BLAS -----------===//
//
// Only a hand-tuned microkernel reaches a CPU's FMA peak on a matrix
// product; generated loops reach a tenth of it. So f32 and f64 products on
// buffers (linalg.matmul, batch_matmul, matvec, vecmat) call the runtime's
// BLAS (cpp/lib/Runtime/Blas.cpp) when they are large enough to gain from it,
// and stay generated code (which LLVM compiles with their neighbours) when
// they are small: below `min-flops` multiply-adds a call's fixed cost
// dominates. Sizes known at compile time decide there; others at run time,
// where the product keeps both paths under an scf.if.
//
// Two things a library call makes free are folded into it: a transposed
// operand (a copying linalg.transpose-like generic) becomes a strided view
// that BLAS reads as transposed, and the zero fill of the result becomes
// BLAS's beta = 0.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERACONTRACTIONSTOBLAS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;
using BlasCall = TesseraDialect::BlasCall;

namespace {

/// (d0, d1) -> (d1, d0).
AffineMap swapMap(MLIRContext *context) {
  return AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, context);
}

/// The memref a view is a view of, through every view-like op.
Value rootOf(Value memref) {
  while (auto view = memref.getDefiningOp<ViewLikeOpInterface>())
    memref = view.getViewSource();
  return memref;
}

/// Whether an op strictly between `from` and `to` (in one block) may write
/// the memory of `memref`.
bool writtenBetween(Value memref, Operation *from, Operation *to) {
  Value root = rootOf(memref);
  for (Operation *op = from->getNextNode(); op != to; op = op->getNextNode()) {
    std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
        getEffectsRecursively(op);
    if (!effects)
      return true;
    for (const MemoryEffects::EffectInstance &effect : *effects) {
      if (!isa<MemoryEffects::Write>(effect.getEffect()))
        continue;
      Value written = effect.getValue();
      if (!written || rootOf(written) == root)
        return true;
    }
  }
  return false;
}

/// The source of `operand` if `operand` is a fresh buffer whose only writer
/// is a 2-D transposing copy before `user` and whose only other reader is
/// `user`, with the source unchanged in between: the copy.
linalg::GenericOp transposingCopyOf(Value operand, Operation *user) {
  auto alloc = operand.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != user->getBlock() ||
      !alloc.getResult().hasNUses(2))
    return nullptr;
  linalg::GenericOp copy;
  for (Operation *other : alloc->getUsers())
    if (other != user)
      copy = dyn_cast<linalg::GenericOp>(other);
  if (!copy || copy->getBlock() != user->getBlock() ||
      !copy->isBeforeInBlock(user) || copy.getNumDpsInputs() != 1 ||
      copy.getDpsInitOperand(0)->get() != operand ||
      copy.getNumParallelLoops() != 2 || copy.getNumLoops() != 2)
    return nullptr;
  // The body yields the input element; the maps swap the two dimensions.
  Block &body = copy.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 ||
      yield.getValues().front() != body.getArgument(0))
    return nullptr;
  SmallVector<AffineMap> maps = copy.getIndexingMapsArray();
  AffineMap swap = swapMap(copy.getContext());
  bool transposes = (maps[0] == swap && maps[1].isIdentity()) ||
                    (maps[0].isIdentity() && maps[1] == swap);
  Value source = copy.getDpsInputOperand(0)->get();
  if (!transposes || !isa<MemRefType>(source.getType()) ||
      writtenBetween(source, copy, user))
    return nullptr;
  return copy;
}

/// `operand`, read through a transposed view of its source where it is a
/// transposing copy (which is then erased with its buffer).
Value foldTransposingCopy(OpBuilder &b, Value operand, Operation *user) {
  linalg::GenericOp copy = transposingCopyOf(operand, user);
  if (!copy)
    return operand;
  b.setInsertionPoint(user);
  Value view = memref::TransposeOp::create(
      b, user->getLoc(), copy.getDpsInputOperand(0)->get(),
      AffineMapAttr::get(swapMap(b.getContext())));
  Operation *alloc = operand.getDefiningOp();
  copy->erase();
  user->replaceUsesOfWith(operand, view);
  alloc->erase();
  return view;
}

/// The linalg.fill of zero that starts `result` (a fresh buffer) if nothing
/// else touches it before `user`.
linalg::FillOp zeroFillOf(Value result, Operation *user) {
  auto alloc = result.getDefiningOp<memref::AllocOp>();
  if (!alloc)
    return nullptr;
  linalg::FillOp fill;
  for (Operation *other : alloc->getUsers()) {
    if (other == user)
      continue;
    if (other->getBlock() != user->getBlock())
      return nullptr;
    if (other->isBeforeInBlock(user)) {
      auto candidate = dyn_cast<linalg::FillOp>(other);
      if (!candidate || fill)
        return nullptr;
      fill = candidate;
    }
  }
  if (!fill || !matchPattern(fill.value(), m_AnyZeroFloat()))
    return nullptr;
  return fill;
}

/// `memref` with dynamic sizes and a fully dynamic strided layout: the type
/// of the runtime function's parameters.
Value dynamicallyStrided(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> dynamic(type.getRank(), ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                                       dynamic);
  auto cast = MemRefType::get(dynamic, type.getElementType(), layout,
                              type.getMemorySpace());
  if (cast == type)
    return memref;
  return memref::CastOp::create(b, loc, cast, memref);
}

/// The declaration of runtime function `name` taking `operands` and the
/// accumulate flag, with the C interface of memrefs.
func::FuncOp declareRuntimeFunction(ModuleOp module, StringRef name,
                                    TypeRange operands) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  SmallVector<Type> inputs(operands);
  inputs.push_back(b.getI64Type());
  auto function = func::FuncOp::create(
      b, module.getLoc(), name, b.getFunctionType(inputs, {}));
  function.setPrivate();
  function->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return function;
}

/// One product to hand BLAS: which call, and its operands a, b, c.
struct BlasProduct {
  BlasCall call;
  SmallVector<Value, 3> operands;
};

/// Whether `op` is an f32 or f64 product on buffers with the default maps.
bool callsBlas(linalg::LinalgOp op) {
  if (!isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::MatvecOp,
           linalg::VecmatOp>(op) ||
      !op.hasPureBufferSemantics() || op.hasUserDefinedMaps())
    return false;
  Type elementType = getElementTypeOrSelf(op->getOperand(0).getType());
  if (!elementType.isF32() && !elementType.isF64())
    return false;
  return llvm::all_of(op->getOperandTypes(), [&](Type type) {
    return getElementTypeOrSelf(type) == elementType;
  });
}

/// The BLAS call for `op` (callsBlas), its transposing copies folded in;
/// vecmat's x A is matvec's A^T x.
BlasProduct blasProductOf(OpBuilder &b, linalg::LinalgOp op) {
  Value a = op.getDpsInputOperand(0)->get();
  Value x = op.getDpsInputOperand(1)->get();
  Value c = op.getDpsInitOperand(0)->get();
  if (isa<linalg::MatmulOp>(op))
    return {BlasCall::Matmul,
            {foldTransposingCopy(b, a, op), foldTransposingCopy(b, x, op), c}};
  if (isa<linalg::BatchMatmulOp>(op))
    return {BlasCall::BatchMatmul, {a, x, c}};
  if (isa<linalg::MatvecOp>(op))
    return {BlasCall::Matvec, {foldTransposingCopy(b, a, op), x, c}};
  b.setInsertionPoint(op);
  Value transposed = memref::TransposeOp::create(
      b, op.getLoc(), x,
      AffineMapAttr::get(swapMap(b.getContext())));
  return {BlasCall::Matvec, {transposed, a, c}};
}

/// Multiply-adds of `op` (the product of its loop sizes), as a constant if
/// every size is static, else computed before `op`.
OpFoldResult multiplyAdds(OpBuilder &b, linalg::LinalgOp op) {
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  if (!llvm::is_contained(sizes, ShapedType::kDynamic)) {
    uint64_t product = 1;
    for (int64_t size : sizes)
      product = llvm::SaturatingMultiply(product, uint64_t(size));
    return b.getIndexAttr(
        std::min<uint64_t>(product, std::numeric_limits<int64_t>::max()));
  }
  b.setInsertionPoint(op);
  Location loc = op.getLoc();
  Value product;
  for (Range range : op.createLoopRanges(b, loc)) {
    Value size = getValueOrCreateConstantIndexOp(b, loc, range.size);
    product = product ? arith::MulIOp::create(b, loc, product, size) : size;
  }
  return product;
}

struct TesseraContractionsToBlasPass
    : public mlir::tessera::impl::TesseraContractionsToBlasBase<
          TesseraContractionsToBlasPass> {
  using TesseraContractionsToBlasBase::TesseraContractionsToBlasBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> products;
    module.walk([&](linalg::LinalgOp op) {
      if (callsBlas(op))
        products.push_back(op);
    });
    for (linalg::LinalgOp op : products)
      rewrite(module, op);
  }

  void rewrite(ModuleOp module, linalg::LinalgOp op) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    OpFoldResult work = multiplyAdds(b, op);
    std::optional<int64_t> staticWork = getConstantIntValue(work);
    if (staticWork && *staticWork < minFlops)
      return;
    BlasProduct product = blasProductOf(b, op);
    linalg::FillOp fill = zeroFillOf(product.operands[2], op);

    b.setInsertionPoint(op);
    auto callBlas = [&](OpBuilder &builder) {
      SmallVector<Value> arguments;
      for (Value operand : product.operands)
        arguments.push_back(dynamicallyStrided(builder, loc, operand));
      unsigned bits = getElementTypeOrSelf(arguments.back().getType())
                          .getIntOrFloatBitWidth();
      func::FuncOp callee = declareRuntimeFunction(
          module, TesseraDialect::getBlasFunctionName(product.call, bits),
          ValueRange(arguments).getTypes());
      // Without the fill, BLAS overwrites the result (beta = 0).
      arguments.push_back(arith::ConstantIntOp::create(
          builder, loc, builder.getI64Type(), fill ? 0 : 1));
      func::CallOp::create(builder, loc, callee, arguments);
    };
    if (staticWork) {
      callBlas(b);
      if (fill)
        fill->erase();
      op->erase();
      return;
    }
    // Large enough at run time: BLAS; else the product, after its fill.
    Value large = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::sge, cast<Value>(work),
        arith::ConstantIndexOp::create(b, loc, minFlops));
    scf::IfOp::create(
        b, loc, large,
        [&](OpBuilder &then, Location) {
          callBlas(then);
          scf::YieldOp::create(then, loc);
        },
        [&](OpBuilder &otherwise, Location) {
          if (fill)
            otherwise.clone(*fill);
          // Fewer than min-flops multiply-adds: scalar loops, which cost
          // LLVM a tenth of a vectorized product's compile time.
          IRRewriter rewriter(otherwise);
          auto small = cast<linalg::LinalgOp>(otherwise.clone(*op));
          if (succeeded(linalg::linalgOpToLoops(rewriter, small)))
            rewriter.eraseOp(small);
          scf::YieldOp::create(otherwise, loc);
        });
    if (fill)
      fill->erase();
    op->erase();
  }
};

} // namespace
