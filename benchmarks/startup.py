#!/usr/bin/env python3
"""Seconds from process start to the first painted main window with the samples loaded.

    python benchmarks/startup.py [FILES...] [--runs N] [--python PATH]

Runs ``main.py --exit-after-first-paint`` (offscreen Qt) in a subprocess, which prints
``first-paint <unix time>`` once the timeline has painted the loaded chronology and
exits; the time is measured from just before the process is started. Cold: a fresh,
empty cache folder (TIMELINE_EXPLORER_CACHE_DIR); warm: the same folder again (the
cache, when the app has one, filled by the cold run; the OS file cache warm too).
With --runs N, N warm runs are made and their median reported. Also reports where the
import time goes (``python -X importtime -c "import gui.main_window"``). Target: warm
under 1.5 s. Prints the figures and a final JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_WARM_S = 1.5


def first_paint(python: str, files: list[str], cache_dir: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_EXPLORER_CACHE_DIR=cache_dir)
    # An installed app keeps its compiled modules as every interpreter does: a warm start
    # has them even where the shell running the benchmark turned bytecode writing off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.time()
    out = subprocess.run([python, str(ROOT / "main.py"), "--exit-after-first-paint", *files],
                         capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=600)
    lines = [l for l in out.stdout.splitlines() if l.startswith("first-paint ")]
    if out.returncode or not lines or lines[-1].endswith("events=0"):
        raise SystemExit(f"main.py failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return float(lines[-1].split()[1]) - start


def import_times(python: str, module: str = "gui.main_window") -> list[tuple[str, float]]:
    """Modules imported while importing ``module``, up to three levels down, by
    cumulative import time (s), largest first (``python -X importtime``)."""
    out = subprocess.run([python, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, cwd=str(ROOT),
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    found = []
    for line in out.stderr.splitlines():
        parts = line[len("import time:"):].split("|") if line.startswith("import time:") else []
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:]
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 3:
            found.append((name.strip(), int(parts[1]) / 1e6))
    return sorted(found, key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="files to open (default: the samples)")
    ap.add_argument("--runs", type=int, default=3, help="warm runs (median reported)")
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="perf-startup-") as cache:
        cold = first_paint(args.python, args.files, cache)
        warm_runs = [first_paint(args.python, args.files, cache) for _ in range(args.runs)]
    warm = statistics.median(warm_runs)
    print(f"cold (empty cache dir): {cold:.2f} s")
    print(f"warm: median {warm:.2f} s of {', '.join(f'{w:.2f}' for w in warm_runs)}"
          f" (target < {TARGET_WARM_S} s)")
    imports = import_times(args.python)
    print("import time of gui.main_window (cumulative, -X importtime, largest 12):")
    for name, seconds in imports[:12]:
        print(f"  {name:20s} {seconds * 1000:7.0f} ms")
    print(json.dumps({"cold_s": cold, "warm_s": warm, "warm_runs_s": warm_runs,
                      "meets_target": warm < TARGET_WARM_S,
                      "imports_s": dict(imports[:12])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
