"""Full-text search across the articles of a chronology (SQLite FTS5).

FTS5 ranks the articles that match a query; the hits inside each article are then found
again in its original text, so a result can jump to an exact character span.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from .types import Article

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_HITS = 500


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    start: int
    end: int
    #: The line of text around the hit, for a result list.
    context: str


class TextIndex:
    """An FTS5 index over the articles' texts, held in memory."""

    def __init__(self, articles: list[Article]):
        self.articles = {a.id: a for a in articles}
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE texts USING fts5(article_id UNINDEXED, title, "
                         "body, tokenize='unicode61 remove_diacritics 2')")
        self._db.executemany("INSERT INTO texts VALUES (?, ?, ?)",
                             [(a.id, a.title, a.text) for a in articles])

    def search(self, query: str, limit: int = MAX_HITS) -> list[SearchHit]:
        """Hits for every word of ``query`` (a quoted phrase stays together), best articles first."""
        terms = _terms(query)
        if not terms:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        rows = self._db.execute("SELECT article_id FROM texts WHERE texts MATCH ? "
                                "ORDER BY bm25(texts)", (match,)).fetchall()
        hits: list[SearchHit] = []
        for (article_id,) in rows:
            hits.extend(_hits_in(self.articles[article_id], terms))
            if len(hits) >= limit:
                break
        return hits[:limit]


def _terms(query: str) -> list[str]:
    """Quoted phrases and single words, as plain word sequences (no FTS5 syntax passes)."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        words = _WORD.findall(phrase or word)
        if words:
            terms.append(" ".join(words))
    return terms


def _fold(text: str) -> str:
    """Accents dropped character by character, so offsets in the result match ``text``."""
    return "".join(unicodedata.normalize("NFD", c)[0] if ord(c) > 127 else c for c in text)


def _hits_in(article: Article, terms: list[str]) -> list[SearchHit]:
    text, out = article.text, []
    folded = _fold(text)
    for term in terms:
        pattern = r"\W+".join(re.escape(w) for w in _fold(term).split())
        for m in re.finditer(rf"(?<!\w){pattern}\w*", folded, re.IGNORECASE):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            lo = max(m.start() - line_start - 60, 0)
            context = ("…" if lo else "") + line[lo:m.end() - line_start + 60].strip()
            out.append(SearchHit(article.id, m.start(), m.end(), context))
    return sorted(out, key=lambda h: h.start)
