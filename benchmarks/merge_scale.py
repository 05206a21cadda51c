#!/usr/bin/env python3
"""How the cross-article merge grows with an archive of one story.

    python benchmarks/merge_scale.py [--sizes 1000,2000,4000,8000] [--tbaq DIR]
                                     [--workers N] [--seed S] [--repeat R]

1. Generates max(sizes) articles about ONE story (a fictional dam failure and its
   background), written here: every paragraph has several wordings (synonyms,
   reordered clauses), paragraphs after the lead are shuffled, figures change from
   outlet to outlet (death tolls, evacuees, costs), publication dates are shifted over
   ten days with the date phrases a reporter would use on that day ("on Monday",
   "on April 17", "last year" / "in 2022"), and a tenth of the outlets give the failure
   a day earlier. With --tbaq DIR, each article also carries the opening of a document
   from that TimeBank/AQUAINT folder as a side story (distinct events that never merge).
   Every article's text is distinct.
2. Extracts the mentions of every article once (model.pipeline.analyse_articles).
3. For each N in --sizes, a fresh child process loads the mentions of the first N
   articles and times ``merge_mentions`` alone (best of --repeat), reporting its wall
   time and the child's peak RSS.
4. Prints the growth exponent (least-squares slope of log CPU time on log N, which other
   work on a shared machine disturbs less than wall time; target <= 1.15), the same in
   wall time, and a final JSON line.
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_EXPONENT = 1.15
CHUNK = 500
FAILURE = date(2023, 4, 17)  # a Monday

LEADS = [
    "The Kessel dam above Marrow Falls {burst} {failure_day}, {flooding} the valley and "
    "{killing} at least {dead} people, officials said.",
    "At least {dead} people {died} after the Kessel dam {burst} {failure_day} and "
    "water {poured} through Marrow Falls.",
    "{failure_day_cap}, the Kessel dam {burst}, {flooding} Marrow Falls; the death toll "
    "stood at {dead} on {pub_weekday}.",
]
PARAGRAPHS = [
    ["About {evacuees} residents were evacuated {evac_day} as the water rose.",
     "Rescue crews evacuated some {evacuees} people from low-lying streets {evac_day}.",
     "{evac_day_cap}, authorities evacuated nearly {evacuees} residents."],
    ["The dam was built in 1962 to supply the valley's mills.",
     "Built in 1962, the dam once fed a dozen textile mills.",
     "Engineers completed the Kessel dam in 1962."],
    ["An inspection in 2009 warned that the spillway was cracked.",
     "Inspectors had warned of a cracked spillway in 2009.",
     "A 2009 inspection report found cracks in the spillway."],
    ["The county signed a {repair} million repair contract with Aldgate Construction "
     "{contract_year}.",
     "Aldgate Construction won a {repair} million contract to repair the dam "
     "{contract_year}.",
     "{contract_year_cap}, the county agreed a {repair} million repair deal with Aldgate "
     "Construction."],
    ["Governor Helen Ostrova declared a state of emergency {emergency_day}.",
     "{emergency_day_cap}, Governor Helen Ostrova declared an emergency in the valley.",
     "The governor, Helen Ostrova, declared a state of emergency {emergency_day}."],
    ["The county's water commissioner, Paul Dremmer, resigned {resign_day}.",
     "Paul Dremmer stepped down as water commissioner {resign_day}.",
     "{resign_day_cap}, water commissioner Paul Dremmer resigned."],
    ["State prosecutors opened an inquiry into the failure {inquiry_day}.",
     "{inquiry_day_cap}, prosecutors launched an investigation into the collapse.",
     "An inquiry into the dam's collapse was opened by state prosecutors {inquiry_day}."],
    ["The valley last flooded in 1987, when {old_dead} people died.",
     "In 1987 a flood in the valley killed {old_dead} people.",
     "{old_dead} people were killed when the valley flooded in 1987."],
]
SYNONYMS = {
    "burst": ["burst", "collapsed", "gave way", "failed"],
    "flooding": ["flooding", "swamping", "inundating"],
    "killing": ["killing", "leaving dead"],
    "died": ["died", "were killed", "lost their lives"],
    "poured": ["poured", "rushed", "surged"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
OUTLETS = ["Post", "Herald", "Courier", "Gazette", "Ledger", "Tribune", "Observer", "Wire"]
PLACES = ["Valley", "County", "River", "State", "Evening", "Morning", "Weekly", "Daily"]


def day_phrase(day: date, published: date, rng: random.Random) -> str:
    """How a reporter on ``published`` names ``day``."""
    gap = (published - day).days
    if gap == 0:
        return rng.choice(["today", "on " + WEEKDAYS[day.weekday()]])
    if gap == 1:
        return rng.choice(["yesterday", "on " + WEEKDAYS[day.weekday()]])
    if 1 < gap < 6:
        return "on " + WEEKDAYS[day.weekday()]
    return rng.choice([f"on {MONTHS[day.month - 1]} {day.day}",
                       f"on {day.day} {MONTHS[day.month - 1]} {day.year}"])


def year_phrase(year: int, published: date, rng: random.Random) -> str:
    if published.year - year == 1 and rng.random() < 0.5:
        return "last year"
    return f"in {year}"


def tbaq_openings(folder: Path | None) -> list[str]:
    if folder is None:
        return []
    from model.timeml import read_timeml
    openings = []
    for path in sorted(folder.rglob("*.tml")):
        text = " ".join(read_timeml(path).raw_text.split())
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
        if len(sentences) > 3:
            openings.append(" ".join(sentences[1:4]))
    return openings


def serial(n: int) -> str:
    """A letter code for outlet ``n`` (a number could be read as a year)."""
    letters = ""
    while True:
        n, r = divmod(n, 26)
        letters = chr(ord("A") + r) + letters
        if not n:
            return letters


def peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM: not inherited from the
    parent as ru_maxrss may be)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def article_text(n: int, rng: random.Random, side: list[str]) -> tuple[str, str, date]:
    published = FAILURE + timedelta(days=rng.randint(0, 9))
    failure = FAILURE - timedelta(days=1) if rng.random() < 0.1 else FAILURE
    days = {name: FAILURE + timedelta(days=offset) for name, offset in (
        ("evac_day", 0), ("emergency_day", 0), ("resign_day", 2), ("inquiry_day", 3))}
    fields = {k: rng.choice(v) for k, v in SYNONYMS.items()}
    fields.update(
        dead=rng.choice([12, 14, 15, 17]), evacuees=f"{rng.choice([3, 4, 5]) * 1000:,}",
        repair=rng.choice(["$4.2", "$4.5", "$5"]), old_dead=rng.choice([6, 7]),
        pub_weekday=WEEKDAYS[published.weekday()],
        failure_day=day_phrase(failure, published, rng),
        contract_year=year_phrase(2022, published, rng))
    for name, day in days.items():
        fields[name] = day_phrase(day, published, rng) if day <= published else "this week"
    for key in list(fields):
        if isinstance(fields[key], str) and fields[key]:
            fields[key + "_cap"] = fields[key][0].upper() + fields[key][1:]
    paragraphs = [rng.choice(options).format(**fields) for options in PARAGRAPHS
                  if rng.random() < 0.85]
    rng.shuffle(paragraphs)
    if side:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(side))
    outlet = f"{rng.choice(PLACES)} {rng.choice(OUTLETS)} {serial(n)}"
    title = rng.choice(["Kessel dam failure", "Marrow Falls flood", "Dam collapse"]) + \
        f" — {outlet}"
    body = "\n\n".join([rng.choice(LEADS).format(**fields)] + paragraphs)
    return outlet, f"{title}\n\n{body}\n", published


def generate(n: int, seed: int, side: list[str]):
    import hashlib

    from model.types import Article
    rng = random.Random(seed)
    articles, published = [], {}
    for i in range(n):
        outlet, text, day = article_text(i, rng, side)
        ident = f"a{i:05d}"
        articles.append(Article(id=ident, path=f"{ident}.txt", title=text.split("\n")[0],
                                source=outlet, text=text,
                                content_hash=hashlib.sha256(text.encode()).hexdigest()))
        published[ident] = day
    assert len({a.content_hash for a in articles}) == n, "texts must be distinct"
    return articles, published


def extract(articles, published, workers: int, out: Path) -> int:
    """Mentions and references of every article, pickled in chunks of CHUNK articles."""
    from model.pipeline import analyse_articles
    ready, analyses = analyse_articles(articles, published, workers=workers)
    order = {a.id: i for i, a in enumerate(articles)}
    ready = sorted(ready, key=lambda a: order[a.id])
    total = 0
    for c in range(0, len(ready), CHUNK):
        chunk = [(analyses[a.id].mentions, analyses[a.id].references)
                 for a in ready[c:c + CHUNK]]
        total += sum(len(m) for m, _ in chunk)
        with open(out / f"chunk{c // CHUNK:04d}.pickle", "wb") as f:
            pickle.dump(chunk, f)
    return total


def child(folder: Path, n: int, repeat: int) -> None:
    """Load the first ``n`` articles' mentions and time merge_mentions on them."""
    from model.merge import merge_mentions
    mentions, references = [], []
    for c in range(math.ceil(n / CHUNK)):
        with open(folder / f"chunk{c:04d}.pickle", "rb") as f:
            chunk = pickle.load(f)
        for ms, refs in chunk[: n - c * CHUNK]:
            mentions.extend(ms)
            references.extend(refs)
    rss_before = peak_rss()
    times, cpu, events = [], [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        events = merge_mentions(mentions, references)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    multi = [e for e in events if len(e.article_ids) > 1]
    print(json.dumps({
        "articles": n, "mentions": len(mentions), "references": len(references),
        "seconds": min(times), "cpu_seconds": min(cpu), "events": len(events), "multi_source_events": len(multi),
        "largest_event_articles": max((len(e.article_ids) for e in events), default=0),
        "disputed": sum(e.disputed for e in events),
        "rss_before_merge": rss_before,
        "peak_rss": peak_rss()}))


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / \
        sum((a - mx) ** 2 for a in lx)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,2000,4000,8000")
    ap.add_argument("--tbaq", type=Path, help="TimeBank/AQUAINT folder for side stories")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(Path(a.child[0]), int(a.child[1]), a.repeat)
        return 0
    sizes = sorted(int(s) for s in a.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="merge-scale-") as tmp:
        started = time.perf_counter()
        articles, published = generate(sizes[-1], a.seed, tbaq_openings(a.tbaq))
        total = extract(articles, published, a.workers, Path(tmp))
        print(f"{len(articles)} articles of one story, {total} mentions, extracted in "
              f"{time.perf_counter() - started:.0f} s")
        rows = []
        for n in sizes:
            out = subprocess.run([sys.executable, __file__, "--child", tmp, str(n),
                                  "--repeat", str(a.repeat)],
                                 capture_output=True, text=True, check=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(f"N={n:>6} articles  {row['mentions']:>7} mentions  merge "
                  f"{row['seconds']:6.2f} s ({row['cpu_seconds']:6.2f} s CPU)  "
                  f"{row['events']:>4} events "
                  f"({row['multi_source_events']} multi-source, largest "
                  f"{row['largest_event_articles']} articles, {row['disputed']} disputed)  "
                  f"peak RSS {row['peak_rss'] / 2**20:.0f} MB "
                  f"(before merge {row['rss_before_merge'] / 2**20:.0f} MB)")
    sizes_done = [r["articles"] for r in rows]
    exponent = slope(sizes_done, [r["cpu_seconds"] for r in rows])
    wall_exponent = slope(sizes_done, [r["seconds"] for r in rows])
    verdict = "ok" if exponent <= TARGET_EXPONENT else "OVER TARGET"
    print(f"growth exponent {exponent:.2f} in CPU time, {wall_exponent:.2f} in wall time "
          f"(target <= {TARGET_EXPONENT}: {verdict}); "
          f"peak RSS {max(r['peak_rss'] for r in rows) / 2**20:.0f} MB")
    print(json.dumps({"exponent": exponent, "wall_exponent": wall_exponent, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
