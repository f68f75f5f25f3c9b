#!/usr/bin/env python3
"""Run every benchmark in turn (``make bench``; ``make bench ARGS=--quick`` in CI) and fail if one fails."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["service_ops.py", "http_realtime.py", "reports.py"]


def main() -> int:
    extra = sys.argv[1:]
    for name in BENCHMARKS:
        print(f"\n## bench/{name} {' '.join(extra)}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / name), *extra], check=False)
        if result.returncode:
            print(f"bench/{name} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
