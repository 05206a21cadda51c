"""One document per article, built once, read by every later stage.

Sentences are split once and the text is scanned by the tagger once; the clauses with
their tense are read once. When the publication date changes, only the values of the time
expressions are computed again (``Document.redated``), not the scan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .clauses import Clause, clauses_of
from .sentences import split_sentences
from .tagger import Found, default_tagger
from .types import Article, Sentence, TimeExpression

_ABSOLUTE_YEAR = re.compile(r"(BC)?(\d{4})")


@dataclass
class Document:
    article: Article
    sentences: list[Sentence]
    clauses: list[Clause]
    #: The tagger's matches, kept so that a new publication date only re-resolves them.
    found: list[Found] = field(repr=False)
    expressions: list[TimeExpression] = field(default_factory=list)
    #: "news" (speaks of the days around its publication) or "history" (a narrative of
    #: other times, or an article with no publication date).
    mode: str = "news"

    def redated(self, article: Article) -> Document:
        """The same document read with ``article``'s (new) publication date."""
        return _resolved(replace(self, article=article))

    def undated_expressions(self) -> list[TimeExpression]:
        """The time expressions read with no reference date (what dating looks at)."""
        return default_tagger().resolve(self.article.text, self.found, None)


def build_document(article: Article) -> Document:
    text = article.text
    sentences = split_sentences(text, skip=article.boilerplate)
    found = default_tagger().find(text, article.boilerplate)
    doc = Document(article, sentences, clauses_of(text, sentences), found)
    return _resolved(doc)


def _resolved(doc: Document) -> Document:
    tagger = default_tagger()
    published = doc.article.published
    plain = tagger.resolve(doc.article.text, doc.found, published)
    mode = narrative_mode(plain, published)
    doc.mode = mode
    doc.expressions = tagger.resolve(doc.article.text, doc.found, published, narrative=mode)
    return doc


def narrative_mode(expressions: list[TimeExpression], published: date | None) -> str:
    """"news" when the text counts from its publication date ("yesterday", "on Monday")
    or most dates it states lie within a year of it; "history" when they lie further back
    (or there is no publication date)."""
    if published is None:
        return "history"
    years = []
    for t in expressions:
        if t.type != "DATE" or t.relative:
            continue
        m = _ABSOLUTE_YEAR.match(t.value)
        if m:
            years.append(-int(m[2]) if m[1] else int(m[2]))
    deictic = sum(1 for t in expressions if t.relative and t.type in ("DATE", "TIME")
                  and not t.value.endswith("REF"))
    if not years or deictic:
        return "news"
    near = sum(1 for y in years if abs(y - published.year) <= 1)
    return "news" if near * 2 >= len(years) else "history"
