// RUN: tessera-opt %s --tessera-outline-loops=min-loops=2 | FileCheck %s
// RUN: tessera-opt %s --tessera-outline-loops | FileCheck %s --check-prefix=FEW
// Each loop nest at the top of a function moves into a private, noinline
// function of its own; loops with results (a scan's) stay. With fewer loop
// nests than min-loops (8 by default), the function stays whole.
// FEW-NOT: noinline
// FEW-NOT: call @{{.*}}_loop

// CHECK-LABEL: func.func private @two_loops_loop0(
// CHECK-SAME: passthrough = ["noinline"]
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.store
// CHECK-LABEL: func.func private @two_loops_loop1(
// CHECK: scf.for
// CHECK-LABEL: func.func @two_loops(
// CHECK: call @two_loops_loop0(
// CHECK: call @two_loops_loop1(
// CHECK: scf.for {{.*}} iter_args
// CHECK-NOT: call
func.func @two_loops(%m: memref<?x?xf32>, %v: memref<?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      memref.store %zero, %m[%i, %j] : memref<?x?xf32>
    }
  }
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %v[%i] : memref<?xf32>
  }
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %x = memref.load %v[%i] : memref<?xf32>
    %s = arith.addf %acc, %x : f32
    scf.yield %s : f32
  }
  return %sum : f32
}

// A symbol that already has the name the first loop would get: the outlined
// function takes another, and the call names it.
// CHECK-LABEL: func.func private @taken_loop0()
// CHECK-LABEL: func.func private @taken_loop2(
// CHECK-LABEL: func.func @taken(
// CHECK: call @taken_loop2(
// CHECK: call @taken_loop1(
func.func private @taken_loop0() {
  return
}
func.func @taken(%v: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %v[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %v[%i] : memref<?xf32>
  }
  return
}

// A choice between loop nests (a product's BLAS call or scalar loops) is a
// loop nest too; a branch without loops (a run-time check's report) stays.
// CHECK-LABEL: func.func private @choice_loop0(
// CHECK: scf.if
// CHECK:   call @blas
// CHECK: } else {
// CHECK:   scf.for
// CHECK-LABEL: func.func private @choice_loop1(
// CHECK: scf.for
// CHECK-LABEL: func.func @choice(
// CHECK: scf.if
// CHECK-NEXT: call @report
// CHECK: call @choice_loop0(
// CHECK: call @choice_loop1(
// CHECK-NOT: scf.for
func.func private @blas(memref<?xf32>)
func.func private @report()
func.func @choice(%v: memref<?xf32>, %n: index, %large: i1, %bad: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.if %bad {
    func.call @report() : () -> ()
  }
  scf.if %large {
    func.call @blas(%v) : (memref<?xf32>) -> ()
  } else {
    scf.for %i = %c0 to %n step %c1 {
      memref.store %zero, %v[%i] : memref<?xf32>
    }
  }
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %v[%i] : memref<?xf32>
  }
  return
}
