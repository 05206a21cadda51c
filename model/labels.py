"""Short labels that say who did what to whom, from the clause an event belongs to.

A label keeps the clause's subject, its verb group and the start of its object, in at
most about ten words, without its time expressions, attributions ("..., officials said",
"according to ..."), opening connectives and prepositional phrases, or dangling words.
A pronoun subject is replaced by the nearest name before it when one is clear.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .clauses import Clause

MAX_WORDS = 10
_WORD = re.compile(r"[\w’'.&$%-]+|[,;:]")
_DROP_LEADING = re.compile(
    r"^(?:(?:but|and|also|however|meanwhile|so|then|still|yet|instead|again|now|even so|"
    r"as well|after|before|when|while|as|because|since|until|although|though|if|once|"
    r"whereas|including|that(?!['’]s)|which|who|where|later|earlier|afterwards|subsequently|"
    r"thereafter|eventually|in addition|in response|moreover|furthermore|indeed|"
    r"according to [^,]+)\b[,\s]*)+", re.IGNORECASE)
_LEADING_PHRASE = re.compile(
    r"^(?:in|on|at|during|for|with|after|before|by|from|under|amid|despite|following|"
    r"since|until|over|through|throughout|within|without|across|like|unlike|as|rather than|"
    r"instead of|apart from|aside from)\b[^,]{0,80},\s*",
    re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"(?:,\s*(?:according to|citing)\b[^,]*|,\s*[\w.’'\- ]{0,60}?\b(?:said|says|reported|"
    r"told|added|noted|announced|wrote)\b(?:\s+[\w.’'-]+){0,4})\s*[.,]?$", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s+\b(?:the|a|an|of|in|on|at|to|for|by|from|with|and|or|but|as|that|which|who|"
    r"since|after|before|when|while|this|its|their|his|her|into|onto|than|about|over|"
    r"was|were|is|are|be|been|has|have|had|will|would)\b)+$", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:in|on|at|since|by|during|until|till|from|of|for|over|throughout|between|"
    r"before|after|as of|starting|beginning|around|about|early|late|the)\s+)+$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she|they|it)\b", re.IGNORECASE)
_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]*[A-Za-z](?:\s+(?:of|de|van|von|al|bin|the)\s+|\s+))*"
                   r"[A-Z][\w’'.-]*[A-Za-z]")
_NOT_NAMES = frozenset("""The A An In On At He She It They We I This That These Those But And
Or If When While After Before Since Until As For With By From Of To Its His Her Their
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December""".split())


def clause_label(text: str, clause: Clause, cut: Iterable[tuple[int, int]] = (),
                 end: int | None = None, antecedent: str = "") -> str:
    """Label of the clause text[clause.start:end or clause.end], with the spans ``cut``
    (time expressions) taken out."""
    hi = clause.end if end is None else end
    pieces, pos = [], clause.start
    for a, b in sorted(cut):
        if a < pos or b > hi:
            continue
        before = text[pos:a]
        m = _PREPOSITION_BEFORE.search(before)
        pieces.append(before[:m.start()] if m else before)
        pos = b
    pieces.append(text[pos:hi])
    return make_label(" ".join(p.strip(" ,") for p in pieces if p.strip(" ,")), antecedent)


def make_label(clause: str, antecedent: str = "") -> str:
    """A short "who did what" label from a clause's words."""
    s = re.sub(r"(?<!\w)[“”\"‘’']|[“”\"‘’'](?!\w)", "", clause).replace("’", "'")
    s = re.sub(r"\([^)]*\)", "", s)
    s = " ".join(s.split()).strip(" ,.;:-–—")
    s = re.sub(r"^'s\b\s*", "", s)  # the tail of a contraction cut off by a quote
    tail = _ATTRIBUTION.sub("", s)
    if len(tail.split()) >= 3:
        s = tail
    for _ in range(3):
        before = s
        s = _DROP_LEADING.sub("", s).strip(" ,.;:-")
        phrase = _LEADING_PHRASE.match(s)
        if phrase and len(s[phrase.end():].split()) >= 2:
            s = s[phrase.end():]
        if s == before:
            break
    pronoun = _PRONOUN.match(s)
    if antecedent and pronoun:
        s = antecedent + s[pronoun.end():]
    words = s.split()
    if len(words) > MAX_WORDS:
        words = _until_comma(words[:MAX_WORDS])
    s = _TRAILING.sub("", " ".join(words)).strip(" ,.;:-")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.IGNORECASE)
    return s[:1].upper() + s[1:] if s else ""


def _sentence_initial(window: str, at: int) -> bool:
    before = window[:at].rstrip(" “\"‘'")
    return not before or before[-1] in ".!?\n"


def _until_comma(words: list[str]) -> list[str]:
    out = []
    for w in words:
        out.append(w)
        if w.endswith(",") and len(out) >= 4:
            break
    return [w.rstrip(",") for w in out]


def nearest_name(text: str, before: int, person: bool = True, reach: int = 600) -> str:
    """The last capitalised name before ``before``: for "he"/"she" (``person``) the last
    name of two or more words, or a single word seen before as part of one ("Jobs" after
    "Steve Jobs"); for "it"/"they" the last name."""
    window = text[max(0, before - reach):before]
    window = window[window.rfind("\n\n") + 1:]  # within the paragraph (not the title)
    names = [m.group() for m in _NAME.finditer(window)
             if not _sentence_initial(window, m.start()) or " " in m.group()]
    names = [n for n in names if n.split()[0] not in _NOT_NAMES]
    if not person:
        names = [n for n in names if len(n.split()) > 1 and window.rfind(n) > len(window) - 250]
        return names[-1] if names else ""
    full = [n for n in names if len(n.split()) > 1]
    parts = {w for n in full for w in n.split()}
    people = [n for n in names if len(n.split()) > 1 or n in parts]
    return people[-1] if people else ""
