// RUN: tessera-opt %s -split-input-file -verify-diagnostics
// The verifiers reject ill-typed ops, naming both operand types (MLIR then adds
// its generic "failed to infer returned types").

func.func @element_types(%a: tensor<?xf32>, %b: tensor<?xf64>) {
  // expected-error@+2 {{'tessera.add' operand types 'tensor<?xf32>' and 'tensor<?xf64>' have different element types; cast one operand first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.add %a, %b : (tensor<?xf32>, tensor<?xf64>) -> tensor<?xf32>
  return
}

// -----

func.func @ranks(%a: tensor<?xf32>, %b: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.mul' operand types 'tensor<?xf32>' and 'tensor<?x?xf32>' have different ranks; dimshuffle the lower-rank operand first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.mul %a, %b : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @sizes(%a: tensor<3x4xf32>, %b: tensor<3x5xf32>) {
  // expected-error@+2 {{'tessera.sub' operand types 'tensor<3x4xf32>' and 'tensor<3x5xf32>' have incompatible sizes in dimension 1 (4 vs 5)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.sub %a, %b : (tensor<3x4xf32>, tensor<3x5xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @wrong_result(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error@+2 {{'tessera.add' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.add %a, %b : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x5xf32>
  return
}

// -----

func.func @exp_of_integers(%a: tensor<?xi32>) {
  // expected-error@+1 {{'tessera.exp' op operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or complex type with 32-bit float elements or complex type with 64-bit float elements values, but got 'tensor<?xi32>'}}
  %0 = tessera.exp %a : tensor<?xi32>
  return
}

// -----

func.func @dot_sizes(%a: tensor<?x3xf32>, %b: tensor<4xf32>) {
  // expected-error@+2 {{'tessera.dot' operand types 'tensor<?x3xf32>' and 'tensor<4xf32>' have contracted sizes 3 and 4 that differ}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.dot %a, %b : (tensor<?x3xf32>, tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @dot_ranks(%a: tensor<?x?x?xf32>, %b: tensor<?xf32>) {
  // expected-error@+2 {{'tessera.dot' takes vectors and matrices, got operand types 'tensor<?x?x?xf32>' and 'tensor<?xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.dot %a, %b : (tensor<?x?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @shape_i_out_of_range(%a: tensor<?x?xf32>) {
  // expected-error@+1 {{'tessera.shape_i' op index 2 is out of range for 'tensor<?x?xf32>'}}
  %0 = tessera.shape_i %a [2] : tensor<?x?xf32>
  return
}

// -----

func.func @reshape_dynamic_length(%a: tensor<?xf32>, %s: tensor<?xi64>) {
  // expected-error@+2 {{'tessera.reshape' needs a shape operand of static length (the result's rank), got 'tensor<?xi64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.reshape %a, %s : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  return
}

// -----

func.func @reshape_two_wildcards(%a: tensor<?xf32>) {
  %s = arith.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error@+2 {{'tessera.reshape' cannot reshape to (-1, -1): at most one size may be -1 and none may be below it}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.reshape %a, %s : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_below_minus_one(%a: tensor<?xf32>) {
  %s = arith.constant dense<[-2, -3]> : tensor<2xi64>
  // expected-error@+2 {{'tessera.reshape' cannot reshape to (-2, -3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.reshape %a, %s : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_count(%a: tensor<3x4xf32>) {
  %s = arith.constant dense<[5, -1]> : tensor<2xi64>
  // expected-error@+2 {{'tessera.reshape' cannot reshape 'tensor<3x4xf32>' (12 elements) to (5, -1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.reshape %a, %s : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<5x?xf32>
  return
}

// -----

func.func @reshape_element_type(%a: tensor<?xf32>, %s: tensor<1xi64>) {
  // expected-error@+2 {{'tessera.reshape' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.reshape %a, %s : (tensor<?xf32>, tensor<1xi64>) -> tensor<?xf64>
  return
}

// -----

func.func @alloc_value_rank(%v: tensor<2xf32>, %n: tensor<i64>) {
  // expected-error@+2 {{'tessera.alloc' fills with a rank-0 value, got 'tensor<2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.alloc %v, %n : (tensor<2xf32>, tensor<i64>) -> tensor<?xf32>
  return
}

// -----

func.func @alloc_negative(%v: tensor<f32>) {
  %n = arith.constant dense<-3> : tensor<i64>
  // expected-error@+2 {{'tessera.alloc' size -3 of dimension 0 is negative}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.alloc %v, %n : (tensor<f32>, tensor<i64>) -> tensor<?xf32>
  return
}

// -----

func.func @alloc_rank(%v: tensor<f32>, %n: tensor<i64>) {
  // expected-error@+2 {{'tessera.alloc' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?x?xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.alloc %v, %n : (tensor<f32>, tensor<i64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reduction_axis_out_of_range(%a: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.sum' axis 2 is out of range for 'tensor<?x?xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.sum %a axes = [2] : tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @reduction_axes_unsorted(%a: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.prod' axes must be sorted and distinct}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.prod %a axes = [1, 0] : tensor<?x?xf32> -> tensor<f32>
  return
}

// -----

func.func @arg_reduction_axes(%a: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.argmax' axes must be sorted and distinct}}
  // expected-error@+1 {{failed to infer returned types}}
  %0:2 = tessera.argmax %a axes = [0, 0] : tensor<?x?xf32> -> tensor<f32>, tensor<i64>
  return
}

// -----

func.func @all_of_floats(%a: tensor<?xf32>) {
  // expected-error@+1 {{'tessera.all' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = tessera.all %a axes = [0] : tensor<?xf32> -> tensor<f32>
  return
}

// -----

func.func @dimshuffle_repeated(%a: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.dimshuffle' pattern entry 0 is out of range or repeated for 'tensor<?x?xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.dimshuffle %a [0, 0] : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @dimshuffle_drops(%a: tensor<?x?xf32>) {
  // expected-error@+2 {{'tessera.dimshuffle' drops dimension 0 of 'tensor<?x?xf32>', which is not a broadcastable (size-1) one}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tessera.dimshuffle %a [1] : tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @switch_condition(%c: tensor<?xi8>, %a: tensor<?xf32>) {
  // expected-error@+1 {{'tessera.switch' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<?xi8>'}}
  %0 = tessera.switch %c, %a, %a : (tensor<?xi8>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @check_kind(%ok: i1, %a: index) {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [value, index, memory, linalg, nan_guard]}}
  tessera.check fatal %ok, %a, %a, "no such kind"
  return
}

// -----

func.func @grad_without_a_start(%w: tensor<?xf64>) {
  // expected-error@+1 {{'tessera.grad' op needs a cost or known gradients to start from}}
  %0 = tessera.grad wrt(%w) : (tensor<?xf64>) -> tensor<?xf64>
  return
}

// -----

func.func @grad_known_type(%w: tensor<?xf64>, %h: tensor<?xf64>, %gh: tensor<?xf32>) {
  // expected-error@+1 {{'tessera.grad' op known gradient of type 'tensor<?xf32>' does not match its value's type 'tensor<?xf64>'}}
  %0 = tessera.grad wrt(%w) known(%h) as(%gh) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf32>) -> tensor<?xf64>
  return
}

// -----

func.func @grad_of_a_vector(%c: tensor<?xf64>, %w: tensor<?xf64>) {
  // expected-error@+1 {{'tessera.grad' op operand #0 must be 0D tensor of 16-bit float or 32-bit float or 64-bit float values, but got 'tensor<?xf64>'}}
  %0 = tessera.grad %c wrt(%w) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return
}

// -----

// Ops Theano defines on real numbers only refuse complex operands.
func.func @sin_of_complex(%a: tensor<?xcomplex<f32>>) {
  // expected-error@+1 {{'tessera.sin' op operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values, but got 'tensor<?xcomplex<f32>>'}}
  %0 = tessera.sin %a : tensor<?xcomplex<f32>>
  return
}

// -----

func.func @real_of_floats(%a: tensor<?xf32>) {
  // expected-error@+1 {{'tessera.real' op operand #0 must be ranked tensor of complex type with 32-bit float elements or complex type with 64-bit float elements values, but got 'tensor<?xf32>'}}
  %0 = tessera.real %a : tensor<?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'tessera.softmax' op axis 2 is out of range for a tensor of 2 dimensions}}
  %0 = tessera.softmax %x axis = 2 : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @crossentropy_labels_of_another_rank(%x: tensor<?x3xf32>, %y: tensor<?x3xi64>) -> tensor<?xf32> {
  // expected-error @+2 {{'tessera.crossentropy_softmax_1hot' needs one label per row: 'tensor<?x3xi64>' does not index the rows of 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.crossentropy_softmax_1hot %x, %y : (tensor<?x3xf32>, tensor<?x3xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @subtensor_of_too_few_entries(%x: tensor<?x?xf32>) {
  // expected-error @+2 {{'tessera.subtensor' needs one start, stop and step per dimension of 'tensor<?x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.subtensor %x[1] : (tensor<?x?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @subtensor_index_out_of_range(%x: tensor<3x?xf32>) {
  // expected-error @+2 {{'tessera.subtensor' index 3 is out of bounds for axis 0 with size 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.subtensor %x[3, :] : (tensor<3x?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @set_subtensor_value_of_another_rank(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) {
  // expected-error @+1 {{'tessera.set_subtensor' op updates a selection of type 'tensor<?xf32>' with 'tensor<?x?xf32>'; the value needs the selection's rank and element type}}
  %0 = tessera.set_subtensor %x[0, :], %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @inc_subtensor_value_of_another_size(%x: tensor<?x5xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'tessera.inc_subtensor' op updates a selection of type 'tensor<2xf32>' with 'tensor<3xf32>', whose dimension 0 neither broadcasts nor has the selection's size}}
  %0 = tessera.inc_subtensor %x[0, 4:0:-2], %y : (tensor<?x5xf32>, tensor<3xf32>) -> tensor<?x5xf32>
  return
}

// -----

func.func @advanced_subtensor_mask_and_arrays(%x: tensor<?x?xf32>, %m: tensor<?xi1>, %i: tensor<?xi64>) {
  // expected-error @+2 {{'tessera.advanced_subtensor' takes one boolean mask or integer arrays}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.advanced_subtensor %x[%m, %i] axis = 0 : (tensor<?x?xf32>, tensor<?xi1>, tensor<?xi64>) -> tensor<?xf32>
  return
}

// -----

func.func @advanced_subtensor_past_the_last_axis(%x: tensor<?x?xf32>, %i: tensor<?xi64>) {
  // expected-error @+2 {{'tessera.advanced_subtensor' cannot index 2 axes from axis 1 of 'tensor<?x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.advanced_subtensor %x[%i, %i] axis = 1 : (tensor<?x?xf32>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xf32>
  return
}

// -----

func.func @advanced_subtensor_mask_of_another_size(%x: tensor<3x?xf32>, %m: tensor<4xi1>) {
  // expected-error @+2 {{'tessera.advanced_subtensor' boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.advanced_subtensor %x[%m] axis = 0 : (tensor<3x?xf32>, tensor<4xi1>) -> tensor<?x?xf32>
  return
}

// -----

func.func @advanced_inc_subtensor_arrays_that_do_not_broadcast(%x: tensor<?x?xf32>, %i: tensor<2xi64>, %j: tensor<3xi64>, %y: tensor<?xf32>) {
  // expected-error @+1 {{'tessera.advanced_inc_subtensor' operand types 'tensor<2xi64>' and 'tensor<3xi64>' have incompatible sizes in dimension 0 (2 vs 3)}}
  %0 = tessera.advanced_inc_subtensor %x[%i, %j], %y axis = 0 : (tensor<?x?xf32>, tensor<?xf32>, tensor<2xi64>, tensor<3xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @concatenate_of_other_sizes(%a: tensor<?x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+2 {{'tessera.concatenate' inputs 'tensor<?x3xf32>' and 'tensor<2x4xf32>' differ in the size of dimension 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.concatenate %a, %b axis = 0 : (tensor<?x3xf32>, tensor<2x4xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @rebroadcast_of_a_known_size(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'tessera.rebroadcast' cannot make dimension 0 of 'tensor<2x3xf32>' broadcastable: its size is 2, not 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tessera.rebroadcast %a [true, false] : tensor<2x3xf32> -> tensor<1x3xf32>
  return
}

// -----

func.func @ifelse_branch_type(%c: tensor<i1>, %a: tensor<?xf64>, %b: tensor<?xf32>) -> tensor<?xf64> {
  // expected-error@+1 {{'tessera.ifelse' op else region yields 'tensor<?xf32>' for result 0 of type 'tensor<?xf64>'}}
  %0 = tessera.ifelse %c : tensor<i1> -> tensor<?xf64> {
    tessera.yield %a : tensor<?xf64>
  } else {
    tessera.yield %b : tensor<?xf32>
  }
  return %0 : tensor<?xf64>
}

// -----

func.func @ifelse_more_static_result(%c: tensor<i1>, %a: tensor<?xf64>) -> tensor<3xf64> {
  // expected-error@+1 {{'tessera.ifelse' op then region yields 'tensor<?xf64>' for result 0 of type 'tensor<3xf64>'}}
  %0 = tessera.ifelse %c : tensor<i1> -> tensor<3xf64> {
    tessera.yield %a : tensor<?xf64>
  } else {
    tessera.yield %a : tensor<?xf64>
  }
  return %0 : tensor<3xf64>
}

// -----

func.func @scan_positive_tap(%n: tensor<i64>, %h0: tensor<1xf64>) -> tensor<?xf64> {
  // expected-error@+1 {{'tessera.scan' op state 0 needs increasing negative taps}}
  %0 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1xf64>) {keep = ["all"], taps = [array<i64: 1>]} -> tensor<?xf64> {
  ^bb0(%h: tensor<f64>):
    tessera.yield %h : tensor<f64>
  }
  return %0 : tensor<?xf64>
}

// -----

func.func @scan_sequence_row(%n: tensor<i64>, %xs: tensor<?x3xf64>) -> tensor<?x3xf64> {
  // expected-error@+1 {{'tessera.scan' op body takes 'tensor<?xf64>' for a row of sequence 0 of type 'tensor<?x3xf64>'}}
  %0 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?x3xf64>) {keep = ["all"], taps = []} -> tensor<?x3xf64> {
  ^bb0(%x: tensor<?xf64>):
    tessera.yield %x : tensor<?xf64>
  }
  return %0 : tensor<?x3xf64>
}

// -----

func.func @scan_state_type(%n: tensor<i64>, %h0: tensor<1x?xf64>) -> tensor<?x?xf32> {
  // expected-error@+1 {{'tessera.scan' op body yields 'tensor<?xf32>' for state 0 of type 'tensor<?xf64>'}}
  %0 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1x?xf64>) {keep = ["all"], taps = [array<i64: -1>]} -> tensor<?x?xf32> {
  ^bb0(%h: tensor<?xf64>):
    %f = tessera.cast %h : tensor<?xf64> to tensor<?xf32>
    tessera.yield %f : tensor<?xf32>
  }
  return %0 : tensor<?x?xf32>
}

// -----

func.func @scan_final_output(%n: tensor<i64>, %xs: tensor<?xf64>) -> tensor<f64> {
  // expected-error@+1 {{'tessera.scan' op result 0 is not a state and cannot keep its final value}}
  %0 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?xf64>) {keep = ["final"], taps = []} -> tensor<f64> {
  ^bb0(%x: tensor<f64>):
    tessera.yield %x : tensor<f64>
  }
  return %0 : tensor<f64>
}

// -----

func.func @scan_last_of_older_taps(%n: tensor<i64>, %h0: tensor<2xf64>) -> tensor<f64> {
  // expected-error@+1 {{'tessera.scan' op state 0 reads more than its last value and keeps them all}}
  %0 = tessera.scan steps(%n : tensor<i64>) initial(%h0 : tensor<2xf64>) {keep = ["last"], taps = [array<i64: -2, -1>]} -> tensor<f64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %s = tessera.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
    tessera.yield %s : tensor<f64>
  }
  return %0 : tensor<f64>
}

// -----

func.func @scan_until_type(%n: tensor<i64>, %xs: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error@+1 {{'tessera.scan' op stop condition must be tensor<i1>, not 'tensor<f64>'}}
  %0 = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?xf64>) {keep = ["all"], taps = [], until} -> tensor<?xf64> {
  ^bb0(%x: tensor<f64>):
    tessera.yield %x, %x : tensor<f64>, tensor<f64>
  }
  return %0 : tensor<?xf64>
}
