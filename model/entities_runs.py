"""Reading one run of capitalised words, wherever it stands.

The pattern here finds each run ("Acme CEO Jane Roe", "Bank of England", "iPhone 4");
``analyse`` splits a run at titles, months and sentence openers and types each part from
its own words: a title, a suffix, a known name, a given name, a model number. The
result depends only on the run's text (and whether it opens a sentence), so it is kept
in a bounded memo: names recur, and a recurring run costs one dictionary lookup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .entities_lexicon import Lexicon, lexicon, name_key


def _letters(upper: bool) -> str:
    """ASCII and Latin-1/Extended letters of one case, as a character class body."""
    chars = [chr(c) for c in range(0xC0, 0x250)
             if (chr(c).isupper() if upper else chr(c).islower())]
    return ("A-Z" if upper else "a-z") + "".join(chars)


_U, _L = _letters(True), _letters(False)


@dataclass(frozen=True)
class Patterns:
    run: re.Pattern[str]
    definition: re.Pattern[str]
    capital_word: re.Pattern[str]
    lower_word: re.Pattern[str]
    next_word: re.Pattern[str]
    word: re.Pattern[str]
    apposition: re.Pattern[str]
    any_word: re.Pattern[str]
    #: lower-case words that keep their period ("mr", "inc", "jan")
    abbreviations: frozenset[str]


@lru_cache(maxsize=1)
def never_alone() -> frozenset[str]:
    """Runs of one word that are never a name and say nothing about other words: "The",
    "However", "March" (most runs in any text are these)."""
    lex = lexicon()
    words = {w for w in lex.function_words | lex.calendar if "." not in w and len(w) > 1}
    return frozenset(w.capitalize() for w in words) | {"I", "A"}


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    lex = lexicon()
    abbreviations = {w.rstrip(".") for w in lex.titles | lex.corporate_suffixes | lex.generational
                     | lex.place_heads | lex.calendar for w in w.split()
                     if w.endswith(".") and w.count(".") == 1}
    abbreviations |= lex.abbreviations
    # Every run opens with a capital letter, so the engine scans for that letter alone;
    # what may come before it (camel case "iPhone", "al-" or "de ") is checked in Python.
    # After the capital: a dotted abbreviation "U.S.", "AT&T", or a word with an optional
    # period (kept only on abbreviations and initials).
    tail = (rf"(?:\.(?:[{_U}]\.)+|[{_U}]*&[{_U}]+"
            rf"|[{_L}{_U}]*(?:['’][{_U}][{_L}{_U}]+)*(?:-[{_U}][{_L}{_U}]*)*(?:-?\d+[A-Za-z]?)?"
            rf"(?:\.(?=[ ,;:)]|$))?)")
    token = (rf"(?:[{_U}]{tail}|(?:{'|'.join(sorted(lex.hyphen_particles))})-[{_U}][{_L}]+"
             rf"|[a-z]{{1,2}}[{_U}][{_L}{_U}\d]*)")
    connector = "|".join(re.escape(c) for c in lex.connectors)
    number = r"\d{1,3}[A-Za-z]{0,2}(?![\w%]|[.,:/–-]\d)"
    run = rf"[{_U}]{tail}(?: (?:(?:{connector}) )?{token}| {number})*"
    return Patterns(
        run=re.compile(run),
        definition=re.compile(rf"\(\s*([{_U}](?:[{_U}a-z&]|\.(?=[{_U}]|\s*\))){{1,9}}\.?)\s*\)"),
        capital_word=re.compile(rf"(?<![\w'’])[{_U}]"),
        lower_word=re.compile(rf"(?<![\w'’-])[{_L}]+(?![\w'’-])"),
        next_word=re.compile(r"(?:['’]s?)?,? ([a-z][a-z-]*)"),
        word=re.compile(r"[^\W_]+(?:['’][^\W_]+)?|&"),
        any_word=re.compile(r"[^\W_]+"),
        apposition=re.compile(r", (?:a|an|the|its|their|his|her) ((?:[\w-]+ ){0,2}[\w-]+)"),
        abbreviations=frozenset(abbreviations),
    )


#: A run's reading that does not depend on where it stands: (start, end relative to the
#: run, type, basis, key, looks like a person's name, needs the sentence-opener check,
#: tokens).
Proto = tuple[int, int, str, str, str, bool, bool, tuple[tuple[str, int, str], ...]]
RUN_CACHE: dict[tuple[str, bool], tuple[list[Proto], tuple[str, ...]]] = {}
#: About 40 MB at most; cleared when full (names of one story recur far more often).
_RUN_CACHE_LIMIT = 50_000


def analyse(run: str, initial: bool) -> tuple[list[Proto], tuple[str, ...]]:
    """The names in one run of capitalised words, and its words that show capitals."""
    hit = RUN_CACHE.get((run, initial))
    if hit is not None:
        return hit
    lex = lexicon()
    tokens = split_run(run, 0)
    kinds = _kinds(tokens, lex)
    reading = RunReader(lex)
    group: list[tuple[str, int, str]] = []
    first = True
    for (tok, off), kind in zip(tokens, kinds):
        if kind == "B":
            reading.group(group, initial and first)
            group, first = [], False
            continue
        group.append((tok, off, kind))
    reading.group(group, initial and first)
    capitals = tuple(tok.lower() for i, ((tok, _), kind) in enumerate(zip(tokens, kinds))
                     if kind == "N" and (i or not initial))
    if len(RUN_CACHE) >= _RUN_CACHE_LIMIT:
        RUN_CACHE.clear()
    result = RUN_CACHE[run, initial] = (reading.out, capitals)
    return result


class RunReader:
    """Splits a run at titles and connectors and types each part from its own words."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.out: list[Proto] = []

    def group(self, group: list[tuple[str, int, str]], initial: bool) -> None:
        """Split at a title: "Acme CEO Jane Roe", "President of Ruritania Ann Lee"."""
        group = trim(group)
        if not group:
            return
        lex = self.lex
        for i in range(len(group)):
            size = _title_at(group, i, lex) if group[i][2] == "N" else 0
            if not size:
                continue
            left, rest = group[:i], group[i + size:]
            title = " ".join(t[0].lower() for t in group[i:i + size])
            if self._title_is_name(left, rest, title):
                continue
            if left:
                self.segment(left, initial, before_role=True)
            person = rest
            if rest and rest[0][0] == "of":
                j = _known_prefix(rest, lex)
                if not j:
                    j = 1
                    while j < len(rest) and not (j > 1 and rest[j][0].lower() in lex.given_names):
                        j += 1
                self.segment(rest[1:j], False)
                person = rest[j:]
            person = trim(person)
            if person:
                self.segment(person, False, forced=("person", "title"))
            return
        self.segment(group, initial)

    def _title_is_name(self, left, rest, title: str) -> bool:
        """A title word that belongs to a name: "General Motors", "Martin Luther King",
        "Burger King"."""
        lex = self.lex
        rest_names = [t for t in rest if t[2] == "N"]
        if rest_names and rest_names[-1][0].lower() in lex.name_suffixes \
                and rest[0][0].lower() not in lex.given_names:
            return True
        if title not in lex.ambiguous_titles:
            return False
        if not rest_names:
            return bool(left)
        return bool(left) and (left[0][0].lower() in lex.given_names or len(left) >= 2)

    def segment(self, seg, initial: bool, forced=None, before_role=False) -> None:
        seg = trim(seg)
        if not seg:
            return
        lex = self.lex
        # "Jane Roe of Acme": a person of an organisation; "for" joins only after a head.
        for j in range(1, len(seg) - 1):
            word = seg[j][0]
            if word == "of" and (forced and forced[0] == "person"
                                 or j >= 2 and seg[0][0].lower() in lex.given_names):
                self.segment(seg[:j], initial, forced)
                self.segment(seg[j + 1:], False)
                return
            if False:
                self.segment(seg[:j], initial)
                self.segment(seg[j + 1:], False)
                return
            if word == "for" and seg[j - 1][0].lower() not in lex.for_heads:
                self.segment(seg[:j], initial, forced, before_role)
                self.segment(seg[j + 1:], False)
                return
        proto = self.read(seg, forced, before_role)
        if proto is None:
            return
        if initial and not forced and proto[3] not in ("gazetteer", "given-name") \
                and _needs_check(seg, lex):
            proto = proto[:6] + (True,) + proto[7:]
        self.out.append(proto)

    def read(self, seg, forced=None, before_role=False) -> Proto | None:
        """Type and key of a name from its own words; None when it is no name at all."""
        names = [t for t in seg if t[2] != "C" and t[2] != "#"]
        if not names:
            return None
        surface = " ".join(t[0] for t in seg)
        key = name_key(surface)
        decided = self._decide(seg, names, surface, key, forced, before_role)
        if decided is None:
            return None
        kind, basis, key = decided
        shape = basis == "default" and 2 <= len(names) == len(seg) <= 3 \
            and all(t[2] == "N" and t[0][1:].islower() for t in names)
        return (seg[0][1], seg[-1][1] + len(seg[-1][0]), kind, basis, key, shape, False,
                tuple(seg))

    def _decide(self, seg, names, surface: str, key: str, forced, before_role: bool
                ) -> tuple[str, str, str] | None:
        lex = self.lex
        first = seg[0][0]
        low0 = first.lower()
        if len(seg) == 1:
            if seg[0][2] != "N" or len(first) == 1 or low0 in lex.not_alone:
                return None
            if first.isupper() and low0 in lex.function_words and key not in lex.known:
                return None
        elif not any(t[2] == "N" for t in names):
            return None
        if forced:
            return forced[0], forced[1], key
        known = lex.known.get(key)
        if known:
            return known[1], "gazetteer", key
        if key in lex.demonyms:
            return ("group" if key in lex.plural_demonyms else "place"), "gazetteer", \
                lex.demonyms[key]
        if key in lex.groups:
            return "group", "gazetteer", lex.groups[key]
        if len(names) > 1:
            last = names[-1][0].lower()
            if low0 in lex.place_prefixes:
                entry = lex.known.get(name_key(surface.split(" ", 1)[1]))
                if entry and entry[1] == "place":
                    return "place", "gazetteer", key
            if last in lex.numerals:
                if low0 in lex.given_names:
                    return "person", "generational", key
                last = names[-2][0].lower()
                suffix = lex.suffix_types.get(last)
                return (suffix[0] if suffix else "other"), ("suffix" if suffix else "form"), key
            suffix = lex.suffix_types.get(last)
            if suffix:
                return suffix[0], suffix[1], key
            second = seg[1][0]
            if second == "of" or second == "for":
                if low0 in lex.org_heads:
                    return "organisation", "head", key
                if second == "of" and low0 in lex.other_heads:
                    return "other", "head", key
            if low0 in lex.place_heads:
                return "place", "head", key
            if seg[0][2] == "N" and low0 in lex.given_names:
                return "person", "given-name", key
            if names[-1][2] == "N" and any(t[2] == "I" for t in seg):
                return "person", "initials", key
        if seg[-1][2] == "#" or any(t[0][0].islower() and t[2] == "N" and "-" not in t[0]
                                    for t in names):
            return "other", "form", key
        if len(seg) == 1 and (first.isupper() or "&" in first):
            if low0 in lex.non_entity_acronyms:
                return None
            return "organisation", "acronym", key
        if before_role:
            return "organisation", "context", key
        return "other", "default", key


def split_run(run: str, start: int) -> list[tuple[str, int]]:
    """The words of a run with their offsets; a period that ends a word which is no
    abbreviation or initial is left out, and inside a run it breaks the name (".")."""
    out = []
    abbreviations = patterns().abbreviations
    for tok in run.split(" "):
        if tok.endswith(".") and len(tok) > 2 and tok.count(".") == 1 \
                and tok[:-1].lower() not in abbreviations:
            out.append((tok[:-1], start))
            out.append((".", start + len(tok) - 1))
        else:
            out.append((tok, start))
        start += len(tok) + 1
    if out and out[-1][0] == ".":
        out.pop()
    return out


def _kinds(tokens: list[tuple[str, int]], lex: Lexicon) -> list[str]:
    """N name word, C connector, # model number, I initial, B breaks the name."""
    kinds: list[str] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i][0]
        c = tok[0]
        if tok == ".":
            kinds.append("B")
        elif c.isdigit():
            kinds.append("#")
        elif c.islower():
            kinds.append("C" if tok in lex.connector_words else "N")
        elif len(tok) == 2 and tok[1] == ".":
            kinds.append("I")
        else:
            low = tok.lower()
            if low in lex.holiday_first:
                size = _holiday_at(tokens, i, lex)
                if size:
                    kinds.extend("B" * size)
                    i += size
                    continue
            if low in lex.calendar:
                after_given = i and kinds[-1] == "N" and tokens[i - 1][0].lower() in lex.given_names
                dated = i + 1 < n and tokens[i + 1][0][0].isdigit()
                kinds.append("N" if after_given and not dated else "B")
            elif low in lex.function_words and (len(tok) == 1 or not tok.isupper()):
                kinds.append("B")
            else:
                kinds.append("N")
        i += 1
    return kinds


def _holiday_at(tokens, i: int, lex: Lexicon) -> int:
    longest = lex.holiday_first[tokens[i][0].lower()]
    for size in range(min(longest, len(tokens) - i), 1, -1):
        if " ".join(t for t, _ in tokens[i:i + size]).lower() in lex.holiday_phrases:
            return size
    return 0


def trim(group):
    """Drop connectors and numbers at the start, connectors and initials at the end."""
    a, b = 0, len(group)
    while a < b and group[a][2] in "C#":
        a += 1
    while b > a and group[b - 1][2] in "C":
        b -= 1
    return group[a:b] if (a, b) != (0, len(group)) else group


def _known_prefix(rest, lex: Lexicon) -> int:
    """After "President of": the end of the longest known place or organisation."""
    for j in range(len(rest), 1, -1):
        if name_key(" ".join(t[0] for t in rest[1:j])) in lex.known:
            return j
    return 0


def _title_at(group, i: int, lex: Lexicon) -> int:
    """Number of tokens of the longest title starting at token ``i`` (0 if none)."""
    options = lex.titles_by_first.get(group[i][0].lower())
    if not options:
        return 0
    words = [t[0].lower() for t in group[i:i + 5]]
    for parts in options:
        if tuple(words[:len(parts)]) == parts:
            return len(parts)
    return 0


def _needs_check(seg, lex: Lexicon) -> bool:
    first, kind = seg[0][0], seg[0][2]
    if kind != "N" or first.isupper() or first[0].islower() or len(first) == 1:
        return False
    low = first.lower()
    second = seg[1][0] if len(seg) > 1 else ""
    if second in ("of", "for") and (low in lex.org_heads or low in lex.other_heads
                                    or low in lex.for_heads):
        return False
    if len(seg) > 1 and low in lex.place_heads:
        return False
    return True
