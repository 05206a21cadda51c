"""Entities: who and what each article names, and one entity per real thing across them.

``find_entities`` reads one article (entities_find), ``resolve_entities`` groups the
mentions of the whole corpus (entities_resolve); ``entities_in`` and ``antecedent`` serve
the event stage: the names inside a clause, and whom a pronoun subject stands for.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from .entities_find import find_entities
from .entities_lexicon import ENTITY_TYPES, EntityMention, lexicon, name_key
from .entities_resolve import AliasSplit, Entity, resolve_entities
from .sentences import split_sentences
from .types import Sentence

__all__ = ["ENTITY_TYPES", "AliasSplit", "Entity", "EntityMention", "antecedent",
           "entities_in", "find_entities", "name_key", "resolve_entities"]

_WORD = re.compile(r"[A-Za-z]+")
#: A subject in an earlier sentence opens it: within this many characters of its start.
_SUBJECT_REACH = 40
_WINDOW_CHARS = 3000


def entities_in(mentions: list[EntityMention], start: int, end: int) -> list[EntityMention]:
    """Mentions lying inside [start, end), from mentions sorted by start."""
    i = bisect_left(mentions, start, key=lambda m: m.start)
    out = []
    while i < len(mentions) and mentions[i].start < end:
        if mentions[i].end <= end:
            out.append(mentions[i])
        i += 1
    return out


def antecedent(mentions: list[EntityMention], text: str, offset: int,
               kinds: Sequence[str] = ENTITY_TYPES,
               sentences: Sequence[Sentence] | None = None) -> EntityMention | None:
    """The named entity a pronoun at ``offset`` most plausibly stands for, or None.

    he/she: a person; it/its: an organisation or thing; they: a group or organisation;
    limited to ``kinds``. Looks in the pronoun's sentence before it, then the two sentences
    before. In the pronoun's own sentence there must be one candidate name; in an earlier
    sentence, one name or a name that opens the sentence (its subject). Otherwise None.
    """
    m = _WORD.match(text, offset)
    allowed = lexicon().pronoun_types.get(m.group().lower()) if m else None
    if not allowed:
        return None
    allowed = tuple(k for k in allowed if k in kinds)
    if not allowed:
        return None
    for rank, (s_start, s_end) in enumerate(_sentences_before(text, offset, sentences)):
        inside = entities_in(mentions, s_start, min(s_end, offset))
        candidates = [c for c in inside if c.type in allowed]
        if not candidates:
            continue
        if len({_person_key(c, candidates) for c in candidates}) == 1:
            return candidates[-1]
        if rank == 0:
            return None
        subject = candidates[0]
        if inside[0] is subject and subject.start - s_start <= _SUBJECT_REACH:
            return subject
        return None
    return None


def _person_key(mention: EntityMention, others: list[EntityMention]) -> str:
    """A one-word name that ends or opens a longer name nearby counts as that name."""
    if " " in mention.key:
        return mention.key
    for other in others:
        words = other.key.split()
        if len(words) > 1 and mention.key in (words[0], words[-1]):
            return other.key
    return mention.key


def _sentences_before(text: str, offset: int, sentences: Sequence[Sentence] | None
                      ) -> list[tuple[int, int]]:
    """The sentence holding ``offset`` and up to two before it, nearest first."""
    if sentences is None:
        lo = max(0, offset - _WINDOW_CHARS)
        sentences = [Sentence(s.start + lo, s.end + lo, s.text)
                     for s in split_sentences(text[lo:offset + 1])]
    i = bisect_left(sentences, offset + 1, key=lambda s: s.start) - 1
    if i < 0:
        return []
    return [(s.start, s.end) for s in reversed(sentences[max(0, i - 2):i + 1])]
