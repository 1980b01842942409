"""Tessera's main demo: one function through every stage of the compiler.

Builds `y = exp(x + b) * x` (b broadcast over the rows of x) and `z = x . w`
in the tessera dialect with its generated Python op classes, lowers them with
the `tessera-cpu-pipeline` registered in C++, JIT-compiles them for this CPU
and calls them on NumPy arrays, checking the results against NumPy.
"""

import numpy as np
from mlir import ir
from mlir.dialects import func

import tessera
from tessera.dialects import tessera as ts


def build() -> ir.Module:
    with tessera.context(), ir.Location.unknown():
        f32 = ir.F32Type.get()
        dyn = ir.ShapedType.get_dynamic_size()
        matrix = ir.RankedTensorType.get([dyn, dyn], f32)
        row = ir.RankedTensorType.get([1, dyn], f32)
        vector = ir.RankedTensorType.get([dyn], f32)
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):

            @func.FuncOp.from_py_func(matrix, row, name="affine_exp")
            def affine_exp(x, b):
                return ts.MulOp([ts.ExpOp(ts.AddOp([x, b]).result).result, x]).result

            @func.FuncOp.from_py_func(matrix, vector, name="matvec")
            def matvec(x, w):
                return ts.DotOp(x, w).result

    return module


def main() -> None:
    module = build()
    print("== The tessera dialect, as emitted from Python ==")
    print(module)

    executable = tessera.compile_module(module)
    print("== Entry points of the JIT-compiled module ==")
    for name, inputs, outputs in executable.functions:
        print(f"  {name}: {inputs} -> {outputs}")

    rng = np.random.default_rng(0)
    x = rng.standard_normal((1001, 333)).astype(np.float32)
    b = rng.standard_normal((1, 333)).astype(np.float32)
    w = rng.standard_normal(333).astype(np.float32)

    (y,) = executable.call("affine_exp", x, b)
    (z,) = executable.call("matvec", x[::2], w)  # A strided view, passed without copying.
    np.testing.assert_allclose(y, np.exp(x + b) * x, rtol=1e-5)
    np.testing.assert_allclose(z, x[::2] @ w, rtol=1e-4, atol=1e-4)
    print(f"== Results ==\n  affine_exp: {y.shape} {y.dtype}, equal to NumPy's")
    print(f"  matvec on a strided view: {z.shape} {z.dtype}, equal to NumPy's")
    print(f"  lowered module: {len(executable.lowered_ir.splitlines())} lines of the LLVM dialect")


if __name__ == "__main__":
    main()
