"""When was an article published? The reference for "yesterday", "on Monday", "last year".

In order of trust: a date given by the user, the file's metadata, a dateline or dated
caption in the text, an inference from the text's own evidence ("on Jan. 1" together
with "2013 ... last year" means early January 2014), and, for an article that gives
a month and day but no year, the year that puts it nearest the other articles of the
same corpus. Never the file's modification time. With no basis the date is unknown.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date

from .sentences import split_sentences
from .tagger import tag
from .types import Article, Sentence, TimeExpression

#: A month and day named without a year, with the words that name it.
PartialDay = tuple[int, int, str]

_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_PARTIAL_DATE = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_DATELINE_WORDS = re.compile(r"\b(?:published|updated|posted|first published|last modified)\b",
                             re.IGNORECASE)
#: A wire story's dateline: "LONDON, March 12, 2024 (Reuters) -", "PARIS (AFP), 3 May 2019 -".
_WIRE_DATELINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?"
                            r"(?:\s*\([A-Za-z .]{2,30}\))?,?\s*$")
_FUTURE = re.compile(r"\b(?:will|shall|'ll|scheduled|next|upcoming|due)\b", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def undated_expressions(article: Article) -> list[TimeExpression]:
    """The article's time expressions read with no reference date (what dating looks at)."""
    return tag(article.text, None, skip=article.boilerplate)


def assign_publication_date(article: Article,
                            expressions: list[TimeExpression] | None = None) -> Article:
    """The article with its publication date, basis and evidence set from what it says.

    ``expressions`` are its undated_expressions, if the caller has them already.
    """
    if article.metadata_date is not None:
        return replace(article, published=article.metadata_date, published_basis="metadata",
                       published_evidence="the page's metadata")
    if expressions is None:
        expressions = undated_expressions(article)
    found = _stated_date(article, expressions) or _inferred_date(article, expressions)
    if found is None:
        return replace(article, published=None, published_basis="unknown",
                       published_evidence="the text gives no date")
    day, basis, evidence = found
    return replace(article, published=day, published_basis=basis, published_evidence=evidence)


def assign_publication_dates(articles: list[Article],
                             given: dict[str, date] | None = None) -> list[Article]:
    """Dates for a whole corpus: given ones first, then each article's own evidence,
    then a year for articles that state only a month and day."""
    given = given or {}
    dated = []
    for article in articles:
        day = given.get(article.id) or given.get(_file_name(article.path))
        if day is not None:
            dated.append(replace(article, published=day, published_basis="given",
                                 published_evidence="given by the user"))
        else:
            dated.append(assign_publication_date(article))
    return assign_corpus_years(dated)


def assign_corpus_years(dated: list[Article],
                        partial_days: dict[str, PartialDay | None] | None = None
                        ) -> list[Article]:
    """Undated articles that name a month and day get the year nearest the other articles.

    ``partial_days`` holds each undated article's latest_partial_day, if known already.
    """
    known = sorted(a.published for a in dated if a.published is not None)
    if not known:
        return dated
    centre = known[len(known) // 2]
    out = []
    for a in dated:
        if a.published is None:
            if partial_days is not None and a.id in partial_days:
                partial = partial_days[a.id]
            else:
                partial = latest_partial_day(undated_expressions(a))
            a = _year_from_corpus(a, centre, partial)
        out.append(a)
    return out


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def _sentence_of(article: Article, offset: int, sentences: list[Sentence] | None = None,
                 starts: list[int] | None = None) -> str:
    """``starts``: the sentences' start offsets, when looking up many offsets."""
    sentences = sentences if sentences is not None else split_sentences(article.text)
    starts = starts if starts is not None else [s.start for s in sentences]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i].text
    return ""


def _stated_date(article: Article,
                 expressions: list[TimeExpression]) -> tuple[date, str, str] | None:
    """A dateline near the top (also a wire story's "CITY, date (Agency) -"), a "Published
    ..." line, or a dated caption."""
    best: tuple[date, int] | None = None
    lines = _Lines(article.text)
    for t in expressions:
        m = _FULL_DATE.match(t.value)
        if not m or t.relative:
            continue
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        if day > date.today():
            continue  # a page cannot have been published after today
        line_start, line_end, labelled, future = lines.around(t.start, t.end)
        near_top = t.start < 400 and line_end - line_start < 200
        caption = _weekday_matches(t.text, day) and not future
        wire = t.start < 600 and bool(_WIRE_DATELINE.search(
            article.text, max(line_start, t.start - 60), t.start))
        if near_top or labelled or caption or wire:
            if best is None or day > best[0]:
                best = (day, t.start)
    if best is None:
        return None
    return best[0], "text", _sentence_of(article, best[1])


class _Lines:
    """The lines around a span and what they say, each searched once: a text with no
    line breaks and many dates would otherwise be searched in full once per date."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.seen: dict[tuple[int, int], tuple[int, int, bool, bool]] = {}

    def around(self, start: int, end: int) -> tuple[int, int, bool, bool]:
        """(start, end, names a dateline word, speaks of the future) of the lines."""
        key = bisect_left(self.breaks, start), bisect_left(self.breaks, end)
        if key not in self.seen:
            first, last = key
            line_start = self.breaks[first - 1] + 1 if first > 0 else 0
            line_end = self.breaks[last] if last < len(self.breaks) else len(self.text)
            line = self.text[line_start:line_end]
            self.seen[key] = (line_start, line_end, bool(_DATELINE_WORDS.search(line)),
                              bool(_FUTURE.search(line)))
        return self.seen[key]


def _weekday_matches(text: str, day: date) -> bool:
    lower = text.lower()
    return any(lower.startswith(w[:3]) for w in _WEEKDAYS) and \
        _WEEKDAYS[day.weekday()][:3] == lower[:3]


def _inferred_date(article: Article,
                   expressions: list[TimeExpression]) -> tuple[date, str, str] | None:
    """Publication estimated from the latest year the text speaks of as past.

    An article that calls the latest year it names "last year", or says that year
    "was" something, was written after it; a month and day it names without a year
    then fall in the following year.
    """
    years = [(int(t.value), t) for t in expressions
             if t.type == "DATE" and re.fullmatch(r"\d{4}", t.value) and not t.relative]
    sentences = split_sentences(article.text) if any(
        _PARTIAL_DATE.match(t.value) for t in expressions) else []
    starts = [s.start for s in sentences]
    partial = [(int(m[1]), int(m[2]), t) for t in expressions
               if (m := _PARTIAL_DATE.match(t.value)) and not _FUTURE.search(
                   _sentence_of(article, t.start, sentences, starts))]
    latest_year = max((y for y, _ in years), default=None)
    year_past = latest_year is not None and _spoken_of_as_past(article.text, latest_year,
                                                               expressions)
    if partial:
        month, day, t = max(partial, key=lambda p: (p[0], p[1]))
        if latest_year is None:
            return None
        year = latest_year + 1 if year_past else latest_year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        evidence = f"{t.text!r} with {latest_year} " + ("spoken of as past" if year_past
                                                         else "as the latest year")
        return found, "inferred", evidence
    if latest_year is not None and year_past:
        return date(latest_year + 1, 1, 1), "inferred", \
            f"{latest_year} spoken of as a past year, and no later date"
    return None


def _spoken_of_as_past(text: str, year: int, expressions: list[TimeExpression]) -> bool:
    if re.search(rf"\b{year}\s+(?:was|proved|proving|ended|saw|had been)\b", text):
        return True
    return any(t.text.lower() == "last year" for t in expressions)


def latest_partial_day(expressions: list[TimeExpression]) -> PartialDay | None:
    """The latest month and day the text names without a year ("Jan. 6"), with its words."""
    partial = [(int(m[1]), int(m[2]), t.text) for t in expressions
               if (m := _PARTIAL_DATE.match(t.value))]
    return max(partial, key=lambda p: (p[0], p[1])) if partial else None


def _year_from_corpus(article: Article, centre: date, partial: PartialDay | None) -> Article:
    """For "Jan. 6" with no year: the year that puts it nearest the corpus's middle date."""
    if partial is None:
        return article
    month, day, words = partial
    options = []
    for year in (centre.year - 1, centre.year, centre.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        return article
    best = min(options, key=lambda d: abs((d - centre).days))
    if abs((best - centre).days) > 92:
        return article
    return replace(article, published=best, published_basis="inferred",
                   published_evidence=f"{words!r}, with the year of the other articles")
