// RUN: tessera-opt %s --split-input-file --tessera-cpu-backend-pipeline=parallel=false --mlir-print-ir-after=promote-buffers-to-stack 2>&1 >/dev/null | FileCheck %s
// The CPU backend keeps small buffers of static shape that do not escape on
// the stack (promote-buffers-to-stack, right after bufferization): a scalar
// reduction's result that only feeds the next op. A returned scalar stays an
// allocation (the caller owns it), and so does a scalar computed in a loop,
// where each step would take more stack.

// CHECK-LABEL: func.func @stack
// CHECK: %[[SUM:.*]] = memref.alloca() : memref<f32>
// CHECK: linalg.reduce {{.*}} outs(%[[SUM]] : memref<f32>)
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: %[[TOTAL:.*]] = memref.alloc() : memref<f32>
// CHECK: linalg.reduce {{.*}} outs(%[[TOTAL]] : memref<f32>)
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
func.func @stack(%a: tensor<?xf32>) -> (tensor<?xf32>, tensor<f32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %e0 = tensor.empty() : tensor<f32>
  %init = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %sum = linalg.reduce ins(%a : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %e1 = tensor.empty(%n) : tensor<?xf32>
  %centered = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel"]} ins(%a, %sum : tensor<?xf32>, tensor<f32>) outs(%e1 : tensor<?xf32>) {
  ^bb0(%x: f32, %m: f32, %o: f32):
    %d = arith.subf %x, %m : f32
    linalg.yield %d : f32
  } -> tensor<?xf32>
  %e2 = tensor.empty() : tensor<f32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<f32>) -> tensor<f32>
  %total = linalg.reduce ins(%centered : tensor<?xf32>) outs(%init2 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %centered, %total : tensor<?xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @in_loop
// CHECK: scf.for
// CHECK-NOT: memref.alloca
// CHECK: scf.yield
func.func @in_loop(%a: tensor<?xf32>, %steps: index) -> tensor<f32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %start = linalg.fill ins(%zero : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = scf.for %i = %c0 to %steps step %c1 iter_args(%carried = %start) -> tensor<f32> {
    %e0 = tensor.empty() : tensor<f32>
    %init = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
    %sum = linalg.reduce ins(%a : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
      (%in: f32, %acc: f32) {
        %s = arith.addf %in, %acc : f32
        linalg.yield %s : f32
      }
    %e1 = tensor.empty() : tensor<f32>
    %next = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%sum, %carried : tensor<f32>, tensor<f32>) outs(%e1 : tensor<f32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %d = arith.addf %x, %y : f32
      linalg.yield %d : f32
    } -> tensor<f32>
    scf.yield %next : tensor<f32>
  }
  return %r : tensor<f32>
}
