#!/usr/bin/env python3
"""Archive-scale build: time and memory against the number of same-story articles.

    python benchmarks/archive.py N... [--seeds PATH...] [--configs local1,local2,dask2]
                                 [--paint] [--add 100 [--compare-add]] [--timeout S]
                                 [--workdir DIR] [--keep]

For each N, a corpus of N varied articles on one story is written to a temp folder:
seeds are the texts under --seeds (default resources/samples; TimeML .tml files, e.g.
../shared/corpora/tbaq, are read through model.timeml), each copy with its paragraphs
after the lead reordered, an outlet line from a list of invented outlets, figures scaled,
its publication date shifted by days (a "Published" line; seeds whose date the pipeline
cannot find keep none and have their years shifted instead), general words replaced by
synonyms, and a reference line; every content hash is distinct (checked).

Each configuration runs ``python -m model build DIR --no-cache --project F.tlx`` in a
child interpreter:
  local1  --workers 1                    (one core)
  local2  --workers 2                    (worker processes; below 2 MB of text the
                                          pipeline stays in one process)
  dask2   --engine dask --workers 2      (LocalCluster, two single-threaded workers)
and reports its build wall time (time spent merging in brackets), the client's peak RSS
and each worker's peak RSS. The growth exponent is the least-squares slope of
log(time) on log(N) (and of each step). The events of every configuration's project are
compared with local1's. With --paint, the warm time to the first painted window on the
first configuration's project (``main.py --exit-after-first-paint F.tlx``, the second of
two runs: the timeline the file stored, then the opened project painted); with
--add K, the wall time of ``build NEW_DIR --project copy.tlx`` adding K new articles to
a copy of it (a fresh process: imports and project load included; the reading, merging
and saving parts are reported too), and with --compare-add how many of the events of all
N+K articles built at once it has. Prints the figures and a final JSON line.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_EXPONENT = 1.15
TARGET_10K_S = 120.0
TARGET_RSS_BYTES = 1.5 * 1024 ** 3
CONFIGS = {"local1": ["--workers", "1"], "local2": ["--workers", "2"],
           "dask2": ["--engine", "dask", "--workers", "2"]}

OUTLETS = ["Morning Record", "Coastal Tribune", "Evening Dispatch", "Capital Observer",
           "Metro Gazette", "Frontier Journal", "Lakeside Chronicle", "Union Press",
           "Northern Wire", "Global Desk", "Weekly Monitor", "Public Ledger"]
#: General words and a synonym each; nothing shaped after any seed's story.
SYNONYMS = {"said": "stated", "says": "states", "city": "town", "began": "started",
            "attack": "assault", "attacks": "assaults", "officials": "authorities",
            "announced": "declared", "large": "big", "area": "region", "control": "hold",
            "fighting": "combat", "soldiers": "troops", "help": "aid", "killed": "slain",
            "government": "administration", "residents": "inhabitants", "many": "numerous",
            "showed": "indicated", "reported": "noted", "however": "yet"}
_WORD = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\w,]*\d)")
_MONTH_NEAR = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$",
                         re.IGNORECASE)


# -- the corpus ---------------------------------------------------------------------------

def read_seeds(paths: list[Path]) -> list[tuple[str, date | None]]:
    """Every seed text with the publication date the pipeline finds for it."""
    from model.loaders import load_paths
    from model.publication import assign_publication_date
    from model.timeml import read_timeml
    from model.types import Article
    tml = sorted(p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))
                 if p.suffix == ".tml")
    plain = [p for p in paths if p.is_dir() or p.suffix != ".tml"]
    articles = [a for a in load_paths(plain)[0] if not a.path.endswith(".tml")] if plain else []
    for n, path in enumerate(tml):
        text = read_timeml(path).raw_text.strip()
        if text:
            articles.append(Article(id=f"seed{n}", path=str(path), title="", source="",
                                    text=text, content_hash=""))
    return [(a.text, assign_publication_date(a).published) for a in articles]


def _scaled(match: re.Match, rng: random.Random, text: str) -> str:
    raw = match.group(1)
    value = int(raw.replace(",", ""))
    if 1800 <= value <= 2099 or _MONTH_NEAR.search(text[max(0, match.start() - 12):
                                                         match.start()]):
        return raw
    new = max(2, round(value * rng.uniform(0.8, 1.25)))
    return f"{new:,}" if "," in raw else str(new)


def varied(seed: tuple[str, date | None], rng: random.Random, number: int) -> str:
    """One article of the archive made from ``seed``."""
    text, published = seed
    text = _NUMBER.sub(lambda m: _scaled(m, rng, text), text)
    text = _WORD.sub(lambda m: SYNONYMS[m.group(1)] if rng.random() < 0.5 else m.group(1),
                     text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    outlet = rng.choice(OUTLETS)
    lines = [outlet]
    if published is not None:
        day = published + timedelta(days=rng.randint(-3, 45))
        lines.append(f"Published {day.strftime('%B')} {day.day}, {day.year}")
    else:
        shift = rng.randint(-5, 5) or 1
        head = [_YEAR.sub(lambda m: str(int(m.group(1)) + shift), p) for p in head]
        rest = [_YEAR.sub(lambda m: str(int(m.group(1)) + shift), p) for p in rest]
    return "\n".join(lines) + "\n\n" + "\n\n".join(head + rest) + \
        f"\n\n{outlet} archive reference {number}.\n"


def write_corpus(seeds, n: int, folder: Path, seed: int = 12, start: int = 0) -> int:
    """``n`` articles into ``folder``; their characters. Every content hash distinct."""
    rng = random.Random(seed * 1_000_003 + start)
    folder.mkdir(parents=True, exist_ok=True)
    chars, hashes = 0, set()
    for i in range(start, start + n):
        text = varied(seeds[i % len(seeds)], rng, i)
        digest = hashlib.sha256(text.encode()).hexdigest()
        assert digest not in hashes, "two articles of the archive are the same"
        hashes.add(digest)
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


# -- one build in a child interpreter -----------------------------------------------------

def child(argv: list[str]) -> int:
    """Run ``python -m model`` with ``argv`` here; print timings and peak RSS as JSON."""
    import model.cluster
    import model.project
    from model import cli
    spent = {"merge": 0.0, "open": 0.0, "save": 0.0}

    def timed(fn, what: str):
        def timed_fn(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[what] += time.perf_counter() - t
        return timed_fn

    for name in ("merged_events", "merged_events_added"):  # what Project merges through
        if hasattr(model.project, name):
            setattr(model.project, name, timed(getattr(model.project, name), "merge"))
    model.project.read_project = timed(model.project.read_project, "open")
    model.project.Project.save = timed(model.project.Project.save, "save")
    workers_rss: dict[str, int] = {}
    real_engine = model.cluster.dask_engine

    @contextmanager
    def recording(*args, **kwargs):
        with real_engine(*args, **kwargs) as engine:
            yield engine
            workers_rss.update(engine.worker_peak_rss())

    model.cluster.dask_engine = recording
    t, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            status = cli.main(argv)
        finally:
            sys.stdout = stdout
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    if not workers_rss:
        largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        if largest_child:
            workers_rss["largest process pool worker"] = largest_child
    print(json.dumps({"status": status, "seconds": seconds, "merge_seconds": spent["merge"],
                      "read_seconds": spent["open"], "save_seconds": spent["save"],
                      "cpu_seconds": cpu,
                      "client_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "workers_rss": workers_rss}))
    return 0


def run_child(argv: list[str], timeout: float) -> dict:
    env = dict(os.environ, TIMELINE_EXPLORER_CACHE_DIR="off")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", "--", *argv],
                         capture_output=True, text=True, cwd=str(ROOT), timeout=timeout,
                         env=env)
    wall = time.perf_counter() - t
    lines = out.stdout.strip().splitlines()
    if out.returncode or not lines:
        raise SystemExit(f"build failed ({out.returncode}): {' '.join(argv)}\n{out.stderr}")
    result = json.loads(lines[-1])
    if result["status"]:
        raise SystemExit(f"build exited {result['status']}: {' '.join(argv)}\n{out.stderr}")
    result["process_seconds"] = wall
    return result


def same_events(a: Path, b: Path) -> bool:
    from model.project import Project
    return Project.open(a).events == Project.open(b).events


def agreement(added: Path, full: Path) -> dict:
    """How many events of a full build are found, with the same mentions, label and date,
    in the project that had the last articles added (model.merge_incremental)."""
    from model.project import Project

    def events(path: Path) -> set:
        return {(e.label, e.value, frozenset((m.article_id, m.id) for m in e.mentions))
                for e in Project.open(path).extracted}

    grown, whole = events(added), events(full)
    return {"same": len(grown & whole), "full": len(whole), "added": len(grown)}


def first_paint(project: Path, cache: str, timeout: float) -> tuple[float, float, float]:
    """Wall seconds to the first paint (the timeline as the file last showed it), to the
    paint of the opened project, and the CPU seconds the process used (to its exit just
    after): on a busy machine the last says more."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_EXPLORER_CACHE_DIR=cache)
    # An installed app keeps its compiled modules as every interpreter does: a warm start
    # has them even where the shell running the benchmark turned bytecode writing off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--exit-after-first-paint",
                          str(project)],
                         capture_output=True, text=True, env=env, cwd=str(ROOT),
                         timeout=timeout)
    first = [l for l in out.stdout.splitlines() if l.startswith("first-paint ")]
    loaded = [l for l in out.stdout.splitlines() if l.startswith("loaded-paint ")]
    if out.returncode or not first or not loaded or loaded[-1].endswith("events=0"):
        raise SystemExit(f"first paint failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return float(first[-1].split()[1]) - start, float(loaded[-1].split()[1]) - start, cpu


def first_paint_warm(project: Path, timeout: float) -> tuple[float, float, float]:
    """The second of two runs: the OS file cache and the app's cache folder warm."""
    with tempfile.TemporaryDirectory(prefix="perf-archive-paint-") as cache:
        first_paint(project, cache, timeout)
        return first_paint(project, cache, timeout)


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(n)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def mib(n: float) -> str:
    return f"{n / 2 ** 20:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--child", "--"]:
        return child(argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", type=int, nargs="+", metavar="N")
    ap.add_argument("--seeds", type=Path, nargs="+", default=[ROOT / "resources" / "samples"])
    ap.add_argument("--configs", default="local1,local2,dask2",
                    help=f"comma-separated, of {', '.join(CONFIGS)}")
    ap.add_argument("--paint", action="store_true", help="time the first painted window")
    ap.add_argument("--add", type=int, default=0, metavar="K",
                    help="time adding K new articles to the built project")
    ap.add_argument("--compare-add", action="store_true",
                    help="with --add: also build the N+K articles at once and count the "
                         "events that are the same")
    ap.add_argument("--timeout", type=float, default=3600.0, help="per build, seconds")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)
    configs = [c for c in args.configs.split(",") if c]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        ap.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")

    seeds = read_seeds(args.seeds)
    print(f"{len(seeds)} seed texts from {', '.join(map(str, args.seeds))}, "
          f"{sum(1 for _, d in seeds if d)} with a publication date")
    work = Path(tempfile.mkdtemp(prefix="perf-archive-", dir=args.workdir))
    report: dict = {"seeds": len(seeds), "runs": {c: [] for c in configs}, "sizes": []}
    try:
        for n in sorted(args.sizes):
            folder = work / f"n{n}"
            chars = write_corpus(seeds, n, folder / "articles")
            print(f"\nN={n}: {chars:,} characters", flush=True)
            size = {"n": n, "chars": chars}
            for config in configs:
                project = folder / f"{config}.tlx"
                r = run_child(["build", str(folder / "articles"), "--no-cache", "--project",
                               str(project), *CONFIGS[config]], args.timeout)
                workers = ", ".join(f"{mib(v)}" for v in r["workers_rss"].values())
                print(f"  {config:7s} {r['seconds']:7.1f} s (merge {r['merge_seconds']:.1f} s, "
                      f"CPU {r['cpu_seconds']:.1f} s)"
                      f"  client peak RSS {mib(r['client_rss'])}"
                      f"{'  workers ' + workers if workers else ''}", flush=True)
                report["runs"][config].append(dict(r, n=n))
            if len(configs) > 1:
                base = folder / f"{configs[0]}.tlx"
                size["same_events"] = {c: same_events(base, folder / f"{c}.tlx")
                                       for c in configs[1:]}
                print(f"  same events as {configs[0]}: "
                      + ", ".join(f"{c} {'yes' if v else 'NO'}"
                                  for c, v in size["same_events"].items()))
            built = folder / f"{configs[0]}.tlx"
            if args.paint:
                (size["first_paint_warm_s"], size["loaded_paint_warm_s"],
                 size["first_paint_cpu_s"]) = first_paint_warm(built, args.timeout)
                print(f"  first paint of {built.name}, warm: {size['first_paint_warm_s']:.2f} s;"
                      f" opened and painted: {size['loaded_paint_warm_s']:.2f} s "
                      f"(CPU {size['first_paint_cpu_s']:.2f} s)", flush=True)
            if args.add:
                copy = folder / "added.tlx"
                shutil.copy(built, copy)
                write_corpus(seeds, args.add, folder / "new", start=n)
                r = run_child(["build", str(folder / "new"), "--no-cache", "--project",
                               str(copy)], args.timeout)
                size["add"] = r
                print(f"  add {args.add} articles: {r['process_seconds']:.1f} s (build "
                      f"{r['seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s: reading the "
                      f"project {r['read_seconds']:.1f} s, merge {r['merge_seconds']:.1f} s, "
                      f"saving {r['save_seconds']:.1f} s; peak RSS {mib(r['client_rss'])})",
                      flush=True)
                if args.compare_add:
                    full = folder / "full.tlx"
                    run_child(["build", str(folder / "articles"), str(folder / "new"),
                               "--no-cache", "--project", str(full)], args.timeout)
                    size["add_vs_full"] = agreement(copy, full)
                    print("  added vs built whole: {same} of {full} events the same "
                          "({added} after adding)".format(**size["add_vs_full"]), flush=True)
            report["sizes"].append(size)
            if not args.keep:
                shutil.rmtree(folder / "articles", ignore_errors=True)
        print()
        for config in configs:
            points = [(r["n"], r["seconds"]) for r in report["runs"][config]]
            overall = slope(points)
            steps = [f"{a[0]}->{b[0]}: {slope([a, b]):.2f}" for a, b in zip(points, points[1:])]
            if overall is not None:
                print(f"{config}: growth exponent {overall:.2f} "
                      f"(target <= {TARGET_EXPONENT}; {'; '.join(steps)})")
            report.setdefault("exponents", {})[config] = overall
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
