"""Pipeline records as plain JSON-ready dicts and back, for project files and the cache.

Only the standard library's JSON types come out (no pickle), so a stored project or a
cache entry can be read by any tool and can never run code when it is loaded.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from .day import Day
from typing import Any

from .entities import EntityMention
from .types import (Anchor, Article, ArticleAnalysis, Claim, EntityRef, Event, EventMention,
                    Interval, Sentence, TimeExpression)

Record = dict[str, Any]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def iso_day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def article_record(article: Article, with_text: bool = True) -> Record:
    record = {
        "id": article.id, "path": article.path, "title": article.title,
        "source": article.source, "content_hash": article.content_hash,
        "published": iso_day(article.published), "published_basis": article.published_basis,
        "published_evidence": article.published_evidence,
        "boilerplate": [list(span) for span in article.boilerplate],
        "metadata_date": iso_day(article.metadata_date),
    }
    if with_text:
        record["text"] = article.text
    return record


def article_from(record: Record, text: str | None = None) -> Article:
    return Article(
        id=record["id"], path=record["path"], title=record["title"], source=record["source"],
        text=record["text"] if text is None else text, content_hash=record["content_hash"],
        published=_day(record["published"]), published_basis=record["published_basis"],
        published_evidence=record["published_evidence"],
        boilerplate=[(int(a), int(b)) for a, b in record["boilerplate"]],
        metadata_date=_day(record["metadata_date"]))


def expression_record(t: TimeExpression) -> Record:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
            "mod": t.mod, "relative": t.relative, "resolved": t.resolved, "anchor": t.anchor,
            "counted_from": t.counted_from}


def expression_from(r: Record) -> TimeExpression:
    return TimeExpression(start=r["start"], end=r["end"], text=r["text"], type=r["type"],
                          value=r["value"], mod=r["mod"], relative=r["relative"],
                          resolved=r["resolved"], anchor=r["anchor"],
                          counted_from=r.get("counted_from", ""))


def interval_record(i: Interval) -> Record:
    return {"start": i.start.isoformat(), "end": i.end.isoformat(),
            "granularity": i.granularity, "approximate": i.approximate}


def interval_from(r: Record) -> Interval:
    return Interval(_calendar_day(r["start"]), _calendar_day(r["end"]), r["granularity"],
                    r["approximate"])


#: Days are values and an archive names the same few thousand of them again and again.
_calendar_day = lru_cache(maxsize=1 << 16)(Day.fromisoformat)


def mention_record(m: EventMention) -> Record:
    return {
        "id": m.id, "article_id": m.article_id,
        "sentence": [m.sentence.start, m.sentence.end, m.sentence.text],
        "clause": [m.clause_start, m.clause_end], "timex": expression_record(m.timex),
        "label": m.label, "interval": interval_record(m.interval), "value": m.value,
        "keywords": sorted(m.keywords), "figures": list(m.figures), "derived": m.derived,
        "anchor": anchor_record(m.anchor), "entities": list(m.entities),
    }


def anchor_record(a: Anchor | None) -> Record | None:
    if a is None:
        return None
    return {"kind": a.kind, "text": a.text, "from": a.source, "explanation": a.explanation}


def anchor_from(r: Record | None) -> Anchor | None:
    if not r:
        return None
    return Anchor(str(r["kind"]), str(r["text"]), str(r.get("from", "")),
                  str(r.get("explanation", "")))


def mention_from(r: Record) -> EventMention:
    start, end, text = r["sentence"]
    return EventMention(
        id=r["id"], article_id=r["article_id"], sentence=Sentence(start, end, text),
        clause_start=r["clause"][0], clause_end=r["clause"][1],
        timex=expression_from(r["timex"]), label=r["label"],
        interval=interval_from(r["interval"]), value=r["value"],
        keywords=frozenset(r["keywords"]), figures=tuple(r["figures"]), derived=r["derived"],
        anchor=anchor_from(r.get("anchor")), entities=tuple(r.get("entities", ())))


def event_record(e: Event) -> Record:
    return {"id": e.id, "label": e.label, "interval": interval_record(e.interval),
            "value": e.value, "mentions": [mention_record(m) for m in e.mentions],
            "derived": e.derived, "flags": list(e.flags), "category": e.category,
            "note": e.note, "status": e.status, "manual": e.manual,
            "entities": [[x.id, x.name, x.type] for x in e.entities],
            "claims": [[c.kind, c.value, c.article_id, c.mention_id, c.sentence]
                       for c in e.claims]}


def event_from(r: Record) -> Event:
    return Event(id=r["id"], label=r["label"], interval=interval_from(r["interval"]),
                 value=r["value"], mentions=[mention_from(m) for m in r["mentions"]],
                 derived=r["derived"], flags=list(r["flags"]), category=r["category"],
                 note=r["note"], status=r.get("status", "proposed"),
                 manual=r.get("manual", False),
                 entities=[EntityRef(str(i), str(n), str(t)) for i, n, t in r.get("entities", ())],
                 claims=[Claim(*map(str, c)) for c in r.get("claims", ())])


def analysis_record(a: ArticleAnalysis) -> Record:
    return {"expressions": [expression_record(t) for t in a.expressions],
            "mentions": [mention_record(m) for m in a.mentions],
            "references": [mention_record(m) for m in a.references],
            "entities": [[e.start, e.end, e.text, e.type, e.key, e.basis] for e in a.entities]}


def analysis_from(r: Record) -> ArticleAnalysis:
    return ArticleAnalysis([expression_from(t) for t in r["expressions"]],
                           [mention_from(m) for m in r["mentions"]],
                           [mention_from(m) for m in r["references"]],
                           [EntityMention(int(s), int(e), str(t), str(k), str(key), str(b))
                            for s, e, t, k, key, b in r.get("entities", ())])
