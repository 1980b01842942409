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
  // expected-error@+1 {{'tessera.exp' op operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values, but got 'tensor<?xi32>'}}
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
