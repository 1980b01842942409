//===- CheckAllocations.cpp - Every allocation checked --------------------===//
//
// Compiled code must report an allocation that cannot succeed as a
// MemoryError, not crash writing through a null pointer or into a buffer
// whose size wrapped around. This pass only states the checks; the reports
// come from tessera-lower-checks.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERACHECKALLOCATIONS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

void checkAllocation(memref::AllocOp alloc) {
  OpBuilder b(alloc);
  Location loc = alloc.getLoc();
  MemRefType type = alloc.getType();
  std::string what = describeOrigin(alloc->getName().getStringRef(), loc);
  auto constant = [&](int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value).getResult();
  };

  // Bytes of the static part, then each dynamic size: the running product
  // stays below the limit when `product <= limit / size` for each size.
  Type element = type.getElementType();
  int64_t staticBytes = 1;
  if (auto complex = dyn_cast<ComplexType>(element)) { // Two parts.
    staticBytes = 2;
    element = complex.getElementType();
  }
  // Index (the deallocation helpers' buffers) lowers to 64 bits.
  staticBytes *=
      element.isIndex() ? 8 : (element.getIntOrFloatBitWidth() + 7) / 8;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size))
      staticBytes *= size;
  Value bytes = constant(staticBytes);
  Value fits = arith::ConstantIntOp::create(b, loc, /*value=*/1, /*width=*/1);
  Value zero = constant(0), one = constant(1);
  for (Value size : alloc.getDynamicSizes()) {
    Value isZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, zero);
    Value divisor = arith::SelectOp::create(b, loc, isZero, one, size);
    Value room = arith::DivUIOp::create(
        b, loc, constant(TesseraDialect::getLargestAllocation()), divisor);
    Value sizeFits = arith::OrIOp::create(
        b, loc, isZero,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, bytes, room));
    fits = arith::AndIOp::create(b, loc, fits, sizeFits);
    bytes = arith::MulIOp::create(b, loc, bytes, size);
  }
  if (!alloc.getDynamicSizes().empty())
    CheckOp::create(
        b, loc, CheckKind::memory, fits, zero, zero,
        b.getStringAttr("Cannot allocate memory for the result of " + what +
                        ": its size in bytes overflows (more than "
                        "2**62)"));

  // The allocator reports a refusal itself, as the check this call names:
  // compiled code tests no pointer (a branch per buffer would cost compile
  // time in every function).
  b.setInsertionPoint(alloc);
  int64_t id = appendModuleCheck(
      alloc->getParentOfType<ModuleOp>(), CheckKind::memory,
      "Cannot allocate {lhs} bytes for the result of " + what +
          ": out of memory");
  Type i64 = b.getI64Type();
  Value arguments[] = {arith::ConstantIntOp::create(b, loc, i64, id),
                       b.createOrFold<arith::IndexCastOp>(loc, i64, bytes)};
  func::CallOp::create(b, loc, TesseraDialect::getAllocationSiteFunctionName(),
                       TypeRange{}, arguments);
}

/// Declares the runtime's `tessera_allocation_site(i64 id, i64 bytes)`.
void declareAllocationSite(ModuleOp module) {
  StringRef name = TesseraDialect::getAllocationSiteFunctionName();
  if (module.lookupSymbol(name))
    return;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type i64 = b.getI64Type();
  func::FuncOp::create(b, module.getLoc(), name,
                       b.getFunctionType({i64, i64}, {}))
      .setPrivate();
}

struct TesseraCheckAllocationsPass
    : public mlir::tessera::impl::TesseraCheckAllocationsBase<
          TesseraCheckAllocationsPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    getOperation().walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    if (allocs.empty())
      return;
    declareAllocationSite(getOperation());
    for (memref::AllocOp alloc : allocs)
      checkAllocation(alloc);
  }
};

} // namespace
