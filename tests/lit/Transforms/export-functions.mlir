// RUN: tessera-opt %s --tessera-export-functions | FileCheck %s
// RUN: tessera-opt %s --tessera-export-functions=unit-inner-strides | FileCheck %s --check-prefix=UNIT
// Public definitions get the C interface; private and external ones do not.
// Their tensor arguments are read-only (the caller's arrays). With
// unit-inner-strides, those of rank >= 1 also get a layout with a contiguous
// innermost dimension.

// CHECK: func.func @public_fn(%{{.*}}: tensor<?x4xf32> {bufferization.writable = false}, %{{.*}}: tensor<f32> {bufferization.writable = false}) attributes {llvm.emit_c_interface}
// UNIT: func.func @public_fn(%{{.*}}: tensor<?x4xf32> {bufferization.buffer_layout = strided<[?, 1], offset: ?>, bufferization.writable = false}, %{{.*}}: tensor<f32> {bufferization.writable = false}) attributes {llvm.emit_c_interface}
func.func @public_fn(%a: tensor<?x4xf32>, %s: tensor<f32>) { return }
// CHECK: func.func private @private_fn(%{{.*}}: tensor<?xf32>) {
// UNIT: func.func private @private_fn(%{{.*}}: tensor<?xf32>) {
func.func private @private_fn(%a: tensor<?xf32>) { return }
// CHECK: func.func private @external_fn()
// CHECK-NOT: llvm.emit_c_interface
func.func private @external_fn()
