"""Sentence boundaries with character offsets into the original text.

A period ends a sentence unless it closes a known abbreviation (Jan., U.S., Mr.) or
an initial; line breaks end sentences too (titles, captions and paragraphs).
Sentences inside boilerplate spans are left out. A run of text with no boundary for
longer than any real sentence (a dump on one line) is cut into pieces at spaces, so the
work per sentence stays bounded.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .resources import resource_path
from .types import Sentence

RESOURCES = resource_path()

#: Longer than any sentence a person writes; longer runs are cut at a space.
MAX_SENTENCE_CHARS = 1500
_CANDIDATE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]*(?:[A-Z0-9]|[a-z][A-Z]))|\n+")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    words = (RESOURCES / "abbreviations.txt").read_text(encoding="utf-8").split()
    return frozenset(w.lower().rstrip(".") for w in words if not w.startswith("#"))


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` belongs to an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in abbreviations():
        return True
    if "." in word:  # U.S, a.m
        return True
    return len(word) == 1 and text[start].isupper()


def split_sentences(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.group(0)[0] == "." and len(m.group(0).rstrip("\"”’')]")) == 1 \
                and _ends_with_abbreviation(text, m.start()):
            continue
        _add(text, start, m.end(), sentences, skip)
        start = m.end()
    _add(text, start, len(text), sentences, skip)
    return sentences


def _add(text: str, start: int, end: int, out: list[Sentence],
         skip: Sequence[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    if any(s <= start and end <= e for s, e in skip):
        return
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add(text, start, cut, out, skip)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
