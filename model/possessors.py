"""Whose event a possessive pronoun names: "its launch", "their merger", "his arrest".

A mention like "five years after its launch" says nothing comparable on its own: only
the owner the pronoun stands for tells one launch from another. In a phrase that opens
its sentence the owner comes after it ("Since its launch, the store has sold ..."):
the subject of the main clause. Elsewhere it is a name before it (model.entities
``antecedent``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clauses import verb_forms
from .entities import antecedent, entities_in
from .entities_lexicon import EntityMention
from .types import Sentence

_POSSESSIVE = re.compile(r"\b(its|their|his|her)\s+[\w’'-]+", re.IGNORECASE)
#: The words before a pronoun in a phrase that opens its sentence ("Five years after",
#: "Since", "Shortly before"): a few words ending in a preposition of time.
_OPENING = re.compile(r"\s*(?:[\w’'-]+\s+){0,3}?(?:since|after|before|following|during|"
                      r"until|upon|on|at|with|by|in|from)\s+$", re.IGNORECASE)
_NOUN_PHRASE_WORD = re.compile(r"\s*,?\s*([\w’'.-]+|['’]s?)")
_STOPS = frozenset("in on at of for to from by with as and or but since after before "
                   "which who that when while because , ; :".split())
_DETERMINERS = frozenset("the a an this that these those".split())


@dataclass(frozen=True)
class Possessor:
    """The text (and names) of the owner a possessive pronoun stands for."""

    text: str
    names: tuple[EntityMention, ...]


def possessor(text: str, lo: int, hi: int, names: list[EntityMention],
              sentences: Sequence[Sentence], sentence: Sentence) -> Possessor | None:
    """The owner of the first possessive pronoun in ``text[lo:hi]``, if it can be told."""
    m = _POSSESSIVE.search(text, lo, hi)
    if m is None:
        return None
    if _OPENING.fullmatch(text, sentence.start, m.start()):
        found = _subject_after(text, m.end(), sentence.end, names)
        if found is not None:
            return Possessor(*found)
    named = antecedent(names, text, m.start(1), sentences=sentences)
    if named is None:
        return None
    return Possessor(named.text, (named,))


def _subject_after(text: str, at: int, end: int, names: list[EntityMention]
                   ) -> tuple[str, tuple[EntityMention, ...]] | None:
    """The noun phrase that opens the main clause after the phrase ending at ``at``: up
    to a preposition, a conjunction or a finite verb, at most eight words."""
    words: list[tuple[int, int]] = []
    pos = at
    while len(words) < 8:
        m = _NOUN_PHRASE_WORD.match(text, pos, end)
        if m is None:
            break
        word = m[1].lower()
        if word in _STOPS or (words and _finite_past_or_present(word)):
            break
        words.append((m.start(1), m.end(1)))
        pos = m.end()
    if not words or all(text[s:e].lower() in _DETERMINERS for s, e in words):
        return None
    start, stop = words[0][0], words[-1][1]
    return text[start:stop], tuple(entities_in(names, start, stop))


def _finite_past_or_present(word: str) -> bool:
    """A few auxiliaries, or a verb in the past or the third person ("announced",
    "says"): narrower than the clause splitter's test, which also stops at "had"."""
    if word in ("has", "have", "is", "are", "was", "were", "will", "would"):
        return True
    forms = verb_forms(word)
    return forms is not None and forms[1] in ("VBD", "VBZ")
