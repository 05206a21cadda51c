#!/usr/bin/env python3
"""Measure the TIMEX3 tagger on TimeML gold files with the TempEval-3 measures.

    python benchmarks/timeml_eval.py GOLD_DIR [--system-dir DIR] [--errors]
                                     [--tagger MODULE:FUNCTION] [--output-dir DIR]

Without --system-dir the tagger (default model.tagger:tag) tags every gold
file, with its DCT as the reference date, and its output is scored; with
--system-dir an existing system output is scored instead. Subfolders of
GOLD_DIR (TimeBank, AQUAINT) are reported as parts, then the total.

The measures are those of the official TempEval-3 evaluation, implemented
here so that figures agree with it:

* Scored timexes: TIMEX3s inside <TEXT> with some text and no tags inside.
* Relaxed match: overlapping gold and system timexes, paired one-to-one,
  greedily in document order. Overlap is judged on tokens, as the official
  normaliser does: a timex covers the tokens from the one holding its start
  to the last one ending inside it; a timex that ends inside a token does not
  cover it. A timex looks for a partner among the other side's most recently
  started timex (at one token, gold starts before system), and a timex stays
  open over EVENT-tagged tokens directly after it (official quirk).
* Strict match: a relaxed pair with identical spans.
* P = matches / system, R = matches / gold, F1 harmonic; value and type F1 =
  (pairs with equal attribute / relaxed pairs) x relaxed F1.
"""
from __future__ import annotations

import argparse
import bisect
import importlib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.timeml import (  # noqa: E402
    GoldTimex, TimeMLDocument, TimeMLError, output_name, read_timeml, tag_directory)
from model.types import TimeExpression  # noqa: E402

ERROR_KINDS = ("missed", "spurious", "partial span", "wrong value", "wrong type")

# ------------------------------------------------------------------ tokens
# Only timex boundaries that fall inside a token depend on the tokenizer; this
# one splits where the official (Perl) tokenizer does in news text.

_ABBREVIATIONS = frozenset("""
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms messrs dr prof rev hon gen col lt capt sgt maj adm cmdr gov sen rep reps
    jr sr st mt ft ave blvd inc corp co cos ltd plc bros dept no nos vs etc approx est
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())

_TOKEN = re.compile(r"""
      (?:[A-Za-z]\.){2,}            # dotted initials: U.S. a.m.
    | \d+(?:[.,:]\d+)*[A-Za-z]*     # numbers, clock times, numbers with a unit: 1,300 3:07 1990s
    | [A-Za-z0-9]+\.?               # words; the period stays only on abbreviations
    | \S                            # any other character alone
""", re.X)


def tokenize(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m[0]
        if (len(word) > 1 and word.endswith(".") and "." not in word[:-1]
                and word[:-1].lower() not in _ABBREVIATIONS):
            spans += [(start, end - 1), (end - 1, end)]
        else:
            spans.append((start, end))
    return spans


def _extents(timexes: list[GoldTimex], tokens: list[tuple[int, int]],
             events: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(first, last) token covered by each timex, kept open over following EVENT tokens."""
    ends = [e for _, e in tokens]
    starts = [s for s, _ in tokens]
    in_event: set[int] = set()
    for ev_start, ev_end in events:
        i = bisect.bisect_left(starts, ev_start)
        while i < len(tokens) and starts[i] < ev_end:
            in_event.add(i)
            i += 1
    out = []
    for t in timexes:
        first = min(bisect.bisect_right(ends, t.start), len(tokens) - 1)
        last = max(first, bisect.bisect_right(ends, t.end) - 1)
        while last + 1 in in_event:
            last += 1
        out.append((first, last))
    return out


def align(text: str, gold: list[GoldTimex], system: list[GoldTimex],
          gold_events: Iterable[tuple[int, int]] = (),
          system_events: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(gold index, system index) of the relaxed-match pairs, by gold index."""
    tokens = tokenize(text)
    if not tokens:
        return []
    sides = (gold, system)
    extent = (_extents(gold, tokens, gold_events), _extents(system, tokens, system_events))
    starts = sorted((extent[side][i][0], side, i) for side in (0, 1) for i in range(len(sides[side])))
    latest: list[int | None] = [None, None]
    partner: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for first, side, i in starts:
        other = 1 - side
        j = latest[other]
        if j is not None and j not in partner[other] and extent[other][j][1] >= first:
            partner[side][i] = j
            partner[other][j] = i
        latest[side] = i
    return sorted(partner[0].items())


# ------------------------------------------------------------------ scores

@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def _prf(matches: int, gold: int, system: int) -> tuple[float, float, float]:
    p = matches / system if system else 0.0
    r = matches / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures(c: Counts) -> dict[str, float]:
    """TempEval-3 figures as fractions; nothing to find and nothing found scores 1."""
    if c.gold == 0 and c.system == 0:
        return dict.fromkeys(("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r",
                              "relaxed_f1", "value_f1", "type_f1"), 1.0)
    sp, sr, sf = _prf(c.strict, c.gold, c.system)
    rp, rr, rf = _prf(c.relaxed, c.gold, c.system)
    return {"strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "value_f1": c.value / c.relaxed * rf if c.relaxed else 0.0,
            "type_f1": c.type / c.relaxed * rf if c.relaxed else 0.0}


@dataclass
class ScoreError:
    kinds: tuple[str, ...]
    gold: GoldTimex | None
    system: GoldTimex | None


@dataclass
class DocumentScore:
    name: str
    part: str
    counts: Counts
    errors: list[ScoreError] = field(default_factory=list)


def score_document(gold: TimeMLDocument, system: TimeMLDocument | None,
                   name: str = "", part: str = ".") -> DocumentScore:
    gold_timexes = [t for t in gold.timexes if t.scorable]
    system_timexes = [t for t in system.timexes if t.scorable] if system else []
    counts = Counts(gold=len(gold_timexes), system=len(system_timexes))
    result = DocumentScore(name or gold.name, part, counts)
    pairs = align(gold.raw_text, gold_timexes, system_timexes, gold.events,
                  system.events if system else ()) if system else []
    for gi, si in pairs:
        g, s = gold_timexes[gi], system_timexes[si]
        counts.relaxed += 1
        kinds = []
        if (g.start, g.end) == (s.start, s.end):
            counts.strict += 1
        else:
            kinds.append("partial span")
        if g.value == s.value:
            counts.value += 1
        else:
            kinds.append("wrong value")
        if g.type == s.type:
            counts.type += 1
        else:
            kinds.append("wrong type")
        if kinds:
            result.errors.append(ScoreError(tuple(kinds), g, s))
    paired_gold = {gi for gi, _ in pairs}
    paired_system = {si for _, si in pairs}
    result.errors += [ScoreError(("missed",), g, None)
                      for i, g in enumerate(gold_timexes) if i not in paired_gold]
    result.errors += [ScoreError(("spurious",), None, s)
                      for i, s in enumerate(system_timexes) if i not in paired_system]
    result.errors.sort(key=lambda e: (e.gold or e.system).start)
    return result


@dataclass
class Evaluation:
    documents: list[DocumentScore] = field(default_factory=list)
    #: Files that could not be scored (unreadable, texts differing); one line each.
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def counts(self, part: str | None = None) -> Counts:
        total = Counts()
        for d in self.documents:
            if part is None or d.part == part:
                total += d.counts
        return total

    @property
    def parts(self) -> list[str]:
        return sorted({d.part for d in self.documents})

    def error_counts(self) -> dict[str, int]:
        found = Counter(k for d in self.documents for e in d.errors for k in e.kinds)
        return {k: found[k] for k in ERROR_KINDS}


class SystemFiles:
    """Finds the system file of a gold file: same relative name, else same file
    name anywhere, else same DOCID (as the official scorer falls back to)."""

    def __init__(self, system_dir: Path):
        self.dir = system_dir
        self.by_name: dict[str, Path] = {}
        for p in sorted(system_dir.rglob("*")):
            if p.is_file() and p.name.endswith((".tml", ".TE3input")):
                self.by_name.setdefault(output_name(p.name), p)
        self._by_docid: dict[str, Path] | None = None

    def find(self, relative: Path, docid: str) -> Path | None:
        same = self.dir / relative.parent / output_name(relative.name)
        if same.is_file():
            return same
        if output_name(relative.name) in self.by_name:
            return self.by_name[output_name(relative.name)]
        if self._by_docid is None:
            self._by_docid = {}
            for p in self.by_name.values():
                try:
                    self._by_docid.setdefault(read_timeml(p).docid, p)
                except TimeMLError:
                    continue
        return self._by_docid.get(docid)


def score_directories(gold_dir: str | Path, system_dir: str | Path) -> Evaluation:
    gold_dir, system_dir = Path(gold_dir), Path(system_dir)
    evaluation = Evaluation()
    system_files = SystemFiles(system_dir)
    for path in sorted(gold_dir.rglob("*.tml")):
        relative = path.relative_to(gold_dir)
        part = relative.parts[0] if len(relative.parts) > 1 else "."
        try:
            gold = read_timeml(path)
            system_path = system_files.find(relative, gold.docid)
            system = read_timeml(system_path) if system_path else None
        except TimeMLError as e:
            evaluation.problems.append(str(e))
            continue
        if system is None:
            evaluation.warnings.append(f"{relative}: no system file, scored as empty")
        elif system.raw_text != gold.raw_text:
            evaluation.problems.append(f"{relative}: system text differs from gold text "
                                       f"({system_path})")
            continue
        evaluation.documents.append(score_document(gold, system, str(relative), part))
    return evaluation


# ------------------------------------------------------------------ taggers

Tagger = Callable[[str, date | None], list[TimeExpression]]

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def year_baseline(text: str, reference: date | None, skip=()) -> list[TimeExpression]:
    """Every 19xx/20xx number as a year: a floor any real tagger must beat."""
    return [TimeExpression(m.start(), m.end(), m[0], "DATE", m[0]) for m in _YEAR.finditer(text)]


def load_tagger(spec: str) -> Tagger:
    if spec == "year-baseline":
        return year_baseline
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "tag")


class TimedTagger:
    """Counts characters and time spent inside the tagger only, not in file I/O."""

    def __init__(self, tagger: Tagger):
        self.tagger = tagger
        self.characters = 0
        self.seconds = 0.0

    def __call__(self, text: str, reference: date | None) -> list[TimeExpression]:
        began = time.perf_counter()
        result = self.tagger(text, reference)
        self.seconds += time.perf_counter() - began
        self.characters += len(text)
        return result

    @property
    def speed(self) -> float | None:
        return self.characters / self.seconds if self.seconds else None


# ------------------------------------------------------------------ report

def _pct(x: float) -> str:
    return f"{100 * x:6.2f}"


def _describe(t: GoldTimex | None) -> str:
    return f"{t.text!r} {t.type} {t.value}" if t else "-"


def print_errors(evaluation: Evaluation) -> None:
    for doc in evaluation.documents:
        if not doc.errors:
            continue
        print(f"== {doc.name}")
        for e in doc.errors:
            print(f"  {', '.join(e.kinds):28s} gold {_describe(e.gold)} | ours {_describe(e.system)}")
    print()


def print_table(evaluation: Evaluation) -> None:
    rows = [(p, evaluation.counts(p)) for p in evaluation.parts] if len(evaluation.parts) > 1 else []
    rows.append(("total", evaluation.counts()))
    print(f"{'':26s}{'strict':>21s}{'relaxed':>21s}{'value':>8s}{'type':>7s}")
    print(f"{'part':12s}{'docs':>5s}{'gold':>6s}{'sys':>6s}" + f"{'F1':>7s}{'P':>7s}{'R':>7s}" * 2
          + f"{'F1':>8s}{'F1':>7s}")
    for part, c in rows:
        f = figures(c)
        docs = sum(1 for d in evaluation.documents if part == "total" or d.part == part)
        print(f"{part:12s}{docs:5d}{c.gold:6d}{c.system:6d}"
              + "".join(f"{_pct(f[k]):>7s}" for k in ("strict_f1", "strict_p", "strict_r",
                                                       "relaxed_f1", "relaxed_p", "relaxed_r"))
              + f"{_pct(f['value_f1']):>8s}{_pct(f['type_f1']):>7s}")


def summary(evaluation: Evaluation, tagger: str | None, speed: float | None) -> dict:
    def block(c: Counts) -> dict:
        return {**vars(c), **{k: round(v, 4) for k, v in figures(c).items()}}

    return {"documents": len(evaluation.documents), "tagger": tagger,
            "total": block(evaluation.counts()),
            "parts": {p: block(evaluation.counts(p)) for p in evaluation.parts},
            "errors": evaluation.error_counts(),
            "chars_per_second": round(speed) if speed else None,
            "problems": len(evaluation.problems)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--system-dir", type=Path, help="score this system output instead of tagging")
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--tagger", default="model.tagger:tag",
                    help="MODULE:FUNCTION to tag with, or 'year-baseline' (default: %(default)s)")
    ap.add_argument("--output-dir", type=Path,
                    help="keep the tagged files here instead of in a temporary folder")
    a = ap.parse_args(argv)
    if not a.gold_dir.is_dir():
        print(f"error: {a.gold_dir} is not a folder", file=sys.stderr)
        return 2

    tagger_name, speed = None, None
    if a.system_dir:
        evaluation = score_directories(a.gold_dir, a.system_dir)
    else:
        try:
            timed = TimedTagger(load_tagger(a.tagger))
        except (ImportError, AttributeError) as e:
            print(f"error: cannot load tagger {a.tagger}: {e}", file=sys.stderr)
            return 2
        tagger_name = a.tagger
        with tempfile.TemporaryDirectory() as tmp:
            out_dir = a.output_dir or Path(tmp)
            tag_directory(a.gold_dir, out_dir, timed)
            evaluation = score_directories(a.gold_dir, out_dir)
        speed = timed.speed

    for line in evaluation.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in evaluation.problems:
        print(f"error: {line}", file=sys.stderr)
    if not evaluation.documents:
        print(f"error: no scorable .tml files in {a.gold_dir}", file=sys.stderr)
        return 2
    if a.errors:
        print_errors(evaluation)
    total = evaluation.counts()
    print(f"TempEval-3 TIMEX3 evaluation of {tagger_name or a.system_dir} on {a.gold_dir}: "
          f"{len(evaluation.documents)} documents, {total.gold} gold, {total.system} system timexes")
    print_table(evaluation)
    errors = evaluation.error_counts()
    print("errors: " + ", ".join(f"{n} {kind}" for kind, n in errors.items()))
    if speed:
        print(f"speed: {speed:,.0f} characters/second "
              f"({timed.characters:,} characters in {timed.seconds:.2f} s of tagging)")
    print(json.dumps(summary(evaluation, tagger_name, speed)))
    return 2 if evaluation.problems else 0


if __name__ == "__main__":
    sys.exit(main())
