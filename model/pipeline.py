"""One call from files to chronology: load, date, tag, find mentions, merge."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from .chronology import Chronology
from .events import extract_mentions, extract_references
from .loaders import load_paths
from .merge import merge_mentions
from .publication import assign_publication_date, assign_publication_dates
from .tagger import tag
from .types import Article, EventMention, TimeExpression

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class BuildCancelled(Exception):
    """Raised when the user cancels a build; nothing of the build is kept."""


def analyse_article(article: Article
                    ) -> tuple[list[TimeExpression], list[EventMention], list[EventMention]]:
    """Time expressions, dated mentions and undated references of one dated article."""
    expressions = tag(article.text, article.published, skip=article.boilerplate)
    return (expressions, extract_mentions(article, expressions),
            extract_references(article, expressions))


def prepare_article(article: Article, published: date | None = None) -> Article:
    """Set the article's publication date: the given one, else what the file and text say."""
    if published is not None:
        return replace(article, published=published, published_basis="given",
                       published_evidence="given by the user")
    return assign_publication_date(article)


def chronology_from_articles(articles: list[Article], published: dict[str, date] | None = None,
                             progress: Progress | None = None,
                             cancelled: Cancelled | None = None) -> Chronology:
    ready = assign_publication_dates(articles, published)
    expressions, mentions, references = {}, [], []
    for i, article in enumerate(ready):
        if cancelled and cancelled():
            raise BuildCancelled()
        if progress:
            progress(i, len(ready), article.title)
        expressions[article.id], found, undated = analyse_article(article)
        mentions.extend(found)
        references.extend(undated)
    if progress:
        progress(len(ready), len(ready), "merging events")
    return Chronology(ready, expressions, merge_mentions(mentions, references))


def build_chronology(paths: Iterable[str | Path], published: dict[str, date] | None = None,
                     progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> Chronology:
    """Load every readable file under ``paths`` and build their chronology.

    ``published`` maps a file name (or article id) to a publication date given by the user.
    Files that cannot be read are reported in ``Chronology.problems``.
    """
    articles, problems = load_paths([Path(p) for p in paths], cancelled=cancelled)
    chronology = chronology_from_articles(articles, published, progress, cancelled)
    chronology.problems = problems
    return chronology


def with_publication_date(chronology: Chronology, article_id: str,
                          published: date | None) -> Chronology:
    """The chronology again after the user set (or cleared) one article's date.

    Only that article is tagged again; the events are merged anew.
    """
    articles, expressions, mentions, references = [], dict(chronology.expressions), [], []
    for article in chronology.articles:
        if article.id == article_id:
            if published is None:
                article = assign_publication_date(replace(article, published=None,
                                                          published_basis="unknown"))
            else:
                article = prepare_article(article, published)
        expressions[article.id], found, undated = analyse_article(article)
        mentions.extend(found)
        references.extend(undated)
        articles.append(article)
    return Chronology(articles, expressions, merge_mentions(mentions, references),
                      chronology.problems)
