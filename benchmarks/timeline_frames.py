#!/usr/bin/env python3
"""Frame times of the real timeline widget with many events, offscreen.

    python benchmarks/timeline_frames.py [--events N ...] [--width W] [--height H]
                                         [--seed S] [--by-source]

For each N (default 1,000, 10,000 and 100,000), N synthetic events spread over 30
years (days, ranges, months, years; one to three of 20 sources each; some flagged,
approximate or derived) go through ``Chronology.events_frame()`` into
``gui.timeline_widget.TimelineWidget``. Each frame changes the view (a zoom step of
1.2 at a moving cursor, or a 40-pixel pan) and renders the widget into a QImage, which
runs its real paintEvent; the time per frame covers both. Zoom: from all 30 years in
to about a week and back out. Pan: across the whole range, at a 30-year, a 1-year and
a 1-month view. Prints median and 95th percentile ms per frame, and a final JSON line.
Target: 95th percentile <= 16 ms at 100,000 events for zoom and pan.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.chronology import Chronology  # noqa: E402
from model.types import (Article, Event, EventMention, Interval, Sentence,  # noqa: E402
                         TimeExpression)

TARGET_P95_MS = 16.0
FIRST = date(1990, 1, 1)
YEARS = 30
WORDS = ("council budget vote army troops withdraw talks ceasefire election protest strike "
         "bridge flood court ruling minister resign bank rate oil price summit treaty border "
         "attack city rebels seize port harbour plant factory storm drought rescue").split()


def synthetic_chronology(n: int, seed: int = 6, n_sources: int = 20) -> Chronology:
    """``n`` events over 30 years, each with one to three mentions from 20 articles."""
    rng = random.Random(seed)
    articles = [Article(id=f"a{k}", path=f"a{k}.txt", title=f"Article {k}",
                        source=f"Source {k}", text="", content_hash=str(k))
                for k in range(n_sources)]
    sentence = Sentence(0, 1, "")
    timex = TimeExpression(0, 1, "", "DATE", "")
    span_days = YEARS * 365
    events = []
    for i in range(n):
        start = FIRST + timedelta(days=rng.randrange(span_days))
        kind = rng.random()
        if kind < 0.7:
            interval = Interval(start, start, "day", rng.random() < 0.1)
        elif kind < 0.8:
            interval = Interval(start, start + timedelta(days=rng.randint(2, 40)), "day")
        elif kind < 0.93:
            first = start.replace(day=1)
            nxt = (first + timedelta(days=32)).replace(day=1)
            interval = Interval(first, nxt - timedelta(days=1), "month")
        else:
            interval = Interval(date(start.year, 1, 1), date(start.year, 12, 31), "year")
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        sources = rng.sample(range(n_sources), rng.choice((1, 1, 1, 2, 3)))
        mentions = [EventMention(id=f"m{i}-{s}", article_id=f"a{s}", sentence=sentence,
                                 clause_start=0, clause_end=1, timex=timex, label=label,
                                 interval=interval, value=interval.start.isoformat())
                    for s in sources]
        flags = ["dates differ"] if rng.random() < 0.03 else []
        events.append(Event(id=f"e{i + 1}", label=label, interval=interval,
                            value=interval.start.isoformat(), mentions=mentions,
                            derived=rng.random() < 0.1, flags=flags))
    return Chronology(articles, {}, events)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(n: int, width: int, height: int, seed: int, by_source: bool) -> dict:
    from gui.qt import QImage
    from gui.selection import Selection
    from gui.timeline_widget import TimelineWidget

    chron = synthetic_chronology(n, seed)
    t = time.perf_counter()
    frame = chron.events_frame()
    frame_s = time.perf_counter() - t
    articles = [(a.id, a.title) for a in chron.articles]
    widget = TimelineWidget(Selection())
    widget.resize(width, height)
    widget.show()
    t = time.perf_counter()
    widget.set_lanes("outlet" if by_source else "single")
    widget.set_events(frame, articles, fit=True)
    set_s = time.perf_counter() - t
    image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)

    def render() -> None:
        widget.render(image)

    def timed(change) -> float:
        t0 = time.perf_counter()
        change()
        render()
        return (time.perf_counter() - t0) * 1000.0

    rng = random.Random(seed)
    for _ in range(3):  # first frames build fonts and caches
        render()
    zoom = []
    for step in range(72):
        factor = 1.2 if step < 36 else 1 / 1.2
        x = width * (0.3 + 0.4 * rng.random())
        zoom.append(timed(lambda: widget.zoom(factor, x)))
    pan = []

    def pan_step() -> None:
        widget.viewport.pan(-40.0)
        widget._view_changed()

    for span in (YEARS * 365.25, 365.25, 30.0):
        widget.fit_all()
        centre = widget.viewport.t0 + widget.viewport.span / 2
        widget.show_range(centre - span / 2, centre + span / 2)
        for _ in range(40):
            pan.append(timed(pan_step))
    widget.close()
    widget.deleteLater()
    return {"events": n, "frame_build_s": frame_s, "set_events_s": set_s,
            "zoom_median_ms": statistics.median(zoom), "zoom_p95_ms": percentile(zoom, 0.95),
            "pan_median_ms": statistics.median(pan), "pan_p95_ms": percentile(pan, 0.95),
            "zoom_frames": len(zoom), "pan_frames": len(pan)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, action="append",
                    help="number of events (repeatable; default 1000, 10000, 100000)")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=420)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--by-source", action="store_true", help="one lane per source")
    args = ap.parse_args(argv)
    from gui.app import create_app
    app = create_app([sys.argv[0]])  # noqa: F841 (kept alive for the widgets)
    results = []
    for n in args.events or [1000, 10_000, 100_000]:
        r = measure(n, args.width, args.height, args.seed, args.by_source)
        r["meets_target"] = max(r["zoom_p95_ms"], r["pan_p95_ms"]) <= TARGET_P95_MS
        results.append(r)
        print(f"{n:>7} events: zoom median {r['zoom_median_ms']:.2f} ms, p95 "
              f"{r['zoom_p95_ms']:.2f} ms | pan median {r['pan_median_ms']:.2f} ms, p95 "
              f"{r['pan_p95_ms']:.2f} ms | set_events {r['set_events_s']:.2f} s")
    print(json.dumps({"width": args.width, "height": args.height, "by_source": args.by_source,
                      "target_p95_ms": TARGET_P95_MS, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
