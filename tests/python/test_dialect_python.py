"""The dialect's generated Python classes and its registration into upstream contexts."""

import pytest
from mlir import ir

import tessera
from tessera.dialects import tessera as ts

from conftest import DYNAMIC, build_module, tensor_type


def test_generated_classes_build_ops_with_inferred_result_types():
    module = build_module(
        [("float32", (DYNAMIC, 4)), ("float32", (1, 4)), ("float32", (DYNAMIC, 1))],
        lambda a, b, c: ts.ExpOp(ts.AddOp([a, b, c]).result).result,
    )
    text = str(module)
    assert "tessera.add %arg0, %arg1, %arg2 : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>" in text
    assert "tessera.exp %0 : tensor<?x4xf32>" in text
    assert module.operation.verify()


def test_dot_infers_each_rank_combination():
    shapes = {
        ((DYNAMIC,), (DYNAMIC,)): "tensor<f32>",
        ((DYNAMIC, 3), (3,)): "tensor<?xf32>",
        ((3,), (3, DYNAMIC)): "tensor<?xf32>",
        ((DYNAMIC, 3), (3, 7)): "tensor<?x7xf32>",
    }
    for (lhs, rhs), result in shapes.items():
        module = build_module([("float32", lhs), ("float32", rhs)], lambda a, b: ts.DotOp(a, b).result)
        assert f"-> {result}" in str(module)


def test_parsed_ops_come_back_as_their_classes():
    with tessera.context():
        module = ir.Module.parse(
            "func.func @f(%a: tensor<?xf64>) -> tensor<?xf64> {\n"
            "  %0 = tessera.exp %a : tensor<?xf64>\n"
            "  return %0 : tensor<?xf64>\n}"
        )
    op = module.body.operations[0].regions[0].blocks[0].operations[0]
    assert isinstance(op, ts.ExpOp)


def test_verifier_error_names_both_types():
    with tessera.context(), ir.Location.unknown():
        a = tensor_type("float32", (DYNAMIC,))
        b = tensor_type("float64", (DYNAMIC,))
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):
            with pytest.raises(ir.MLIRError, match=r"'tensor<\?xf32>' and 'tensor<\?xf64>' have different element types"):
                from mlir.dialects import func

                func.FuncOp.from_py_func(a, b)(lambda x, y: ts.AddOp([x, y]).result)


def test_register_dialect_into_a_plain_upstream_context():
    ctx = ir.Context()
    ts.register_dialect(ctx)
    with ctx:
        assert ir.Module.parse("func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                               "  %0 = tessera.exp %a : tensor<2xf32>\n  return %0 : tensor<2xf32>\n}")
