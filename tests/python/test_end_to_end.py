"""Build tessera IR in Python, run tessera-cpu-pipeline, JIT it, call it on NumPy arrays."""

import gc

import numpy as np
import pytest

import tessera
from tessera.dialects import tessera as ts

from conftest import DYNAMIC, build_module

FLOATS = ["float32", "float64"]
NUMERIC = ["float32", "float64", "int32", "int64"]


def sample(rng, shape, dtype):
    if dtype.startswith("int"):
        return rng.integers(-50, 50, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def compile_one(inputs, body):
    executable = tessera.compile_module(build_module(inputs, body))
    return lambda *arrays: executable.call("f", *arrays)


def tolerance(dtype):
    return {"float32": 1e-5, "float64": 1e-12}.get(dtype, 0)


@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize(
    "shapes",
    [
        [(), ()],  # rank 0
        [(DYNAMIC,), (DYNAMIC,)],  # rank 1, dynamic
        [(DYNAMIC, 7), (1, 7)],  # row broadcast
        [(DYNAMIC, DYNAMIC, 5), (DYNAMIC, 1, 5), (1, 1, 1)],  # rank 3, three operands
    ],
    ids=["rank0", "rank1", "row", "rank3"],
)
def test_variadic_add_and_mul_broadcast_like_theano(rng, dtype, shapes):
    concrete = [tuple(13 if s is None else s for s in shape) for shape in shapes]
    arrays = [sample(rng, shape, dtype) for shape in concrete]
    f = compile_one([(dtype, s) for s in shapes], lambda *xs: [ts.AddOp(list(xs)).result, ts.MulOp(list(xs)).result])
    total, product = f(*arrays)
    np.testing.assert_allclose(total, sum(arrays[1:], arrays[0]), rtol=tolerance(dtype))
    np.testing.assert_allclose(product, np.prod(np.broadcast_arrays(*arrays), axis=0), rtol=tolerance(dtype))
    assert total.dtype == np.dtype(dtype)


@pytest.mark.parametrize("dtype", NUMERIC)
def test_sub(rng, dtype):
    a, b = sample(rng, (4, 6), dtype), sample(rng, (4, 1), dtype)
    (result,) = compile_one([(dtype, (DYNAMIC, 6)), (dtype, (DYNAMIC, 1))], lambda x, y: ts.SubOp(x, y).result)(a, b)
    np.testing.assert_array_equal(result, a - b)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("size", [0, 1, 7, 17, 100_003])
def test_exp_of_sizes_around_the_vector_width(rng, dtype, size):
    x = sample(rng, (size,), dtype)
    (result,) = compile_one([(dtype, (DYNAMIC,))], lambda a: ts.ExpOp(a).result)(x)
    np.testing.assert_allclose(result, np.exp(x), rtol=4 * tolerance(dtype))


def test_fused_expression_over_1e5_elements_equals_numpy(rng):
    a = sample(rng, (317, 331), "float32")  # 104927 elements, odd sizes
    b = sample(rng, (1, 331), "float32")
    f = compile_one(
        [("float32", (DYNAMIC, DYNAMIC)), ("float32", (1, DYNAMIC))],
        lambda x, y: ts.MulOp([ts.ExpOp(ts.AddOp([x, y]).result).result, x]).result,
    )
    (result,) = f(a, b)
    np.testing.assert_allclose(result, np.exp(a + b) * a, rtol=1e-5)


@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize(
    "lhs,rhs",
    [((33,), (33,)), ((17, 33), (33,)), ((33,), (33, 9)), ((17, 33), (33, 9))],
    ids=["vv", "mv", "vm", "mm"],
)
def test_dot_of_every_rank_combination(rng, dtype, lhs, rhs):
    a, b = sample(rng, lhs, dtype), sample(rng, rhs, dtype)
    f = compile_one([(dtype, (DYNAMIC,) * len(lhs)), (dtype, (DYNAMIC,) * len(rhs))], lambda x, y: ts.DotOp(x, y).result)
    (result,) = f(a, b)
    expected = np.dot(a, b)
    assert result.shape == expected.shape
    # Any summation order is within eps * sum(|a_i b_i|) of the exact result.
    bound = np.dot(np.abs(a).astype("float64"), np.abs(b).astype("float64"))
    eps = np.finfo(dtype).eps if dtype.startswith("float") else 0
    assert np.all(np.abs(result - expected) <= 4 * eps * bound)


def test_strided_and_reversed_inputs_are_read_in_place(rng):
    base = sample(rng, (40, 30), "float64")
    module = build_module([("float64", (DYNAMIC, DYNAMIC)), ("float64", (DYNAMIC, DYNAMIC))],
                          lambda x, y: ts.SubOp(x, y).result)
    any_strides = tessera.compile_module(module, unit_inner_strides=False)
    views = (base[::3, 1::2], base[::-2, ::-2][:14, :15], base.T[:15, :14])
    for view in views[:2]:
        (result,) = any_strides.call("f", view, np.ones_like(view))
        np.testing.assert_array_equal(result, view - 1)
    (result,) = any_strides.call("f", views[2], views[2])
    np.testing.assert_array_equal(result, np.zeros((15, 14)))


def test_unit_inner_stride_executables_take_row_slices_and_refuse_other_strides(rng):
    base = sample(rng, (40, 30), "float64")
    module = build_module([("float64", (DYNAMIC, DYNAMIC))], lambda x: ts.NegOp(x).result)
    unit = tessera.compile_module(module)
    (result,) = unit.call("f", base[::3, 5:20])  # Rows skipped, columns contiguous.
    np.testing.assert_array_equal(result, -base[::3, 5:20])
    (result,) = unit.call("f", base[:, :1] * 1)  # A size-1 innermost dimension.
    np.testing.assert_array_equal(result, -base[:, :1])
    with pytest.raises(ValueError, match="innermost stride 30 .*unit innermost strides"):
        unit.call("f", base.T)


def test_results_own_their_buffers_and_outlive_the_executable(rng):
    x = sample(rng, (1000,), "float64")
    executable = tessera.compile_module(build_module([("float64", (DYNAMIC,))], lambda a: ts.ExpOp(a).result))
    (result,) = executable.call("f", x)
    del executable
    import gc

    gc.collect()
    np.testing.assert_allclose(result, np.exp(x))
    assert result.flags.writeable and result.base is not None  # Owned through a capsule.


def test_large_results_start_on_a_huge_page_boundary():
    # The runtime's allocator aligns buffers of 4 MB and more to 2 MB (and asks
    # for huge pages); compiled code then aligns the data to 64 bytes past the
    # buffer's header.
    executable = tessera.compile_module(build_module([("float32", (DYNAMIC,))], lambda a: ts.ExpOp(a).result))
    large, small = (executable.call("f", np.zeros(n, np.float32))[0] for n in (2 << 20, 1000))
    assert large.ctypes.data % (2 << 20) < 128
    np.testing.assert_array_equal(large, 1)
    np.testing.assert_array_equal(small, 1)


def test_freed_large_buffers_are_reused_for_about_their_size():
    # A freed buffer of 4 MB and more is kept for the next allocation of
    # about its size (no page faults for a result of the same size again);
    # a much smaller one gets a buffer of its own.
    executable = tessera.compile_module(build_module([("float32", (DYNAMIC,))], lambda a: ts.ExpOp(a).result))
    n = 4 << 20
    first = executable.call("f", np.zeros(n, np.float32))[0]
    address = first.ctypes.data
    del first
    again = executable.call("f", np.ones(n, np.float32))[0]
    assert again.ctypes.data == address
    np.testing.assert_allclose(again, np.e, rtol=1e-6)
    del again
    smaller = executable.call("f", np.zeros(n // 2, np.float32))[0]
    assert smaller.ctypes.data != address
    np.testing.assert_array_equal(smaller, 1)


def test_returned_argument_and_constant_are_copies():
    executable = tessera.compile_module(
        "func.func @ident(%a: tensor<?xf32>) -> tensor<?xf32> { return %a : tensor<?xf32> }\n"
        "func.func @const() -> tensor<3xf32> {\n"
        "  %c = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>\n"
        "  return %c : tensor<3xf32>\n}\n"
    )
    a = np.arange(4, dtype=np.float32)
    (same,) = executable.call("ident", a)
    same[0] = 42
    assert a[0] == 0
    (first,) = executable.call("const")
    first[0] = 7
    (second,) = executable.call("const")
    np.testing.assert_array_equal(second, [1, 2, 3])


def test_a_value_returned_twice_shares_one_buffer():
    executable = tessera.compile_module(
        "func.func @f(%a: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {\n"
        "  %0 = tessera.exp %a : tensor<?xf64>\n"
        "  return %0, %0 : tensor<?xf64>, tensor<?xf64>\n}"
    )
    x, y = executable.call("f", np.zeros(3))
    del x
    np.testing.assert_array_equal(y, np.ones(3))


def test_signatures_and_lowered_ir_are_visible():
    executable = tessera.compile_module(build_module([("float32", (DYNAMIC, 4))], lambda a: ts.ExpOp(a).result))
    assert executable.functions == [("f", [("float32", (None, 4))], [("float32", (None, 4))])]
    # The lowered module is printed when asked for: its context outlives the
    # module and context objects the caller dropped.
    gc.collect()
    assert "llvm.func @_mlir_ciface_f" in executable.lowered_ir
    assert "tessera.checks" in executable.lowered_ir
