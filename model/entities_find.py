"""Names in one article: people, organisations, places, groups and other named things.

One compiled pattern finds each run of capitalised words (with connectors such as "of",
"de", "&", and a model number after a product name) inside each sentence; a few
dictionary lookups per run then split it at titles, months and sentence openers and
decide its type from evidence: a title or honorific, a suffix ("Inc.", "Ministry",
"River"), a known place or organisation, a given name, a cue word around it ("in X",
"X province", "spokesman X"), or a stronger mention of the same name in the article.
Headlines in title case or capitals keep only names the body confirms. Work is linear
in the text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .entities_lexicon import BASIS_RANK, EntityMention, Lexicon, lexicon, make_mention, name_key
from .types import Sentence


def _letters(upper: bool) -> str:
    chars = [chr(c) for c in range(0xC0, 0x250) if (chr(c).isupper() if upper else chr(c).islower())]
    return ("A-Z" if upper else "a-z") + "".join(chars)


_U, _L = _letters(True), _letters(False)
#: Lower-case words between the capitalised words of one name.
CONNECTORS = ("of the", "of", "for the", "for", "de la", "de los", "de", "del", "della", "der", "es",
              "den", "des", "di", "da", "du", "van der", "van den", "van de", "van", "von der",
              "von", "le", "la", "bin", "ibn", "al", "el", "y", "&")
#: Lower-case particles that may open a name ("de Gaulle", "bin Laden", "van Gogh").
OPENING_PARTICLES = ("bin", "ibn", "al", "el", "van", "von", "de", "di", "du", "da", "le", "la")
#: Hyphenated particles that belong to the name after them ("al-Thani").
HYPHEN_PARTICLES = ("al", "el", "ad", "ash", "as", "ibn", "bin", "abu")
_CONNECTOR_WORDS = frozenset(w for c in CONNECTORS for w in c.split())
_OPENING = frozenset(OPENING_PARTICLES)
_HYPHENATED = frozenset(HYPHEN_PARTICLES)
_OPENERS = '"“‘([—–•*>:'
_MAX_HEADLINE_CHARS = 300
#: Articles longer than this count their words once instead of searching for each.
_SEARCH_CHARS = 20_000
#: Evidence strong enough to pass a type on to the short forms of a name.
_SHARE_RANK = BASIS_RANK["given-name"]
#: Between two names of one list: ", ", " and ", ", and ", " or ".
_LIST_GAP = re.compile(r",? (?:and|or) |, ")
#: The strongest type that the words around a name can give.
_CONTEXT_RANK = BASIS_RANK["role"]
#: ... and to the lone words that open or end it.
_PART_RANK = BASIS_RANK["context"]


@dataclass(frozen=True)
class _Patterns:
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
def _never_alone() -> frozenset[str]:
    """Runs of one word that are never a name and say nothing about other words: "The",
    "However", "March" (most runs in any text are these)."""
    lex = lexicon()
    words = {w for w in lex.function_words | lex.calendar if "." not in w and len(w) > 1}
    return frozenset(w.capitalize() for w in words) | {"I", "A"}


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    abbreviations = {w.rstrip(".") for w in lex.titles | lex.corporate_suffixes | lex.generational
                     | lex.place_heads | lex.calendar for w in w.split()
                     if w.endswith(".") and w.count(".") == 1}
    abbreviations |= {"st", "mt", "ft", "jr", "sr", "bros", "dept", "univ", "assn", "no"}
    # Every run opens with a capital letter, so the engine scans for that letter alone;
    # what may come before it (camel case "iPhone", "al-" or "de ") is checked in Python.
    # After the capital: a dotted abbreviation "U.S.", "AT&T", or a word with an optional
    # period (kept only on abbreviations and initials).
    tail = (rf"(?:\.(?:[{_U}]\.)+|[{_U}]*&[{_U}]+"
            rf"|[{_L}{_U}]*(?:['’][{_U}][{_L}{_U}]+)*(?:-[{_U}][{_L}{_U}]*)*(?:-?\d+[A-Za-z]?)?"
            rf"(?:\.(?=[ ,;:)]|$))?)")
    token = (rf"(?:[{_U}]{tail}|(?:{'|'.join(HYPHEN_PARTICLES)})-[{_U}][{_L}]+"
             rf"|[a-z]{{1,2}}[{_U}][{_L}{_U}\d]*)")
    connector = "|".join(re.escape(c) for c in CONNECTORS)
    number = r"\d{1,3}[A-Za-z]{0,2}(?![\w%]|[.,:/–-]\d)"
    run = rf"[{_U}]{tail}(?: (?:(?:{connector}) )?{token}| {number})*"
    return _Patterns(
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
#: run, type, basis, key, needs context cues, looks like a person's name, needs the
#: sentence-opener check, tokens).
_Proto = tuple[int, int, str, str, str, bool, bool, bool, tuple[tuple[str, int, str], ...]]
_RUN_CACHE: dict[tuple[str, bool], tuple[list[_Proto], tuple[str, ...]]] = {}
_RUN_CACHE_LIMIT = 200_000


def _analyse(run: str, initial: bool) -> tuple[list[_Proto], tuple[str, ...]]:
    """The names in one run of capitalised words, and its words that show capitals."""
    hit = _RUN_CACHE.get((run, initial))
    if hit is not None:
        return hit
    lex = lexicon()
    tokens = _split(run, 0)
    kinds = _kinds(tokens, lex)
    reading = _RunReader(lex)
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
    if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
        _RUN_CACHE.clear()
    result = _RUN_CACHE[run, initial] = (reading.out, capitals)
    return result


class _RunReader:
    """Splits a run at titles and connectors and types each part from its own words."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.out: list[_Proto] = []

    def group(self, group: list[tuple[str, int, str]], initial: bool) -> None:
        """Split at a title: "Acme CEO Jane Roe", "President of Ruritania Ann Lee"."""
        group = _trim(group)
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
            person = _trim(person)
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
        seg = _trim(seg)
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
            proto = proto[:7] + (True,) + proto[8:]
        self.out.append(proto)

    def read(self, seg, forced=None, before_role=False) -> _Proto | None:
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
        context = basis == "default"
        shape = context and 2 <= len(names) == len(seg) <= 3 \
            and all(t[2] == "N" and t[0][1:].islower() for t in names)
        return (seg[0][1], seg[-1][1] + len(seg[-1][0]), kind, basis, key, context, shape,
                False, tuple(seg))

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


@dataclass(slots=True)
class _Piece:
    """A candidate name at its place in the article."""

    start: int
    end: int
    type: str
    basis: str
    key: str
    #: Opens a sentence or quote with an ordinary-looking word: confirmed in pass two.
    verify: bool
    #: (text, offset from ``base``, kind) of each word
    tokens: tuple[tuple[str, int, str], ...]
    base: int
    sentence: Sentence | None
    #: Two or three plain capitalised words: a person if the words around say so.
    person_shape: bool = False


class _Article:
    """One article's candidates; pass one collects, pass two confirms and types."""

    def __init__(self, text: str, lex: Lexicon):
        self.text = text
        self.lex = lex
        self.pieces: list[_Piece] = []
        self.headline_runs: list[list[tuple[str, int]]] = []
        self.definitions: list[tuple[int, int, int, int]] = []  # expansion and acronym spans
        self.mid_capitals: set[str] = set()
        self._counts: Counter[str] | None = None

    def written_lower(self, word: str) -> bool:
        """Does the article also write ``word`` (lower case) as a word of its own?"""
        return self.occurs(word, 1)

    def occurs(self, word: str, times: int) -> bool:
        """Does ``word`` occur as a whole word at least ``times`` times? Short articles are
        searched; a long one is counted once, so the work stays linear in its length."""
        text = self.text
        if len(text) > _SEARCH_CHARS:
            if self._counts is None:
                self._counts = Counter(_patterns().any_word.findall(text))
            return self._counts[word] >= times
        size = len(text)
        i = text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not text[i - 1].isalnum()) and (j >= size or not text[j].isalnum()):
                times -= 1
                if not times:
                    return True
            i = text.find(word, j)
        return False

    # pass one -------------------------------------------------------------------------

    def read_sentence(self, s: Sentence) -> None:
        pats, text = _patterns(), self.text
        headline = len(s.text) <= _MAX_HEADLINE_CHARS and self._is_headline(s.text)
        pieces, extend = self.pieces, self._extend
        capitals_seen = self.mid_capitals
        never = _never_alone()
        for m in pats.run.finditer(text, s.start, s.end):
            run = m.group()
            if run in never:
                continue
            start, run = extend(m.start(), run)
            if not run:
                continue
            if headline:
                self.headline_runs.append(_split(run, start))
                continue
            protos, capitals = _analyse(run, _is_initial(text, s.start, start))
            if capitals:
                capitals_seen.update(capitals)
            for p in protos:
                pieces.append(_Piece(start + p[0], start + p[1], p[2], p[3], p[4], p[7], p[8],
                                     start, s, p[6]))
        if not headline and "(" in s.text:
            for m in pats.definition.finditer(text, s.start, s.end):
                self._read_definition(m, s)

    def _extend(self, start: int, run: str) -> tuple[int, str]:
        """Take in what the pattern cannot look back at: "iPhone", "al-Thani", "de Gaulle";
        drop a first word that is the tail of another word ("pro-Western", "x2Foo")."""
        if start == 0:
            return start, run
        text = self.text
        prev = text[start - 1]
        if prev == " ":
            if start >= 3 and text[start - 2].islower():
                for size in (2, 3):
                    b = start - 1 - size
                    if b >= 0 and text[b:start - 1] in _OPENING and (b == 0 or text[b - 1] in " (\"“"):
                        return b, text[b:start] + run
            return start, run
        if prev.isalpha() or prev == "-":
            j = start - 1 if prev == "-" else start
            k = j
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            prefix = text[k:j]
            fits = (prefix in _HYPHENATED) if prev == "-" else (len(prefix) <= 2 and prefix.islower())
            if fits and (k == 0 or not text[k - 1].isalnum()):
                return k, text[k:start] + run
        elif not (prev.isdigit() or prev in "_@#/"):
            return start, run
        cut = run.find(" ")
        return (start + cut + 1, run[cut + 1:]) if cut > 0 else (start, "")

    def _is_headline(self, sentence: str) -> bool:
        """Title case or capitals: every lower-case word is a function word."""
        pats = _patterns()
        function = self.lex.function_words
        for m in pats.lower_word.finditer(sentence):
            if m.group() not in function:
                return False
        return len(pats.capital_word.findall(sentence)) >= 3

    def _context(self, start: int, end: int, s: Sentence, person_shape: bool) -> tuple[str, str]:
        """Type from the words around a name: "in X", "X province", "spokesman X",
        "shares of X", "X, Ruritania", "Jane Roe said", "said Jane Roe", "Roe, who"."""
        lex, text = self.lex, self.text
        lo = s.start if s.start > start - 40 else start - 40
        before = text[lo:start].split()
        prev1 = before[-1].strip(",;:\"“”'").lower() if before else ""
        prev2 = before[-2].strip(",;:\"“”'").lower() if len(before) > 1 else ""
        phrase = f"{prev2} {prev1}"
        possessive = text[end:end + 1] in ("'", "’")
        m = _patterns().next_word.match(text, end, s.end)
        nxt = m.group(1) if m else ""
        if prev1 in lex.role_nouns:
            return "person", "role"
        if phrase in lex.org_cue_phrases:
            return "organisation", "context"
        if not possessive and (prev1 in lex.place_cues_before or phrase in lex.place_cue_phrases):
            return "place", "context"
        if nxt in lex.place_cues_after or text.startswith("-based", end):
            return "place", "context"
        if nxt in lex.org_cues_after:
            return "organisation", "context"
        if possessive and nxt in lex.org_cues_possessive:
            return "organisation", "context"
        if person_shape and (nxt in lex.speech_verbs or prev1 in lex.speech_verbs_before
                             or text.startswith((", who ", ", whose "), end)):
            return "person", "context"
        described = text.startswith(", ", end) and _patterns().apposition.match(text, end, s.end)
        if described:
            words = described.group(1).lower().split()
            if person_shape and any(w in lex.role_nouns for w in words):
                return "person", "context"
            if any(w in lex.org_nouns for w in words):
                return "organisation", "context"
        if self._place_follows(end, s):
            return "place", "context"
        return "other", "default"

    def _place_follows(self, end: int, s: Sentence) -> bool:
        """ "Kandy, Sri Lanka" or "Kandy in Sri Lanka": a known place right after."""
        text = self.text
        if text.startswith(", ", end):
            at = end + 2
        elif text.startswith(" in ", end):
            at = end + 4
        else:
            return False
        m = _patterns().run.match(text, at, s.end)
        if m is None:
            return False
        entry = self.lex.known.get(name_key(m.group().rstrip(".")))
        return entry is not None and entry[1] == "place"

    def _read_definition(self, m: re.Match[str], s: Sentence) -> None:
        """ "the Royal Society for the Protection of Birds (RSPB)": an acronym and its expansion."""
        acronym = m.group(1)
        letters = [c.lower() for c in acronym if c.isalpha()]
        if sum(c.isupper() for c in acronym) < 2 or len(letters) < 2:
            return
        lo = max(s.start, m.start() - 200)
        words = [(w.group(), w.start()) for w in _patterns().word.finditer(self.text, lo,
                                                                          m.start())]
        start = _expansion_start(words, letters, self.lex)
        if start is None:
            return
        end = m.start()
        while end > start and self.text[end - 1] in " ,":
            end -= 1
        self.definitions.append((start, end, m.start(1), m.end(1)))

    # pass two -------------------------------------------------------------------------

    def mentions(self) -> list[EntityMention]:
        pieces: list[_Piece] = []
        for piece in self.pieces:
            if piece.verify:
                piece = self._confirm(piece)
                if piece is None:
                    continue
            pieces.append(piece)
        pieces = self._apply_definitions(pieces)
        self._read_context(pieces)
        self._share_types(pieces)
        pieces.extend(self._headlines(pieces))
        pieces.sort(key=lambda p: p.start)
        text = self.text
        return [make_mention(p.start, p.end, text[p.start:p.end], p.type, p.key, p.basis)
                for p in pieces]

    def _read_context(self, pieces: list[_Piece]) -> None:
        """Type the names that their own words leave open from the words around them,
        unless a stronger mention of the same name decides anyway. A name listed right after
        a place ("in Leeds, Hull and Tadcaster") is a place too."""
        strong = {p.key for p in pieces if BASIS_RANK[p.basis] > _CONTEXT_RANK}
        context, text = self._context, self.text
        previous = None
        for p in pieces:
            if p.basis == "default" and p.key not in strong:
                p.type, p.basis = context(p.start, p.end, p.sentence, p.person_shape)
                if p.basis == "default" and previous is not None and previous.type == "place" \
                        and previous.basis != "default" \
                        and _LIST_GAP.fullmatch(text, previous.end, p.start):
                    p.type, p.basis = "place", "context"
            previous = p

    def _share_types(self, pieces: list[_Piece]) -> None:
        """A weaker mention takes the type of a stronger mention of the same name. A lone
        word that opens or ends a longer name here ("Roe" after "Jane Roe", "Acme" after
        "Acme Widgets") takes that name's type, and a full name whose surname has a title
        elsewhere ("Mr. Roe") is a person."""
        best: dict[str, tuple[int, str]] = {}
        for p in pieces:
            rank = BASIS_RANK[p.basis]
            if rank > best.get(p.key, (-1, ""))[0]:
                best[p.key] = (rank, p.type)
        parts: dict[str, tuple[int, str]] = {}
        for key, (rank, kind) in best.items():
            if " " in key and kind in ("person", "organisation") and rank >= _PART_RANK:
                words = key.split()
                for word in (words[0], words[-1]):
                    if word not in self.lex.generic_alone and word not in _CONNECTOR_WORDS \
                            and (kind == "person" or word == words[0] or len(words) == 2):
                        parts.setdefault(word, (rank, kind))
        for p in pieces:
            rank = BASIS_RANK[p.basis]
            top_rank, top_type = best[p.key]
            if " " in p.key and rank < _SHARE_RANK:
                last = best.get(p.key.rsplit(" ", 1)[1])
                if last and last[1] == "person" and last[0] >= _SHARE_RANK:
                    top_rank, top_type = last
            if top_rank > rank and top_type != p.type:
                p.type, p.basis = top_type, "same-name"
            elif " " not in p.key and rank == 0 and p.key in parts \
                    and parts[p.key][1] != p.type:
                p.type = parts[p.key][1]
                p.basis = "surname" if p.type == "person" else "same-name"

    def _confirm(self, piece: _Piece) -> _Piece | None:
        """A word that opens a sentence is a name if the article also capitalises it inside
        a sentence, or it recurs, acts or owns and does not look like a common word; never
        when the article also writes it in lower case. Otherwise the name (if any) starts
        after it."""
        lex = self.lex
        word = piece.tokens[0][0]
        low = word.lower()
        if low not in lex.common_capitalised and not self.written_lower(low) and (
                low in self.mid_capitals
                or not (len(low) > 4 and low.endswith(("ers", "ors", "ists", "ies", "ing",
                                                       "ly", "ed")))
                and (len(piece.tokens) > 1 or piece.basis != "default"
                     or self.occurs(word, 2) or self._speaks_or_owns(piece))):
            return piece
        rest = _trim(list(piece.tokens[1:]))
        proto = _RunReader(lex).read(rest) if rest else None
        if proto is None:
            return None
        return _Piece(piece.base + proto[0], piece.base + proto[1], proto[2], proto[3], proto[4],
                      False, proto[8], piece.base, piece.sentence, proto[6])

    def _speaks_or_owns(self, piece: _Piece) -> bool:
        """ "Okafor said ...", "Acme's profits ...": a name acting or owning."""
        text, end = self.text, piece.end
        if text[end:end + 1] in ("'", "’"):
            return True
        m = _patterns().next_word.match(text, end, piece.sentence.end)
        return bool(m) and m.group(1) in self.lex.speech_verbs

    def _apply_definitions(self, pieces: list[_Piece]) -> list[_Piece]:
        if not self.definitions:
            return pieces
        text, lex = self.text, self.lex
        spans = sorted([(a, b) for a, b, _, _ in self.definitions]
                       + [(c, d) for _, _, c, d in self.definitions])
        starts = [a for a, _ in spans]
        kept = [p for p in pieces if not _overlaps(spans, starts, p.start, p.end)]
        acronyms: dict[str, tuple[str, str]] = {}
        for a, b, c, d in self.definitions:
            words = tuple((w, a + i, "C" if w[0].islower() else "N") for w, i in _offsets(text[a:b]))
            proto = _RunReader(lex).read(words)
            kind = proto[2] if proto and proto[3] != "default" else "organisation"
            if kind == "other" and proto[3] == "context":
                kind = "organisation"
            key = name_key(text[a:b])
            kept.append(_Piece(a, b, kind, "definition", key, False, words, 0, None))
            kept.append(_Piece(c, d, kind, "definition", key, False, ((text[c:d], c, "N"),), 0,
                               None))
            acronyms[name_key(text[c:d])] = acronyms[lex.key_of(text[c:d])] = (key, kind)
        for p in kept:
            if p.basis != "definition" and p.key in acronyms and len(p.tokens) == 1 \
                    and sum(ch.isupper() for ch in p.tokens[0][0]) >= 2:
                p.key, p.type = acronyms[p.key]
                p.basis = "definition"
        return kept

    def _headlines(self, body: list[_Piece]) -> list[_Piece]:
        """Names in title-case or capitals lines that the body (or the word lists) confirm."""
        if not self.headline_runs:
            return []
        lex = self.lex
        known: dict[str, str] = {}
        for p in body:
            known.setdefault(p.key, p.type)
            if " " in p.key and p.type == "person":
                known.setdefault(p.key.rsplit(" ", 1)[1], "person")
            elif " " in p.key and p.type == "organisation":
                first = p.key.split(" ", 1)[0]
                if first not in lex.generic_alone and first not in lex.org_heads:
                    known.setdefault(first, "organisation")
        found: list[_Piece] = []
        for tokens in self.headline_runs:
            i, n = 0, len(tokens)
            while i < n:
                for size in range(min(6, n - i), 0, -1):
                    part = tokens[i:i + size]
                    if part[0][0] in _CONNECTOR_WORDS or part[-1][0] in _CONNECTOR_WORDS:
                        continue
                    start, end = part[0][1], part[-1][1] + len(part[-1][0])
                    key = name_key(self.text[start:end])
                    kind = known.get(key)
                    if kind is None:
                        entry = lex.known.get(key)
                        if entry:
                            kind = entry[1]
                        elif key in lex.demonyms:
                            key, kind = lex.demonyms[key], "place"
                    if kind is None or len(key) < 2:
                        continue
                    found.append(_Piece(start, end, kind, "headline", key, False,
                                        tuple((t, o, "N") for t, o in part), 0, None))
                    i += size - 1
                    break
                i += 1
        return found


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the sorted, short ``spans``?"""
    i = bisect_left(starts, end)
    return any(spans[j][1] > start for j in range(max(0, i - 3), i))


def _split(run: str, start: int) -> list[tuple[str, int]]:
    """The words of a run with their offsets; a period that ends a word which is no
    abbreviation or initial is left out, and inside a run it breaks the name (".")."""
    out = []
    abbreviations = _patterns().abbreviations
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


def _offsets(span: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", span)]


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
            kinds.append("C" if tok in _CONNECTOR_WORDS else "N")
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


def _trim(group):
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


def _last_word(names) -> str:
    return names[-1][0].lower()


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


def _is_initial(text: str, sentence_start: int, start: int) -> bool:
    """Does the run open its sentence, a quote or a clause after a colon?"""
    j = start - 1
    while j >= sentence_start and text[j] in " \t":
        j -= 1
    if j < sentence_start:
        return True
    c = text[j]
    if c in _OPENERS or c in ".!?":
        return True
    return c in "'\"" and (j == sentence_start or text[j - 1] in " ([")


def _expansion_start(words: list[tuple[str, int]], letters: list[str], lex: Lexicon) -> int | None:
    """Offset where the words before an acronym spell it, or None."""
    glue = {"of", "the", "and", "for", "&", "de", "in", "on", "to", "du", "des", "la", "le"}
    i, j, start = len(letters) - 1, len(words) - 1, None
    while i >= 0 and j >= 0:
        w = words[j][0]
        low = w.lower()
        if low[0] == letters[i] and (w[0].isupper() or low in glue):
            i -= 1
            start = words[j][1]
        elif low not in glue:
            break
        j -= 1
    if i < 0 and start is not None and words and words[-1][0][0].isupper():
        first = next(w for w, o in words if o == start)
        if first[0].isupper():
            return start
    # "State Department (DOS)": the capitalised words before it, in another order.
    caps: list[tuple[str, int]] = []
    for w, o in reversed(words):
        if w[0].isupper() and w.lower() not in lex.function_words:
            caps.append((w, o))
        elif w.lower() not in glue or not caps:
            break
    initials = sorted(w[0].lower() for w, _ in caps)
    rest = list(letters)
    for c in initials:
        if c not in rest:
            return None
        rest.remove(c)
    if len(caps) >= 2 and all(c in "oatfi" for c in rest):
        return caps[-1][1]
    return None


def find_entities(text: str, sentences: list[Sentence]) -> list[EntityMention]:
    """Names in ``text``, sorted by start, found only inside ``sentences``."""
    article = _Article(text, lexicon())
    for s in sentences:
        article.read_sentence(s)
    return article.mentions()
