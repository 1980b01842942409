"""The dialect's generated Python classes and its registration into upstream contexts."""

import numpy as np
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
    module.operation.verify()  # Raises MLIRError if not.


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
    source = ("func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
              "  %0 = tessera.exp %a : tensor<2xf32>\n  return %0 : tensor<2xf32>\n}")
    ctx = ir.Context()
    ts.register_dialect(ctx)
    with ctx:
        module = ir.Module.parse(source)
        op = module.body.operations[0].regions[0].blocks[0].operations[0]
        assert op.operation.name == "tessera.exp"


def test_the_dtype_table_matches_the_dialects_type_constraints():
    """DTypes.def and the ODS constraints of TesseraBase.td list the same element
    types: each dtype's tensor is accepted by an op taking any tessera tensor."""
    def shape_of(element: str) -> str:
        return (f"func.func @f(%a: tensor<?x{element}>) -> tensor<1xi64> {{\n"
                f"  %0 = tessera.shape %a : tensor<?x{element}> -> tensor<1xi64>\n"
                "  return %0 : tensor<1xi64>\n}")

    with tessera.context(), ir.Location.unknown():
        for name, element, kind, size in ts.DTYPE_TABLE:
            assert np.dtype(name).itemsize == size and np.dtype(name).kind == kind
            assert str(ts.element_type(name)) == element and ts.dtype_of(ts.element_type(name)) == name
            ir.Module.parse(shape_of(element)).operation.verify()
        with pytest.raises(ir.MLIRError, match="must be ranked tensor of"):
            ir.Module.parse(shape_of("ui8"))


def test_inference_through_the_c_api_uses_known_operand_values():
    with tessera.context(), ir.Location.unknown():
        x = ir.Type.parse("tensor<3x4xf32>")
        shape = ir.Type.parse("tensor<2xi64>")
        known = ir.DenseElementsAttr.get(np.array([-1, 6], np.int64), type=shape)
        assert str(ts.infer_result_types("tessera.reshape", [x, shape])[0]) == "tensor<?x?xf32>"
        assert str(ts.infer_result_types("tessera.reshape", [x, shape], [None, known])[0]) == "tensor<2x6xf32>"
        with pytest.raises(ValueError, match="is not an op that infers its result types"):
            ts.infer_result_types("tessera.cast", [x])
