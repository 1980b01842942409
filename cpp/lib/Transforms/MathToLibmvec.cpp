//===- MathToLibmvec.cpp - Vector math through glibc's libmvec ------------===//
//
// Names follow the x86 vector function ABI: _ZGV<isa>N<lanes><v per
// argument>_<function>, with an `f` suffix for f32 (glibc's
// sysdeps/x86/fpu/bits/math-vector.h). The table below is the only list of
// the functions called; getLibmvecSymbols gives the runtime their names, so it
// can check that the process's libmvec has them all.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"
#include "llvm/ADT/StringSwitch.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAMATHTOLIBMVEC
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// A libmvec function and whether f32 code calls it: f32 erf keeps
/// upstream's inline approximation, which is within 2 ulp and needs no call,
/// and f32 tanh our own; upstream's exp, log, log2 and erfc lose all
/// accuracy on denormal arguments or results, and its log1p and expm1 call
/// log and exp (lane by lane, where nothing else converts them).
struct VectorFunction {
  StringLiteral op;
  StringLiteral name;
  bool forF32;
  unsigned arity = 1;
};

constexpr VectorFunction kFunctions[] = {
    {"math.sin", "sin", true},        {"math.cos", "cos", true},
    {"math.tan", "tan", true},        {"math.asin", "asin", true},
    {"math.acos", "acos", true},      {"math.atan", "atan", true},
    {"math.atan2", "atan2", true, 2}, {"math.sinh", "sinh", true},
    {"math.cosh", "cosh", true},      {"math.tanh", "tanh", false},
    {"math.asinh", "asinh", true},    {"math.acosh", "acosh", true},
    {"math.atanh", "atanh", true},    {"math.exp", "exp", true},
    {"math.exp2", "exp2", true},      {"math.expm1", "expm1", true},
    {"math.log", "log", true},        {"math.log2", "log2", true},
    {"math.log10", "log10", true},    {"math.log1p", "log1p", true},
    {"math.erf", "erf", false},       {"math.erfc", "erfc", true},
    {"math.cbrt", "cbrt", true},      {"math.powf", "pow", true, 2},
};

/// An x86 vector extension: its letter in the ABI names and its width.
struct Isa {
  char letter;
  int64_t bits;
};

std::optional<Isa> parseIsa(StringRef name) {
  return llvm::StringSwitch<std::optional<Isa>>(name)
      .Case("avx512", Isa{'e', 512})
      .Case("avx2", Isa{'d', 256})
      .Case("sse4", Isa{'b', 128})
      .Default(std::nullopt);
}

/// The ABI name of `function` on vectors of `lanes` `element`s.
std::string abiName(Isa isa, const VectorFunction &function, int64_t lanes,
                    bool isF32) {
  return (Twine("_ZGV") + Twine(isa.letter) + "N" + Twine(lanes) +
          std::string(function.arity, 'v') + "_" + function.name +
          (isF32 ? "f" : ""))
      .str();
}

/// `v` (1-D) lanes [offset, offset + lanes), the lanes past its end filled
/// with its last one: math functions are pure, so the filler only costs time.
Value piece(OpBuilder &b, Location loc, Value v, int64_t offset,
            int64_t lanes) {
  int64_t size = cast<VectorType>(v.getType()).getNumElements();
  SmallVector<int64_t> mask;
  for (int64_t lane = 0; lane < lanes; ++lane)
    mask.push_back(std::min(offset + lane, size - 1));
  return vector::ShuffleOp::create(b, loc, v, v, mask);
}

struct MathToLibmvec : public RewritePattern {
  MathToLibmvec(MLIRContext *context, Isa isa)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context), isa(isa) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    const VectorFunction *function =
        llvm::find_if(kFunctions, [&](const VectorFunction &f) {
          return op->getName().getStringRef() == f.op;
        });
    if (function == std::end(kFunctions) || op->getNumResults() != 1)
      return failure();
    auto type = dyn_cast<VectorType>(op->getResult(0).getType());
    if (!type || type.isScalable())
      return failure();
    Type element = type.getElementType();
    if (!element.isF64() && !(element.isF32() && function->forF32))
      return failure();

    int64_t lanes = isa.bits / element.getIntOrFloatBitWidth();
    std::string name = abiName(isa, *function, lanes, element.isF32());
    auto pieceType = VectorType::get({lanes}, element);
    FlatSymbolRefAttr callee = declare(rewriter, op, name, pieceType);

    Location loc = op->getLoc();
    int64_t size = type.getNumElements();
    auto flatType = VectorType::get({size}, element);
    SmallVector<Value> operands;
    for (Value operand : op->getOperands())
      operands.push_back(
          vector::ShapeCastOp::create(rewriter, loc, flatType, operand));
    Value result = ub::PoisonOp::create(rewriter, loc, flatType);
    for (int64_t offset = 0; offset < size; offset += lanes) {
      SmallVector<Value> arguments;
      for (Value operand : operands)
        arguments.push_back(piece(rewriter, loc, operand, offset, lanes));
      Value computed =
          func::CallOp::create(rewriter, loc, callee, pieceType, arguments)
              .getResult(0);
      int64_t valid = std::min(lanes, size - offset);
      if (valid < lanes)
        computed = vector::ExtractStridedSliceOp::create(
            rewriter, loc, computed, /*offsets=*/{0}, /*sizes=*/{valid},
            /*strides=*/{1});
      result = valid == size ? computed
                             : vector::InsertStridedSliceOp::create(
                                   rewriter, loc, computed, result,
                                   /*offsets=*/{offset}, /*strides=*/{1})
                                   .getResult();
    }
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, type, result);
    return success();
  }

  /// The private declaration of `name` in `op`'s module, made on first use.
  FlatSymbolRefAttr declare(PatternRewriter &rewriter, Operation *op,
                            StringRef name, VectorType pieceType) const {
    auto module = op->getParentOfType<ModuleOp>();
    if (!SymbolTable::lookupSymbolIn(module, name)) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      SmallVector<Type> inputs(op->getNumOperands(), pieceType);
      auto declaration =
          func::FuncOp::create(rewriter, module.getLoc(), name,
                               rewriter.getFunctionType(inputs, pieceType));
      declaration.setPrivate();
    }
    return SymbolRefAttr::get(rewriter.getContext(), name);
  }

  Isa isa;
};

struct TesseraMathToLibmvecPass
    : public mlir::tessera::impl::TesseraMathToLibmvecBase<
          TesseraMathToLibmvecPass> {
  using TesseraMathToLibmvecBase::TesseraMathToLibmvecBase;

  void runOnOperation() override {
    if (isa == "none")
      return;
    std::optional<Isa> target = parseIsa(isa);
    if (!target) {
      getOperation().emitError("tessera-math-to-libmvec: unknown isa '")
          << isa << "' (expected avx512, avx2, sse4 or none)";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<MathToLibmvec>(&getContext(), *target);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::optional<SmallVector<std::string>>
mlir::tessera::getLibmvecSymbols(StringRef isaName) {
  std::optional<Isa> isa = parseIsa(isaName);
  if (!isa)
    return std::nullopt;
  SmallVector<std::string> symbols;
  for (const VectorFunction &function : kFunctions) {
    symbols.push_back(abiName(*isa, function, isa->bits / 64, false));
    if (function.forF32)
      symbols.push_back(abiName(*isa, function, isa->bits / 32, true));
  }
  return symbols;
}
