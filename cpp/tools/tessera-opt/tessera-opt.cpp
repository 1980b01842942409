//===- tessera-opt.cpp - mlir-opt with the tessera dialect ----------------===//
//
// Every upstream dialect and pass, plus tessera's dialect, passes and
// pipelines: any stage of the compiler can be rerun on a .mlir file.
//
//===----------------------------------------------------------------------===//

#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "tessera/Pipelines/Pipelines.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tessera::registerPassesAndPipelines();
  mlir::DialectRegistry registry;
  mlir::tessera::registerDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Tessera optimizer driver\n", registry));
}
