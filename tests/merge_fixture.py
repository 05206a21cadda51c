"""Hand-made event mentions for merge tests: what extraction gives for a clause, with
its keywords computed from the clause text as extraction computes them."""
from datetime import date

from model.lexicon import content_keywords
from model.types import Anchor, EventMention, Interval, Sentence, TimeExpression

YEAR_DAYS = {"year": lambda y: (date(y, 1, 1), date(y, 12, 31))}


def mention(ident: str, article: str, text: str, start: date, end: date, granularity: str,
            anchor: str | None = "explicit", *, value: str = "", approximate: bool = False,
            figures: tuple[str, ...] = (), entities: tuple[str, ...] = (),
            derived: bool = False) -> EventMention:
    value = value or (str(start.year) if granularity == "year" else start.isoformat())
    return EventMention(
        id=f"{article}:{ident}", article_id=article, sentence=Sentence(0, len(text), text),
        clause_start=0, clause_end=len(text), timex=TimeExpression(0, 0, "", "DATE", value),
        label=text.rstrip("."), interval=Interval(start, end, granularity, approximate),
        value=value, keywords=content_keywords(text), figures=figures, derived=derived,
        anchor=Anchor(anchor, text) if anchor else None, entities=entities)


def year(ident: str, article: str, text: str, y: int, anchor: str = "explicit", **kw
         ) -> EventMention:
    return mention(ident, article, text, date(y, 1, 1), date(y, 12, 31), "year", anchor, **kw)


def day(ident: str, article: str, text: str, d: date, anchor: str = "explicit", **kw
        ) -> EventMention:
    return mention(ident, article, text, d, d, "day", anchor, **kw)
