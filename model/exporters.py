"""Write a chronology to files other tools read: JSON, CSV, TimelineJS and TimeML.

Every file is written atomically (temporary file in the same directory, fsync, rename) so
that a full disk or a crash never leaves a half-written export over a good one.
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import secrets
from collections.abc import Iterable
from datetime import date

from .day import MONTHS, century_label, year_label
from pathlib import Path

from .chronology import Chronology
from .types import Anchor, Article, Claim, Event, EventMention, Interval, TimeExpression

#: Characters XML 1.0 cannot hold even as references; replaced one-for-one so offsets stay.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DAY_PRECISION = ("time", "day", "week")
_MONTH_PRECISION = ("month", "season", "quarter", "half")
_CSV_COLUMNS = ["id", "start", "end", "value", "granularity", "approximate", "derived",
                "label", "n_sources", "sources", "flags", "sentence", "dated_by", "how_dated",
                "entities"]


class ExportError(Exception):
    """A file could not be written; the message is one line naming the path."""


# -- atomic writing -----------------------------------------------------------------------

def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or raise ExportError and leave it as it was."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    fsync_directory(target.parent)


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def _make_directory(directory: str | os.PathLike) -> Path:
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create directory {path}: {exc.strerror or exc}") from exc
    return path


# -- shared helpers -----------------------------------------------------------------------

def sorted_events(chron: Chronology) -> list[Event]:
    """Events in chronological order, as every export and the summary list them."""
    return sorted(chron.events, key=lambda e: (e.interval.start, e.interval.end))


def _source_names(chron: Chronology, event: Event) -> list[str]:
    names = {a.id: a.source or a.id for a in chron.articles}
    out: list[str] = []
    for aid in event.article_ids:
        name = names.get(aid, aid)
        if name not in out:
            out.append(name)
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def iso_date(interval: Interval) -> str:
    """ISO 8601 at the interval's own precision: 2004, 2006/2007, 2013-12, 2013-W52, 2014-01-03.

    A year-precise event printed as 2004-01-01 would claim a precision the text never gave.
    """
    s, e, g = interval.start, interval.end, interval.granularity
    if g in ("day", "time") or s == e:
        text = s.isoformat() if s == e else f"{s.isoformat()}/{e.isoformat()}"
    elif g == "week" and s.year >= 1:
        year, week, _ = s.to_date().isocalendar()
        text = f"{year:04d}-W{week:02d}"
    elif g in _MONTH_PRECISION:
        a, b = s.isoformat()[:-3], e.isoformat()[:-3]
        text = a if a == b else f"{a}/{b}"
    else:
        a, b = s.isoformat()[:-6], e.isoformat()[:-6]
        text = a if a == b else f"{a}/{b}"
    return text + ("~" if interval.approximate else "")


def human_date(interval: Interval) -> str:
    """A reader's date at the interval's precision: 2004, 2006–2007, Dec 2013, 3 Jan 2014."""
    s, e, g = interval.start, interval.end, interval.granularity
    sy, ey = year_label(s.year), year_label(e.year)
    sm, em = MONTHS[s.month - 1], MONTHS[e.month - 1]
    if g in ("day", "time") or s == e:
        if s == e:
            return f"{s.day} {sm} {sy}"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.day}–{e.day} {sm} {sy}"
        if s.year == e.year:
            return f"{s.day} {sm} – {e.day} {em} {ey}"
        return f"{s.day} {sm} {sy} – {e.day} {em} {ey}"
    if g == "week":
        return human_date(Interval(s, e, "day"))
    if g in _MONTH_PRECISION:
        if (s.year, s.month) == (e.year, e.month):
            return f"{sm} {sy}"
        if s.year == e.year:
            return f"{sm}–{em} {ey}"
        return f"{sm} {sy} – {em} {ey}"
    if g == "century" and e.year - s.year >= 98:
        return century_label(e.year)
    if g == "decade" and e.year - s.year == 9:
        return f"{s.year}s" if s.year >= 1 else f"{1 - e.year}s BC"
    return sy if s.year == e.year else f"{sy}–{ey}"


# -- JSON ---------------------------------------------------------------------------------

def _timex_json(t: TimeExpression) -> dict:
    out = {"text": t.text, "value": t.value, "type": t.type, "start": t.start, "end": t.end}
    if t.mod:
        out["mod"] = t.mod
    return out


def _anchor_json(a: Anchor | None) -> dict | None:
    if a is None:
        return None
    return {"kind": a.kind, "text": a.text, "from": a.source or None,
            "explanation": a.explanation}


def _mention_json(m: EventMention) -> dict:
    return {"id": m.id, "article": m.article_id, "sentence": m.sentence.text,
            "start": m.sentence.start, "end": m.sentence.end, "timex": _timex_json(m.timex),
            "label": m.label, "value": m.value, "derived": m.derived,
            "anchor": _anchor_json(m.anchor)}


def _claim_json(c: Claim) -> dict:
    return {"kind": c.kind, "value": c.value, "article": c.article_id, "mention": c.mention_id,
            "sentence": c.sentence}


def _article_json(a: Article) -> dict:
    return {"id": a.id, "path": a.path, "title": a.title, "source": a.source,
            "published": _iso(a.published), "published_basis": a.published_basis,
            "published_evidence": a.published_evidence}


def _event_json(chron: Chronology, e: Event) -> dict:
    return {"id": e.id, "label": e.label, "start": e.interval.start.isoformat(),
            "end": e.interval.end.isoformat(), "value": e.value,
            "granularity": e.interval.granularity, "derived": e.derived,
            "flags": list(e.flags), "approximate": e.interval.approximate,
            "sources": _source_names(chron, e), "category": e.category, "note": e.note,
            "anchor": _anchor_json(e.anchor), "context_dated": e.context_dated,
            "entities": [{"name": x.name, "type": x.type, "id": x.id} for x in e.entities],
            "disputed": e.disputed, "claims": [_claim_json(c) for c in e.claims],
            "mentions": [_mention_json(m) for m in e.mentions]}


def chronology_to_json(chron: Chronology) -> dict:
    """The chronology as plain JSON data; the documented keys are a stable schema."""
    return {"articles": [_article_json(a) for a in chron.articles],
            "events": [_event_json(chron, e) for e in sorted_events(chron)],
            "entities": [{"id": x.id, "name": x.name, "type": x.type, "aliases": list(x.aliases),
                          "mentions": x.mentions} for x in chron.entities]}


def write_json(chron: Chronology, path: str | os.PathLike) -> None:
    text = json.dumps(chronology_to_json(chron), ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")


# -- CSV ----------------------------------------------------------------------------------

def _one_line(text: str) -> str:
    """Sentences keep their meaning on one line; spreadsheets show embedded newlines badly."""
    return " ".join(text.split())


def _csv_row(chron: Chronology, e: Event) -> list:
    sources = _source_names(chron, e)
    sentence = _one_line(e.mentions[0].sentence.text) if e.mentions else ""
    return [e.id, e.interval.start.isoformat(), e.interval.end.isoformat(), e.value,
            e.interval.granularity, e.interval.approximate, e.derived, e.label,
            len(e.article_ids), "; ".join(sources), "; ".join(e.flags), sentence,
            e.anchor.kind if e.anchor else "", e.anchor.explanation if e.anchor else "",
            "; ".join(x.name for x in e.entities)]


def write_csv(chron: Chronology, path: str | os.PathLike) -> None:
    """One row per event, in date order, with a header row; UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    writer.writerows(_csv_row(chron, e) for e in sorted_events(chron))
    write_text_atomic(path, buffer.getvalue())


# -- TimelineJS ---------------------------------------------------------------------------

def _precision(interval: Interval) -> str:
    if interval.granularity in _DAY_PRECISION:
        return "day"
    if interval.granularity in _MONTH_PRECISION:
        return "month"
    return "year"


def _tljs_date(day: date, precision: str) -> dict:
    out = {"year": day.year}
    if precision in ("month", "day"):
        out["month"] = day.month
    if precision == "day":
        out["day"] = day.day
    return out


def timelinejs_dates(interval: Interval) -> tuple[dict, dict | None]:
    """TimelineJS start (and end, when the interval spans several units) date objects."""
    precision = _precision(interval)
    start = _tljs_date(interval.start, precision)
    end = _tljs_date(interval.end, precision)
    return start, (end if end != start else None)


def _tljs_text(chron: Chronology, e: Event) -> str:
    sources = {a.id: a.source or a.id for a in chron.articles}
    items = "".join(
        f"<li><b>{html.escape(sources.get(m.article_id, m.article_id))}</b>: "
        f"{html.escape(_one_line(m.sentence.text))}</li>" for m in e.mentions)
    parts = [f"<ul>{items}</ul>"]
    if e.flags:
        parts.append("<p><b>Check:</b> " + html.escape("; ".join(e.flags)) + "</p>")
    if e.interval.approximate or e.derived:
        parts.append("<p><i>Approximate or derived date.</i></p>")
    return "".join(parts)


def _tljs_event(chron: Chronology, e: Event) -> dict:
    start, end = timelinejs_dates(e.interval)
    out = {"start_date": start, "text": {"headline": html.escape(e.label),
                                         "text": _tljs_text(chron, e)},
           "unique_id": e.id}
    if end:
        out["end_date"] = end
    sources = _source_names(chron, e)
    if sources:
        out["group"] = sources[0]
    if e.interval.approximate:
        out["display_date"] = "about " + human_date(e.interval)
    return out


def chronology_to_timelinejs(chron: Chronology, title: str | None = None) -> dict:
    outlets = sorted({a.source for a in chron.articles if a.source})
    headline = title or "Chronology"
    summary = f"{len(chron.events)} events from {len(chron.articles)} articles"
    if outlets:
        summary += ": " + ", ".join(outlets)
    return {"title": {"text": {"headline": html.escape(headline),
                               "text": html.escape(summary)}},
            "events": [_tljs_event(chron, e) for e in sorted_events(chron)]}


def write_timelinejs(chron: Chronology, path: str | os.PathLike, title: str | None = None) -> None:
    """A TimelineJS 3 JSON file (load it with ``new TL.Timeline(id, url)``)."""
    data = chronology_to_timelinejs(chron, title)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# -- TimeML -------------------------------------------------------------------------------

def _xml_text(text: str) -> str:
    """Escape character data so that an XML parser gives back exactly ``text``.

    Carriage returns become references (parsers would turn them into newlines); characters
    XML cannot hold become U+FFFD, one for one, so offsets still match.
    """
    text = _XML_INVALID.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _xml_attr(value: str) -> str:
    value = _xml_text(value).replace('"', "&quot;")
    return value.replace("\n", "&#10;").replace("\t", "&#9;")


def _timex_open(tid: str, t: TimeExpression) -> str:
    attrs = [("tid", tid), ("type", t.type), ("value", t.value)]
    if t.mod:
        attrs.append(("mod", t.mod))
    return "<TIMEX3 " + " ".join(f'{k}="{_xml_attr(v)}"' for k, v in attrs) + ">"


def _non_overlapping(text: str, expressions: Iterable[TimeExpression]) -> list[TimeExpression]:
    """Expressions in text order; one overlapping an earlier (or longer, same-start) one is
    skipped, as are spans outside the text."""
    kept: list[TimeExpression] = []
    for t in sorted(expressions, key=lambda t: (t.start, -t.end)):
        if not 0 <= t.start < t.end <= len(text):
            continue
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    return kept


def timeml_text(text: str, expressions: Iterable[TimeExpression], first_tid: int = 1) -> str:
    """``text`` XML-escaped with inline <TIMEX3> tags; its character data equals ``text``."""
    out: list[str] = []
    pos = 0
    for i, t in enumerate(_non_overlapping(text, expressions), start=first_tid):
        out.append(_xml_text(text[pos:t.start]))
        out.append(_timex_open(f"t{i}", t) + _xml_text(text[t.start:t.end]) + "</TIMEX3>")
        pos = t.end
    out.append(_xml_text(text[pos:]))
    return "".join(out)


def timeml_document(doc_id: str, text: str, expressions: Iterable[TimeExpression],
                    published: date | None = None) -> str:
    """A complete TimeML 1.2 document: DOCID, DCT (when known) and the tagged TEXT."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n',
             f"<DOCID>{_xml_text(doc_id)}</DOCID>\n"]
    if published:
        day = published.isoformat()
        parts.append(f'<DCT><TIMEX3 tid="t0" type="DATE" value="{day}" '
                     f'temporalFunction="false" functionInDocument="CREATION_TIME">'
                     f"{day}</TIMEX3></DCT>\n")
    parts.append(f"<TEXT>{timeml_text(text, expressions)}</TEXT>\n</TimeML>\n")
    return "".join(parts)


def timeml_file_name(article: Article) -> str:
    """A safe file name for an article id (ids may hold characters file systems refuse)."""
    stem = re.sub(r"[^\w.\-]+", "_", article.id).strip("._") or "article"
    return f"{stem}.tml"


def write_timeml(chron: Chronology, directory: str | os.PathLike) -> list[Path]:
    """One ``<article id>.tml`` per article; returns the files written."""
    folder = _make_directory(directory)
    written: list[Path] = []
    for article in chron.articles:
        path = folder / timeml_file_name(article)
        n = 1
        while path in written:
            n += 1
            path = path.with_name(f"{path.stem.rsplit('~', 1)[0]}~{n}.tml")
        document = timeml_document(article.id, article.text,
                                   chron.expressions.get(article.id, []), article.published)
        write_text_atomic(path, document)
        written.append(path)
    return written
