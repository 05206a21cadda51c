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

import dataclasses
import errno
import gc
import json
import operator
import os
import secrets
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from datetime import date, datetime, timezone
from pathlib import Path

import orjson

from . import records
from .cache import AnalysisCache, fingerprint
from .chronology import Chronology
from .edits import (Anchor, Change, Decision, Unapplied, apply_decisions, diff,
                    event_anchors, publication_dates)
from .exporters import fsync_directory
from .loaders import load_paths, unique_id
from .entities import Entity, resolve_entities
from .locks import FileLock, LockedError
from .merge_incremental import merged_events_added
from .pipeline import analyse_article, analyse_articles, merged_events, prepare_article
from .progress import BuildCancelled, Cancelled, Previews, Progress
from .project_checks import (Malformed, analysis_problem, article_problem, decision_from,
                             event_problem, problem_problem, record_problem)
from .summaries import EventSummary, StoredView, summarise, summary_from_row, summary_row
from .types import Article, ArticleAnalysis, Event, EventMention, LoadProblem

SUFFIX = ".tlx"
APPLICATION = "timeline-explorer"
SCHEMA_VERSION = 4

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
    3: [
        # The entities of the last merge, so opening need not resolve them again. Also
        # from version 3: an event's mention that is its article's extracted mention is
        # stored as a reference to it, and a sentence's text as its span of the article.
        "CREATE TABLE entities (position INTEGER PRIMARY KEY, record TEXT NOT NULL)",
    ],
    4: [
        # The summaries of the events shown when the file was saved (model.summaries):
        # opening paints them while the rest of the file is read.
        "CREATE TABLE shown (position INTEGER PRIMARY KEY, record TEXT NOT NULL)",
    ],
}


class ProjectError(Exception):
    """A project cannot be opened or saved; the message is one line naming the file."""


class ProjectChangedError(ProjectError):
    """The file was replaced on disk (by another window or program) since this project
    was read from it: saving over it would drop that other work."""


#: What identifies one version of a project file on disk: every save writes a new file
#: (a new inode), and an edit in place changes its size or modification time.
DiskStamp = tuple[int, int, int, int]


def disk_stamp(path: str | os.PathLike) -> DiskStamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


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
        #: The file as it was when this project was read from it or saved to it.
        self.disk_stamp: DiskStamp | None = None
        #: The decisions the file held then: the ones after them are this window's own.
        self.disk_decisions: list[Decision] = []
        #: The article and extraction objects the file held then, by article id: a save
        #: copies the rows of those still here unchanged (the same objects) from that file.
        self.disk_rows: dict[str, tuple[Article, ArticleAnalysis | None]] = {}
        #: Shared by a project and its copies (one line of edits, one revision counter).
        self.lineage = secrets.token_hex(6)
        #: The fingerprint of the code that merged ``extracted`` ('' when not known): new
        #: articles are merged into it only while the code is the same.
        self.merged_with = ""

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

    def _merge(self, progress: Progress | None = None, cancelled: Cancelled | None = None
               ) -> None:
        self.extracted, self.entities = merged_events(self.articles, self.analyses, progress,
                                                      cancelled)
        self.merged_with = fingerprint()
        self._replay()

    def _merge_added(self, added: list[str], progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> None:
        """Merge the articles ``added`` into the stored events, if they were merged by
        this code (model.merge_incremental); otherwise merge everything again."""
        if not self.merged_with or self.merged_with != fingerprint():
            self._merge(progress, cancelled)
            return
        self.extracted, self.entities = merged_events_added(self.extracted, self.articles,
                                                            self.analyses, added)
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
        project.merged_with = fingerprint()
        project._replay()
        project.revision = 1
        return project

    def update(self, paths: Iterable[str | Path], published: dict[str, date] | None = None,
               progress: Progress | None = None, cancelled: Cancelled | None = None, *,
               cache: AnalysisCache | None = None, workers: int | None = 1,
               partial: Callable[[Chronology], None] | None = None) -> UpdateReport:
        """Add the new articles under ``paths`` and extract changed ones again.

        Articles already in the project with the same text keep their extraction; an
        article whose file is gone stays (the project holds its text). ``partial`` is
        shown the chronology of the articles analysed so far, now and then (Previews).
        """
        paths = [str(p) for p in paths]
        loaded, problems = load_paths([Path(p) for p in paths], cancelled=cancelled,
                                      progress=progress)
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
        # A preview merges every article: worth it while most of them are new, not for a
        # few articles added to an archive (each preview would cost the whole merge).
        arrived = self._previews(partial, problems) \
            if partial is not None and len(fresh) >= len(self.articles) else None
        dated, analyses = analyse_articles(fresh, given, progress, cancelled,
                                           cache=cache, workers=workers, arrived=arrived)
        new_by_id = {a.id: a for a in dated}
        self.articles = [new_by_id.pop(a.id, a) for a in self.articles] + list(
            new_by_id.values())
        self.analyses.update(analyses)
        self.sources += [p for p in paths if p not in self.sources]
        self.problems = problems
        if replaced:
            self._merge(progress, cancelled)
        elif report.added:
            self._merge_added(report.added, progress, cancelled)
        elif self.merged_with != fingerprint():
            self._merge(progress, cancelled)
        else:
            self._replay()
        report.unapplied = list(self.unapplied)
        if fresh or problems:
            self.revision += 1
        return report

    def _previews(self, partial: Callable[[Chronology], None], problems: list[LoadProblem]):
        """What analyse_articles calls as articles arrive: now and then, the chronology
        of this project's articles and the new ones so far, merged (not a project: it is
        only shown, and the finished update replaces it)."""
        previews = Previews()
        known = {a.id for a in self.articles}

        def preview(dated: dict[str, Article], new: dict[str, ArticleAnalysis]) -> Chronology:
            analyses = {**self.analyses, **new}
            articles = [dated.get(a.id, a) for a in self.articles] + [
                a for i, a in dated.items() if i not in known]
            articles = [a for a in articles if a.id in analyses]
            events, entities = merged_events(articles, analyses)
            events, _ = apply_decisions(events, self.decisions, articles)
            return Chronology(articles, {a.id: analyses[a.id].expressions for a in articles},
                              [e for e in events if e.status != "rejected"], list(problems),
                              analyses, entities=entities)

        def arrived(dated: dict[str, Article], new: dict[str, ArticleAnalysis]) -> None:
            if previews.due():
                partial(previews.run(lambda: preview(dated, new)))
        return arrived

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

    def edited_event_ids(self, events: Iterable[Event] | None = None) -> set[str]:
        """The events (of ``events``, or of the project) a decision of the researcher
        acts on, drawn with the 'edited' mark."""
        return edited_ids(self.events if events is None else events, self.decisions,
                          self.articles)

    def anchors(self, event_id: str) -> tuple[Anchor, ...]:
        hashes = {a.id: a.content_hash for a in self.articles}
        for e in self.events:
            if e.id == event_id:
                return event_anchors(e, hashes)
        raise KeyError(event_id)

    # -- files ---------------------------------------------------------------------------

    def save(self, path: str | os.PathLike | None = None, *, lock: FileLock | None = None,
             overwrite: bool = False) -> None:
        """Save (to ``path``, which becomes the project's file, or to the current file).

        Raises ProjectChangedError if the file was changed on disk since this project
        read or saved it, unless ``overwrite``. ``lock``: the file's lock, already held
        by the caller (``build --project`` holds it from reading to saving)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("the project has no file yet: choose where to save it")
        revision, edits = self.revision, self.edit_revision
        expect = None if overwrite else self.expected_stamp(target)
        data = self.snapshot()
        stamp = write_project(data, target, expect=expect, lock=lock)
        self.mark_saved(target, revision, edits, stamp, data)

    def expected_stamp(self, target: str | os.PathLike) -> DiskStamp | None:
        """What ``target`` must still be for a save over it to lose nothing: the file
        this project was read from, unless that is elsewhere."""
        if self.path is None or self.disk_stamp is None:
            return None
        return self.disk_stamp if _same_path(self.path, target) else None

    def changed_on_disk(self) -> bool:
        """True if the project's file is no longer the one it was read from or saved to."""
        if self.path is None or self.disk_stamp is None:
            return False
        now = disk_stamp(self.path)
        return now is not None and now != self.disk_stamp

    def mark_saved(self, path: str | os.PathLike, revision: int, edits: int,
                   stamp: DiskStamp | None, data: ProjectData) -> None:
        """Record a finished save of the snapshot ``data`` taken at ``revision`` (the
        project may have moved on while it was written)."""
        self.path, self.saved_revision, self.saved_edit_revision = Path(path), revision, edits
        self.disk_stamp = stamp
        self.disk_decisions = list(data.decisions)
        self.disk_rows = _rows(data)

    def snapshot(self) -> ProjectData:
        """The project's content at this moment, to be written (perhaps on another thread)."""
        articles, decisions = list(self.articles), list(self.decisions)
        shown = [e for e in self.events if e.status != "rejected"]
        return ProjectData(list(self.sources), articles, dict(self.analyses),
                           list(self.extracted), decisions, list(self.problems),
                           str(self.path) if self.path else "", self.merged_with,
                           list(self.entities),
                           # summarised by the save, off the window's thread (an
                           # archive's take seconds); events are never changed in place
                           partial(_summaries, shown, decisions, articles),
                           self._stored_rows())

    def _stored_rows(self) -> StoredRows | None:
        """The articles whose rows in this project's file equal what a save would write."""
        if self.path is None or self.disk_stamp is None or not self.disk_rows:
            return None
        same = frozenset(a.id for a in self.articles if (
            held := self.disk_rows.get(a.id)) is not None and held[0] is a
            and held[1] is self.analyses.get(a.id))
        return StoredRows(str(self.path), self.disk_stamp, same) if same else None

    @classmethod
    def open(cls, path: str | os.PathLike) -> Project:
        stamp = disk_stamp(path)
        data = read_project(path)
        project = cls()
        project.path = Path(path)
        project.sources, project.articles = data.sources, data.articles
        project.analyses, project.extracted = data.analyses, data.extracted
        project.entities = data.entities if data.entities is not None else resolve_entities(
            {a.id: data.analyses[a.id].entities for a in project.articles
             if a.id in data.analyses})[0]
        project.decisions, project.problems = data.decisions, data.problems
        project.merged_with = data.merged_with
        try:
            if project.merged_with and project.merged_with != fingerprint():
                project._merge()  # merged by another version: its events are out of date
                project.revision += 1
            project._replay()
        except Exception as exc:  # checked records should replay; a file never crashes us
            raise ProjectError(f"{path}: the project file is damaged: its decisions cannot "
                               f"be replayed ({type(exc).__name__}: {exc})") from exc
        project.disk_stamp, project.disk_decisions = stamp, list(data.decisions)
        project.disk_rows = _rows(data)
        return project

    def reloaded(self) -> tuple[Project, ReloadReport]:
        """The project as its file now is, with this project's own work on top: the
        decisions made since it was read or saved, and articles the file lacks.

        For a window whose file another window or program saved meanwhile: nothing of
        either side is dropped."""
        if self.path is None:
            raise ProjectError("the project has no file to reload")
        fresh = Project.open(self.path)
        report = ReloadReport()
        known = {a.content_hash for a in fresh.articles}
        used = {a.id for a in fresh.articles}
        for article in self.articles:
            if article.content_hash in known:
                continue
            analysis = self.analyses[article.id]
            if article.id in used:
                article = replace(article, id=unique_id(article.id, used))
                analysis = analyse_article(article)
            else:
                used.add(article.id)
            fresh.articles.append(article)
            fresh.analyses[article.id] = analysis
            known.add(article.content_hash)
            report.articles.append(article.id)
        fresh.sources += [s for s in self.sources if s not in fresh.sources]
        theirs = list(fresh.decisions)
        report.decisions = [d for d in self.decisions
                            if d not in self.disk_decisions and d not in theirs]
        fresh.decisions = theirs + report.decisions
        fresh._merge()
        mine = {id(d) for d in report.decisions}
        report.unapplied = [u for u in fresh.unapplied if id(u.decision) in mine]
        if report.decisions or report.articles:
            fresh.revision = fresh.edit_revision = 1
        return fresh, report

    @classmethod
    def recover(cls, recovery_file: str | os.PathLike) -> Project:
        """A project from an autosaved recovery file: back at its own path, unsaved."""
        project = cls.open(recovery_file)
        origin = read_origin(recovery_file)
        project.path = Path(origin) if origin else None
        project.revision = project.edit_revision = 1
        # Which version of its file the edits were made on is not known: the first save
        # writes them as they are (the recovered edits are what the researcher asked for).
        project.disk_stamp, project.disk_decisions, project.disk_rows = None, [], {}
        return project


@dataclass
class ReloadReport:
    """What a reload kept of the window's own work."""

    decisions: list[Decision] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    unapplied: list[Unapplied] = field(default_factory=list)


def _same_path(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# -- storage ------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredRows:
    """Rows a project file holds that equal a snapshot's own: the file at ``path``, as
    long as it has ``stamp``, holds the article and extraction rows of the articles
    ``ids`` as the snapshot would write them, so they are copied inside SQLite instead
    of being encoded again (an archive's extraction is hundreds of megabytes)."""

    path: str
    stamp: DiskStamp
    ids: frozenset[str]


def edited_ids(events: Iterable[Event], decisions: list[Decision],
               articles: list[Article]) -> set[str]:
    """The ids of the ``events`` a decision of the researcher acts on."""
    targets = {anchor for d in decisions if d.kind != "publication"
               for anchor in tuple(d.target) + tuple(d.other)}
    if not targets:
        return set()
    hashes = {a.id: a.content_hash for a in articles}
    return {e.id for e in events if targets.intersection(event_anchors(e, hashes))}


def _summaries(events: list[Event], decisions: list[Decision], articles: list[Article]
               ) -> list[EventSummary]:
    return summarise(events, edited_ids(events, decisions, articles))


def _rows(data: ProjectData) -> dict[str, tuple[Article, ArticleAnalysis | None]]:
    return {a.id: (a, data.analyses.get(a.id)) for a in data.articles}


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
    #: Project.merged_with.
    merged_with: str = ""
    #: The entities of the last merge (None: not stored, resolve them from the analyses).
    entities: list | None = None
    #: The summaries of the events shown, or what makes them when the file is written
    #: (written, never read back into a project).
    shown: list[EventSummary] | Callable[[], list[EventSummary]] = field(default_factory=list)
    #: Rows to copy from the file the project was read from or saved to.
    reuse: StoredRows | None = None


def _dumps(value) -> str:
    """Compact JSON; orjson writes the same text several times faster (an archive's
    project holds hundreds of megabytes of it), json takes what orjson refuses."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError: a key not text, a number past 64 bits
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


Expected = DiskStamp | Callable[[], DiskStamp | None] | None


def write_project(data: ProjectData, target: str | os.PathLike, *, expect: Expected = None,
                  lock: FileLock | None = None,
                  written: Callable[[DiskStamp | None], None] | None = None
                  ) -> DiskStamp | None:
    """Write a whole project to ``target`` atomically (a new file renamed over the old)
    under the file's lock; returns the new file's stamp.

    ``expect``: the stamp ``target`` must still have (ProjectChangedError otherwise), or
    a function giving it, asked once the lock is held (an earlier save of the same
    window may finish while this one waits for the lock). ``written(stamp)`` is called
    still holding the lock. ``lock``: the lock, if the caller holds it already. Only this
    save's own temporary file is ever removed, and leftovers of killed saves only while
    holding the lock."""
    target = Path(target)
    own_lock = lock is None
    try:
        if own_lock:
            lock = FileLock(target).acquire()
    except LockedError as exc:
        raise ProjectError(f"cannot save: {exc}") from None
    except OSError as exc:
        raise ProjectError(f"cannot save {target}: {save_failure(exc, target)}") from exc
    try:
        if callable(expect):
            expect = expect()
        if expect is not None and disk_stamp(target) not in (expect, None):
            raise ProjectChangedError(f"{target} was changed on disk since it was opened "
                                      f"(by another window or program)")
        _write_new_file(data, target)
        stamp = disk_stamp(target)
        if written is not None:
            written(stamp)
        _remove_leftovers(target)
        return stamp
    finally:
        if own_lock:
            lock.release()


def _temporary_name(target: Path) -> Path:
    """Unique to this save: the process id, so leftovers of dead processes can be told
    apart, and a random part, so two saves never share one."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(6)}.tmp")


def _write_new_file(data: ProjectData, target: Path) -> None:
    tmp = _temporary_name(target)
    try:
        con = sqlite3.connect(tmp.resolve().as_uri(), uri=True)
        try:
            attached = _attach_stored(con, data.reuse)
            migrate(con, 0)
            copied = _copy_stored_rows(con, data) if attached else (set(), set())
            _insert(con, data, *copied)
            con.commit()
        finally:
            con.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        _checkpoint("written")
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        _discard(tmp)
        raise ProjectError(f"cannot save {target}: {save_failure(exc, target)}") from exc
    except BaseException:
        _discard(tmp)
        raise
    fsync_directory(target.parent)


def _discard(tmp: Path) -> None:
    """Remove this save's own temporary file; a folder that refuses (read-only) keeps
    it, and the error that matters is the one already being reported."""
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def _remove_leftovers(target: Path) -> None:
    """Temporary files of saves that were killed: those of processes no longer running.
    Called holding the lock, so no other save of ``target`` is under way."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        pid = leftover.name[len(target.name) + 2:].split("-", 1)[0]
        if pid.isdigit() and _running(int(pid)):
            continue
        _discard(leftover)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's saves are done: it holds the lock
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def save_failure(exc: BaseException, target: Path) -> str:
    """Why a save failed, naming the cause (read-only, disk full, permission): the
    system's words for an OS error, the same words for SQLite's vaguer ones."""
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc).lower()
    if "full" in text:
        return os.strerror(errno.ENOSPC)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return _folder_cause(target.parent)
    return str(exc) or type(exc).__name__


def _folder_cause(folder: Path) -> str:
    """Why a file cannot be made in ``folder`` (SQLite only says it could not)."""
    if not folder.is_dir():
        return os.strerror(errno.ENOENT)
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return os.strerror(errno.EROFS)
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        return os.strerror(errno.EACCES)
    return "could not create the file"


def _attach_stored(con: sqlite3.Connection, reuse: StoredRows | None) -> bool:
    """Attach the file rows are copied from (read-only, its schema's functions not
    trusted), before the new file's transaction begins; False if there is none."""
    if reuse is None or not reuse.ids:
        return False
    try:
        con.execute("PRAGMA trusted_schema = OFF")
        con.execute("ATTACH DATABASE ? AS stored",
                    (f"{Path(reuse.path).resolve().as_uri()}?mode=ro",))
    except (sqlite3.Error, OSError, ValueError):
        return False
    return True


#: The columns rows are copied by, as this version writes them.
_COPIED = {"articles": ("id", "position", "content_hash", "record", "text"),
           "analyses": ("article_id", "record")}


def _copy_stored_rows(con: sqlite3.Connection, data: ProjectData
                      ) -> tuple[set[str], set[str]]:
    """Copy the unchanged articles' rows from the attached file, if it is still the
    one the snapshot names (checked while this transaction holds its read lock) and
    of this schema; the ids of the articles and of the extractions copied. Anything
    unexpected copies nothing: every row is then written from the snapshot."""
    reuse = data.reuse
    try:
        kinds = dict(con.execute("SELECT name, type FROM stored.sqlite_master"))
        meta = dict(con.execute("SELECT key, value FROM stored.meta")) \
            if kinds.get("meta") == "table" else {}
        if disk_stamp(reuse.path) != reuse.stamp or \
                meta.get("application") != APPLICATION or \
                meta.get("schema_version") != str(SCHEMA_VERSION):
            return set(), set()
        for table, columns in _COPIED.items():
            stored = [(row[1], row[6]) for row in con.execute(
                f'PRAGMA stored.table_xinfo("{table}")')]
            if kinds.get(table) != "table" or stored != [(c, 0) for c in columns]:
                return set(), set()
        con.execute("CREATE TEMP TABLE kept (id TEXT PRIMARY KEY, position INTEGER)")
        con.executemany("INSERT INTO kept VALUES (?, ?)", [
            (a.id, i) for i, a in enumerate(data.articles) if a.id in reuse.ids])
        con.execute("INSERT INTO articles (id, position, content_hash, record, text) "
                    "SELECT s.id, k.position, s.content_hash, s.record, s.text "
                    "FROM stored.articles AS s JOIN kept AS k ON s.id = k.id")
        con.execute("INSERT INTO analyses (article_id, record) SELECT s.article_id, "
                    "s.record FROM stored.analyses AS s JOIN kept AS k ON s.article_id = k.id")
    except sqlite3.Error:
        pass  # a statement that failed copied nothing; the tables say what was copied
    return ({i for (i,) in con.execute("SELECT id FROM articles")},
            {i for (i,) in con.execute("SELECT article_id FROM analyses")})


def _insert(con: sqlite3.Connection, data: ProjectData,
            copied_articles: set[str] = frozenset(),
            copied_analyses: set[str] = frozenset()) -> None:
    """Rows are handed to SQLite one at a time: an archive's records are never all held
    as text at once. ``copied_*``: the articles whose rows are copied already."""
    con.execute("INSERT INTO meta VALUES ('saved', ?)",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
    con.execute("INSERT INTO meta VALUES ('origin', ?)", (data.origin,))
    con.execute("INSERT INTO meta VALUES ('merged_with', ?)", (data.merged_with,))
    con.executemany("INSERT INTO sources (position, path) VALUES (?, ?)",
                    [(i, _stored_path(s)) for i, s in enumerate(data.sources)])
    con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?)", (
        (a.id, i, a.content_hash, _dumps(records.article_record(a, with_text=False)), a.text)
        for i, a in enumerate(data.articles) if a.id not in copied_articles))
    texts = {a.id: a.text for a in data.articles}
    con.executemany("INSERT INTO analyses VALUES (?, ?)", (
        (aid, _dumps(_analysis_stored(analysis, texts.get(aid, ""))))
        for aid, analysis in data.analyses.items() if aid not in copied_analyses))
    extracted = {(m.article_id, m.id): m for a in data.analyses.values() for m in a.mentions}
    con.executemany("INSERT INTO events VALUES (?, ?)", (
        (i, _dumps(_event_stored(e, extracted, texts))) for i, e in enumerate(data.extracted)))
    con.executemany("INSERT INTO entities VALUES (?, ?)", (
        (i, _dumps(dataclasses.asdict(e))) for i, e in enumerate(data.entities or ())))
    con.executemany("INSERT INTO shown VALUES (?, ?)", (
        (i, _dumps(summary_row(s))) for i, s in enumerate(
            data.shown() if callable(data.shown) else data.shown)))
    con.executemany("INSERT INTO decisions (seq, kind, target, other, payload, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [
                        (i, d.kind, _dumps([a.as_list() for a in d.target]),
                         _dumps([a.as_list() for a in d.other]), _dumps(d.payload), d.created)
                        for i, d in enumerate(data.decisions)])
    con.executemany("INSERT INTO problems VALUES (?, ?)",
                    [(p.path, p.message) for p in data.problems])


def _sentence_stored(record: dict, text: str) -> dict:
    """A mention record without its sentence's text when the article holds it there."""
    start, end, sentence = record["sentence"]
    if text[start:end] == sentence:
        record["sentence"] = [start, end]
    return record


def _analysis_stored(analysis: ArticleAnalysis, text: str) -> dict:
    record = records.analysis_record(analysis)
    for m in record["mentions"] + record["references"]:
        _sentence_stored(m, text)
    return record


#: The fields of an event's mention that must equal its article's extracted mention for
#: the event to store a reference to it; the merge resolves the participants and folds
#: spellings of the keywords, so those are kept with the reference.
_SAME_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(EventMention)
                                     if f.name not in ("entities", "keywords")))


def _event_stored(event: Event, extracted: dict, texts: dict[str, str]) -> dict:
    """The event's record; a mention that is its article's extracted mention is stored
    as a reference to it (only the others are encoded)."""
    record = records.event_record(replace(event, mentions=[]))
    stored = []
    for m in event.mentions:
        same = extracted.get((m.article_id, m.id))
        if same is not None and (m is same or _SAME_FIELDS(m) == _SAME_FIELDS(same)):
            ref = {"of": m.id, "article_id": m.article_id, "entities": list(m.entities)}
            if m.keywords != same.keywords:
                ref["keywords"] = sorted(m.keywords)
            stored.append(ref)
        else:
            stored.append(_sentence_stored(records.mention_record(m),
                                           texts.get(m.article_id, "")))
    record["mentions"] = stored
    return record


def _sentence_read(record, texts: dict[str, str]):
    """A stored mention record with its sentence's text put back from the article."""
    if isinstance(record, dict) and isinstance(record.get("sentence"), list) \
            and len(record["sentence"]) == 2:
        start, end = record["sentence"]
        text = texts.get(record.get("article_id"))
        if not (isinstance(text, str) and type(start) is int and type(end) is int
                and 0 <= start <= end <= len(text)):
            raise Malformed(f"mention {str(record.get('id'))[:40]!r}: its sentence lies "
                            f"outside its article")
        record["sentence"] = [start, end, text[start:end]]
    return record


class _UnreadExtraction(Exception):
    """An event names a mention of an article whose extraction could not be read (that
    problem is reported already)."""


def _event_read(record, texts: dict[str, str], extracted: dict, analysed: set[str]
                ) -> tuple[Event, list[EventMention]]:
    """The event, and those of its mentions read from its own record (the others are
    its articles' extracted mentions, already checked, with checked participants and
    keywords)."""
    mentions, own = [], []
    for r in record["mentions"]:
        if isinstance(r, dict) and "of" in r:
            if r["article_id"] not in texts:
                raise Malformed(f"mention {r['of']!r} names an article not in the project "
                                f"({r['article_id']!r})")
            if r["article_id"] not in analysed:
                raise _UnreadExtraction()
            same = extracted.get((r["article_id"], r["of"])) \
                if isinstance(r["article_id"], str) and isinstance(r["of"], str) else None
            if same is None:
                raise Malformed(f"it names a mention not in the project ({str(r['of'])[:40]!r})")
            if not isinstance(r["entities"], list) or \
                    not all(isinstance(x, str) for x in r["entities"]):
                raise Malformed(f"mention {r['of'][:40]!r}: its participants are not names")
            keywords = r.get("keywords")
            if keywords is not None:
                if not isinstance(keywords, list) or \
                        not all(isinstance(k, str) for k in keywords):
                    raise Malformed(f"mention {r['of'][:40]!r}: its keywords are not words")
                keywords = frozenset(keywords)
            entities = tuple(r["entities"])
            if entities != same.entities or (keywords is not None and keywords != same.keywords):
                same = replace(same, entities=entities,
                               keywords=same.keywords if keywords is None else keywords)
            mentions.append(same)
        else:
            own.append(records.mention_from(_sentence_read(r, texts)))
            mentions.append(own[-1])
    event = records.event_from(dict(record, mentions=[]))
    event.mentions = mentions
    return event, own


def read_project(path: str | os.PathLike) -> ProjectData:
    """Read a project file (any schema version up to ours) without writing to it, and
    without running anything stored in it: only the rows of the tables we know are
    copied out (a view or trigger the file holds is never used), and every record is
    checked before it is returned."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        raise ProjectError(f"{path}: no such project file") from None
    if not stat.S_ISREG(mode):
        raise ProjectError(f"{path}: not a project file (not a regular file)")
    memory = sqlite3.connect(":memory:")
    paused = gc.isenabled()
    gc.disable()  # see _out_of_collections
    try:
        try:
            version = _copy_known_tables(path, memory)
            migrate(memory, version)
            data = _read(memory)
            _out_of_collections()
            return data
        except sqlite3.Error as exc:
            raise ProjectError(f"{path}: not a readable project file ({exc})") from exc
        except Malformed as exc:
            raise ProjectError(f"{path}: the project file is damaged: {exc}") from exc
        except (KeyError, ValueError, TypeError) as exc:
            raise ProjectError(f"{path}: the project file is damaged "
                               f"({type(exc).__name__}: {exc})") from exc
    finally:
        memory.close()
        if paused:
            gc.enable()


def _out_of_collections() -> None:
    """Move the objects alive now (a project just read: millions of small records that
    live until it is closed and hold no reference cycles) out of the cyclic collector's
    reach. Every full collection walks every tracked object: while an archive was read
    and shown they took a third of the time (11 s of a 10,000-article open, 4.5 s of
    showing it). Objects freed later are still freed by their reference counts."""
    gc.freeze()


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that will not trust functions named in the file's schema."""
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    source.execute("PRAGMA trusted_schema = OFF")
    source.execute("PRAGMA query_only = ON")
    return source


def _copy_known_tables(path: Path, memory: sqlite3.Connection) -> int:
    """Copy the rows of the tables of the file's schema version into ``memory`` (made
    afresh there by our own migrations); the file's schema version."""
    source = _open_read_only(path)
    try:
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        if pages * page_size > path.stat().st_size:
            raise Malformed("the file is cut short")
        kinds = {name: kind for kind, name in source.execute(
            "SELECT type, name FROM sqlite_master")}
        if kinds.get("meta") != "table":
            raise ProjectError(f"{path}: not a Timeline Explorer project")
        version = _version(source, path)
        for step in range(1, version + 1):
            for statement in MIGRATIONS[step]:
                memory.execute(statement)
        tables = [name for (name,) in memory.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            _copy_table(source, memory, table, kinds.get(table))
        return version
    finally:
        source.close()


def _copy_table(source: sqlite3.Connection, memory: sqlite3.Connection, table: str,
                kind: str | None) -> None:
    """Copy one table's rows by its known columns; a view, a missing table or a computed
    column in its place is refused (reading it would run the file's own SQL)."""
    if kind != "table":
        raise Malformed(f"{table!r} is " + (f"a {kind}, not a table (a project file never "
                                             f"runs what it stores)" if kind else "missing"))
    columns = [row[1] for row in memory.execute(f'PRAGMA table_info("{table}")')]
    stored = {row[1]: row[6] for row in source.execute(f'PRAGMA table_xinfo("{table}")')}
    for column in columns:
        if column not in stored:
            raise Malformed(f"table {table!r} has no column {column!r}")
        if stored[column] != 0:
            raise Malformed(f"column {table}.{column} is computed (a project file never "
                            f"runs what it stores)")
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    rows = source.execute(f'SELECT {names} FROM "{table}"')
    memory.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def read_stored_view(path: str | os.PathLike) -> StoredView | None:
    """The articles and the summaries of the events a project file showed when it was
    saved, read quickly to paint while ``read_project`` reads the rest; None if the file
    holds none (an older version) or anything in them is not as written (the full read
    then names the problem)."""
    try:
        con = _open_read_only(Path(path))
        try:
            kinds = dict(con.execute("SELECT name, type FROM sqlite_master"))
            if kinds.get("meta") != "table" or kinds.get("shown") != "table":
                return None
            meta = dict(con.execute("SELECT key, value FROM meta"))
            if meta.get("application") != APPLICATION or \
                    meta.get("schema_version") != str(SCHEMA_VERSION):
                return None
            articles = []
            for record, text in con.execute(
                    "SELECT record, text FROM articles ORDER BY position"):
                article = records.article_from(_json(record), text)
                if not _shown_plainly(article):
                    return None
                articles.append(article)
            summaries = [summary_from_row(_json(record)) for (record,) in
                         con.execute("SELECT record FROM shown ORDER BY position")]
            problems = [LoadProblem(p, m) for p, m in
                        con.execute("SELECT path, message FROM problems")]
        finally:
            con.close()
    except (sqlite3.Error, OSError, Malformed, KeyError, ValueError, TypeError,
            AttributeError, IndexError):
        return None
    if any(problem_problem(p) for p in problems):
        return None
    return StoredView(articles, summaries, problems)


def read_stored_view_soon(path: str | os.PathLike) -> Callable[[], StoredView | None]:
    """Start reading a file's stored view on a thread of its own (while the window is
    being built); the function returned waits for it."""
    result: list[StoredView | None] = []
    thread = threading.Thread(target=lambda: result.append(read_stored_view(path)),
                              name="stored view", daemon=True)
    thread.start()

    def wait() -> StoredView | None:
        thread.join()
        return result[0] if result else None
    return wait


def _shown_plainly(a: Article) -> bool:
    """The fields the views show of an article have their types, its boilerplate lies in
    its text: enough to paint it (the full read checks every field of every record)."""
    return all(isinstance(v, str) for v in (a.id, a.path, a.title, a.source, a.text,
                                            a.published_basis, a.published_evidence)) \
        and all(0 <= start <= end <= len(a.text) for start, end in a.boilerplate)


def read_origin(path: str | os.PathLike) -> str:
    """The project file a recovery file was autosaved for ('' for an unsaved project)."""
    try:
        con = _open_read_only(Path(path))
        try:
            kinds = dict(con.execute("SELECT name, type FROM sqlite_master"))
            if kinds.get("meta") != "table":
                return ""
            row = con.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        return ""
    return row[0] if row and isinstance(row[0], str) else ""


def _version(con: sqlite3.Connection, path: Path) -> int:
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        raise ProjectError(f"{path}: not a Timeline Explorer project") from None
    if meta.get("application") != APPLICATION:
        raise ProjectError(f"{path}: not a Timeline Explorer project")
    try:
        version = int(meta.get("schema_version", "0"))
    except (TypeError, ValueError):
        raise Malformed("its schema version is not a number") from None
    if version > SCHEMA_VERSION:
        raise ProjectError(f"{path}: made by a newer Timeline Explorer "
                           f"(project version {version}, this one reads up to "
                           f"{SCHEMA_VERSION})")
    if version < 1:
        raise Malformed(f"unknown schema version {version}")
    return version


def _stored_path(path: str) -> str | bytes:
    """A source path as SQLite can hold it: text, or the name's own bytes when it is not
    valid UTF-8 (so the folder can be read again exactly)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


class _Problems:
    """Malformed records found while reading, reported as one line: the first, and how
    many more."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, what: str, problem: str) -> bool:
        if problem:
            self.found.append(f"{what}: {problem}")
        return not problem

    def raise_any(self) -> None:
        if self.found:
            more = len(self.found) - 1
            raise Malformed(self.found[0] + (f" (and {more} more problem{'s' * (more != 1)})"
                                             if more else ""))


def _loaded(what: str, make, problems: _Problems):
    """``make()``, or None with the reason noted when the stored record is not usable."""
    try:
        return make()
    except Malformed as exc:
        problems.check(what, str(exc))
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        problems.check(what, f"{type(exc).__name__}: {str(exc)[:80]}")
    return None


def _json(text):
    if not isinstance(text, str):
        raise Malformed("not text")
    return json.loads(text)


def _read(con: sqlite3.Connection) -> ProjectData:
    problems = _Problems()
    articles = []
    lengths: dict[str, int] = {}  # of every article read, so one bad field is named once
    texts: dict[str, str] = {}
    for i, (record, text) in enumerate(con.execute(
            "SELECT record, text FROM articles ORDER BY position"), start=1):
        article = _loaded(f"article {i}", lambda: records.article_from(_json(record), text),
                          problems)
        if article is None:
            continue
        if isinstance(article.id, str):
            if article.id in lengths:
                problems.check(f"article {i}", f"its id {article.id!r} is taken")
            lengths[article.id] = len(article.text) if isinstance(article.text, str) else 0
            texts[article.id] = article.text if isinstance(article.text, str) else ""
        if problems.check(f"article {i}", article_problem(article)):
            articles.append(article)
    analyses = {}
    for aid, record in con.execute("SELECT article_id, record FROM analyses"):
        what = f"extraction of {str(aid)[:40]!r}"
        if aid not in lengths:
            problems.check(what, "no such article")
            continue
        analysis = _loaded(what, lambda: records.analysis_from(_analysis_read(
            _json(record), texts)), problems)
        if analysis is not None and problems.check(
                what, analysis_problem(analysis, aid, lengths)):
            analyses[aid] = analysis
    for a in articles:
        if a.id not in analyses:
            problems.check(f"article {a.id!r}", "no extraction stored")
    by_key = {(m.article_id, m.id): m for a in analyses.values() for m in a.mentions}
    analysed = set(analyses)
    extracted = []
    for i, (record,) in enumerate(con.execute("SELECT record FROM events ORDER BY position"),
                                  start=1):
        try:
            read = _loaded(f"event {i}", lambda: _event_read(_json(record), texts, by_key,
                                                             analysed), problems)
        except _UnreadExtraction:
            continue
        if read is None:
            continue
        event, own = read
        if problems.check(f"event {i}", event_problem(replace(event, mentions=own), lengths)):
            extracted.append(event)
    decisions = []
    for i, (kind, target, other, payload, created) in enumerate(con.execute(
            "SELECT kind, target, other, payload, created FROM decisions ORDER BY seq"),
            start=1):
        decision = _loaded(f"decision {i}", lambda: decision_from(
            kind, _json(target), _json(other), _json(payload), created), problems)
        if decision is not None:
            decisions.append(decision)
    stored_problems = []
    for p, m in con.execute("SELECT path, message FROM problems"):
        problem = LoadProblem(p, m)
        if problems.check("load problem", problem_problem(problem)):
            stored_problems.append(problem)
    sources = []
    for (p,) in con.execute("SELECT path FROM sources ORDER BY position"):
        if isinstance(p, bytes):
            p = os.fsdecode(p)
        if problems.check("source", "" if isinstance(p, str) else "not a path"):
            sources.append(p)
    entities = []
    for i, (record,) in enumerate(con.execute("SELECT record FROM entities ORDER BY position"),
                                  start=1):
        entity = _loaded(f"entity {i}", lambda: Entity(**_json(record)), problems)
        if entity is not None and problems.check(f"entity {i}", record_problem(entity, Entity)):
            entities.append(entity)
    problems.raise_any()
    merged_with = dict(con.execute("SELECT key, value FROM meta")).get("merged_with", "")
    return ProjectData(sources, articles, analyses, extracted, decisions, stored_problems,
                       merged_with=merged_with if isinstance(merged_with, str) else "",
                       entities=entities if entities or not articles else None)


def _analysis_read(record, texts: dict[str, str]):
    if isinstance(record, dict):
        for key in ("mentions", "references"):
            if isinstance(record.get(key), list):
                record[key] = [_sentence_read(r, texts) for r in record[key]]
    return record
