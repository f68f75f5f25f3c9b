#!/usr/bin/env python3
"""Run every benchmark in turn (``make bench``; ``make bench ARGS=--quick`` in CI) and fail if one fails.

Each prints its figures with the target beside them (PASS or MISS); the targets are collected again at the
end. A MISS does not fail the run: the figures move with the machine's load, and CI shares its machine.
"""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine_load

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["service_ops.py", "throughput.py", "displays.py", "queue_growth.py", "reports.py"]


def main() -> int:
    extra = sys.argv[1:]
    targets = []
    begin = time.perf_counter()
    for name in BENCHMARKS:
        print(f"\n## bench/{name} {' '.join(extra)}", flush=True)
        with subprocess.Popen(
            [sys.executable, str(HERE / name), *extra], stdout=subprocess.PIPE, text=True, bufsize=1
        ) as child:
            for output in child.stdout:
                print(output, end="", flush=True)
                if "target" in output and ("PASS" in output or "MISS" in output):
                    targets.append(f"bench/{name}: {output.strip()}")
        if child.returncode:
            print(f"bench/{name} failed with exit code {child.returncode}", file=sys.stderr)
            return child.returncode
    print(f"\n## targets ({time.perf_counter() - begin:.0f} s; {machine_load()})")
    for target in targets:
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
