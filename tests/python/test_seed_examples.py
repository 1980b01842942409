"""The Theano seed programs under examples/seeds run unchanged and print the seed
documents' numbers.

Integers and shapes must print exactly. Floats are compared to their dtype's
precision: float32 transcendental functions differ in the last bit between C
libraries (the seed's tanh digits come from glibc's tanhf, which is 1 ulp off
the correctly rounded value that Tessera computes).
"""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"

EXPECTED = {
    "scalar_function.py": ["7.0", "-9.0"],
    "neuron.py": ["[0.20696652 0.06988589]"],
    "accumulator.py": ["0", "1", "301", "-1", "2", "7", "2"],
    "elementwise.py": ["[   0.    2. 1026.]", "[[11. 22.]", " [33. 44.]]", "[[11. 22.]", " [33. 44.]]",
                       "(8, 7, 6, 5)"],
    "shapes.py": ["[3 5]", "8", "[[0. 0. 0.]", " [0. 0. 0.]]", "[0 1 2 3 4 5 6 7 8 9]"],
    # The seed tutorial's output: 0.9 first (updates apply after the call).
    "training.py": ["0.9", "8.54", "13.124", "15.8744", "17.52464", "18.514784", "19.1088704",
                    "19.46532224", "19.679193344", "19.8075160064"],
    "logistic_regression.py": ["final cost: 0.1174923113760027", "accuracy on D: 1.0"],
}

NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?")


def same_numbers(printed: str, expected: str) -> bool:
    if NUMBER.sub("#", printed).split() != NUMBER.sub("#", expected).split():
        return False
    got, want = NUMBER.findall(printed), NUMBER.findall(expected)
    if any("." in w for w in want):
        return np.allclose([float(g) for g in got], [float(w) for w in want], rtol=1e-6, atol=0)
    return got == want


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_seed_example(script):
    run = subprocess.run([sys.executable, str(SEEDS / script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(EXPECTED[script]), run.stdout
    for printed, expected in zip(lines, EXPECTED[script]):
        assert same_numbers(printed, expected), (printed, expected)


def test_neuron_is_correctly_rounded():
    run = subprocess.run([sys.executable, str(SEEDS / "neuron.py")], capture_output=True, text=True)
    x = np.asarray([0.1, 0.2, 0.3], np.float32)
    W = np.asarray([[0.1, -0.2], [-0.4, 0.5], [0.6, -0.7]], np.float32)
    b = np.asarray([0.1, 0.2], np.float32)
    exact = np.tanh((x @ W + b).astype(np.float64)).astype(np.float32)
    assert run.stdout.strip() == str(exact)
