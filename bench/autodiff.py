"""How long `tessera-autodiff` takes on MLP-like graphs of about 1000 and 2000
tessera ops (each layer tanh(h . W + b)), and how the time grows with the size.

    python bench/autodiff.py
"""

from __future__ import annotations

import time

from mlir import ir
from mlir.passmanager import PassManager

import tessera


def mlp_module(layers: int) -> str:
    """A function of `layers` layers of 4 ops each, and the gradient of the sum
    of its output with respect to every weight and bias."""
    arguments = ["%x: tensor<?x?xf32>"]
    body = ["  %h0 = tessera.tanh %x : tensor<?x?xf32>"]
    weights = []
    for i in range(layers):
        arguments += [f"%w{i}: tensor<?x?xf32>", f"%b{i}: tensor<?xf32>"]
        weights += [(f"%w{i}", "tensor<?x?xf32>"), (f"%b{i}", "tensor<?xf32>")]
        body += [
            f"  %d{i} = tessera.dot %h{i}, %w{i} : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>",
            f"  %r{i} = tessera.dimshuffle %b{i} [-1, 0] : tensor<?xf32> -> tensor<1x?xf32>",
            f"  %a{i} = tessera.add %d{i}, %r{i} : (tensor<?x?xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>",
            f"  %h{i + 1} = tessera.tanh %a{i} : tensor<?x?xf32>",
        ]
    body.append(f"  %cost = tessera.sum %h{layers} axes = [0, 1] : tensor<?x?xf32> -> tensor<f32>")
    names = ", ".join(name for name, _ in weights)
    types = ", ".join(type for _, type in weights)
    results = ", ".join(f"%g#{i}" for i in range(len(weights)))
    body.append(f"  %g:{len(weights)} = tessera.grad %cost wrt({names}) : (tensor<f32>, {types}) -> ({types})")
    body.append(f"  return {results} : {types}")
    return (f"func.func @mlp({', '.join(arguments)}) -> ({types}) {{\n" + "\n".join(body) + "\n}\n")


def autodiff_seconds(layers: int, repeats: int = 5) -> tuple[int, float]:
    """(tessera ops in the forward graph, best time of the pass alone)."""
    source = mlp_module(layers)
    best = float("inf")
    with tessera.context():
        for _ in range(repeats):
            module = ir.Module.parse(source)
            pm = PassManager.parse("builtin.module(tessera-autodiff)")
            start = time.perf_counter()
            pm.run(module.operation)
            best = min(best, time.perf_counter() - start)
    return 1 + 4 * layers + 1, best


def main() -> None:
    small_ops, small = autodiff_seconds(250)
    large_ops, large = autodiff_seconds(500)
    print(f"tessera-autodiff, {small_ops} ops: {small * 1e3:.1f} ms")
    print(f"tessera-autodiff, {large_ops} ops: {large * 1e3:.1f} ms ({large / small:.2f}x the time "
          f"for {large_ops / small_ops:.2f}x the ops)")


if __name__ == "__main__":
    main()
