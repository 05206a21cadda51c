"""A project: one research chronology kept for weeks in one ``.tlx`` file.

The file is an SQLite database holding the articles (text, metadata, content hash), each
article's extraction, the extracted events and the researcher's decisions. The chronology
shown is always the extraction with the decisions replayed over it (model.edits), so a
new article or a better tagger changes the extraction and keeps the researcher's work.

Saving writes a complete new file beside the old one and renames it over it, so an
interrupted save leaves the previous file intact. Opening never writes: an older schema
is migrated in memory and reaches the disk at the next save.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from . import records
from .cache import AnalysisCache
from .chronology import Chronology
from .edits import (Anchor, Change, Decision, Unapplied, apply_decisions, diff,
                    event_anchors, publication_dates)
from .exporters import fsync_directory
from .loaders import load_paths, unique_id
from .entities import resolve_entities
from .pipeline import (BuildCancelled, analyse_article, analyse_articles, merged_events,
                       prepare_article)
from .types import Article, ArticleAnalysis, Event, LoadProblem

SUFFIX = ".tlx"
APPLICATION = "timeline-explorer"
SCHEMA_VERSION = 2

#: MIGRATIONS[n] turns a version n-1 file into version n; a new file runs them all.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE articles (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
        "content_hash TEXT NOT NULL, record TEXT NOT NULL, text TEXT NOT NULL)",
        "CREATE TABLE analyses (article_id TEXT PRIMARY KEY REFERENCES articles(id), "
        "record TEXT NOT NULL)",
        "CREATE TABLE events (position INTEGER PRIMARY KEY, record TEXT NOT NULL)",
        "CREATE TABLE decisions (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "target TEXT NOT NULL, other TEXT NOT NULL, payload TEXT NOT NULL)",
        "CREATE TABLE problems (path TEXT NOT NULL, message TEXT NOT NULL)",
    ],
    2: [
        # The folders and files a project is built from, so it can be brought up to date.
        "CREATE TABLE sources (position INTEGER PRIMARY KEY, path TEXT NOT NULL)",
        # When each decision was made, for the history the researcher reviews.
        "ALTER TABLE decisions ADD COLUMN created TEXT NOT NULL DEFAULT ''",
    ],
}

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ProjectError(Exception):
    """A project cannot be opened or saved; the message is one line naming the file."""


@dataclass
class UpdateReport:
    """What bringing a project up to date with its files did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    unapplied: list[Unapplied] = field(default_factory=list)


def _checkpoint(stage: str) -> None:
    """A hook between the stages of a save (tests interrupt a save here)."""


class Project:
    """Articles, their extraction, and the decisions replayed over it."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.sources: list[str] = []
        self.articles: list[Article] = []
        self.analyses: dict[str, ArticleAnalysis] = {}
        self.extracted: list[Event] = []
        #: The corpus's entities (model.entities.Entity), from the last merge.
        self.entities: list = []
        self.decisions: list[Decision] = []
        self.problems: list[LoadProblem] = []
        self.events: list[Event] = []
        self.unapplied: list[Unapplied] = []
        self.revision = 0
        self.saved_revision = 0
        #: Counts the researcher's edits only: extraction can be redone, edits cannot.
        self.edit_revision = 0
        self.saved_edit_revision = 0

    # -- the chronology ------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self.revision != self.saved_revision

    @property
    def unsaved_edits(self) -> bool:
        """Edits that exist nowhere else: what closing without saving would lose."""
        return self.edit_revision != self.saved_edit_revision

    def copy(self) -> Project:
        """An independent copy to update off the GUI thread while this one stays on screen."""
        other = Project()
        other.__dict__.update(self.__dict__)
        for name in ("sources", "articles", "extracted", "entities", "decisions", "problems",
                     "events", "unapplied"):
            setattr(other, name, list(getattr(self, name)))
        other.analyses = dict(self.analyses)
        return other

    def chronology(self, include_rejected: bool = False) -> Chronology:
        events = self.events if include_rejected else \
            [e for e in self.events if e.status != "rejected"]
        expressions = {a.id: self.analyses[a.id].expressions for a in self.articles
                       if a.id in self.analyses}
        return Chronology(list(self.articles), expressions, list(events),
                          list(self.problems), dict(self.analyses),
                          entities=list(self.entities))

    def article_by_id(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def _merge(self) -> None:
        self.extracted, self.entities = merged_events(self.articles, self.analyses)
        self._replay()

    def _replay(self) -> None:
        self.events, self.unapplied = apply_decisions(self.extracted, self.decisions,
                                                      self.articles)

    # -- building ------------------------------------------------------------------------

    @classmethod
    def from_chronology(cls, chron: Chronology, sources: Iterable[str] = ()) -> Project:
        """A new project holding a chronology built outside one (e.g. by build_chronology)."""
        project = cls()
        project.sources = [str(s) for s in sources]
        project.articles = list(chron.articles)
        project.analyses = {a.id: chron.analyses[a.id] for a in chron.articles}
        project.problems = list(chron.problems)
        project.extracted = list(chron.events)
        project.entities = list(chron.entities)
        project._replay()
        project.revision = 1
        return project

    def update(self, paths: Iterable[str | Path], published: dict[str, date] | None = None,
               progress: Progress | None = None, cancelled: Cancelled | None = None, *,
               cache: AnalysisCache | None = None, workers: int | None = 1) -> UpdateReport:
        """Add the new articles under ``paths`` and extract changed ones again.

        Articles already in the project with the same text keep their extraction; an
        article whose file is gone stays (the project holds its text).
        """
        paths = [str(p) for p in paths]
        loaded, problems = load_paths([Path(p) for p in paths], cancelled=cancelled)
        if cancelled and cancelled():
            raise BuildCancelled()
        report = UpdateReport(problems=problems)
        by_path = {a.path: a for a in self.articles}
        hashes = {a.content_hash for a in self.articles}
        used = {a.id for a in self.articles}
        fresh: list[Article] = []
        replaced: dict[str, str] = {}
        for article in loaded:
            old = by_path.get(article.path)
            if old is not None and old.content_hash == article.content_hash:
                report.unchanged.append(old.id)
            elif old is not None:
                fresh.append(replace(article, id=old.id))
                replaced[old.id] = article.content_hash
                report.changed.append(old.id)
            elif article.content_hash not in hashes:
                article = replace(article, id=unique_id(article.id, used))
                fresh.append(article)
                report.added.append(article.id)
        given = dict(published or {})
        given.update(publication_dates(self.decisions, fresh))
        dated, analyses = analyse_articles(fresh, given, progress, cancelled,
                                           cache=cache, workers=workers)
        new_by_id = {a.id: a for a in dated}
        self.articles = [new_by_id.pop(a.id, a) for a in self.articles] + list(
            new_by_id.values())
        self.analyses.update(analyses)
        self.sources += [p for p in paths if p not in self.sources]
        self.problems = problems
        self._merge()
        report.unapplied = list(self.unapplied)
        if fresh or problems:
            self.revision += 1
        return report

    # -- editing -------------------------------------------------------------------------

    def apply(self, decision: Decision) -> Change:
        """Make one decision; what it changed in the event list."""
        if not decision.created:
            decision = replace(decision, created=datetime.now(timezone.utc).isoformat(
                timespec="seconds"))
        return self._changing(lambda: self.decisions.append(decision),
                              decision if decision.kind == "publication" else None)

    def undo_last(self) -> Change:
        """Take back the latest decision (the undo stack's last command)."""
        if not self.decisions:
            return Change()
        last = self.decisions[-1]
        return self._changing(self.decisions.pop,
                              last if last.kind == "publication" else None)

    def _changing(self, edit: Callable[[], object], publication: Decision | None) -> Change:
        before = self.events
        edit()
        if publication is not None:
            self._analyse_again(publication.target[0].content_hash)
            self._merge()
        else:
            self._replay()
        self.revision += 1
        self.edit_revision += 1
        return diff(before, self.events)

    def _analyse_again(self, content_hash: str) -> None:
        """Date and analyse one article again after its publication date was set or cleared."""
        for i, article in enumerate(self.articles):
            if article.content_hash == content_hash:
                given = publication_dates(self.decisions, [article]).get(article.id)
                if given is None:
                    article = replace(article, published=None, published_basis="unknown")
                dated = prepare_article(article, given)
                self.articles[i] = dated
                self.analyses[dated.id] = analyse_article(dated)

    def anchors(self, event_id: str) -> tuple[Anchor, ...]:
        hashes = {a.id: a.content_hash for a in self.articles}
        for e in self.events:
            if e.id == event_id:
                return event_anchors(e, hashes)
        raise KeyError(event_id)

    # -- files ---------------------------------------------------------------------------

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Save (to ``path``, which becomes the project's file, or to the current file)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("the project has no file yet: choose where to save it")
        revision, edits = self.revision, self.edit_revision
        write_project(self.snapshot(), target)
        self.path, self.saved_revision, self.saved_edit_revision = target, revision, edits

    def snapshot(self) -> ProjectData:
        """The project's content at this moment, to be written (perhaps on another thread)."""
        return ProjectData(list(self.sources), list(self.articles), dict(self.analyses),
                           list(self.extracted), list(self.decisions), list(self.problems),
                           str(self.path) if self.path else "")

    @classmethod
    def open(cls, path: str | os.PathLike) -> Project:
        data = read_project(path)
        project = cls()
        project.path = Path(path)
        project.sources, project.articles = data.sources, data.articles
        project.analyses, project.extracted = data.analyses, data.extracted
        project.entities = resolve_entities(
            {a.id: data.analyses[a.id].entities for a in project.articles
             if a.id in data.analyses})[0]
        project.decisions, project.problems = data.decisions, data.problems
        project._replay()
        return project

    @classmethod
    def recover(cls, recovery_file: str | os.PathLike) -> Project:
        """A project from an autosaved recovery file: back at its own path, unsaved."""
        project = cls.open(recovery_file)
        origin = read_origin(recovery_file)
        project.path = Path(origin) if origin else None
        project.revision = project.edit_revision = 1
        return project


# -- storage ------------------------------------------------------------------------------

@dataclass
class ProjectData:
    sources: list[str]
    articles: list[Article]
    analyses: dict[str, ArticleAnalysis]
    extracted: list[Event]
    decisions: list[Decision]
    problems: list[LoadProblem]
    #: The project file this data belongs to (kept in autosaved recovery files).
    origin: str = ""


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _anchors(text: str) -> tuple[Anchor, ...]:
    return tuple(Anchor(str(h), int(s), int(e)) for h, s, e in json.loads(text))


def migrate(con: sqlite3.Connection, version: int) -> None:
    """Bring a database of schema ``version`` (0 for an empty one) to SCHEMA_VERSION."""
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS[step]:
            con.execute(statement)
        if step == 2:
            con.executemany("INSERT INTO sources (path) VALUES (?)", [
                (json.loads(r)["path"],) for (r,) in
                con.execute("SELECT record FROM articles ORDER BY position")])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),))


def write_project(data: ProjectData, target: str | os.PathLike) -> None:
    """Write a whole project to ``target`` atomically: a new file renamed over the old."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        con = sqlite3.connect(tmp)
        try:
            migrate(con, 0)
            _insert(con, data)
            con.commit()
        finally:
            con.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        _checkpoint("written")
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ProjectError(f"cannot save {target}: {reason}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_directory(target.parent)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # left by a save that was killed


def _insert(con: sqlite3.Connection, data: ProjectData) -> None:
    con.execute("INSERT INTO meta VALUES ('saved', ?)",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
    con.execute("INSERT INTO meta VALUES ('origin', ?)", (data.origin,))
    con.executemany("INSERT INTO sources (position, path) VALUES (?, ?)",
                    enumerate(data.sources))
    con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?)", [
        (a.id, i, a.content_hash, _dumps(records.article_record(a, with_text=False)), a.text)
        for i, a in enumerate(data.articles)])
    con.executemany("INSERT INTO analyses VALUES (?, ?)", [
        (aid, _dumps(records.analysis_record(analysis)))
        for aid, analysis in data.analyses.items()])
    con.executemany("INSERT INTO events VALUES (?, ?)", [
        (i, _dumps(records.event_record(e))) for i, e in enumerate(data.extracted)])
    con.executemany("INSERT INTO decisions (seq, kind, target, other, payload, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [
                        (i, d.kind, _dumps([a.as_list() for a in d.target]),
                         _dumps([a.as_list() for a in d.other]), _dumps(d.payload), d.created)
                        for i, d in enumerate(data.decisions)])
    con.executemany("INSERT INTO problems VALUES (?, ?)",
                    [(p.path, p.message) for p in data.problems])


def read_project(path: str | os.PathLike) -> ProjectData:
    """Read a project file (any schema version up to ours) without writing to it."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"{path}: no such project file")
    memory = sqlite3.connect(":memory:")
    try:
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(memory)
            finally:
                source.close()
            if memory.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ProjectError(f"{path}: the project file is damaged")
            version = _version(memory, path)
            migrate(memory, version)
            return _read(memory)
        except sqlite3.Error as exc:
            raise ProjectError(f"{path}: not a readable project file ({exc})") from exc
        except (KeyError, ValueError, TypeError) as exc:
            raise ProjectError(f"{path}: the project file is damaged "
                               f"({type(exc).__name__}: {exc})") from exc
    finally:
        memory.close()


def read_origin(path: str | os.PathLike) -> str:
    """The project file a recovery file was autosaved for ('' for an unsaved project)."""
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def _version(con: sqlite3.Connection, path: Path) -> int:
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        raise ProjectError(f"{path}: not a Timeline Explorer project") from None
    if meta.get("application") != APPLICATION:
        raise ProjectError(f"{path}: not a Timeline Explorer project")
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise ProjectError(f"{path}: made by a newer Timeline Explorer "
                           f"(project version {version}, this one reads up to "
                           f"{SCHEMA_VERSION})")
    return version


def _read(con: sqlite3.Connection) -> ProjectData:
    articles = [records.article_from(json.loads(record), text) for record, text in
                con.execute("SELECT record, text FROM articles ORDER BY position")]
    analyses = {aid: records.analysis_from(json.loads(record)) for aid, record in
                con.execute("SELECT article_id, record FROM analyses")}
    missing = [a.id for a in articles if a.id not in analyses]
    if missing:
        raise KeyError(f"no extraction stored for {missing[0]}")
    extracted = [records.event_from(json.loads(r)) for (r,) in
                 con.execute("SELECT record FROM events ORDER BY position")]
    decisions = [Decision(kind, _anchors(target), _anchors(other), json.loads(payload), created)
                 for kind, target, other, payload, created in con.execute(
                     "SELECT kind, target, other, payload, created FROM decisions ORDER BY seq")]
    problems = [LoadProblem(p, m) for p, m in con.execute("SELECT path, message FROM problems")]
    sources = [p for (p,) in con.execute("SELECT path FROM sources ORDER BY position")]
    return ProjectData(sources, articles, analyses, extracted, decisions, problems)
