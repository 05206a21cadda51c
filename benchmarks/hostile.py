#!/usr/bin/env python3
"""Hostile inputs (issue 14): one-line text of growing size, and decompression bombs.

    python benchmarks/hostile.py [--sizes 1 2 4 8] [--repeated 64 128 256] [--workdir DIR]
                                 [--keep] [--json OUT]

1. Prose on a single line (no line break at all), a date in every sentence, of each size
   in MB (tests/bad_corpus.one_line_prose). Each is built (load, date, tag, events, merge:
   ``model.pipeline.build_chronology``) in a fresh child process that reports the build's
   wall and CPU seconds, its resident memory before the build and its peak. The growth
   exponent is the least-squares slope of log(seconds) on log(size); target at most 1.1
   (the issue measured 2.0: 0.5 / 1 / 2 MB took 31 / 124 / 496 CPU-seconds).
2. One sentence repeated on one line, of each --repeated size in KB: every mention has
   the same words and date, so all of them are one event. Reported with its own exponent:
   merging (model/merge.py) compares the mentions of one event pairwise.
3. The bombs of tests/test_hostile_inputs.py, each loaded in a fresh child: seconds and
   peak memory to refusal, and the one-line reason.

The inputs are made in --workdir (a temporary folder unless given) and removed unless
--keep. Prints a table and a final JSON line (also written to --json OUT).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGET_EXPONENT = 1.1
MB = 1024 * 1024
REPEATED = "The council met on March 3, 2015 and approved the budget after a long debate. "

#: The child: build or load one file, then report its own figures as one JSON line.
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from model.loaders import LoadError, load_file
from model.pipeline import build_chronology

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

path, mode = Path(sys.argv[2]), sys.argv[3]
before = rss_mb()
wall, cpu = time.perf_counter(), time.process_time()
if mode == "build":
    chron = build_chronology([path])
    outcome = f"{len(chron.articles)} article, {len(chron.events)} events"
else:
    try:
        outcome = f"loaded {len(load_file(path).text):,} characters"
    except LoadError as error:
        outcome = str(error)
print(json.dumps({"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "rss_before_mb": before,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""


def measure(path: Path, mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(path), mode],
                          capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ, TIMELINE_EXPLORER_CACHE_DIR="off"))
    if done.returncode != 0:
        raise SystemExit(f"child failed on {path}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(sizes: list[float], values: list[float]) -> float:
    """Least-squares slope of log(value) on log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(v, 1e-9)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def make_bombs(folder: Path) -> dict[str, Path]:
    from bad_corpus import docx_bomb, docx_of_many_paragraphs, pdf_bomb
    folder.mkdir(parents=True, exist_ok=True)
    return {
        ".docx unpacking to 200 MB": docx_bomb(folder / "unpacks-200mb.docx", 200),
        ".docx unpacking to 2 GB": docx_bomb(folder / "unpacks-2gb.docx", 2048),
        ".docx claiming 1 MB, unpacking to 200 MB":
            docx_bomb(folder / "lies.docx", 200, claimed_mb=1),
        ".docx of 60 MB of short paragraphs":
            docx_of_many_paragraphs(folder / "paragraphs.docx", 60),
        "PDF, 400 pages sharing one 70 MB stream": pdf_bomb(folder / "shared.pdf", 400, 70),
        "PDF, one 2 GB stream": pdf_bomb(folder / "huge-stream.pdf", 1, 2048),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8],
                        metavar="MB", help="sizes of the one-line text (default 1 2 4 8)")
    parser.add_argument("--repeated", type=float, nargs="*", default=[64, 128, 256],
                        metavar="KB", help="sizes of the repeated sentence (default 64 128 256)")
    parser.add_argument("--workdir", type=Path, help="where to make the inputs")
    parser.add_argument("--keep", action="store_true", help="keep the inputs")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    args = parser.parse_args(argv)
    from bad_corpus import one_line_prose

    work = args.workdir or Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'one-line text':>16}  {'seconds':>8}  {'cpu s':>7}  {'MB before':>9}  "
              f"{'peak MB':>7}  outcome")
        lines = []
        for size in args.sizes:
            path = work / f"one-line-{size:g}mb.txt"
            path.write_text(one_line_prose(int(size * MB)), encoding="utf-8")
            figures = measure(path, "build") | {"mb": size}
            lines.append(figures)
            print(f"{size:>13g} MB  {figures['seconds']:>8.1f}  {figures['cpu']:>7.1f}  "
                  f"{figures['rss_before_mb']:>9.0f}  {figures['peak_mb']:>7.0f}  "
                  f"{figures['outcome']}", flush=True)
        sizes = [f["mb"] for f in lines]
        time_exp = exponent(sizes, [f["cpu"] for f in lines])
        memory_exp = exponent(sizes, [max(f["peak_mb"] - f["rss_before_mb"], 1) for f in lines])
        print(f"growth exponent: time {time_exp:.2f} (target ≤ {TARGET_EXPONENT}), memory "
              f"above the start {memory_exp:.2f}")
        repeated = []
        if args.repeated:
            print(f"\n{'one sentence':>16}  {'seconds':>8}  {'cpu s':>7}  {'MB before':>9}  "
                  f"{'peak MB':>7}  outcome")
        for size in args.repeated:
            path = work / f"repeated-{size:g}kb.txt"
            path.write_text((REPEATED * (int(size * 1024) // len(REPEATED) + 1))
                            [:int(size * 1024)], encoding="utf-8")
            figures = measure(path, "build") | {"kb": size}
            repeated.append(figures)
            print(f"{size:>13g} KB  {figures['seconds']:>8.1f}  {figures['cpu']:>7.1f}  "
                  f"{figures['rss_before_mb']:>9.0f}  {figures['peak_mb']:>7.0f}  "
                  f"{figures['outcome']}", flush=True)
        repeated_exp = exponent([f["kb"] for f in repeated], [f["cpu"] for f in repeated]) \
            if len(repeated) > 1 else None
        if repeated_exp is not None:
            print(f"growth exponent: time {repeated_exp:.2f} (merging one event's mentions)")
        print(f"\n{'bomb':<42}  {'bytes':>9}  {'seconds':>7}  {'peak MB':>7}  reason")
        bombs = []
        for name, path in make_bombs(work / "bombs").items():
            figures = measure(path, "load") | {"bomb": name, "bytes": path.stat().st_size}
            bombs.append(figures)
            print(f"{name:<42}  {figures['bytes']:>9,}  {figures['seconds']:>7.2f}  "
                  f"{figures['peak_mb']:>7.0f}  {figures['outcome']}", flush=True)
        result = {"one_line": lines, "time_exponent": time_exp, "memory_exponent": memory_exp,
                  "target_exponent": TARGET_EXPONENT, "repeated": repeated,
                  "repeated_exponent": repeated_exp, "bombs": bombs,
                  "meets_target": time_exp <= TARGET_EXPONENT}
        print(json.dumps(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
