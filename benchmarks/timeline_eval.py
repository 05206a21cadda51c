#!/usr/bin/env python3
"""Cross-document event dating on SemEval-2015 Task 4 "TimeLine" corpora.

    python benchmarks/timeline_eval.py CORPUS_DIR [CORPUS_DIR...] [--misses N] [--json OUT]
                                       [--baseline dct] [--system-json DIR]

CORPUS_DIR is one TimeLine corpus: the trial layout (documents/ + gold-timelines/)
or the test layout (corpus_trackA_TimeML/ + TimeLines_Gold_Standard/). Each
TimeML document becomes the plain text the researcher would load (its <s>
sentences joined by newlines, one newline at the end), saved as <DOCID>.txt,
with its DCT given as the publication date. The product builds the chronology
in this process (model.pipeline.chronology_from_articles), its JSON export
(model.exporters.chronology_to_json) is scored against the gold timelines.
``--baseline dct`` scores the floor instead: every sentence an event on its DCT.

The measures are those of the reference scorer (shared tools/timeline_eval.py),
implemented here so that the figures agree with it:

* Gold unit: a distinct (document, sentence, DATE) over all timelines of the
  corpus; only lines whose DATE has a year count. DATE gives a period and a
  granularity: 2010-06-07 a day, 2010-06 / 2010-06-XX a month, 2010 /
  2010-XX-XX a year. An anchor whose DOCID has digits glued on is repaired
  when exactly one known DOCID is its prefix and that sentence holds the word.
* An event is in a sentence when one of its mentions (in the article whose
  path's file name is <DOCID>.txt) has a [start, end) range overlapping the
  sentence's range; a zero-length mention counts at its start.
* Compatible: the event's [start, end] shares a day with the gold period and
  is at most 31 (gold day), 92 (month) or 366 (year) days long. Strict: the
  event's interval lies inside the gold period.
* dated-event recall = units with a compatible event in their sentence / units;
  date accuracy = the same / units with any event; strict recall likewise.
* merge recall = gold lines with anchors in >= 2 documents whose sentences all
  hold one same event / such lines; merge+date: and that event is compatible.
* entity recall = (target entity, document, sentence, DATE) units whose
  sentence holds a compatible event naming the target: one name's words hold
  the other's and they share a word of 3+ characters; "-" when no event names
  any entity.
* sentence coverage = sentences holding an event / sentences.
"""
from __future__ import annotations

import argparse
import bisect
import calendar
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import defusedxml.ElementTree as SafeET

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DOC_DIR_NAMES = ("corpus_trackA_TimeML", "documents")
GOLD_DIR_NAMES = ("TimeLines_Gold_Standard", "gold-timelines")
#: Longest event interval (days, both ends counted) still taken as a date for a gold period.
MAX_DAYS = {"day": 31, "month": 92, "year": 366}
COUNT_KEYS = ("units", "found", "compatible", "strict", "merge_lines", "merged",
              "merged_dated", "sentences", "sentences_covered", "sentence_events",
              "entity_units", "entity_found", "entity_events")

DayRange = tuple[date, date]
SentKey = tuple[str, int]  # (DOCID, sentence id)


class CorpusError(Exception):
    """A corpus folder that cannot be scored; the message is one line."""


# ------------------------------------------------------------------ corpus

def find_subdir(corpus_dir: Path, names: Sequence[str], what: str) -> Path:
    """The first of ``names`` (any letter case) that is a folder in ``corpus_dir``."""
    entries = {p.name.lower(): p for p in Path(corpus_dir).iterdir()}
    for name in names:
        path = entries.get(name.lower())
        if path is not None and path.is_dir():
            return path
    raise CorpusError(f"{corpus_dir}: no {what} folder (looked for {', '.join(names)})")


def normalise_dct(value: str | None) -> tuple[date | None, str | None]:
    """(date or None, note). One test file writes its DCT as DD-MM-YYYY."""
    if not value:
        return None, "no DCT"
    note = None
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        year, month, day = iso.groups()
    else:
        dmy = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
        if not dmy:
            return None, f"DCT {value!r} not understood"
        day, month, year = dmy.groups()
        note = f"DCT {value!r} read as DD-MM-YYYY"
    try:
        return date(int(year), int(month), int(day)), note
    except ValueError:
        return None, f"DCT {value!r} is not a date"


@dataclass
class Document:
    """One TimeML document as the plain text the product reads."""

    docid: str
    source: str                               # the .tml file name
    dct: date | None
    text: str
    sentences: dict[int, tuple[int, int]]     # sentence id -> [start, end) in text
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        order = sorted((s, e, sid) for sid, (s, e) in self.sentences.items())
        self._starts = [s for s, _e, _sid in order]
        self._ends = [e for _s, e, _sid in order]
        self._sids = [sid for _s, _e, sid in order]

    @property
    def file_name(self) -> str:
        return f"{self.docid}.txt"

    def sentence_text(self, sid: int) -> str:
        start, end = self.sentences[sid]
        return self.text[start:end]

    def sentences_in(self, start: int, end: int) -> list[int]:
        """Ids of the sentences overlapping [start, end); an empty range counts at its start.
        Sentences do not overlap, so their ends are sorted as their starts are."""
        if end <= start:
            end = start + 1
        i = bisect.bisect_left(self._starts, end) - 1
        found = []
        while i >= 0 and self._ends[i] > start:
            found.append(self._sids[i])
            i -= 1
        return found[::-1]


def read_timeml(path: Path) -> Document:
    """DOCID, DCT and the <s> sentences of <TEXT> (inner tags dropped), joined by newlines."""
    root = SafeET.parse(path).getroot()
    docid = (root.findtext("DOCID") or "").strip()
    if not docid:
        docid = re.match(r"[^_\-.]+", path.name).group(0)
    dct_el = root.find("DCT/TIMEX3")
    dct, note = normalise_dct(dct_el.get("value") if dct_el is not None else None)
    text_el = root.find("TEXT")
    if text_el is None:
        raise CorpusError(f"{path}: no <TEXT>")
    parts, sentences, pos = [], {}, 0
    for s in text_el.iter("s"):
        sentence = "".join(s.itertext())
        sentences[int(s.get("id"))] = (pos, pos + len(sentence))
        parts.append(sentence)
        pos += len(sentence) + 1
    return Document(docid, path.name, dct, "\n".join(parts) + "\n", sentences,
                    [note] if note else [])


def read_documents(corpus_dir: Path) -> dict[str, Document]:
    doc_dir = find_subdir(corpus_dir, DOC_DIR_NAMES, "TimeML documents")
    docs: dict[str, Document] = {}
    for path in sorted(doc_dir.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".tml"):
            continue
        doc = read_timeml(path)
        if doc.docid in docs:
            raise CorpusError(f"{doc_dir}: DOCID {doc.docid} appears twice")
        docs[doc.docid] = doc
    return docs


# ------------------------------------------------------------------ gold

@dataclass(frozen=True)
class GoldDate:
    value: str          # YYYY, YYYY-MM or YYYY-MM-DD
    granularity: str    # year, month, day
    first: date
    last: date


def parse_gold_date(text: str) -> tuple[GoldDate | None, str | None]:
    """(date, None); (None, None) for an undated XXXX line; (None, problem)."""
    m = re.fullmatch(r"(\d{4}|X{3,4})(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?", text)
    if not m:
        return None, f"date {text!r} not understood"
    y, mo, d = m.groups()
    if not y.isdigit():
        return None, None
    year = int(y)
    try:
        if not mo or not mo.isdigit():
            return GoldDate(y, "year", date(year, 1, 1), date(year, 12, 31)), None
        month = int(mo)
        if not d or not d.isdigit():
            last = calendar.monthrange(year, month)[1]
            return GoldDate(f"{y}-{mo}", "month", date(year, month, 1),
                            date(year, month, last)), None
        day = date(year, month, int(d))
        return GoldDate(day.isoformat(), "day", day, day), None
    except ValueError:
        return None, f"date {text!r} is not a calendar date"


@dataclass
class Gold:
    units: dict[tuple[str, int, str], GoldDate] = field(default_factory=dict)
    lines: dict[tuple[frozenset, str], GoldDate] = field(default_factory=dict)
    entity_units: dict[tuple[str, str, int, str], GoldDate] = field(default_factory=dict)
    timelines: int = 0
    anchors: int = 0
    dated_anchors: int = 0
    undated_lines: int = 0
    word_misses: int = 0
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    def multi_doc_lines(self) -> dict[tuple[frozenset, str], GoldDate]:
        return {k: g for k, g in self.lines.items() if len({d for d, _ in k[0]}) >= 2}


def word_in(word: str, sentence: str) -> bool:
    tokens = sentence.lower().split()
    return all(w in tokens for w in word.lower().split("_"))


def resolve_anchor(anchor: str, docs: dict[str, Document]
                   ) -> tuple[SentKey | None, str | None, bool]:
    """(sentence, problem, repaired) of one DOCID-SENT-WORD anchor.

    A few test anchors have digits glued to the DOCID (7142614-14-takeover for
    71426-14-takeover): repaired only when exactly one known DOCID is a prefix
    and that document's sentence holds the word.
    """
    m = re.fullmatch(r"([^-\s]+)-(\d+)-(\S+)", anchor)
    if not m:
        return None, f"anchor {anchor!r} not understood", False
    docid, sid, word = m.group(1), int(m.group(2)), m.group(3)
    repaired = False
    if docid not in docs:
        bare = re.sub(r"\d+$", "", word)
        fits = [d for d in docs if docid.startswith(d) and docid != d
                and sid in docs[d].sentences and word_in(bare, docs[d].sentence_text(sid))]
        if len(fits) != 1:
            return None, f"anchor {anchor!r}: no document {docid}", False
        docid, repaired = fits[0], True
    if sid not in docs[docid].sentences:
        return None, f"anchor {anchor!r}: no sentence {sid} in {docid}", False
    return (docid, sid), None, repaired


def read_gold(corpus_dir: Path, docs: dict[str, Document]) -> Gold:
    gold_dir = find_subdir(corpus_dir, GOLD_DIR_NAMES, "gold timeline")
    gold = Gold()
    for path in sorted(gold_dir.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".txt"):
            continue
        gold.timelines += 1
        lines = path.read_text(encoding="utf-8").splitlines()
        target = (lines[0].strip() if lines else "") or path.name[:-4].replace("_", " ")
        for n, line in enumerate(lines, 1):
            fields = line.split("\t")
            if len(fields) < 3 or not fields[0].strip().isdigit():
                if line.strip() and n != 1:  # line 1 names the target entity
                    gold.problems.append(f"{path.name}:{n}: line {line!r} not understood")
                continue
            gdate, problem = parse_gold_date(fields[1].strip())
            anchors = [a.strip() for a in fields[2:] if a.strip()]
            gold.anchors += len(anchors)
            if problem:
                gold.problems.append(f"{path.name}:{n}: {problem}")
            if gdate is None:
                gold.undated_lines += 1
                continue
            sents = set()
            for anchor in anchors:
                key, problem, repaired = resolve_anchor(anchor, docs)
                if key is None:
                    gold.problems.append(f"{path.name}:{n}: {problem} (dropped)")
                    continue
                if repaired:
                    gold.repaired.append(f"{path.name}:{n}: {anchor} -> {key[0]}-{key[1]}")
                elif not word_in(anchor.split("-", 2)[2], docs[key[0]].sentence_text(key[1])):
                    gold.word_misses += 1
                gold.dated_anchors += 1
                sents.add(key)
                gold.units[(key[0], key[1], gdate.value)] = gdate
                gold.entity_units[(target, key[0], key[1], gdate.value)] = gdate
            if sents:
                gold.lines[(frozenset(sents), gdate.value)] = gdate
    return gold


# ------------------------------------------------------------------ systems

def product_json(docs: dict[str, Document], workers: int | None = None) -> dict:
    """The product's chronology JSON for the documents, built in this process as
    `python -m model build` would from the <DOCID>.txt files with their DCTs given."""
    from model.cleaning import find_boilerplate, find_outlet, find_title, outlet_from_filename
    from model.exporters import chronology_to_json
    from model.loaders import article_id, normalise_newlines, unique_id
    from model.pipeline import chronology_from_articles
    from model.types import Article

    articles, published, used = [], {}, set()
    for doc in sorted(docs.values(), key=lambda d: d.file_name):
        path = Path(doc.file_name)
        text = normalise_newlines(doc.text)  # as the loader reads the saved file
        if not text.strip():
            continue  # the loader refuses an empty file
        article = Article(
            id=unique_id(article_id(path), used), path=str(path),
            title=find_title(text) or path.stem,
            source=find_outlet(text) or outlet_from_filename(path), text=text,
            content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            boilerplate=find_boilerplate(text))
        articles.append(article)
        if doc.dct is not None:
            published[article.id] = doc.dct
    chron = chronology_from_articles(articles, published, workers=workers)
    # Through JSON text, so the figures are those of the file the export writes.
    return json.loads(json.dumps(chronology_to_json(chron), ensure_ascii=False))


def dct_baseline_json(docs: dict[str, Document]) -> dict:
    """Every sentence an event on its document's DCT: the floor a system must beat."""
    articles, events = [], []
    for docid, doc in sorted(docs.items()):
        articles.append({"id": docid, "path": doc.file_name, "title": None, "source": None,
                         "published": doc.dct.isoformat() if doc.dct else None,
                         "published_basis": "given" if doc.dct else "unknown"})
        if doc.dct is None:
            continue
        for sid in sorted(doc.sentences):
            start, end = doc.sentences[sid]
            sentence = doc.text[start:end]
            events.append({"id": f"e{len(events) + 1}", "label": " ".join(sentence.split()[:8]),
                           "start": doc.dct.isoformat(), "end": doc.dct.isoformat(),
                           "value": doc.dct.isoformat(), "granularity": "day",
                           "mentions": [{"article": docid, "sentence": sentence,
                                         "start": start, "end": end}]})
    return {"articles": articles, "events": events}


def parse_day(value) -> date | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"^(-?\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class System:
    """A chronology JSON indexed by the gold sentences its mentions fall in."""

    by_sentence: dict[SentKey, set[int]] = field(default_factory=dict)  # -> event indexes
    ranges: list[DayRange | None] = field(default_factory=list)        # per event
    entities: list[list[str]] = field(default_factory=list)             # per event
    published: dict[str, str | None] = field(default_factory=dict)      # DOCID -> date
    diag: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("articles", "articles_unmatched", "events", "events_undated", "mentions",
         "mentions_unmatched", "mentions_bad_offsets", "mentions_multi_sentence",
         "mentions_text_mismatch"), 0))


def read_system(data: dict, docs: dict[str, Document]) -> System:
    system = System()
    diag = system.diag
    article_doc: dict[str, str] = {}
    for art in data.get("articles", []):
        diag["articles"] += 1
        name = os.path.basename(str(art.get("path") or ""))
        docid = name[:-4] if name.endswith(".txt") else None
        if docid in docs:
            article_doc[str(art.get("id"))] = docid
            system.published[docid] = art.get("published")
        else:
            diag["articles_unmatched"] += 1
    for ev in data.get("events", []):
        index = len(system.ranges)
        diag["events"] += 1
        start, end = parse_day(ev.get("start")), parse_day(ev.get("end"))
        days = (start, end) if start and end and start <= end else None
        diag["events_undated"] += days is None
        system.ranges.append(days)
        names = []
        for ent in ev.get("entities") or []:
            name = ent.get("name") if isinstance(ent, dict) else ent
            if isinstance(name, str) and name.strip():
                names.append(name)
        system.entities.append(names)
        for m in ev.get("mentions", []):
            diag["mentions"] += 1
            docid = article_doc.get(str(m.get("article")))
            if docid is None:
                diag["mentions_unmatched"] += 1
                continue
            s, e = m.get("start"), m.get("end")
            text = docs[docid].text
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= len(text)):
                diag["mentions_bad_offsets"] += 1
                continue
            sids = docs[docid].sentences_in(s, max(e, s))
            diag["mentions_multi_sentence"] += len(sids) > 1
            said = m.get("sentence")
            if isinstance(said, str) and " ".join(said.split()) != " ".join(text[s:e].split()):
                diag["mentions_text_mismatch"] += 1
            for sid in sids:
                system.by_sentence.setdefault((docid, sid), set()).add(index)
    return system


# ------------------------------------------------------------------ measures

def compatible(days: DayRange | None, g: GoldDate) -> bool:
    if days is None:
        return False
    start, end = days
    return start <= g.last and g.first <= end and (end - start).days + 1 <= MAX_DAYS[g.granularity]


def strict(days: DayRange | None, g: GoldDate) -> bool:
    return days is not None and g.first <= days[0] and days[1] <= g.last


def name_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", name.lower()))


def entity_matches(target: str, name: str) -> bool:
    """One name's words hold the other's, and they share a word of 3+ characters
    ("General Motors" names "General Motors creditors")."""
    t, n = name_words(target), name_words(name)
    if not t or not n or not (t <= n or n <= t):
        return False
    return any(len(w) >= 3 for w in t & n)


def score_corpus(gold: Gold, system: System, docs: dict[str, Document], misses: int = 0,
                 label: str = "") -> dict:
    c = dict.fromkeys(COUNT_KEYS, 0)
    by_gran = {g: {"units": 0, "found": 0, "compatible": 0, "strict": 0} for g in MAX_DAYS}
    shown = 0
    for (docid, sid, _value), g in sorted(gold.units.items()):
        ranges = [system.ranges[i] for i in system.by_sentence.get((docid, sid), ())]
        hit = {"units": 1, "found": int(bool(ranges)),
               "compatible": int(any(compatible(r, g) for r in ranges)),
               "strict": int(any(strict(r, g) for r in ranges))}
        for k, v in hit.items():
            c[k] += v
            by_gran[g.granularity][k] += v
        if not hit["compatible"] and shown < misses:
            shown += 1
            got = ", ".join(sorted({f"{a}..{b}" if a != b else str(a)
                                    for a, b in filter(None, ranges)})) or "-"
            print(f"  miss {label} {docid}-{sid} gold {g.value}: system {got} | "
                  f"{docs[docid].sentence_text(sid)[:90]}", file=sys.stderr)
    c["entity_events"] = sum(1 for names in system.entities if names)
    for (target, docid, sid, _value), g in gold.entity_units.items():
        c["entity_units"] += 1
        c["entity_found"] += any(
            compatible(system.ranges[i], g)
            and any(entity_matches(target, n) for n in system.entities[i])
            for i in system.by_sentence.get((docid, sid), ()))
    for (sents, _value), g in gold.multi_doc_lines().items():
        common = set.intersection(*(system.by_sentence.get(key, set()) for key in sents))
        c["merge_lines"] += 1
        c["merged"] += bool(common)
        c["merged_dated"] += any(compatible(system.ranges[i], g) for i in common)
    for docid, doc in docs.items():
        for sid in doc.sentences:
            c["sentences"] += 1
            c["sentences_covered"] += (docid, sid) in system.by_sentence
            c["sentence_events"] += len(system.by_sentence.get((docid, sid), ()))
    pub = [system.published.get(d) == doc.dct.isoformat()
           for d, doc in docs.items() if doc.dct]
    return {"counts": c, "by_granularity": by_gran, "system": dict(system.diag),
            "published_match_dct": [sum(pub), len(pub)],
            "gold": {"timelines": gold.timelines, "anchors": gold.anchors,
                     "dated_anchors": gold.dated_anchors, "undated_lines": gold.undated_lines,
                     "dated_lines": len(gold.lines), "repaired": gold.repaired,
                     "problems": gold.problems, "anchor_word_not_in_sentence": gold.word_misses}}


def rates(c: dict) -> dict:
    def pct(a, b):
        return round(100.0 * a / b, 2) if b else None
    return {"recall": pct(c["compatible"], c["units"]),
            "accuracy": pct(c["compatible"], c["found"]),
            "found": pct(c["found"], c["units"]),
            "strict_recall": pct(c["strict"], c["units"]),
            "merge_recall": pct(c["merged"], c["merge_lines"]),
            "merge_dated_recall": pct(c["merged_dated"], c["merge_lines"]),
            "sentence_coverage": pct(c["sentences_covered"], c["sentences"]),
            "entity_recall": pct(c["entity_found"], c["entity_units"]),
            "events_per_covered_sentence": (round(c["sentence_events"] / c["sentences_covered"], 2)
                                            if c["sentences_covered"] else None)}


# ------------------------------------------------------------------ report

def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def table_lines(rows: Iterable[tuple[str, dict]]) -> list[str]:
    head = (f"{'corpus':<16} {'units':>5} {'found':>5} {'compat':>6} {'recall':>6} "
            f"{'acc.':>5} {'strict':>6} | {'multi':>5} {'merged':>6} {'merge%':>6} "
            f"{'+date%':>6} | {'events':>6} {'sent.cov':>8}")
    lines = [head, "-" * len(head)]
    for name, r in rows:
        c, p = r["counts"], r["rates"]
        lines.append(
            f"{name:<16} {c['units']:>5} {c['found']:>5} {c['compatible']:>6} "
            f"{fmt(p['recall']):>6} {fmt(p['accuracy']):>5} {fmt(p['strict_recall']):>6} | "
            f"{c['merge_lines']:>5} {c['merged']:>6} {fmt(p['merge_recall']):>6} "
            f"{fmt(p['merge_dated_recall']):>6} | {r['events']:>6} "
            f"{fmt(p['sentence_coverage']):>8}")
    return lines


def detail_line(name: str, r: dict) -> str:
    gran = "  ".join(f"{g} {fmt(100.0 * v['compatible'] / v['units']) if v['units'] else '-'}"
                     f"% of {v['units']}" for g, v in r["by_granularity"].items())
    pub = r.get("published_match_dct")
    pub_txt = f"; published = DCT for {pub[0]}/{pub[1]} articles" if pub else ""
    evs = r["rates"]["events_per_covered_sentence"]
    return (f"{name}: recall by gold granularity: {gran}; "
            f"events per covered sentence {evs if evs is not None else '-'}{pub_txt}")


def final_line(label: str, r: dict) -> str:
    c, p = r["counts"], r["rates"]
    return (f"TIMELINE {label}: dated-event recall {fmt(p['recall'])}% "
            f"({c['compatible']}/{c['units']}), date accuracy {fmt(p['accuracy'])}% "
            f"({c['compatible']}/{c['found']}), merge recall {fmt(p['merge_recall'])}% "
            f"({c['merged']}/{c['merge_lines']}), strict recall {fmt(p['strict_recall'])}%, "
            f"sentence coverage {fmt(p['sentence_coverage'])}%, entity recall "
            f"{fmt(p['entity_recall']) if c['entity_events'] else '-'}%"
            f" ({c['entity_found']}/{c['entity_units']})")


def evaluate(corpus_dirs: Sequence[Path], baseline: str | None = None, misses: int = 0,
             json_out: Path | None = None, system_dir: Path | None = None,
             workers: int | None = None) -> dict:
    """Score the product (or a baseline) on each corpus; print the table and the figures."""
    rows: list[tuple[str, dict]] = []
    total = dict.fromkeys(COUNT_KEYS, 0)
    total_gran = {g: {"units": 0, "found": 0, "compatible": 0, "strict": 0} for g in MAX_DAYS}
    total_events = 0
    for corpus_dir in corpus_dirs:
        name = Path(os.path.normpath(corpus_dir)).name
        docs = read_documents(corpus_dir)
        for doc in docs.values():
            for note in doc.notes:
                print(f"{doc.source}: {note}", file=sys.stderr)
        gold = read_gold(corpus_dir, docs)
        t0 = time.perf_counter()
        data = dct_baseline_json(docs) if baseline == "dct" else product_json(docs, workers)
        secs = time.perf_counter() - t0
        if system_dir is not None:
            system_dir.mkdir(parents=True, exist_ok=True)
            (system_dir / f"{name}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{name}: {'DCT baseline' if baseline else 'product'}: {len(docs)} documents, "
              f"{len(data.get('events', []))} events in {secs:.1f} s", file=sys.stderr)
        system = read_system(data, docs)
        r = score_corpus(gold, system, docs, misses, name)
        r.update(name=name, run="baseline " + baseline if baseline else "product",
                 rates=rates(r["counts"]), events=system.diag["events"], seconds=round(secs, 2))
        rows.append((name, r))
        for k in COUNT_KEYS:
            total[k] += r["counts"][k]
        for g, part in r["by_granularity"].items():
            for k, v in part.items():
                total_gran[g][k] += v
        total_events += system.diag["events"]
        for line in gold.repaired:
            print(f"{name}: gold anchor repaired: {line}", file=sys.stderr)
        for line in gold.problems:
            print(f"{name}: gold: {line}", file=sys.stderr)
        odd = {k: v for k, v in system.diag.items()
               if k not in ("articles", "events", "mentions") and v}
        if odd:
            print(f"{name}: system: {odd}", file=sys.stderr)
    all_row = {"counts": total, "rates": rates(total), "by_granularity": total_gran,
               "events": total_events}
    table = rows + ([("all", all_row)] if len(rows) > 1 else [])
    print("\n".join(table_lines(table)))
    print()
    for name, r in table:
        print(detail_line(name, r))
    final = all_row if len(rows) > 1 else rows[0][1]
    print(final_line("all" if len(rows) > 1 else rows[0][0], final))
    result = {"definitions": {"max_days": MAX_DAYS, "unit": "(docid, sentence, gold date)",
                              "compatible": "overlap and length <= max_days[gold granularity]",
                              "strict": "system interval inside the gold period"},
              "corpora": [r for _, r in rows], "all": all_row}
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus_dirs", nargs="+", type=Path, metavar="CORPUS_DIR",
                    help="TimeLine corpus folder (documents/ + gold-timelines/, or "
                         "corpus_trackA_TimeML/ + TimeLines_Gold_Standard/)")
    ap.add_argument("--misses", type=int, default=0,
                    help="print up to N gold units per corpus that got no compatible date")
    ap.add_argument("--json", dest="json_out", type=Path, help="write all figures to this file")
    ap.add_argument("--baseline", choices=["dct"],
                    help="score a baseline, not the product (dct: each sentence on its DCT)")
    ap.add_argument("--system-json", type=Path, metavar="DIR",
                    help="also save each corpus's system JSON as DIR/<corpus>.json")
    ap.add_argument("--workers", type=int, metavar="N",
                    help="product worker processes (default: as `python -m model build`)")
    args = ap.parse_args(argv)
    try:
        evaluate(args.corpus_dirs, args.baseline, args.misses, args.json_out,
                 args.system_json, args.workers)
    except (CorpusError, OSError, SafeET.ParseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
