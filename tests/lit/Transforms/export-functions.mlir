// RUN: tessera-opt %s --tessera-export-functions | FileCheck %s
// Public definitions get the C interface; private and external ones do not.

// CHECK: func.func @public_fn() attributes {llvm.emit_c_interface}
func.func @public_fn() { return }
// CHECK: func.func private @private_fn() {
func.func private @private_fn() { return }
// CHECK: func.func private @external_fn()
// CHECK-NOT: llvm.emit_c_interface
func.func private @external_fn()
