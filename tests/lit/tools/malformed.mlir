// RUN: not tessera-opt %s 2>&1 | FileCheck %s
// Malformed IR: tessera-opt names the file, line and column.

func.func @f(%a: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: malformed.mlir:[[@LINE+1]]:{{[0-9]+}}: error: use of undeclared SSA value name
  %0 = tessera.exp %missing : tensor<?xf32>
  return %0 : tensor<?xf32>
}
