// RUN: tessera-opt %s --tessera-autodiff --split-input-file -verify-diagnostics | FileCheck %s
// tessera-autodiff replaces gradient ops by the derivative rules of the ops
// between the cost and the wrt values, at the gradient op.

// Elementwise with broadcasting: b's gradient is summed over the dimension
// it broadcast in; fan-out accumulates.
// CHECK-LABEL: func @broadcasting(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<1xf64>
// CHECK: %[[P:.*]] = tessera.mul %[[X]], %[[B]]
// CHECK: %[[E:.*]] = tessera.exp %[[P]]
// CHECK: %[[C:.*]] = tessera.sum %[[E]] axes = [0]
// CHECK-NOT: tessera.grad
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[GE:.*]] = tessera.add %{{.*}}, %{{.*}} : (tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[GP:.*]] = tessera.mul %[[GE]], %[[E]]
// CHECK: %[[GX:.*]] = tessera.mul %[[GP]], %[[B]]
// CHECK: %[[GB0:.*]] = tessera.mul %[[GP]], %[[X]]
// CHECK: %[[GB:.*]] = tessera.sum %[[GB0]] axes = [0] keepdims : tensor<?xf64> -> tensor<1xf64>
// CHECK: return %[[GX]], %[[GB]]
func.func @broadcasting(%x: tensor<?xf64>, %b: tensor<1xf64>) -> (tensor<?xf64>, tensor<1xf64>) {
  %0 = tessera.mul %x, %b : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %1 = tessera.exp %0 : tensor<?xf64>
  %c = tessera.sum %1 axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:2 = tessera.grad %c wrt(%x, %b) : (tensor<f64>, tensor<?xf64>, tensor<1xf64>) -> (tensor<?xf64>, tensor<1xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<1xf64>
}

// -----

// dot of matrices: dA = dC B^T, dB = A^T dC.
// CHECK-LABEL: func @matmul(
// CHECK-SAME: %[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>
// CHECK: %[[BT:.*]] = tessera.dimshuffle %[[B]] [1, 0]
// CHECK: %[[DA:.*]] = tessera.dot %[[DC:.*]], %[[BT]]
// CHECK: %[[AT:.*]] = tessera.dimshuffle %[[A]] [1, 0]
// CHECK: %[[DB:.*]] = tessera.dot %[[AT]], %[[DC]]
// CHECK: return %[[DA]], %[[DB]]
func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = tessera.dot %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c = tessera.sum %0 axes = [0, 1] : tensor<?x?xf32> -> tensor<f32>
  %g:2 = tessera.grad %c wrt(%a, %b) : (tensor<f32>, tensor<?x?xf32>, tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %g#0, %g#1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// The gradient of a gradient: the inner one expands first, then the outer
// differentiates its code. d2/dx2 x*x = 2.
// CHECK-LABEL: func @second_order(
// CHECK-NOT: tessera.grad
// CHECK: return
func.func @second_order(%x: tensor<f64>) -> tensor<f64> {
  %0 = tessera.mul %x, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %g = tessera.grad %0 wrt(%x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %gg = tessera.grad %g wrt(%x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %gg : tensor<f64>
}

// -----

// A wrt value the cost does not depend on gets zeros of its shape; a
// comparison passes no gradient; a constant stops the flow.
// CHECK-LABEL: func @zeros(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>
// CHECK: %[[N:.*]] = tessera.shape_i %[[Y]][0]
// CHECK: %[[Z:.*]] = tessera.alloc %{{.*}}, %[[N]] : (tensor<f64>, tensor<i64>) -> tensor<?xf64>
// CHECK: return %{{.*}}, %[[Z]]
func.func @zeros(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %lt = tessera.lt %x, %y : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
  %s = tessera.switch %lt, %x, %x : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tessera.sum %s axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:2 = tessera.grad %c wrt(%x, %y) : (tensor<f64>, tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// An op without a derivative rule on the path is an error naming it.
func.func @no_rule(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error@+1 {{'math.exp' has no derivative rule, but the gradient at}}
  %e = math.exp %x : tensor<?xf64>
  %p = tessera.sum %e axes = [0] : tensor<?xf64> -> tensor<f64>
  %g = tessera.grad %p wrt(%x) : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A region op's rule differentiates its body through the handle the pass
// gives it: a copy of the body computes the forward values again, its
// backward code gives the operand (x) its gradient, and a value the body uses
// from above (w) takes its gradient in the enclosing pass.
// CHECK-LABEL: func @region(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>, %[[W:.*]]: tensor<?xf64>
// CHECK: tessera_test.region %[[X]]
// CHECK: tessera_test.yield
// CHECK: %[[G:.*]] = tessera.add
// CHECK: %[[E:.*]] = tessera.exp %[[X]]
// CHECK: %[[GX0:.*]] = tessera.mul %[[G]], %[[W]]
// CHECK: %[[GW:.*]] = tessera.mul %[[G]], %[[E]]
// CHECK: %[[GX:.*]] = tessera.mul %[[GX0]], %[[E]]
// CHECK: return %[[GX]], %[[GW]]
func.func @region(%x: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %r = tessera_test.region %x : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<?xf64>):
    %e = tessera.exp %a : tensor<?xf64>
    %m = tessera.mul %e, %w : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    tessera_test.yield %m : tensor<?xf64>
  }
  %c = tessera.sum %r axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:2 = tessera.grad %c wrt(%x, %w) : (tensor<f64>, tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// A gradient op inside a region whose cost's backward slice leaves the region
// (T.grad(y, x) in a scan body, y and x defined outside) expands in place, and
// before the gradient outside that depends on it: d/dx sum(d/dx sum(x^3))
// = sum(6x).
// CHECK-LABEL: func @across_regions(
// CHECK-NOT: tessera.grad
// CHECK: tessera_test.region
// CHECK:   tessera.mul
// CHECK:   tessera_test.yield
// CHECK-NOT: tessera.grad
// CHECK: return
func.func @across_regions(%x: tensor<?xf64>) -> tensor<?xf64> {
  %cube = tessera.mul %x, %x, %x : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %y = tessera.sum %cube axes = [0] : tensor<?xf64> -> tensor<f64>
  %inner = tessera_test.region %x : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<?xf64>):
    %g = tessera.grad %y wrt(%x) : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
    tessera_test.yield %g : tensor<?xf64>
  }
  %s = tessera.sum %inner axes = [0] : tensor<?xf64> -> tensor<f64>
  %gg = tessera.grad %s wrt(%x) : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gg : tensor<?xf64>
}

// -----

// A reduction's rule: max sends the gradient to every element equal to the
// maximum.
// CHECK-LABEL: func @max_reduction(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf64>
// CHECK: %[[M:.*]] = tessera.max %[[X]] axes = [1]
// CHECK: %[[MK:.*]] = tessera.dimshuffle %[[M]] [0, -1]
// CHECK: %[[EQ:.*]] = tessera.eq %[[X]], %[[MK]]
// CHECK: %[[MASK:.*]] = tessera.cast %[[EQ]] : tensor<?x?xi1> to tensor<?x?xf64>
// CHECK: tessera.mul %{{.*}}, %[[MASK]]
func.func @max_reduction(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %m = tessera.max %x axes = [1] : tensor<?x?xf64> -> tensor<?xf64>
  %c = tessera.sum %m axes = [0] : tensor<?xf64> -> tensor<f64>
  %g = tessera.grad %c wrt(%x) : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// Without gradient ops the pass changes nothing.
// CHECK-LABEL: func @no_gradient(
// CHECK-NEXT: %[[E:.*]] = tessera.exp %{{.*}}
// CHECK-NEXT: return %[[E]]
func.func @no_gradient(%x: tensor<?xf64>) -> tensor<?xf64> {
  %e = tessera.exp %x : tensor<?xf64>
  return %e : tensor<?xf64>
}

// -----

// ifelse: the gradient is an ifelse on the same condition whose branches
// differentiate the forward branches; it yields the gradients of the values
// the branches use from above (zeros where a branch does not use one).
// CHECK-LABEL: func @ifelse(
// CHECK-SAME: %[[C:[a-z0-9]+]]: tensor<i1>, %[[X:[a-z0-9]+]]: tensor<f64>
// CHECK: tessera.ifelse %[[C]]
// CHECK: tessera.yield
// CHECK: tessera.yield
// CHECK: %[[G:.*]] = tessera.ifelse %[[C]] : tensor<i1> -> tensor<f64> {
// CHECK:   %[[E:.*]] = tessera.exp %[[X]]
// CHECK:   %[[GE:.*]] = tessera.mul %{{.*}}, %[[E]]
// CHECK:   tessera.yield %[[GE]] : tensor<f64>
// CHECK: } else {
// CHECK:   %[[Z:.*]] = tessera.alloc
// CHECK:   tessera.yield %[[Z]] : tensor<f64>
// CHECK: return %[[G]]
func.func @ifelse(%c: tensor<i1>, %x: tensor<f64>, %y: tensor<f64>) -> tensor<f64> {
  %0 = tessera.ifelse %c : tensor<i1> -> tensor<f64> {
    %e = tessera.exp %x : tensor<f64>
    tessera.yield %e : tensor<f64>
  } else {
    tessera.yield %y : tensor<f64>
  }
  %g = tessera.grad %0 wrt(%x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// -----

// scan: backpropagation through time. A backward scan over the steps run
// reads the sequences, the states' histories (init rows, then the steps) and
// the values each step yielded from the last step back; it carries the window of gradients later steps
// sent to the state and the sum of the gradients of %w (used from above),
// both kept final, and stacks the sequence's gradients.
// CHECK-LABEL: func @scan(
// CHECK-SAME: %{{[a-z0-9]+}}: tensor<i64>, %{{[a-z0-9]+}}: tensor<?xf64>, %{{[a-z0-9]+}}: tensor<1xf64>, %[[W:[a-z0-9]+]]: tensor<f64>
// CHECK: %[[Y:.*]] = tessera.scan
// CHECK: tessera.concatenate %{{.*}}, %[[Y]] axis = 0
// CHECK: %[[BACK:.*]]:3 = tessera.scan steps(%{{.*}} : tensor<i64>) sequences({{.*}}) initial({{.*}}) {keep = ["final", "final", "all"], taps = [array<i64: -1>, array<i64: -1>]}
// CHECK: ^bb0(%[[DY:[^:]*]]: tensor<f64>, %{{[^:]*}}: tensor<f64>, %[[H:[^:]*]]: tensor<f64>, %{{[^:]*}}: tensor<f64>, %[[WINDOW:[^:]*]]: tensor<?xf64>, %[[SUM:[^:]*]]: tensor<f64>):
// CHECK:   %[[LATER:.*]] = tessera.subtensor %[[WINDOW]][0]
// CHECK:   %[[G:.*]] = tessera.add %[[DY]], %[[LATER]]
// CHECK:   %[[GW:.*]] = tessera.mul %[[G]], %[[H]]
// CHECK:   %[[GH:.*]] = tessera.mul %[[G]], %[[W]]
// CHECK:   %[[NEWSUM:.*]] = tessera.add %[[SUM]], %[[GW]]
// CHECK:   tessera.yield %{{.*}}, %[[NEWSUM]], %[[G]]
// CHECK: %[[GXS:.*]] = tessera.subtensor %[[BACK]]#2[::-1]
// CHECK: tessera.concatenate %[[GXS]], %{{.*}} axis = 0
// CHECK: %[[GH0:.*]] = tessera.subtensor %[[BACK]]#0[::-1]
// CHECK: return %{{.*}}, %{{.*}}, %[[BACK]]#1
func.func @scan(%n: tensor<i64>, %xs: tensor<?xf64>, %h0: tensor<1xf64>, %w: tensor<f64>) -> (tensor<?xf64>, tensor<1xf64>, tensor<f64>) {
  %0 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?xf64>) initial(%h0 : tensor<1xf64>) {keep = ["all"], taps = [array<i64: -1>]} -> tensor<?xf64> {
  ^bb0(%x: tensor<f64>, %h: tensor<f64>):
    %p = tessera.mul %w, %h : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %s = tessera.add %p, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>
    tessera.yield %s : tensor<f64>
  }
  %c = tessera.sum %0 axes = [0] : tensor<?xf64> -> tensor<f64>
  %g:3 = tessera.grad %c wrt(%xs, %h0, %w) : (tensor<f64>, tensor<?xf64>, tensor<1xf64>, tensor<f64>) -> (tensor<?xf64>, tensor<1xf64>, tensor<f64>)
  return %g#0, %g#1, %g#2 : tensor<?xf64>, tensor<1xf64>, tensor<f64>
}

// -----

// The backward body reads the value a step yielded from the stored history
// (%[[Y]]) rather than computing it again: tanh's derivative uses it, and the
// copy of the step that computed it is left dead.
// CHECK-LABEL: func @scan_reads_stored_steps(
// CHECK: = tessera.scan steps({{.*}}) sequences(
// CHECK: ^bb0(%{{[^:]*}}: tensor<f64>, %{{[^:]*}}: tensor<f64>, %[[Y:[^:]*]]: tensor<f64>, %{{[^:]*}}: tensor<?xf64>):
// CHECK:   tessera.tanh
// CHECK:   tessera.mul %[[Y]], %[[Y]]
func.func @scan_reads_stored_steps(%n: tensor<i64>, %h0: tensor<1xf64>) -> tensor<1xf64> {
  %0 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1xf64>) {keep = ["all"], taps = [array<i64: -1>]} -> tensor<?xf64> {
  ^bb0(%h: tensor<f64>):
    %t = tessera.tanh %h : tensor<f64>
    tessera.yield %t : tensor<f64>
  }
  %c = tessera.sum %0 axes = [0] : tensor<?xf64> -> tensor<f64>
  %g = tessera.grad %c wrt(%h0) : (tensor<f64>, tensor<1xf64>) -> tensor<1xf64>
  return %g : tensor<1xf64>
}
