"""Content words of a clause, reduced to comparable keys (resources/events/lexicon.toml).

"U.S. troops pulled out of Iraq" and "the US withdrawal" share the keys {us, withdraw}:
synonym groups map phrasing to one key, a light suffix stemmer folds plurals and
tenses, and stopwords are dropped.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from .resources import resource_path

LEXICON = resource_path("events", "lexicon.toml")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], frozenset[str],
                       frozenset[str]]:
    with open(LEXICON, "rb") as f:
        data = tomllib.load(f)
    synonyms: dict[str, str] = {}
    for key, forms in {**data["actions"], **data["synonyms"]}.items():
        for form in forms:
            synonyms[form.lower()] = key
    phrases = sorted(synonyms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(p) for p in phrases)
                         + r")(?![\w])", re.IGNORECASE)
    stop = frozenset(data["stopwords"]["words"].split())
    nouns = frozenset(data["event_nouns"]["words"].split())
    return pattern, synonyms, stop, nouns, frozenset(data["actions"])


def stem(word: str) -> str:
    w = word.lower().strip("'’.-")
    w = re.sub(r"['’]s$", "", w)
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"),
                         ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)] + repl
    return w


def content_keywords(text: str) -> frozenset[str]:
    """Comparable keys of the content words of ``text``."""
    pattern, synonyms, stop, _, _ = _lexicon()
    keys: set[str] = set()
    rest = []
    last = 0
    for m in pattern.finditer(text):
        keys.add(synonyms[m.group(0).lower()])
        rest.append(text[last:m.start()])
        last = m.end()
    rest.append(text[last:])
    for word in re.findall(r"[A-Za-z][a-z’']*|[A-Z]+", " ".join(rest)):
        lower = word.lower()
        if lower in stop or len(lower) < 3:
            continue
        key = synonyms.get(lower) or stem(lower)
        if key and key not in stop:
            keys.add(key)
    return frozenset(keys)


def is_event_noun(word: str) -> bool:
    w = word.lower().strip(".,;:")
    nouns = _lexicon()[3]
    return w in nouns or (len(w) > 6 and w.endswith(("ation", "ment", "drawal")))


def action_keys() -> frozenset[str]:
    """Keys of the action groups (withdraw, seize, attack...): what happened."""
    return _lexicon()[4]


def spelling_variants(keys: set[str]) -> dict[str, str]:
    """Map near-identical long words to one spelling ("mohammed" and "mohamed", "gaddafi"
    and "gadafi"): sources transliterate names differently."""
    canonical: dict[str, str] = {}
    ordered = sorted(k for k in keys if len(k) >= 5 and k.isalpha())
    by_start: dict[str, list[str]] = {}
    for k in ordered:
        by_start.setdefault(k[:2], []).append(k)
    for group in by_start.values():
        for i, a in enumerate(group):
            if a in canonical:
                continue
            for b in group[i + 1:]:
                if b not in canonical and _one_edit(a, b):
                    canonical[b] = a
    return canonical


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
