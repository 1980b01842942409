//===- tessera-opt.cpp - mlir-opt with the tessera dialect ----------------===//
//
// Every upstream dialect and pass, plus tessera's dialect, passes and
// pipelines: any stage of the compiler can be rerun on a .mlir file. The
// tessera_test dialect (tests/lib) gives lit tests ops to test with.
//
//===----------------------------------------------------------------------===//

#include "TestDialect.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "tessera/Pipelines/Pipelines.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tessera::registerPassesAndPipelines();
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  mlir::tessera::test::registerTestDialect(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Tessera optimizer driver\n", registry));
}
