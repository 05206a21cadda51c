"""Content words of a clause, reduced to comparable keys (resources/events/lexicon.toml).

"U.S. troops pulled out of Iraq" and "the US withdrawal" share the keys {us, withdraw}:
action groups map the ways news names a happening to one key, regular morphology folds
inflection and derivation (launched, relaunch, resignation, acquisition) onto the
lemmas the groups list, a light suffix stemmer folds other words, and stopwords are
dropped.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .resources import resource_path

LEXICON = resource_path("events", "lexicon.toml")

_WORD = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Za-z][a-z’']*")
_NAME = re.compile(r"\b[A-Z][a-z’']+(?:[- ][A-Z][a-z’']+)*|\b[A-Z]{2,}\b|\b(?:[A-Z]\.){2,}")
_VOWELS = "aeiou"
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class _Tables:
    phrases: re.Pattern[str]
    #: phrase or word (lowercase) -> the keys it stands for
    forms: dict[str, frozenset[str]]
    #: lemma (lowercase) -> action keys
    lemmas: dict[str, frozenset[str]]
    stop: frozenset[str]
    nouns: frozenset[str]
    actions: frozenset[str]


def _inflections(verb: str) -> set[str]:
    """Regular forms of a base verb: launch -> launches, launched, launching."""
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    else:
        s = "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms |= {verb + s, verb + "ed", verb + "ing"}
        if len(verb) <= 4 and verb[-1] not in _VOWELS + "wxy" and verb[-2] in _VOWELS \
                and verb[-3:-2] not in tuple(_VOWELS):
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with open(LEXICON, "rb") as f:
        data = tomllib.load(f)
    forms: dict[str, set[str]] = {}
    lemmas: dict[str, set[str]] = {}
    for key, words in data["actions"].items():
        for word in words:
            word = word.lower()
            if " " in word or "-" in word:
                head, _, tail = word.partition(" ") if " " in word else word.partition("-")
                sep = " " if " " in word else "-"
                for head_form in _inflections(head):
                    forms.setdefault(f"{head_form}{sep}{tail}", set()).add(key)
            else:
                lemmas.setdefault(word, set()).add(key)
    for key, words in data["synonyms"].items():
        for word in words:
            forms.setdefault(word.lower(), set()).add(key)
    multi = [f for f in forms if not f.isalpha()]
    pattern = re.compile(r"(?<![\w.])(?:" + _trie(multi) + r")(?![\w])", re.IGNORECASE)
    return _Tables(phrases=pattern, forms={k: frozenset(v) for k, v in forms.items()},
                   lemmas={k: frozenset(v) for k, v in lemmas.items()},
                   stop=frozenset(data["stopwords"]["words"].split()),
                   nouns=frozenset(data["event_nouns"]["words"].split()),
                   actions=frozenset(data["actions"]))


def _trie(phrases: list[str]) -> str:
    """One regex alternation of ``phrases`` (lowercase), factored by common prefixes so
    that a position is rejected after one character rather than after every phrase.
    Longer phrases are tried first, as in a longest-first alternation."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def body(node: dict) -> str:
        branches = [re.escape(ch) + body(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{inner})?" if "" in node else inner

    return body(tree)


#: Derivational and inflectional endings, each with what may stand in its place
#: (acquisition -> acquire, resignation -> resign, invasion -> invade, seizure -> seize).
_SUFFIXES = (
    ("isitions", ("ire",)), ("isition", ("ire",)), ("ations", ("", "e", "ate")),
    ("ation", ("", "e", "ate")), ("itions", ("", "e")), ("ition", ("", "e")),
    ("sions", ("de", "d", "se", "t")), ("sion", ("de", "d", "se", "t")),
    ("ions", ("", "e")), ("ion", ("", "e")), ("ments", ("",)), ("ment", ("",)),
    ("als", ("", "e")), ("al", ("", "e")), ("ures", ("e",)), ("ure", ("e",)),
    ("ers", ("", "e")), ("er", ("", "e")), ("ies", ("y",)), ("ied", ("y",)), ("ying", ("ie",)),
    ("ing", ("", "e")), ("ed", ("", "e")), ("es", ("", "e")), ("s", ("",)),
)


def lemma_candidates(word: str) -> list[str]:
    """Words ``word`` may be a form of, nearest first (``relaunched``: relaunched,
    relaunch, launched, launch, ...): regular endings and a repeated-action re-."""
    w = word.lower()
    out = [w]
    for suffix, replacements in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: len(w) - len(suffix)]
            for r in replacements:
                out.append(base + r)
            if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in _VOWELS + "ls":
                out.append(base[:-1])
    if w.startswith("re") and len(w) >= 7:
        out.extend(c for c in lemma_candidates(w[2:].lstrip("-")) if c not in out)
    return out


@lru_cache(maxsize=1 << 16)
def actions_of(word: str) -> frozenset[str]:
    """The action keys a single word names (``relaunched`` -> {launch}), or none."""
    t = _tables()
    w = word.lower()
    if w in t.stop:
        return frozenset()
    for candidate in lemma_candidates(w):
        hit = t.lemmas.get(candidate)
        if hit:
            return hit
    return frozenset()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    w = word.lower().strip("'’.-")
    w = _POSSESSIVE.sub("", w)
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"),
                         ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)] + repl
    return w


def content_keywords(text: str) -> frozenset[str]:
    """Comparable keys of the content words of ``text``."""
    t = _tables()
    keys: set[str] = set()
    rest = []
    last = 0
    for m in t.phrases.finditer(text):
        keys |= t.forms[m.group(0).lower()]
        rest.append(text[last:m.start()])
        last = m.end()
    rest.append(text[last:])
    for word in _WORD.findall(" ".join(rest)):
        keys |= _word_keys(word)
    return frozenset(keys)


@lru_cache(maxsize=1 << 17)
def _word_keys(word: str) -> frozenset[str]:
    """The keys one word adds to ``content_keywords``: a word recurs, its lookup is done
    once."""
    t = _tables()
    lower = word.lower()
    if word.isupper() and lower in t.forms:
        return t.forms[lower]
    if lower in t.stop or len(lower) < 3:
        return frozenset()
    named = t.forms.get(lower) or actions_of(lower)
    if named:
        return named
    key = stem(lower)
    if key and key not in t.stop:
        return frozenset((key,))
    return frozenset()


def names(text: str) -> frozenset[str]:
    """Keys of the capitalised names in ``text`` (a lone first word only when it is an
    acronym or a possessive, since any sentence capitalises its first word), as ``content_keywords`` spells them: who and where, to tell whether
    two mentions speak of the same participants when no entity ids are known."""
    t = _tables()
    found: set[str] = set()
    lead = len(text) - len(text.lstrip(" “\"‘'("))  # what may stand before the first word
    for m in _NAME.finditer(text):
        at_start = m.start() <= lead
        if at_start and " " not in m.group(0) and not m.group(0).isupper() \
                and not text.startswith(("'s", "’s"), m.end()):
            continue
        phrase = m.group(0).lower()
        if phrase in t.forms:
            found |= t.forms[phrase]
            continue
        for word in _WORD.findall(m.group(0)):
            lower = word.lower()
            if lower in t.stop or len(lower) < 2 or actions_of(lower):
                continue
            found |= t.forms.get(lower) or {stem(lower)}
    return frozenset(found)


def is_event_noun(word: str) -> bool:
    w = word.lower().strip(".,;:")
    nouns = _tables().nouns
    return w in nouns or (len(w) > 6 and w.endswith(("ation", "ment", "ition", "sion"))) \
        or (w.endswith(("al", "ure", "over")) and bool(actions_of(w)))


def action_keys() -> frozenset[str]:
    """Keys of the action groups (withdraw, seize, attack...): what happened."""
    return _tables().actions


def spelling_variants(keys: set[str]) -> dict[str, str]:
    """Map near-identical long words to one spelling ("mohammed" and "mohamed", "gaddafi"
    and "gadafi"): sources transliterate names differently."""
    canonical: dict[str, str] = {}
    actions = action_keys()
    ordered = sorted(k for k in keys if len(k) >= 5 and k.isalpha() and k not in actions)
    near = _near_index(ordered)
    for a in ordered:  # each word, in order, claims the later words one edit away
        if a in canonical:
            continue
        for b in sorted(_one_edit_neighbours(a, near)):
            if b > a and b[:2] == a[:2] and b not in canonical:
                canonical[b] = a
    return canonical


def _near_index(words: list[str]) -> dict[str, list[str]]:
    """Each word under itself and under each of its one-letter deletions: words one
    edit apart share a key, so finding them is linear, not a comparison of every pair."""
    index: dict[str, list[str]] = {}
    for w in words:
        index.setdefault(w, []).append(w)
        for i in range(len(w)):
            index.setdefault(w[:i] + w[i + 1:], []).append(w)
    return index


def _one_edit_neighbours(a: str, index: dict[str, list[str]]) -> set[str]:
    """The indexed words one substitution, insertion or deletion away from ``a``."""
    found = set(index.get(a, ()))
    for i in range(len(a)):
        found.update(index.get(a[:i] + a[i + 1:], ()))
    found.discard(a)
    return {w for w in found if _one_edit(a, w)}


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
