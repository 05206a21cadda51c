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
    #: The expressions read with no reference date, when the document was built without
    #: one (dating asks for them next).
    undated: list[TimeExpression] | None = field(default=None, repr=False)

    def redated(self, article: Article) -> Document:
        """The same document read with ``article``'s (new) publication date."""
        return _resolved(replace(self, article=article))

    def undated_expressions(self) -> list[TimeExpression]:
        """The time expressions read with no reference date (what dating looks at)."""
        if self.undated is not None:
            return list(self.undated)
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
    normalised = tagger.normalised(doc.article.text, doc.found, published)
    plain = tagger.resolve(doc.article.text, doc.found, published, normalised=normalised)
    if published is None:
        doc.undated = plain
    speech = {f.start for f in doc.found if tagger.rules[f.rule].reference == "speech"}
    mode = narrative_mode([t for t in plain if not t.relative or t.start in speech], published)
    doc.mode = mode
    doc.expressions = tagger.resolve(doc.article.text, doc.found, published, narrative=mode,
                                     normalised=normalised)
    return doc


def narrative_mode(expressions: list[TimeExpression], published: date | None) -> str:
    """"news" when some date it states lies within a year of its publication and either
    a third of them do or it also counts from that date ("yesterday", "last week": the
    relative ``expressions`` given are those that count from it); "history" when what it
    dates lies further back (or there is no publication date). "Today" alone does not
    make news: encyclopedias say it too."""
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
                  and not t.value.endswith("REF") and t.value[:10] != published.isoformat())
    if not years:
        return "news"
    near = sum(1 for y in years if abs(y - published.year) <= 1)
    return "news" if near and (near * 3 >= len(years) or deictic) else "history"


def tag_in_context(text: str, reference: date | None, skip=()) -> list[TimeExpression]:
    """The time expressions of a text read as the chronology reads them (story time in a
    narrative), for measuring the tagger that way against TimeML gold."""
    article = Article("text", "", "", "", text, "", published=reference)
    return _resolved(Document(article, [], [], default_tagger().find(text, skip))).expressions
