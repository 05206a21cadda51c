"""Content words of a clause, reduced to comparable keys (resources/events/lexicon.toml).

"U.S. troops pulled out of Iraq" and "the US withdrawal" share the keys {us, withdraw}:
synonym groups map phrasing to one key, a light suffix stemmer folds plurals and
tenses, and stopwords are dropped.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent.parent / "resources" / "events" / "lexicon.toml"


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], frozenset[str]]:
    with open(LEXICON, "rb") as f:
        data = tomllib.load(f)
    synonyms: dict[str, str] = {}
    for key, forms in data["synonyms"].items():
        for form in forms:
            synonyms[form.lower()] = key
    phrases = sorted(synonyms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(p) for p in phrases)
                         + r")(?![\w])", re.IGNORECASE)
    stop = frozenset(data["stopwords"]["words"].split())
    nouns = frozenset(data["event_nouns"]["words"].split())
    return pattern, synonyms, stop, nouns


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
    pattern, synonyms, stop, _ = _lexicon()
    keys: set[str] = set()
    rest = []
    last = 0
    for m in pattern.finditer(text):
        keys.add(synonyms[m.group(0).lower()])
        rest.append(text[last:m.start()])
        last = m.end()
    rest.append(text[last:])
    for word in re.findall(r"[A-Za-z][\w’'-]*", " ".join(rest)):
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


def synonym_keys() -> frozenset[str]:
    """The keys of the synonym groups: what a reference must share with its event."""
    return frozenset(_lexicon()[1].values())
