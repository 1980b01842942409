"""bench/workloads.py runs and checks its results: the training and GEMM
workloads for NumPy and Tessera, one timed unit each."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "workloads.py"


def test_workloads_run_and_agree_with_numpy(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(BENCH), "--only", "W1,W5", "--systems", "numpy,tessera",
                          "--repeats", "1", "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(out.read_text())["results"]
    assert {(r["workload"], r["system"]) for r in results} == {
        ("W1", "numpy"), ("W1", "tessera"), ("W5", "numpy"), ("W5", "tessera")}
    assert all(r["ok"] for r in results), results
    assert all(r["GFLOP/s"] > 0 for r in results if r["workload"] == "W5")


def test_unknown_workloads_and_systems_are_refused():
    run = subprocess.run([sys.executable, str(BENCH), "--only", "W9"], capture_output=True, text=True)
    assert run.returncode == 2 and "no workload 'W9'" in run.stderr
