"""T.nlinalg and T.slinalg against NumPy: well-conditioned 100x100 systems to
1e-10 in float64, float32, odd and empty sizes, strided inputs, the
gradients, and LinAlgError for singular and indefinite matrices."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad
from tessera.tensor import nlinalg, slinalg


def well_conditioned(n, seed=0, dtype="float64"):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)) + n * np.eye(n)
    return a.astype(dtype), (a @ a.T).astype(dtype)


def test_100x100_float64_matches_numpy_to_1e_10():
    a_value, spd = well_conditioned(100)
    rng = np.random.default_rng(1)
    b_value, rhs = rng.standard_normal(100), rng.standard_normal((100, 4))
    a, s, b, m = T.dmatrix(), T.dmatrix(), T.dvector(), T.dmatrix()
    outputs = [nlinalg.matrix_inverse(a), nlinalg.det(a / 100), slinalg.cholesky(s), slinalg.solve(a, b),
               slinalg.solve(a, m), slinalg.solve_lower_triangular(a, b), slinalg.solve_upper_triangular(a, m),
               slinalg.cholesky(s, lower=False), slinalg.solve_symmetric(s, b)]
    results = tessera.function([a, s, b, m], outputs)(a_value, spd, b_value, rhs)
    expected = [np.linalg.inv(a_value), np.linalg.det(a_value / 100), np.linalg.cholesky(spd),
                np.linalg.solve(a_value, b_value), np.linalg.solve(a_value, rhs),
                np.linalg.solve(np.tril(a_value), b_value), np.linalg.solve(np.triu(a_value), rhs),
                np.linalg.cholesky(spd).T, np.linalg.solve(spd, b_value)]
    for result, reference in zip(results, expected, strict=True):
        np.testing.assert_allclose(result, reference, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("n", [0, 1, 3, 17])
def test_float32_and_odd_sizes(n):
    a_value, spd = well_conditioned(n, dtype="float32")
    a, s = T.fmatrix(), T.fmatrix()
    inverse, det, factor = tessera.function([a, s], [nlinalg.matrix_inverse(a), nlinalg.det(a), slinalg.cholesky(s)])(
        a_value, spd)
    assert inverse.dtype == np.float32 and factor.dtype == np.float32
    np.testing.assert_allclose(inverse, np.linalg.inv(a_value), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(det, np.linalg.det(a_value), rtol=1e-4)
    np.testing.assert_allclose(factor, np.linalg.cholesky(spd), rtol=1e-4, atol=1e-4)


def test_strided_inputs_and_integer_matrices():
    a_value, _ = well_conditioned(12)
    a = T.dmatrix()
    f = tessera.function([a], nlinalg.matrix_inverse(a))
    for view in (a_value[::2, ::2], a_value[::-2, ::-2].T):
        np.testing.assert_allclose(f(view), np.linalg.inv(view), rtol=1e-10, atol=1e-12)
    i = T.imatrix()
    assert nlinalg.det(i).dtype == "float64"
    np.testing.assert_allclose(tessera.function([i], nlinalg.det(i))(np.array([[2, 1], [1, 3]], np.int32)), 5.0)


def test_singular_and_indefinite_matrices_raise_linalg_error():
    a = T.dmatrix()
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(np.linalg.LinAlgError, match=r"tessera.matrix_inverse \(created at .*\): singular matrix"):
        tessera.function([a], nlinalg.matrix_inverse(a))(singular)
    with pytest.raises(np.linalg.LinAlgError, match="singular matrix"):
        tessera.function([a], slinalg.solve(a, T.ones(2, dtype="float64")))(singular)
    with pytest.raises(np.linalg.LinAlgError, match="singular matrix"):
        tessera.function([a], slinalg.solve_lower_triangular(a, T.ones(2, dtype="float64")))(np.zeros((2, 2)))
    with pytest.raises(np.linalg.LinAlgError, match="not positive definite"):
        tessera.function([a], slinalg.cholesky(a))(np.array([[1.0, 2.0], [2.0, 1.0]]))
    assert tessera.function([a], nlinalg.det(a))(singular) == 0.0
    with pytest.raises(ValueError, match="the matrix is not square"):
        tessera.function([a], nlinalg.det(a))(np.zeros((2, 3)))


GRADIENTS = {
    "matrix_inverse": (nlinalg.matrix_inverse, lambda a, s, b, m: [a]),
    "det": (nlinalg.det, lambda a, s, b, m: [a]),
    "cholesky_of_a_product": (lambda r: slinalg.cholesky(T.dot(r, r.T) + 5 * T.eye(5, dtype="float64")),
                              lambda a, s, b, m: [a]),
    "cholesky": (slinalg.cholesky, lambda a, s, b, m: [s]),
    "solve_vector": (slinalg.solve, lambda a, s, b, m: [a, b]),
    "solve_matrix": (slinalg.solve, lambda a, s, b, m: [a, m]),
    "solve_lower_triangular": (slinalg.solve_lower_triangular, lambda a, s, b, m: [a, m]),
    "solve_upper_triangular": (slinalg.solve_upper_triangular, lambda a, s, b, m: [a, b]),
}


@pytest.mark.parametrize("name", GRADIENTS)
def test_gradients(name):
    function, arguments = GRADIENTS[name]
    a_value, spd = well_conditioned(5)
    rng = np.random.default_rng(2)
    verify_grad(function, arguments(a_value, spd, rng.standard_normal(5), rng.standard_normal((5, 2))),
                rng=np.random.RandomState(0))


def test_planned_names_say_so_and_matrix_dot():
    with pytest.raises(NotImplementedError, match="nlinalg.svd"):
        nlinalg.svd
    x, y, z = T.dmatrix(), T.dmatrix(), T.dmatrix()
    values = [np.eye(2) * 2, np.arange(4.0).reshape(2, 2), np.ones((2, 3))]
    np.testing.assert_allclose(tessera.function([x, y, z], nlinalg.matrix_dot(x, y, z))(*values),
                               values[0] @ values[1] @ values[2])
