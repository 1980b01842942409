"""The Theano seed programs under examples/seeds run unchanged and print the right numbers."""

import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"

EXPECTED = {
    "scalar_function.py": ["7.0", "-9.0"],
    "neuron.py": ["[0.20696652 0.06988589]"],
    "accumulator.py": ["0", "1", "301", "-1", "2", "7", "2"],
    "elementwise.py": ["[   0.    2. 1026.]", "[[11. 22.]", " [33. 44.]]", "[[11. 22.]", " [33. 44.]]",
                       "(8, 7, 6, 5)"],
    "shapes.py": ["[3 5]", "8", "[[0. 0. 0.]", " [0. 0. 0.]]", "[0 1 2 3 4 5 6 7 8 9]"],
}


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_seed_example(script):
    run = subprocess.run([sys.executable, str(SEEDS / script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == EXPECTED[script]
