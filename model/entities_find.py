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

from .entities_lexicon import BASIS_RANK, EntityMention, Lexicon, lexicon, make_mention, name_key
from .entities_runs import RunReader, analyse, never_alone, patterns, split_run, trim
from .types import Sentence

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
                self._counts = Counter(patterns().any_word.findall(text))
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
        pats, text = patterns(), self.text
        headline = len(s.text) <= _MAX_HEADLINE_CHARS and self._is_headline(s.text)
        pieces, extend = self.pieces, self._extend
        capitals_seen = self.mid_capitals
        never = never_alone()
        for m in pats.run.finditer(text, s.start, s.end):
            run = m.group()
            if run in never:
                continue
            start, run = extend(m.start(), run)
            if not run:
                continue
            if headline:
                self.headline_runs.append(split_run(run, start))
                continue
            protos, capitals = analyse(run, _is_initial(text, s.start, start))
            if capitals:
                capitals_seen.update(capitals)
            for p in protos:
                pieces.append(_Piece(start + p[0], start + p[1], p[2], p[3], p[4], p[6], p[7],
                                     start, s, p[5]))
        if not headline and "(" in s.text:
            for m in pats.definition.finditer(text, s.start, s.end):
                self._read_definition(m, s)

    def _extend(self, start: int, run: str) -> tuple[int, str]:
        """Take in what the pattern cannot look back at: "iPhone", "al-Thani", "de Gaulle";
        drop a first word that is the tail of another word ("pro-Western", "x2Foo")."""
        if start == 0:
            return start, run
        text, lex = self.text, self.lex
        prev = text[start - 1]
        if prev == " ":
            if start >= 3 and text[start - 2].islower():
                for size in (2, 3):
                    b = start - 1 - size
                    if b >= 0 and text[b:start - 1] in lex.opening_particles \
                            and (b == 0 or text[b - 1] in " (\"“"):
                        return b, text[b:start] + run
            return start, run
        if prev.isalpha() or prev == "-":
            j = start - 1 if prev == "-" else start
            k = j
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            prefix = text[k:j]
            if prev == "-":
                fits = prefix in lex.hyphen_particles
            else:
                fits = len(prefix) <= 2 and prefix.islower()
            if fits and (k == 0 or not text[k - 1].isalnum()):
                return k, text[k:start] + run
        elif not (prev.isdigit() or prev in "_@#/"):
            return start, run
        cut = run.find(" ")
        return (start + cut + 1, run[cut + 1:]) if cut > 0 else (start, "")

    def _is_headline(self, sentence: str) -> bool:
        """Title case or capitals: every lower-case word is a function word."""
        pats = patterns()
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
        m = patterns().next_word.match(text, end, s.end)
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
        described = text.startswith(", ", end) and patterns().apposition.match(text, end, s.end)
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
        m = patterns().run.match(text, at, s.end)
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
        words = [(w.group(), w.start()) for w in patterns().word.finditer(self.text, lo,
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
        "Acme Widgets") takes that name's type unless the word alone has evidence as firm
        ("in Roe ' s" is no place after "Jane Roe"), and a full name whose surname has a
        title elsewhere ("Mr. Roe") is a person."""
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
                    if word not in self.lex.generic_alone and word not in self.lex.connector_words \
                            and (kind == "person" or word == words[0] or len(words) == 2):
                        parts.setdefault(word, (rank, kind))
        for p in pieces:
            rank = BASIS_RANK[p.basis]
            top_rank, top_type = best[p.key]
            if " " in p.key and rank < _SHARE_RANK:
                last = best.get(p.key.rsplit(" ", 1)[1])
                if last and last[1] == "person" and last[0] >= _SHARE_RANK:
                    top_rank, top_type = last
            part = parts.get(p.key) if " " not in p.key else None
            if part and part[0] > top_rank and part[1] != p.type:
                p.type = part[1]
                p.basis = "surname" if p.type == "person" else "same-name"
            elif top_rank > rank and top_type != p.type:
                p.type, p.basis = top_type, "same-name"

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
                or not (len(low) > 4 and low.endswith(lex.common_endings))
                and (len(piece.tokens) > 1 or piece.basis != "default"
                     or self.occurs(word, 2) or self._speaks_or_owns(piece))):
            return piece
        rest = trim(list(piece.tokens[1:]))
        proto = RunReader(lex).read(rest) if rest else None
        if proto is None:
            return None
        return _Piece(piece.base + proto[0], piece.base + proto[1], proto[2], proto[3], proto[4],
                      False, proto[7], piece.base, piece.sentence, proto[5])

    def _speaks_or_owns(self, piece: _Piece) -> bool:
        """ "Okafor said ...", "Acme's profits ...": a name acting or owning."""
        text, end = self.text, piece.end
        if text[end:end + 1] in ("'", "’"):
            return True
        m = patterns().next_word.match(text, end, piece.sentence.end)
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
            words = tuple((w, a + i, "C" if w[0].islower() else "N")
                          for w, i in _offsets(text[a:b]))
            proto = RunReader(lex).read(words)
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
                    if part[0][0] in lex.connector_words or part[-1][0] in lex.connector_words:
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


def _offsets(span: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", span)]


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
    glue = lex.acronym_glue
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
