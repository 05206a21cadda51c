"""One call from files to chronology: load, date, tag, find mentions, merge.

Each article is dated and analysed on its own (in parallel processes for large folders,
from the cache when its content, date and the extraction rules are unchanged); only
merging needs them all at once.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Protocol

from .cache import AnalysisCache
from .chronology import Chronology
from .document import Document, build_document
from .entities import antecedent, entities_in, find_entities, resolve_entities
from .events import extract_references
from .narrative import date_mentions
from .loaders import load_paths
from .lexicon import content_keywords
from .merge import merge_mentions
from .possessors import possessor
from .progress import BuildCancelled, Cancelled, Progress, StageMeter
from .publication import (PartialDay, assign_corpus_years, assign_publication_date,
                          latest_partial_day, undated_expressions)
from .types import Article, ArticleAnalysis, EntityRef, Event, EventMention, TimeExpression

#: A pronoun opening a clause (after a connective or a leading phrase at most).
_PRONOUN_SUBJECT = re.compile(r"(?:[^,]{0,40},\s*)?(?:(?:and|but|then|so)\s+)?"
                              r"\b(he|she|it|they)\b", re.IGNORECASE)

#: Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 2_000_000
_CHUNK = 16

#: Called as articles arrive from analysis: (the dated articles so far, their analyses).
Arrived = Callable[[dict[str, Article], dict[str, ArticleAnalysis]], None]


def analyse_article(article: Article, doc: Document | None = None) -> ArticleAnalysis:
    """Time expressions, dated mentions and undated references of one dated article.

    ``doc``: the article's document, if at hand (it is re-resolved to the article's date).
    """
    doc = build_document(article) if doc is None else doc.redated(article)
    return analyse_document(doc)


def analyse_document(doc: Document) -> ArticleAnalysis:
    names = find_entities(doc.article.text, doc.sentences)
    mentions = [_with_participants(_with_possessor(m, names, doc), names, doc)
                for m in date_mentions(doc)]
    dated = {m.clause_start for m in mentions}
    references = [_with_possessor(m, names, doc)
                  for m in extract_references(doc.article, doc.expressions, doc.sentences)
                  if m.clause_start not in dated]
    return ArticleAnalysis(doc.expressions, mentions, references, names)


#: How far into its clause a possessive pronoun still names the clause's event's owner.
_POSSESSIVE_REACH = 40


def _with_possessor(mention: EventMention, names: list, doc: Document) -> EventMention:
    """ "its launch", "their merger": the owner the pronoun stands for joins the
    mention's keywords and participants (model.possessors)."""
    lo = mention.clause_start
    owner = possessor(doc.article.text, lo, min(mention.clause_end, lo + _POSSESSIVE_REACH),
                      names, doc.sentences, mention.sentence)
    if owner is None:
        return mention
    return replace(mention, keywords=mention.keywords | content_keywords(owner.text),
                   entities=tuple(dict.fromkeys(
                       [*(f"@{n.start}" for n in owner.names), *mention.entities])))


def _with_participants(mention: EventMention, names: list, doc: Document) -> EventMention:
    """The names in the mention's clause, or the subject a pronoun stands for. They are
    kept as "@offset" until the corpus resolves them to entity ids."""
    inside = entities_in(names, mention.clause_start, mention.clause_end)
    start = _pronoun_subject(doc.article.text, mention.clause_start, mention.clause_end)
    if start is not None:
        found = antecedent(names, doc.article.text, start, sentences=doc.sentences)
        if found is not None:
            inside = [found, *inside]
    return replace(mention, entities=tuple(dict.fromkeys(
        [*mention.entities, *(f"@{n.start}" for n in inside)])))


def _pronoun_subject(text: str, start: int, end: int) -> int | None:
    m = _PRONOUN_SUBJECT.match(text, start, min(end, start + 60))
    return m.start(1) if m else None


def prepare_article(article: Article, published: date | None = None) -> Article:
    """Set the article's publication date: the given one, else what the file and text say."""
    if published is not None:
        return replace(article, published=published, published_basis="given",
                       published_evidence="given by the user")
    return assign_publication_date(article)


def _given_date(article: Article, given: dict[str, date]) -> date | None:
    return given.get(article.id) or given.get(Path(article.path).name)


Result = tuple[Article, ArticleAnalysis, PartialDay | None]
Job = tuple[Article, date | None]


class Engine(Protocol):
    """Runs ``date_and_analyse`` over jobs somewhere else (model.cluster: Dask tasks)."""

    def run(self, jobs: list[Job], keep: Callable[[list[Result]], None],
            cancelled: Cancelled | None) -> None:
        """Hand every job's results to ``keep`` (any order); BuildCancelled on cancel."""


def date_and_analyse(jobs: list[Job]) -> list[Result]:
    """Worker: date each article (unless its date is given) and analyse it.

    An article its own text cannot date is analysed with the expressions dating already
    found (same text, no reference date), and keeps the month and day it names so the
    corpus can give it a year without tagging it again.
    """
    out: list[Result] = []
    for article, given in jobs:
        doc = build_document(replace(article, published=None))
        if given is not None or article.metadata_date is not None:
            dated = prepare_article(article, given)
            out.append((dated, analyse_article(dated, doc), None))
            continue
        undated = doc.undated_expressions()
        dated = assign_publication_date(article, undated)
        partial = latest_partial_day(undated) if dated.published is None else None
        out.append((dated, analyse_article(dated, doc), partial))
    return out


def _dated_from_cache(article: Article, given: date | None, cache: AnalysisCache | None
                      ) -> tuple[Article | None, PartialDay | None]:
    if given is not None:
        return prepare_article(article, given), None
    if article.metadata_date is not None:
        return assign_publication_date(article), None
    found = cache.dating(article) if cache else None
    if found is None:
        return None, None
    partial = found.get("partial")
    return replace(article, published=date.fromisoformat(found["published"])
                   if found["published"] else None,
                   published_basis=found["published_basis"],
                   published_evidence=found["published_evidence"]), \
        (tuple(partial) if partial else None)


def worker_count(workers: int | None) -> int:
    return max(1, workers if workers is not None else (os.cpu_count() or 1))


def analyse_articles(articles: list[Article], published: dict[str, date] | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     *, cache: AnalysisCache | None = None,
                     workers: int | None | Engine = 1, arrived: Arrived | None = None
                     ) -> tuple[list[Article], dict[str, ArticleAnalysis]]:
    """Every article dated and analysed, in load order, reusing the cache where it can.

    ``workers``: processes on this machine (None: one per core), or an Engine.
    ``arrived`` sees the results so far after each one (to show partial results).
    """
    given = published or {}
    dated: dict[str, Article] = {}
    analyses: dict[str, ArticleAnalysis] = {}
    partial_days: dict[str, PartialDay | None] = {}
    jobs: list[tuple[Article, date | None]] = []
    for article in articles:
        day = _given_date(article, given)
        ready, partial = _dated_from_cache(article, day, cache)
        found = cache.analysis(ready) if cache and ready is not None else None
        if found is None:
            jobs.append((article, day))
        else:
            dated[article.id], analyses[article.id] = ready, found
            partial_days[article.id] = partial
    meter = StageMeter("dating", len(articles), progress, cancelled)

    def report(article: Article) -> None:
        meter.advance(len(analyses))
        if arrived is not None:
            arrived(dated, analyses)

    def keep(results: list[Result], own_dating: bool = True) -> None:
        for article, analysis, partial in results:
            dated[article.id], analyses[article.id] = article, analysis
            if own_dating:
                partial_days[article.id] = partial
            if cache:
                if own_dating and _given_date(article, given) is None \
                        and article.metadata_date is None:
                    cache.put_dating(article, partial)
                cache.put_analysis(article, analysis)
            report(article)

    try:
        if hasattr(workers, "run"):
            workers.run(jobs, keep, cancelled)
        elif (n := worker_count(workers)) > 1 \
                and sum(len(a.text) for a, _ in jobs) >= PARALLEL_MIN_CHARS:
            _run_parallel(jobs, n, keep, cancelled)
        else:
            for job in jobs:
                keep(date_and_analyse([job]))
        _redate_from_corpus(articles, dated, partial_days, cache, keep)
    finally:
        if cache:
            cache.commit()
    return [dated[a.id] for a in articles], analyses


def _run_parallel(jobs, workers: int, keep, cancelled: Cancelled | None) -> None:
    """Chunks of articles in worker processes; cancel drops whatever has not started."""
    chunks = [jobs[i:i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    context = multiprocessing.get_context("spawn")  # safe from a GUI thread, unlike fork
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = {pool.submit(date_and_analyse, chunk) for chunk in chunks}
        try:
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if cancelled and cancelled():
                    raise BuildCancelled()
                for future in done:
                    keep(future.result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _redate_from_corpus(articles, dated, partial_days, cache: AnalysisCache | None,
                        keep) -> None:
    """Articles with a month and day but no year take the corpus's year; analyse them again."""
    in_order = [dated[a.id] for a in articles]
    for before, after in zip(in_order, assign_corpus_years(in_order, partial_days)):
        if after.published != before.published:
            found = cache.analysis(after) if cache else None
            keep([(after, found or analyse_article(after), None)], own_dating=False)


def chronology_from_articles(articles: list[Article], published: dict[str, date] | None = None,
                             progress: Progress | None = None,
                             cancelled: Cancelled | None = None, *,
                             cache: AnalysisCache | None = None,
                             workers: int | None | Engine = 1) -> Chronology:
    ready, analyses = analyse_articles(articles, published, progress, cancelled,
                                       cache=cache, workers=workers)
    return chronology_from_analyses(ready, analyses, progress, cancelled)


def chronology_from_analyses(articles: list[Article], analyses: dict[str, ArticleAnalysis],
                             progress: Progress | None = None,
                             cancelled: Cancelled | None = None) -> Chronology:
    """Merge the articles' mentions into events."""
    events, entities = merged_events(articles, analyses, progress, cancelled)
    expressions = {a.id: analyses[a.id].expressions for a in articles}
    return Chronology(articles, expressions, events, analyses=analyses, entities=entities)


def merged_events(articles: list[Article], analyses: dict[str, ArticleAnalysis],
                  progress: Progress | None = None, cancelled: Cancelled | None = None
                  ) -> tuple[list[Event], list]:
    """Events across the articles, with their participants, and the corpus's entities:
    the one path from per-article analyses to a chronology (builds and projects alike)."""
    StageMeter("entities", len(articles), progress, cancelled).announce()
    entities, of_name = resolve_entities({a.id: analyses[a.id].entities for a in articles})
    mentions = [_resolved_participants(m, of_name) for a in articles
                for m in analyses[a.id].mentions]
    references = [m for a in articles for m in analyses[a.id].references]
    meter = StageMeter("merging", len(mentions), progress, cancelled)
    events = merge_mentions(mentions, references, meter.advance)
    by_id = {e.id: e for e in entities}
    for event in events:
        event.entities = _participants(event, by_id)
    return events, entities


def _resolved_participants(mention: EventMention, of_name: dict) -> EventMention:
    if not mention.entities:
        return mention
    return replace(mention, entities=participant_ids(mention, of_name))


def participant_ids(mention: EventMention, of_name: dict) -> tuple[str, ...]:
    """The corpus's entity ids of the participants an article's mention names (its
    entities are references to the article's names until the corpus is resolved)."""
    ids = [of_name.get((mention.article_id, int(ref[1:]))) for ref in mention.entities
           if ref.startswith("@")]
    return tuple(dict.fromkeys(i for i in ids if i))


def _participants(event: Event, by_id: dict) -> list[EntityRef]:
    """The event's entities, the most often named first."""
    counts: dict[str, int] = {}
    for m in event.mentions:
        for i in m.entities:
            counts[i] = counts.get(i, 0) + 1
    ordered = sorted(counts, key=lambda i: -counts[i])
    return [EntityRef(i, by_id[i].name, by_id[i].type) for i in ordered if i in by_id]


def build_chronology(paths: Iterable[str | Path], published: dict[str, date] | None = None,
                     progress: Progress | None = None,
                     cancelled: Cancelled | None = None, *,
                     cache: AnalysisCache | None = None,
                     workers: int | None | Engine = 1) -> Chronology:
    """Load every readable file under ``paths`` and build their chronology.

    ``published`` maps a file name (or article id) to a publication date given by the user.
    Files that cannot be read are reported in ``Chronology.problems``. ``workers`` is the
    number of processes (None: one per core) or an Engine (model.cluster).
    """
    articles, problems = load_paths([Path(p) for p in paths], cancelled=cancelled,
                                    progress=progress)
    if cancelled and cancelled():
        raise BuildCancelled()
    chronology = chronology_from_articles(articles, published, progress, cancelled,
                                          cache=cache, workers=workers)
    chronology.problems = problems
    return chronology


def with_publication_date(chronology: Chronology, article_id: str,
                          published: date | None) -> Chronology:
    """The chronology again after the user set (or cleared) one article's date.

    Only that article is analysed again; the events are merged anew.
    """
    problems = chronology.problems
    articles, analyses = [], dict(chronology.analyses)
    for article in chronology.articles:
        if article.id == article_id or article.id not in analyses:
            if article.id == article_id:
                article = (prepare_article(article, published) if published is not None
                           else assign_publication_date(replace(
                               article, published=None, published_basis="unknown")))
            analyses[article.id] = analyse_article(article)
        articles.append(article)
    chronology = chronology_from_analyses(articles, analyses)
    chronology.problems = problems
    return chronology
