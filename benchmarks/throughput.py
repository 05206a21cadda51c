#!/usr/bin/env python3
"""Pipeline throughput against dateparser, and a 10,000-article build.

    python benchmarks/throughput.py CORPUS_DIR [--articles 10000] [--workers N]
                                    [--dateparser-docs N] [--workdir DIR] [--keep]

1. Every .tml file under CORPUS_DIR (e.g. ../shared/corpora/tbaq) is stripped of its
   TimeML tags (model.timeml's defusedxml reader) and written as a .txt file to a temp
   folder. The whole headless pipeline (load, date, tag, events, merge:
   ``model.pipeline.build_chronology``) runs over that folder, and dateparser's
   ``search_dates(text, languages=["en"])`` over the same texts in the same process;
   both in characters per second of wall time and of CPU time, and their ratios (on
   shared cores the CPU-time ratio is the steadier one).
2. From those texts a corpus of --articles articles is made, each copy varied with a
   fixed seed (years shifted, paragraphs after the lead shuffled, sentences of some
   paragraphs shuffled, a copy number in the title) so that no cache makes copies free.
   The pipeline runs over it in a child process (one core, then --workers processes if
   ``build_chronology`` accepts ``workers``), reporting chars/s, wall and CPU time and
   the child's peak RSS. dateparser is measured on the CORPUS_DIR texts only (or the
   first --dateparser-docs of them): over 10,000 articles it would take far too long.

Prints the figures and a final JSON line.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 20.0
TARGET_BYTES_PER_S = 1_000_000
TARGET_RSS_BYTES = 2 * 1024 ** 3

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“`])")


def strip_corpus(corpus: Path, out_dir: Path) -> list[Path]:
    """Raw text of every .tml under ``corpus`` as .txt files in ``out_dir``."""
    from model.timeml import read_timeml
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, path in enumerate(sorted(corpus.rglob("*.tml"))):
        text = read_timeml(path).raw_text.strip()
        if not text:
            continue
        target = out_dir / f"{n:04d}-{path.stem}.txt"
        target.write_text(text + "\n", encoding="utf-8")
        written.append(target)
    return written


def varied(text: str, rng: random.Random, copy: int) -> str:
    """One copy of ``text``: years shifted, paragraphs and sentences reordered."""
    shift = rng.randint(-12, 12) or 1
    text = _YEAR.sub(lambda m: str(min(max(int(m.group(1)) + shift, 1800), 2099)), text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    for i, p in enumerate(rest):
        if rng.random() < 0.4:
            sentences = _SENTENCE_END.split(p.strip())
            rng.shuffle(sentences)
            rest[i] = " ".join(sentences)
    head = [f"{head[0].strip()} ({copy})"] if head else [f"Copy {copy}"]
    return "\n\n".join(head + rest) + "\n"


def make_corpus(sources: list[Path], n: int, out_dir: Path, seed: int = 6) -> int:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out_dir.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(n):
        text = varied(texts[i % len(texts)], rng, i // len(texts) + 1)
        (out_dir / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def pipeline_kwargs(workers: int) -> dict:
    """``workers`` and ``cache=None`` only if this build_chronology accepts them."""
    from model.pipeline import build_chronology
    params = inspect.signature(build_chronology).parameters
    kwargs = {}
    if "cache" in params:
        kwargs["cache"] = None
    if "workers" in params:
        kwargs["workers"] = workers
    elif workers != 1:
        raise SystemExit("build_chronology does not accept workers")
    return kwargs


def accepts_workers() -> bool:
    from model.pipeline import build_chronology
    return "workers" in inspect.signature(build_chronology).parameters


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: unlike wall time, it does not
    count the turns other processes take on shared cores."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_pipeline(folder: Path, workers: int) -> dict:
    from model.pipeline import build_chronology
    kwargs = pipeline_kwargs(workers)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
    t, cpu = time.perf_counter(), _cpu_seconds()
    chron = build_chronology([folder], **kwargs)
    seconds, cpu = time.perf_counter() - t, _cpu_seconds() - cpu
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"articles": len(chron.articles), "chars": chars, "seconds": seconds,
            "chars_per_s": chars / seconds, "cpu_seconds": cpu, "chars_per_cpu_s": chars / cpu,
            "events": len(chron.events),
            "mentions": sum(len(e.mentions) for e in chron.events), "workers": workers,
            "peak_rss_bytes": self_rss, "peak_child_rss_bytes": child_rss,
            "kwargs": sorted(kwargs)}


def run_child(folder: Path, workers: int) -> dict:
    """run_pipeline in a fresh interpreter, so its peak RSS is that of the build alone."""
    out = subprocess.run([sys.executable, __file__, "--child", str(folder),
                          "--workers", str(workers)], capture_output=True, text=True,
                         cwd=str(ROOT))
    if out.returncode:
        raise SystemExit(f"child failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_search_dates(texts: list[str]) -> dict:
    from dateparser.search import search_dates
    search_dates("warm up on 3 March 2014", languages=["en"])
    chars = sum(map(len, texts))
    found = 0
    t, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        found += len(search_dates(text, languages=["en"]) or [])
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"docs": len(texts), "chars": chars, "seconds": seconds,
            "chars_per_s": chars / seconds, "cpu_seconds": cpu, "chars_per_cpu_s": chars / cpu,
            "dates_found": found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="?", help="folder of TimeML .tml files")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for the all-core run (default: all cores)")
    ap.add_argument("--dateparser-docs", type=int, default=0,
                    help="time search_dates on the first N texts only (default: all)")
    ap.add_argument("--workdir", type=Path, help="where the text folders go (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the text folders")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        print(json.dumps(run_pipeline(args.child, args.workers)))
        return 0
    if args.corpus is None:
        ap.error("CORPUS_DIR is required")

    work = Path(tempfile.mkdtemp(prefix="perf-throughput-", dir=args.workdir))
    result: dict = {}
    try:
        texts_dir = work / "texts"
        sources = strip_corpus(args.corpus, texts_dir)
        texts = [p.read_text(encoding="utf-8") for p in sources]
        print(f"{len(sources)} texts, {sum(map(len, texts)):,} characters from {args.corpus}")

        # warm up: imports and the tagger's and lexicon's compiled tables are one-off costs
        warm = work / "warm"
        warm.mkdir()
        shutil.copy(sources[0], warm)
        run_pipeline(warm, 1)

        pipe = run_pipeline(texts_dir, 1)
        print(f"pipeline, one core:    {pipe['chars_per_s'] / 1e6:.3f} M chars/s "
              f"({pipe['seconds']:.2f} s, {pipe['events']} events); "
              f"{pipe['chars_per_cpu_s'] / 1e6:.3f} M chars per CPU second")
        sample = texts[:args.dateparser_docs] if args.dateparser_docs else texts
        dp = time_search_dates(sample)
        print(f"dateparser search_dates: {dp['chars_per_s'] / 1e3:.1f} k chars/s "
              f"({dp['seconds']:.1f} s over {dp['docs']} texts); "
              f"{dp['chars_per_cpu_s'] / 1e3:.1f} k chars per CPU second")
        ratio = pipe["chars_per_s"] / dp["chars_per_s"]
        cpu_ratio = pipe["chars_per_cpu_s"] / dp["chars_per_cpu_s"]
        print(f"ratio pipeline / search_dates: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU "
              f"(target >= {TARGET_RATIO:.0f}x)")
        result.update(corpus_texts=len(sources), pipeline_one_core=pipe, dateparser=dp,
                      ratio=ratio, cpu_ratio=cpu_ratio)

        big = work / "big"
        chars = make_corpus(sources, args.articles, big)
        print(f"\nvaried corpus: {args.articles} articles, {chars:,} characters")
        runs = {"one_core": run_child(big, 1)}
        if accepts_workers() and args.workers > 1:
            runs["all_cores"] = run_child(big, args.workers)
        elif args.workers > 1:
            print("build_chronology has no workers parameter: one-core figures only")
        for name, r in runs.items():
            rss = max(r["peak_rss_bytes"], r["peak_child_rss_bytes"])
            print(f"{name:9s} workers={r['workers']}: {r['chars_per_s'] / 1e6:.3f} M chars/s, "
                  f"wall {r['seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s, "
                  f"peak RSS {r['peak_rss_bytes'] / 2**20:.0f} MiB"
                  f" (largest worker {r['peak_child_rss_bytes'] / 2**20:.0f} MiB), "
                  f"{r['articles']} articles, {r['events']} events, {r['mentions']} mentions")
            r["meets_1MBps"] = r["chars_per_s"] >= TARGET_BYTES_PER_S
            r["meets_rss"] = rss < TARGET_RSS_BYTES
        result.update(big_corpus_chars=chars, big=runs,
                      meets_ratio=ratio >= TARGET_RATIO,
                      meets_1MBps_one_core=pipe["chars_per_s"] >= TARGET_BYTES_PER_S)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
