"""The issue's MLP (examples/mlp.py): 784-500-10, tanh, softmax and the
categorical cross-entropy of integer labels, minibatches of 60, SGD 0.1, in
float32: 200 steps reach the parameters of the same steps written by hand in
NumPy."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[2] / "examples"))
import mlp  # noqa: E402


def test_mlp_trains_to_numpys_parameters():
    data, labels = mlp.synthetic_data(1200)
    parameters = mlp.initial_parameters()
    shared, train = mlp.build_mlp(parameters)
    reference = {name: value.copy() for name, value in parameters.items()}
    costs = []
    for step in range(200):
        start = (step * mlp.BATCH) % len(data)
        batch = data[start:start + mlp.BATCH], labels[start:start + mlp.BATCH]
        costs.append(float(train(*batch)))
        expected_cost = mlp.numpy_step(reference, *batch)
        assert abs(costs[-1] - expected_cost) <= 1e-4 * abs(expected_cost) + 1e-6, step
    for name, variable in shared.items():
        value = variable.get_value()
        assert value.dtype == np.float32, name
        np.testing.assert_allclose(value, reference[name], rtol=1e-4, atol=1e-6, err_msg=name)
    assert np.mean(costs[-20:]) < 0.75 * costs[0]  # it learns
