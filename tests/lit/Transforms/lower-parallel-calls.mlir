// RUN: tessera-opt %s --tessera-lower-parallel-calls | FileCheck %s

// A call of a parallel body (on the LLVM dialect) becomes a call of the
// runtime: the step and the captured values go into a record in the
// caller's entry block, read back by a task function of the runtime's
// signature, which calls the body on its range. Other calls stay.

// CHECK-LABEL: llvm.func @body(
// CHECK-LABEL: llvm.func private @body_task(
// CHECK-SAME: %[[RECORD:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK: %[[STEP_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, ptr, f32)>
// CHECK: %[[STEP:.*]] = llvm.load %[[STEP_AT]] : !llvm.ptr -> i64
// CHECK: %[[P_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 1]
// CHECK: %[[P:.*]] = llvm.load %[[P_AT]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 2]
// CHECK: %[[S:.*]] = llvm.load %[[S_AT]] : !llvm.ptr -> f32
// CHECK: llvm.call @body(%[[BEGIN]], %[[END]], %[[STEP]], %{{.*}}, %[[P]], %[[S]])
// CHECK-LABEL: llvm.func @caller(
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64)
// CHECK: %[[REC:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(i64, ptr, f32)>
// CHECK: llvm.br
// CHECK: llvm.store %arg3, %{{.*}} : i64, !llvm.ptr
// CHECK: llvm.store %arg0, %{{.*}} : !llvm.ptr, !llvm.ptr
// CHECK: llvm.store %arg1, %{{.*}} : f32, !llvm.ptr
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @body_task
// CHECK: %[[MIN:.*]] = llvm.mlir.constant(1000 : i64)
// CHECK: llvm.call @tessera_parallel_for(%[[TASK]], %[[REC]], %{{.*}}, %arg2, %arg3, %arg4, %[[MIN]])
// CHECK-NOT: llvm.call @body(
// CHECK: llvm.call @other
// CHECK: llvm.func @tessera_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64)
llvm.func @body(%begin: i64, %end: i64, %step: i64, %work: i64, %p: !llvm.ptr, %s: f32) attributes {tessera.parallel_body = 1000 : i64} {
  llvm.return
}
llvm.func @other(%begin: i64, %end: i64, %step: i64, %work: i64, %p: !llvm.ptr, %s: f32)
llvm.func @caller(%p: !llvm.ptr, %s: f32, %n: i64, %step: i64, %work: i64) {
  %zero = llvm.mlir.constant(0 : i64) : i64
  llvm.br ^loop
^loop:
  llvm.call @body(%zero, %n, %step, %work, %p, %s) : (i64, i64, i64, i64, !llvm.ptr, f32) -> ()
  llvm.call @other(%zero, %n, %step, %work, %p, %s) : (i64, i64, i64, i64, !llvm.ptr, f32) -> ()
  llvm.return
}
