"""The benchmarks under bench/ still import and run against today's services.

CI runs every benchmark in its short mode, but only after the whole suite; these checks catch a renamed service
function in the ordinary test run, where it is cheap to fix.
"""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH_MODULES = sorted(path.stem for path in (ROOT / "bench").glob("*.py") if path.stem != "__init__")


@pytest.mark.parametrize("name", BENCH_MODULES)
def test_every_benchmark_module_imports(name):
    """Each bench script imports: every name it takes from hall/ or from another benchmark still exists."""
    importlib.import_module(f"bench.{name}")


def test_the_service_benchmark_runs_in_its_short_mode():
    """bench/service_ops.py --quick issues, calls and finishes through the real services and prints its figures."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "service_ops.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    for label in ("issue a ticket", "call next", "finish"):
        assert label in result.stdout
