//===- NanGuard.cpp - Run-time checks for NaN, infinities and huge values -===//
//
// Theano's NanGuardMode: every float value a function computes, and every
// float input, is checked when it is produced. The first check to fail
// stops the call, so the error names the op that produced the bad value
// (its inputs passed their own checks), where the user created it, and what
// it computed the value from.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERANANGUARD
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Values above this magnitude are "big" (as Theano's NanGuardMode).
constexpr double kBigValue = 1e10;

/// How an error names where `value` came from.
std::string originOf(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    return "input " + std::to_string(arg.getArgNumber()) + " of the function";
  Operation *op = value.getDefiningOp();
  return describeOrigin(op->getName().getStringRef(), op->getLoc());
}

struct NanGuardPass : public tessera::impl::TesseraNanGuardBase<NanGuardPass> {
  using TesseraNanGuardBase::TesseraNanGuardBase;

  /// Checks `value` right where `builder` stands; `what` says what it is.
  void guard(OpBuilder &builder, Value value, const std::string &what) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || !isa<FloatType>(type.getElementType()))
      return;
    Location loc = value.getLoc();
    GradientBuilder b(builder, loc);
    auto axes = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    Value none = arith::ConstantIntOp::create(builder, loc, 0, 8);
    auto check = [&](Value bad, StringRef problem) {
      // Read as an int8 (bool tensors are stored as bytes once lowered).
      Value any = b.convertTo(AnyOp::create(builder, loc, bad, axes, /*keepdims=*/false),
                              builder.getI8Type());
      Value found = tensor::ExtractOp::create(builder, loc, any, ValueRange{});
      Value fine = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, found, none);
      CheckOp::create(builder, loc, CheckKind::nan_guard, fine, zero, zero,
                      (problem + " in " + what).str());
    };
    if (checkNan)
      check(IsNaNOp::create(builder, loc, value), "NaN detected");
    if (checkInf)
      check(IsInfOp::create(builder, loc, value), "Inf detected");
    if (checkBig)
      check(b.less(b.constant(value, kBigValue), AbsOp::create(builder, loc, value)),
            "Big value (|x| > 1e10) detected");
  }

  void runOnOperation() override {
    getOperation()->walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      Block &entry = func.getBody().front();
      // The function's own ops (a scan or ifelse is checked by its results).
      SmallVector<Operation *> computed;
      for (Operation &op : entry.without_terminator())
        if (isa<TesseraDialect>(op.getDialect()) && op.getNumResults() != 0)
          computed.push_back(&op);
      OpBuilder builder = OpBuilder::atBlockBegin(&entry);
      for (BlockArgument arg : entry.getArguments())
        guard(builder, arg, originOf(arg));
      for (Operation *opPtr : computed) {
        Operation &op = *opPtr;
        std::string what = "the output of " + originOf(op.getResult(0));
        if (op.getNumOperands() != 0) {
          what += ", computed from";
          for (auto [index, operand] : llvm::enumerate(op.getOperands()))
            what += (index ? ", " : " ") + originOf(operand);
        }
        builder.setInsertionPointAfter(&op);
        for (Value result : op.getResults())
          guard(builder, result, what);
      }
    });
  }
};

} // namespace
