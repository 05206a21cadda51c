"""The typed records that flow through the pipeline.

files -> Article -> TimeExpression -> EventMention -> Event -> chronology frame.
Each stage reads the records of the stage before and adds its own; none of them
knows about the screen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .day import Day

#: How an article's publication date was found, most to least trustworthy.
PUBLISHED_BASES = ("given", "metadata", "text", "inferred", "unknown")

#: Interval granularities, finest first.
GRANULARITIES = ("time", "day", "week", "month", "season", "quarter", "half", "year",
                 "decade", "century")


@dataclass
class Article:
    """One loaded source, with its original text kept exactly as the user reads it."""

    id: str
    path: str
    title: str
    source: str
    text: str
    content_hash: str
    published: date | None = None
    published_basis: str = "unknown"
    published_evidence: str = ""
    #: Character spans of page furniture (menus, share buttons, player timecodes...).
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    #: Date found in the file's own metadata (HTML meta tags, PDF/DOCX properties).
    metadata_date: date | None = None


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3: a span of text with its normalised TimeML value."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str = ""  # TimeML mod: START, MID, END, APPROX, BEFORE, AFTER, ...
    #: True when the value was computed from a reference date (yesterday, on Monday).
    relative: bool = False
    #: False when a relative expression could not be resolved (no reference date).
    resolved: bool = True
    #: For durations that anchor a state ("for three years"): the anchor value.
    anchor: str = ""
    #: The value of the story's time it was counted from ("On 12 April" after "In 1861":
    #: "1861"); empty when it counts from the publication date or stands alone.
    counted_from: str = ""


@dataclass(frozen=True)
class Interval:
    """The stretch of time a value occupies, end inclusive, in plain calendar days (BCE too)."""

    start: Day
    end: Day
    granularity: str
    approximate: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.start, Day):  # a datetime.date from older callers
            object.__setattr__(self, "start", Day.from_date(self.start))
        if not isinstance(self.end, Day):
            object.__setattr__(self, "end", Day.from_date(self.end))

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


#: How a mention got its date (the JSON "anchor" kinds).
ANCHOR_KINDS = ("explicit", "relative", "duration", "narrative", "publication", "derived")
#: Anchors that date a mention by its context rather than by words of its own.
CONTEXT_KINDS = ("narrative", "publication")


@dataclass(frozen=True)
class Anchor:
    """How one mention's date was found, in words a person can check."""

    kind: str  # one of ANCHOR_KINDS
    #: The expression, or the sentence, the date came from.
    text: str
    #: Id of the mention it counts from ("a week after auditors warned": the warning).
    source: str = ""
    #: One line a person reads: "Thursday before the publication date, 3 Jan 2014 (given)".
    explanation: str = ""


@dataclass(frozen=True)
class EntityRef:
    """An entity taking part in an event, as events and exports name it."""

    id: str
    name: str
    type: str


@dataclass(frozen=True)
class Claim:
    """What one source says of an event where sources disagree: a date or a figure."""

    kind: str  # "date" or "figure"
    value: str
    article_id: str
    mention_id: str
    sentence: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class EventMention:
    """One article's statement that something happened at a time."""

    id: str
    article_id: str
    sentence: Sentence
    clause_start: int
    clause_end: int
    timex: TimeExpression
    label: str
    interval: Interval
    value: str
    #: Words used to compare mentions across articles (lemmas of content words).
    keywords: frozenset[str] = frozenset()
    #: Numbers stated in the clause (people killed, ...), to flag disagreements.
    figures: tuple[str, ...] = ()
    derived: bool = False
    anchor: Anchor | None = None
    #: Ids of the entities taking part (resolved across the corpus when merging).
    entities: tuple[str, ...] = ()


@dataclass
class Event:
    """One real-world event, with every mention of it across the articles."""

    id: str
    label: str
    interval: Interval
    value: str
    mentions: list[EventMention]
    derived: bool = False
    flags: list[str] = field(default_factory=list)
    category: str = ""
    note: str = ""
    #: The researcher's verdict: proposed (by extraction), accepted or rejected (hidden).
    status: str = "proposed"
    #: Added by hand rather than extracted.
    manual: bool = False
    entities: list[EntityRef] = field(default_factory=list)
    #: Every source's date or figure where the sources disagree (never averaged).
    claims: list[Claim] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return bool(self.claims)

    @property
    def anchor(self) -> Anchor | None:
        """The firmest way any of its mentions was dated (a stated date before a context)."""
        best = None
        for m in self.mentions:
            if m.anchor is not None and (best is None or ANCHOR_KINDS.index(m.anchor.kind)
                                         < ANCHOR_KINDS.index(best.kind)):
                best = m.anchor
        return best

    @property
    def context_dated(self) -> bool:
        """Dated only by the story's time or the publication date, never by its own words."""
        anchor = self.anchor
        return anchor is not None and anchor.kind in CONTEXT_KINDS

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(m.article_id for m in self.mentions))


@dataclass
class ArticleAnalysis:
    """What extraction found in one dated article: the unit cached and stored per article."""

    expressions: list[TimeExpression]
    mentions: list[EventMention]
    references: list[EventMention]
    #: The names the article mentions (model.entities.EntityMention), sorted by start.
    entities: list = field(default_factory=list)


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be (fully) used, with a one-line reason."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
