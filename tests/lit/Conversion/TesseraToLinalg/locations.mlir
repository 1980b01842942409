// RUN: tessera-opt %s --convert-tessera-to-linalg --mlir-print-debuginfo | FileCheck %s

// The lowering names what it creates after the op it lowers, so checks and,
// later, allocations report "tessera.add (created at model.py:3)".
// CHECK-DAG: #[[FILE:.*]] = loc("model.py":3:1)
// CHECK-DAG: #[[NAMED:.*]] = loc("tessera.add"(#[[FILE]]))
// CHECK-LABEL: func @named_locations
func.func @named_locations(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: tensor.empty(%{{.*}}) : tensor<?xf32> loc(#[[NAMED]])
  %0 = tessera.add %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32> loc("model.py":3:1)
  return %0 : tensor<?xf32>
}
