"""Extraction results kept between runs, keyed by what they depend on.

An entry is keyed by the extraction code and rule tables (their fingerprint), the
article's content hash and the publication date it was read with, so a changed file, a
new date or a better tagger never meets a stale result. Entries are JSON in one SQLite
file in the user's cache folder (TIMELINE_EXPLORER_CACHE_DIR overrides it; "off" turns
the cache off).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path

import orjson

from . import records
from .resources import resources_root
from .types import Article, ArticleAnalysis

CACHE_ENV = "TIMELINE_EXPLORER_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent
_RESOURCES = resources_root()
_RULE_FOLDERS = ("tagger", "events")
#: Modules that store, show, edit or export what extraction made but never shape it: a
#: change to them leaves cached analyses and a project's merged events valid (a module
#: not named here counts, so a new one is safe until it is listed).
_NOT_EXTRACTION = frozenset({
    "__main__.py", "cli.py", "entity_view.py", "exporters.py", "locks.py", "palette.py",
    "progress.py", "project.py", "project_checks.py", "render.py", "search.py",
    "session.py", "summaries.py"})


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of every module and rule table extraction depends on."""
    digest = hashlib.sha256()
    files = sorted(p for p in _PACKAGE.glob("*.py") if p.name not in _NOT_EXTRACTION)
    files += sorted(_RESOURCES.glob("*.txt"))
    for folder in _RULE_FOLDERS:
        files += sorted((_RESOURCES / folder).glob("*"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(kind: str, article: Article, published: str) -> str:
    return f"{fingerprint()}:{kind}:{article.content_hash}:{published}"


class AnalysisCache:
    """Dated articles and their analyses, read and written by the process that owns it."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data BLOB)")
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def _get(self, key: str):
        row = self._db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(zlib.decompress(row[0]))
        except (zlib.error, ValueError):
            return None

    def _put(self, key: str, value) -> None:
        try:
            text = orjson.dumps(value)
        except TypeError:  # what orjson refuses (see project._dumps), json writes
            text = json.dumps(value, separators=(",", ":")).encode()
        data = zlib.compress(text, 1)
        self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, data))

    def commit(self) -> None:
        self._db.commit()

    def dating(self, article: Article) -> dict | None:
        """The publication date an article's own evidence gave last time."""
        return self._get(_key("date", article, "auto"))

    def put_dating(self, dated: Article, partial: tuple | None = None) -> None:
        """Store the date the text gives, and for an undated text the month and day it
        names without a year (what the corpus's year is applied to)."""
        self._put(_key("date", dated, "auto"),
                  {"published": records.iso_day(dated.published),
                   "published_basis": dated.published_basis,
                   "published_evidence": dated.published_evidence,
                   "partial": list(partial) if partial else None})

    def analysis(self, article: Article) -> ArticleAnalysis | None:
        value = self._get(_key("analysis", article, records.iso_day(article.published) or "-"))
        if value is None:
            return None
        return records.analysis_from(value)

    def put_analysis(self, article: Article, analysis: ArticleAnalysis) -> None:
        self._put(_key("analysis", article, records.iso_day(article.published) or "-"),
                  records.analysis_record(analysis))


def default_cache() -> AnalysisCache | None:
    """The user's cache, or None when it is turned off or cannot be opened."""
    folder = os.environ.get(CACHE_ENV)
    if folder and folder.lower() == "off":
        return None
    if not folder:
        from platformdirs import user_cache_dir
        folder = user_cache_dir("timeline-explorer", appauthor=False)
    try:
        return AnalysisCache(Path(folder) / "extraction.sqlite")
    except (OSError, sqlite3.Error):
        return None
