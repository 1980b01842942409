// RUN: tessera-opt %s --tessera-parallelize-loops --split-input-file | FileCheck %s
// RUN: tessera-opt %s --tessera-parallelize-loops=min-work=10 --split-input-file | FileCheck %s --check-prefix=SMALL

// A parallel loop of dynamic size moves into a parallel body over a range
// of its first dimension; the loop becomes a call of the body over the whole
// range with the loop's work: the elements of its largest buffer.
// CHECK-LABEL: func.func private @rows_parallel0(
// CHECK-SAME: %[[BEGIN:[^:]*]]: index, %[[END:[^:]*]]: index, %[[STEP:[^:]*]]: index, %{{[^:]*}}: index, %[[X:[^:]*]]: memref<?x?xf32>, %[[OUT:[^:]*]]: memref<?x?xf32>
// CHECK-SAME: attributes {tessera.parallel_body = 200000 : i64}
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%[[BEGIN]], %[[C0]]) to (%[[END]], %{{.*}}) step (%[[STEP]], %{{.*}})
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[OUT]]
// CHECK-LABEL: func.func @rows(
// CHECK: %[[ROWS:.*]] = memref.dim %arg0, %c0
// CHECK: %[[COLS:.*]] = memref.dim %arg0, %c1
// CHECK: %[[X:.*]] = arith.muli
// CHECK: %[[OUT:.*]] = arith.muli
// CHECK: %[[WORK:.*]] = arith.maxsi %[[X]], %[[OUT]]
// CHECK: call @rows_parallel0(%c0, %[[ROWS]], %c1, %[[WORK]], %arg0, %arg1, %[[COLS]])
// CHECK-NOT: scf.parallel
func.func @rows(%x: memref<?x?xf32>, %out: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf32>
  %cols = memref.dim %x, %c1 : memref<?x?xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%rows, %cols) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<?x?xf32>
    %e = math.exp %v : f32
    memref.store %e, %out[%i, %j] : memref<?x?xf32>
  }
  return
}

// -----

// Static buffers below min-work: the loop stays on one thread (and in its
// function). With min-work=10 it is moved.
// CHECK-LABEL: func.func @small(
// CHECK: scf.parallel
// CHECK-NOT: call
// SMALL-LABEL: func.func private @small_parallel0(
// SMALL-SAME: tessera.parallel_body = 10 : i64
// SMALL-LABEL: func.func @small(
// SMALL: call @small_parallel0
func.func @small(%x: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = memref.load %x[%i] : memref<64xf32>
    memref.store %v, %out[%i] : memref<64xf32>
  }
  return
}

// -----

// Bodies that call a function (the runtime's calls need the caller's
// frame) or allocate (buffers belong to their call) stay; so does a loop
// with results to combine.
// CHECK-LABEL: func.func @calls(
// CHECK: scf.parallel
// CHECK: call @report
// CHECK-LABEL: func.func @allocates(
// CHECK: scf.parallel
// CHECK: memref.alloc
// CHECK-LABEL: func.func @combines(
// CHECK: scf.parallel
// CHECK: scf.reduce
// CHECK-NOT: _parallel0
func.func private @report(index)
func.func @calls(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    func.call @report(%i) : (index) -> ()
  }
  return
}
func.func @allocates(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %t = memref.alloc() : memref<4xf32>
    memref.dealloc %t : memref<4xf32>
  }
  return
}
func.func @combines(%x: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %sum = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}

// -----

// Only the outermost of nested parallel loops is shared; the inner one runs
// inside the body. A loop inside a sequential loop (a scan's) is shared at
// each step.
// CHECK-LABEL: func.func private @nested_parallel0(
// CHECK: scf.parallel
// CHECK: scf.parallel
// CHECK-LABEL: func.func @nested(
// CHECK: scf.for
// CHECK: call @nested_parallel0
// CHECK-NOT: scf.parallel
func.func @nested(%x: memref<?x?xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf32>
  %cols = memref.dim %x, %c1 : memref<?x?xf32>
  scf.for %t = %c0 to %steps step %c1 {
    scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
      scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
        %v = memref.load %x[%i, %j] : memref<?x?xf32>
        %d = arith.addf %v, %v : f32
        memref.store %d, %x[%i, %j] : memref<?x?xf32>
      }
    }
  }
  return
}
