"""Recognise page furniture in text copied from web pages, without changing the text.

Saved articles carry menus, share buttons, player timecodes, copyright lines and link
lists around the story. Taggers must not read dates or events from them, so this module
marks them as character spans into the original text. Only general rules are used: line
shape (short, no sentence ending), interface phrases kept in a word list, timecodes,
copyright notices, repetition and position (the run of link titles closing a page).
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .resources import resource_path

PHRASES_FILE = resource_path("boilerplate_phrases.txt")

#: Longer lines are always story text; it also keeps every regex on short input.
MAX_FURNITURE_CHARS = 600
#: A line of at most this many words without a sentence ending is a label or menu item.
SHORT_LINE_WORDS = 8
#: A headline has at least this many words and at most TITLE_MAX_WORDS.
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 25
#: Link titles in a closing link list are at most this long.
LINK_TITLE_WORDS = 15
#: Only this many non-empty lines at the top and bottom are searched for the outlet name.
OUTLET_SEARCH_LINES = 15
#: Only this many non-empty lines at the top are searched for the headline.
TITLE_SEARCH_LINES = 40

_CLOSERS = "\"'”’)]»›"
_SENTENCE_ENDS = ".!?…"
_TIMECODE = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_TIMECODE_LINE = re.compile(rf"{_TIMECODE}(?:\s*[/|]?\s*{_TIMECODE})*")
_TRAILING_DURATION = re.compile(rf"(.*\S)\s+{_TIMECODE}")
_TIME_PREPOSITIONS = frozenset(
    "at by until till from to before after around about since between and or".split())
_COPYRIGHT = re.compile(
    r"(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})|.*all rights reserved", re.IGNORECASE)
_OUTLET_WORDS = r"(?:[A-Z][\w&'.-]*\s+){0,2}News"
_MASTHEAD = re.compile(r"[A-Z][A-Z&]{1,5}(?:\s+News)?")
_OUTLET_PROMPT = re.compile(rf"(?:Watch|View)\s+({_OUTLET_WORDS})\b.*|({_OUTLET_WORDS})\s+App\b.*")
_COPYRIGHT_HOLDER = re.compile(
    r"(?i:copyright|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[A-Z][^.,;|©]{0,40}?(?:\.[A-Z])*)\s*(?:[.,;|]|(?i:all rights reserved)|$)")
_CORPORATE_SUFFIX = re.compile(r"\s+(?:Inc|Ltd|LLC|L\.P|LP|Corp|Co|plc|GmbH|Limited)\.?$",
                               re.IGNORECASE)
#: A month, weekday, year or numeric date: short lines carrying one are datelines or
#: captions, which the dating steps need.
_DATE_HINT = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:1[89]|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.IGNORECASE)
_EDGE_PUNCTUATION = "\t •·|>»›-"
_TRAILING_PUNCTUATION = _EDGE_PUNCTUATION + ".!:,…"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Regex for one phrase of the list: ``...`` is one to three words, ``*`` any text."""
    pieces = []
    for token in phrase.split():
        if token == "...":
            pieces.append(r"\S+(?:\s+\S+){0,2}")
        elif token == "*":
            pieces.append(r".*?")
        else:
            pieces.append(re.escape(token))
    joined = pieces[0]
    for previous, piece in zip(pieces, pieces[1:]):
        joined += r"\s*" if ".*?" in (previous, piece) else r"\s+"  # "*" may swallow spaces
        joined += piece
    return re.compile(joined, re.IGNORECASE | re.DOTALL)


class _PhraseList:
    """The interface phrases, indexed by a word every match must contain, so that a
    line is only tried against the few phrases that could match it."""

    def __init__(self, phrases: list[str]) -> None:
        self.by_first_word: dict[str, list[re.Pattern[str]]] = {}
        self.by_last_word: dict[str, list[re.Pattern[str]]] = {}
        self.floating: list[re.Pattern[str]] = []
        literals = []
        for phrase in phrases:
            words, pattern = phrase.split(), _phrase_pattern(phrase)
            if words[0] not in ("...", "*"):
                self.by_first_word.setdefault(words[0].casefold(), []).append(pattern)
            elif words[-1] not in ("...", "*"):
                self.by_last_word.setdefault(words[-1].casefold(), []).append(pattern)
            else:
                literals.append(max((w for w in words if w not in ("...", "*")), key=len))
                self.floating.append(pattern)
        self.floating_literals = re.compile("|".join(map(re.escape, literals)) or "(?!)",
                                            re.IGNORECASE)

    def matches(self, line: str) -> bool:
        core = line.strip(_EDGE_PUNCTUATION).rstrip(_TRAILING_PUNCTUATION)
        if not core:
            return False
        first, last = core.split(None, 1)[0].casefold(), core.rsplit(None, 1)[-1].casefold()
        for candidates in (self.by_first_word.get(first), self.by_last_word.get(last)):
            if candidates and any(pattern.fullmatch(core) for pattern in candidates):
                return True
        return bool(self.floating_literals.search(core)) and any(
            pattern.fullmatch(core) for pattern in self.floating)


@lru_cache(maxsize=1)
def _phrases() -> _PhraseList:
    lines = PHRASES_FILE.read_text(encoding="utf-8").splitlines()
    return _PhraseList([line.strip() for line in lines
                        if line.strip() and not line.lstrip().startswith("#")])


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) of every non-empty line, offsets into ``text``."""
    position, length = 0, len(text)
    while position <= length:
        newline = text.find("\n", position)
        if newline == -1:
            newline = length
        raw = text[position:newline]
        stripped = raw.strip()
        if stripped:
            start = position + len(raw) - len(raw.lstrip())
            yield start, start + len(stripped), stripped
        position = newline + 1


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (closing quotes and brackets ignored)."""
    core = line.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_ENDS


def _is_video_caption(line: str) -> bool:
    """A clip title followed by its running time: "Iraq violence is spillover ... 02:37"."""
    if not (line[-1].isdigit() and ":" in line[-6:]):
        return False
    match = _TRAILING_DURATION.fullmatch(line)
    if not match:
        return False
    caption = match.group(1)
    last_word = caption.split()[-1].casefold()
    return not ends_sentence(caption) and last_word not in _TIME_PREPOSITIONS


def is_furniture_line(line: str) -> bool:
    """Interface text recognisable on its own: UI phrases, timecodes, copyright notices."""
    return (len(line) <= MAX_FURNITURE_CHARS
            and bool(_phrases().matches(line)
                     or _TIMECODE_LINE.fullmatch(line)
                     or _COPYRIGHT.match(line)
                     or _is_video_caption(line)))


def _is_headline(line: str, words: int) -> bool:
    """Headline-shaped: a few words, mostly not numbers, no final full stop, no byline."""
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or line.rstrip(_CLOSERS).endswith("."):
        return False
    worded = sum(1 for word in line.split() if any(ch.isalpha() for ch in word))
    return worded >= TITLE_MIN_WORDS and not line.lower().startswith("by ")


@dataclass
class _Layout:
    """Non-empty lines as compact offset arrays (a 50 MB file may have millions)."""

    text: str
    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))
    furniture: bytearray = field(default_factory=bytearray)
    title_index: int | None = None

    def line(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]


def _classify(text: str) -> _Layout:
    """Every non-empty line, whether it is furniture, and which one is the headline."""
    layout = _Layout(text)
    seen: set[str] = set()
    looking_for_title = True
    for i, (start, end, line) in enumerate(_lines(text)):
        layout.starts.append(start)
        layout.ends.append(end)
        layout.furniture.append(0)
        if len(line) > MAX_FURNITURE_CHARS:
            looking_for_title = False
            continue
        sentence = ends_sentence(line)
        if not sentence:
            key = " ".join(line.split()).casefold()
            if key in seen:
                layout.furniture[i] = 1
                continue
            seen.add(key)
        if is_furniture_line(line):
            layout.furniture[i] = 1
            continue
        words = len(line.split())
        if looking_for_title:
            if _is_headline(line, words):
                layout.title_index = i
                looking_for_title = False
                continue
            looking_for_title = not sentence and words <= SHORT_LINE_WORDS
        if words <= SHORT_LINE_WORDS and not sentence and not _DATE_HINT.search(line):
            layout.furniture[i] = 1
    _mark_closing_links(layout)
    return layout


def _mark_closing_links(layout: _Layout) -> None:
    """A page often ends with related-story titles among its buttons: after the last
    sentence, short non-sentences are links when at least two lines of them and of
    furniture close the page."""
    links, furniture = [], 0
    for i in range(len(layout.starts) - 1, -1, -1):
        if layout.furniture[i]:
            furniture += 1
            continue
        line = layout.line(i)
        if (i == layout.title_index or len(line) > MAX_FURNITURE_CHARS or ends_sentence(line)
                or len(line.split()) > LINK_TITLE_WORDS):
            break
        links.append(i)
    if links and len(links) + furniture >= 2:
        for i in links:
            layout.furniture[i] = 1


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of page furniture in ``text``.

    Neighbouring furniture lines form one span, so the spans also cover the blank
    lines between them.
    """
    return _spans(_classify(text))


def _spans(layout: _Layout) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    previous = False
    for start, end, is_furniture in zip(layout.starts, layout.ends, layout.furniture):
        if is_furniture and previous:
            spans[-1] = (spans[-1][0], end)
        elif is_furniture:
            spans.append((start, end))
        previous = bool(is_furniture)
    return spans


def find_title(text: str) -> str:
    """The headline: the first headline-shaped line that is not furniture, or ""."""
    return _title(_classify(_head(text)))


def _title(layout: _Layout) -> str:
    """The headline of a layout, if among the first TITLE_SEARCH_LINES lines."""
    index = layout.title_index
    return layout.line(index) if index is not None and index < TITLE_SEARCH_LINES else ""


def find_title_and_boilerplate(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``find_title`` and ``find_boilerplate`` from one reading of the lines: a line's
    class depends only on the lines before it, so the head's lines read the same."""
    layout = _classify(text)
    return _title(layout), _spans(layout)


def _head(text: str, lines: int = TITLE_SEARCH_LINES) -> str:
    """The first ``lines`` non-empty lines, for questions about the top of the page."""
    taken = 0
    for _, end, _ in _lines(text):
        taken += 1
        if taken == lines:
            return text[:end]
    return text


def _tail_lines(text: str, lines: int) -> list[str]:
    tail = text[-20_000:].split("\n")
    return [line.strip() for line in tail if line.strip()][-lines:]


def find_outlet(text: str) -> str:
    """The outlet named by the page itself: a masthead line ("CBN"), an app or video
    prompt ("Watch CBS News") or the copyright holder ("Copyright © 2015 BBC")."""
    head = [line for _, _, line in _lines(_head(text, OUTLET_SEARCH_LINES))]
    for line in head:
        if len(line) > MAX_FURNITURE_CHARS:
            continue
        if _MASTHEAD.fullmatch(line) and not _phrases().matches(line):
            return line
        prompt = _OUTLET_PROMPT.fullmatch(line)
        if prompt:
            return prompt.group(1) or prompt.group(2)
    for line in head + _tail_lines(text, OUTLET_SEARCH_LINES):
        if len(line) <= MAX_FURNITURE_CHARS and _COPYRIGHT.match(line):
            holder = _COPYRIGHT_HOLDER.search(line)
            if holder and holder.group("name").strip():
                return _CORPORATE_SUFFIX.sub("", holder.group("name").strip())
    return ""


def outlet_from_filename(path: str | Path) -> str:
    """Saved articles are often named "outlet-headline.txt": the first token, as an
    acronym when short ("bbc" -> "BBC"), else as a name ("bloomberg" -> "Bloomberg")."""
    tokens = [t for t in re.split(r"[-_\s.]+", Path(path).stem) if t]
    if len(tokens) >= 2 and tokens[0].isalpha() and 2 <= len(tokens[0]) <= 12:
        first = tokens[0]
        if first != first.lower():
            return first
        return first.upper() if len(first) <= 4 else first.capitalize()
    return ""


def title_and_source(text: str, path: str | Path) -> tuple[str, str]:
    """Title and outlet read from the text, falling back to the file name."""
    title = find_title(text) or Path(path).stem
    return title, find_outlet(text) or outlet_from_filename(path)
