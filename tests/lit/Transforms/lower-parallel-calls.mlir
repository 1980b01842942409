// RUN: tessera-opt %s --tessera-lower-parallel-calls --split-input-file | FileCheck %s

// A call of a parallel body (on the LLVM dialect) becomes a call of the
// runtime, and the body its task `(ptr record, i64 begin, i64 end)`, which
// reads from the record what it uses. The body here rebuilds a descriptor
// of which it reads only the aligned pointer: the other fields are not
// recorded. A constant operand is copied into the body, an operand passed
// twice is recorded once, and the work stays with the caller. The record
// lives in the caller's entry block. Other calls stay.

// CHECK-LABEL: llvm.func private @body(
// CHECK-SAME: %[[RECORD:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-NOT: tessera.parallel_body
// CHECK-DAG: %[[SCALE:.*]] = llvm.mlir.constant(2.000000e+00 : f32) : f32
// CHECK-DAG: %[[STEP_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i64, ptr, f32)>
// CHECK-DAG: %[[STEP:.*]] = llvm.load %[[STEP_AT]] : !llvm.ptr -> i64
// CHECK-DAG: %[[P_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 1]
// CHECK-DAG: %[[P:.*]] = llvm.load %[[P_AT]] : !llvm.ptr -> !llvm.ptr
// CHECK-DAG: %[[S_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 2]
// CHECK-DAG: %[[S:.*]] = llvm.load %[[S_AT]] : !llvm.ptr -> f32
// CHECK-NOT: llvm.insertvalue
// CHECK: llvm.add %[[BEGIN]], %[[STEP]]
// CHECK: llvm.icmp "slt" %{{.*}}, %[[END]]
// CHECK: %[[SUM:.*]] = llvm.fadd %[[S]], %[[S]]
// CHECK: %[[PRODUCT:.*]] = llvm.fmul %[[SUM]], %[[SCALE]]
// CHECK: llvm.store %[[PRODUCT]], %[[P]]
// CHECK-LABEL: llvm.func @caller(
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64)
// CHECK: %[[REC:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(i64, ptr, f32)>
// CHECK: llvm.br
// CHECK: llvm.store %arg3, %{{.*}} : i64, !llvm.ptr
// CHECK: llvm.store %arg0, %{{.*}} : !llvm.ptr, !llvm.ptr
// CHECK: llvm.store %arg1, %{{.*}} : f32, !llvm.ptr
// CHECK-NOT: llvm.store
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @body
// CHECK: %[[MIN:.*]] = llvm.mlir.constant(1000 : i64)
// CHECK: llvm.call @tessera_parallel_for(%[[TASK]], %[[REC]], %{{.*}}, %arg2, %arg3, %arg4, %[[MIN]])
// CHECK-NOT: llvm.call @body(
// CHECK: llvm.call @other
// CHECK: llvm.func @tessera_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64)
llvm.func @body(%begin: i64, %end: i64, %step: i64, %work: i64, %allocated: !llvm.ptr, %aligned: !llvm.ptr, %offset: i64, %s: f32, %scale: f32, %s_again: f32) attributes {tessera.parallel_body = 1000 : i64} {
  %d0 = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
  %d1 = llvm.insertvalue %allocated, %d0[0] : !llvm.struct<(ptr, ptr, i64)>
  %d2 = llvm.insertvalue %aligned, %d1[1] : !llvm.struct<(ptr, ptr, i64)>
  %d3 = llvm.insertvalue %offset, %d2[2] : !llvm.struct<(ptr, ptr, i64)>
  %next = llvm.add %begin, %step : i64
  %in = llvm.icmp "slt" %next, %end : i64
  llvm.cond_br %in, ^store, ^done
^store:
  %p = llvm.extractvalue %d3[1] : !llvm.struct<(ptr, ptr, i64)>
  %sum = llvm.fadd %s, %s_again : f32
  %product = llvm.fmul %sum, %scale : f32
  llvm.store %product, %p : f32, !llvm.ptr
  llvm.br ^done
^done:
  llvm.return
}
llvm.func @other(%begin: i64, %end: i64, %step: i64, %work: i64, %p: !llvm.ptr, %s: f32)
llvm.func @caller(%p: !llvm.ptr, %s: f32, %n: i64, %step: i64, %work: i64, %offset: i64) {
  %zero = llvm.mlir.constant(0 : i64) : i64
  %two = llvm.mlir.constant(2.0 : f32) : f32
  llvm.br ^loop
^loop:
  llvm.call @body(%zero, %n, %step, %work, %p, %p, %offset, %s, %two, %s) : (i64, i64, i64, i64, !llvm.ptr, !llvm.ptr, i64, f32, f32, f32) -> ()
  llvm.call @other(%zero, %n, %step, %work, %p, %s) : (i64, i64, i64, i64, !llvm.ptr, f32) -> ()
  llvm.return
}

// -----

// Operands are compared as the fields they read: two buffers' descriptors
// hold the same stride, which the record holds once and the body reads for
// both.
// CHECK-LABEL: llvm.func private @two_buffers(
// CHECK-SAME: %[[RECORD:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %{{.*}}: i64)
// CHECK: %[[STRIDE_AT:.*]] = llvm.getelementptr %[[RECORD]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i64, ptr)>
// CHECK: %[[STRIDE:.*]] = llvm.load %[[STRIDE_AT]] : !llvm.ptr -> i64
// CHECK: llvm.mul %[[BEGIN]], %[[STRIDE]]
// CHECK: llvm.mul %[[BEGIN]], %[[STRIDE]]
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @descriptors(
// CHECK: llvm.alloca %{{.*}} x !llvm.struct<(ptr, i64, ptr)>
// CHECK-COUNT-3: llvm.store
// CHECK-NOT: llvm.store
// CHECK: llvm.call @tessera_parallel_for(
llvm.func @two_buffers(%begin: i64, %end: i64, %step: i64, %work: i64, %pa: !llvm.ptr, %sa: i64, %pb: !llvm.ptr, %sb: i64) attributes {tessera.parallel_body = 1000 : i64} {
  %i = llvm.mul %begin, %sa : i64
  %from = llvm.getelementptr %pa[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %value = llvm.load %from : !llvm.ptr -> f32
  %j = llvm.mul %begin, %sb : i64
  %to = llvm.getelementptr %pb[%j] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  llvm.store %value, %to : f32, !llvm.ptr
  llvm.return
}
llvm.func @descriptors(%a: !llvm.ptr, %b: !llvm.ptr, %stride: i64, %n: i64, %step: i64, %work: i64) {
  %zero = llvm.mlir.constant(0 : i64) : i64
  %empty = llvm.mlir.poison : !llvm.struct<(ptr, i64)>
  %a0 = llvm.insertvalue %a, %empty[0] : !llvm.struct<(ptr, i64)>
  %a1 = llvm.insertvalue %stride, %a0[1] : !llvm.struct<(ptr, i64)>
  %b0 = llvm.insertvalue %b, %empty[0] : !llvm.struct<(ptr, i64)>
  %b1 = llvm.insertvalue %stride, %b0[1] : !llvm.struct<(ptr, i64)>
  %pa = llvm.extractvalue %a1[0] : !llvm.struct<(ptr, i64)>
  %sa = llvm.extractvalue %a1[1] : !llvm.struct<(ptr, i64)>
  %pb = llvm.extractvalue %b1[0] : !llvm.struct<(ptr, i64)>
  %sb = llvm.extractvalue %b1[1] : !llvm.struct<(ptr, i64)>
  llvm.call @two_buffers(%zero, %n, %step, %work, %pa, %sa, %pb, %sb) : (i64, i64, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64) -> ()
  llvm.return
}
