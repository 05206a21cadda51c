"""Clauses of a sentence with their verb, tense, modality, negation and speech.

A careful reader dates what a clause tells by its tense ("had left" looks back from the
story's time, "will vote" ahead), sees that "would" and "could" tell no fact, that "said
that ..." reports another clause, and that "is" and "believes" describe a state rather
than something that happened. This module reads those cues from the words alone (verb
forms from lemminflect's English lexicon, word lists in resources/events/verbs.toml), in
one pass per sentence.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .resources import resource_path
from .types import Sentence

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d,.:]*\d|\d|[“”\"]|[,;:()–—]|\S")
#: Where a sentence breaks into clauses: punctuation, and the words that open a clause.
_OPENERS = frozenset("""which who whom whose where while whereas although though but because
after before when whenever since until unless if once as""".split())
_WEAK_OPENERS = frozenset("as since once if".split())  # only after a comma
_PREPOSITIONS = frozenset("after before since until as".split())  # also prepositions
_DETERMINERS = frozenset("""the a an this that these those his her its their our my your some
any each every no another its""".split())
_PRONOUNS = frozenset("i you he she it we they this that who which".split())
_BE = frozenset("be am is are was were been being 's 're".split())
_HAVE = frozenset("have has had having 've 'd".split())
_DO = frozenset("do does did".split())
#: Every token ``_cuts`` looks at; the rest cannot start a clause.
_CUT_MARKS = frozenset(";:()–—,")
_CUT_WORDS = _OPENERS | {"and", "that"}
TENSES = ("past", "present", "future", "perfect", "pluperfect", "none")


@dataclass(frozen=True)
class Clause:
    """A stretch of one sentence built around one verb (or none: a fragment)."""

    start: int
    end: int
    sentence: int  # index into the document's sentences
    #: The verb group ("had been seized"): its span and the main verb's lemma.
    verb_start: int = -1
    verb_end: int = -1
    lemma: str = ""
    tense: str = "none"  # one of TENSES
    passive: bool = False
    modal: bool = False
    negated: bool = False
    #: The clause is what someone said ("... said that [prices fell]").
    reported: bool = False
    #: The clause is inside quotation marks.
    quoted: bool = False
    #: The verb reports speech ("said"): a saying event whose clause reports another.
    speech: bool = False
    #: Reports something happening (not a state, an opinion or a hypothetical).
    event: bool = False

    @property
    def has_verb(self) -> bool:
        return self.verb_start >= 0


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    with open(resource_path("events", "verbs.toml"), "rb") as f:
        data = tomllib.load(f)
    return {k: frozenset(v["words"].split()) for k, v in data.items()}


@lru_cache(maxsize=1)
def _auxiliaries() -> frozenset[str]:
    return _BE | _HAVE | _DO | word_list("modals") | word_list("future")


def word_list(name: str) -> frozenset[str]:
    """A word list of resources/events/verbs.toml."""
    return _lists()[name]


@lru_cache(maxsize=65536)
def verb_forms(word: str) -> tuple[str, str] | None:
    """(lemma, form) when ``word`` can be a verb: form VBD (past), VBZ (3rd person), VBP
    (base), VBG (-ing), VBN (participle); None for words that cannot be verbs."""
    from lemminflect import getAllLemmas  # loaded on first use
    lower = word.lower().replace("’", "'")
    lemmas = getAllLemmas(lower, upos="VERB").get("VERB")
    if not lemmas:
        if len(lower) > 4 and lower.endswith("ed") and lower.isalpha():
            return lower[:-2], "VBD"  # "demoed": past of a verb the lexicon lacks
        return None
    lemma = lemmas[0]
    forms = _inflections(lemma)
    for form in ("VBD", "VBN", "VBZ", "VBG"):
        if lower in forms.get(form, ()):
            return lemma, form
    return lemma, "VBP"


@lru_cache(maxsize=16384)
def _inflections(lemma: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllInflections
    return getAllInflections(lemma, upos="VERB")


@lru_cache(maxsize=65536)
def _noun_too(word: str) -> bool:
    from lemminflect import getAllLemmas
    return bool(getAllLemmas(word.lower(), upos="NOUN"))


def clauses_of(text: str, sentences: list[Sentence]) -> list[Clause]:
    """Every clause of every sentence, in text order."""
    out: list[Clause] = []
    for index, sentence in enumerate(sentences):
        out.extend(_sentence_clauses(text, sentence, index))
    return out


def _sentence_clauses(text: str, sentence: Sentence, index: int) -> list[Clause]:
    tokens = [(m.group(), m.start(), m.end()) for m in
              _TOKEN.finditer(text, sentence.start, sentence.end)]
    if not tokens:
        return []
    opens_quote = text.find("“", sentence.start, sentence.end) >= 0 \
        or text.find('"', sentence.start, sentence.end) >= 0
    quotes = _quoted_spans(tokens) if opens_quote else []  # no quote opens: none
    cuts = _cuts(tokens)
    clauses = []
    for a, b in zip(cuts, cuts[1:]):
        part = tokens[a:b]
        while part and part[0][0] in ",;:()–—“”\"":
            part = part[1:]
        while part and part[-1][0] in ",;:()–—“”\".!?":
            part = part[:-1]
        if not part:
            continue
        clauses.append(_clause(part, index, quotes))
    return _mark_reported(clauses, text)


def _quoted_spans(tokens: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    spans, opened = [], None
    for word, start, end in tokens:
        if word == "“" or (word == '"' and opened is None):
            opened = end
        elif (word == "”" or word == '"') and opened is not None:
            spans.append((opened, start))
            opened = None
    return spans


def _cuts(tokens: list[tuple[str, int, int]]) -> list[int]:
    """Token indexes where a new clause starts."""
    cuts = [0]
    for i, (word, _, _) in enumerate(tokens):
        if word not in _CUT_MARKS and word.lower() not in _CUT_WORDS:
            continue  # most words: none of the tests below can hold
        lower = word.lower()
        prev = tokens[i - 1][0] if i else ""
        if word in (";", ":", "(", ")", "–", "—") and i:
            cuts.append(i + 1 if word != "(" else i)
        elif lower in _OPENERS and i > 1 and (lower not in _WEAK_OPENERS or prev == ","):
            if lower in ("who", "which", "whom", "whose") and prev != ",":
                continue  # a restrictive relative stays with its noun
            if lower in _PREPOSITIONS and not _clause_follows(tokens, i + 1):
                continue  # "until 1994", "after the vote": a phrase, not a clause
            cuts.append(i)
        elif lower == "and" and prev == "," and i + 1 < len(tokens) and \
                _starts_finite(tokens, i + 1):
            cuts.append(i)
        elif lower == "that" and i and _speech_before(tokens, i):
            cuts.append(i)
        elif word == "," and tokens[cuts[-1]][0].lower() in _OPENERS and cuts[-1] < i:
            cuts.append(i + 1)  # "After losing the vote, | she resigned"
        elif word == "," and _gapped(tokens, i + 1) and _has_verb(tokens[cuts[-1]:i]):
            cuts.append(i + 1)  # "France joined in 1792, | Spain in 1793"
        elif lower == "," and i + 1 < len(tokens) and _verb_after_subject(tokens, i + 1) \
                and _has_verb(tokens[cuts[-1]:i]):
            cuts.append(i + 1)
    cuts.append(len(tokens))
    return sorted(set(cuts))


def _clause_follows(tokens, i: int) -> bool:
    """A finite verb comes before the next punctuation ("after [auditors warned it]")."""
    for j in range(i, min(i + 10, len(tokens))):
        if tokens[j][0] in (",", ";", ":", ".", "(", ")"):
            return False
        if _finite(tokens, j):
            return True
    return False


def _speech_before(tokens, i: int) -> bool:
    """"said (on Tuesday) that": a speech verb within the last few words."""
    for j in range(i - 1, max(-1, i - 5), -1):
        forms = verb_forms(tokens[j][0])
        if forms and forms[0] in word_list("speech") and forms[1] != "VBG":
            return True
        if tokens[j][0] in (",", ";"):
            return False
    return False


def _gapped(tokens, i: int) -> bool:
    """A verbless clause sharing the verb before it: a name, then a date ("Spain in 1793")."""
    window = tokens[i:i + 5]
    if not window or not window[0][0][:1].isupper():
        return False
    words = [w for w, _, _ in window]
    stop = next((k for k, w in enumerate(words) if w in (",", ";", ".")), len(words))
    return any(w[:1].isdigit() for w in words[:stop]) and not _has_verb(window[:stop])


def _starts_finite(tokens, i: int) -> bool:
    """A clause of its own follows: a subject and a finite verb within a few words."""
    return _verb_after_subject(tokens, i)


def _verb_after_subject(tokens, i: int) -> bool:
    for j in range(i, min(i + 5, len(tokens))):
        word = tokens[j][0]
        if word in (",", ";", ":"):
            return False
        if j > i and _finite(tokens, j):
            return True
    return False


def _has_verb(part) -> bool:
    return any(_finite_alone(part[j][0]) is not False and _finite(part, j)
               for j in range(len(part)))


@lru_cache(maxsize=65536)
def _finite_alone(word: str) -> bool | tuple[str, str]:
    """What ``_finite`` learns from the word alone, looked up once per word: True (an
    auxiliary), False (never a finite verb), or its verb forms (context decides)."""
    lower = word.lower().replace("’", "'")
    if lower in _auxiliaries():
        return True
    if not word[:1].isalpha() or lower in _ADVERBS:
        return False
    forms = verb_forms(word)
    if forms is None or forms[1] == "VBG":
        return False
    return forms


def _finite(tokens, j: int) -> bool:
    word = tokens[j][0]
    if j and word[:1].isupper() and not word.isupper():
        return False  # "in May", "Will Smith": a name inside a sentence, not a verb
    forms = _finite_alone(word)
    if forms is True or forms is False:
        return forms
    lower = word.lower().replace("’", "'")
    if forms[1] == "VBP" and not _plural_subject_before(tokens, j):
        return False
    before = tokens[j - 1][0] if j else ""
    prev = before.lower()
    if prev in _DETERMINERS or (forms[1] == "VBZ" and _noun_too(word) and prev not in
                                 _PRONOUNS and not before[:1].isupper()):
        return False
    if forms[1] in ("VBD", "VBN") and j > 1 and tokens[j - 2][0].lower() in _ARTICLES \
            and j + 1 < len(tokens) and _bare_noun(tokens[j + 1][0]) \
            and not _past_only(lower, forms):
        # "the Sunni-Muslim affiliated channel": a participle as an adjective before its
        # noun; a past form that is no participle ("the chief underwent surgery") is a verb
        return False
    return True


def _past_only(lower: str, forms: tuple[str, str]) -> bool:
    """A past tense that is not also the participle ("underwent", "took"); lemminflect
    lists a participle apart only where it differs from the past."""
    participle = _inflections(forms[0]).get("VBN")
    return forms[1] == "VBD" and participle is not None and lower not in participle


_ARTICLES = frozenset("the a an this these those his her its their our my your".split())
_LINKS = frozenset("""out up off in on to by from with at for into over down away back the a an
this that these those his her its their our my your and or but as than of""".split())


def _bare_noun(word: str) -> bool:
    return word[:1].islower() and word.isalpha() and word not in _LINKS


_ADVERBS = frozenset("still also often never now already just always usually rarely".split())


def _plural_subject_before(tokens, j: int) -> bool:
    """A base form is a present tense after "they", "we" or a plural noun ("Shareholders
    still remember"), not an infinitive or a noun."""
    k = j - 1
    while k >= 0 and (tokens[k][0].lower() in _ADVERBS or tokens[k][0].lower().endswith("ly")):
        k -= 1
    if k < 0:
        return False
    prev = tokens[k][0]
    lower = prev.lower()
    if lower in ("i", "you", "we", "they", "who"):
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss") \
        and lower not in _DETERMINERS and verb_forms(prev) is None


def _clause(part: list[tuple[str, int, int]], index: int,
            quotes: list[tuple[int, int]]) -> Clause:
    start, end = part[0][1], part[-1][2]
    quoted = any(a <= start and end <= b for a, b in quotes)
    group = _verb_group(part)
    if group is None:
        return Clause(start, end, index, quoted=quoted)
    first, last, words = group
    lemma, tense, passive, modal = _read_group(words)
    lists = _lists()
    negated = any(part[k][0].lower().replace("’", "'") in lists["negation"]
                  or part[k][0].lower().endswith(("n't", "n’t"))
                  for k in range(max(0, first - 1), last + 1))
    speech = lemma in lists["speech"]
    state = lemma in lists["states"] and not (lemma == "be" and passive)
    if tense == "present" and part[0][0].lower() in ("which", "who", "that", "whose"):
        state = True  # "which borders Syria", "who is backed by Iran": a description
    event = not (modal or negated or state) and tense != "none"
    return Clause(start, end, index, part[first][1], part[last][2], lemma, tense, passive,
                  modal, negated, quoted=quoted, speech=speech, event=event)


def _verb_group(part) -> tuple[int, int, list[str]] | None:
    """The first finite verb of the clause with its auxiliaries and main verb."""
    for j in range(len(part)):
        if _finite_alone(part[j][0]) is False or not _finite(part, j):
            continue
        k = j
        words = [part[j][0].lower().replace("’", "'")]
        while k + 1 < len(part):
            nxt = part[k + 1][0].lower().replace("’", "'")
            if nxt in ("not", "never", "also", "already", "just", "still", "now", "then",
                       "reportedly", "recently", "finally", "n't") or nxt.endswith("ly"):
                k += 1
                continue
            if words[-1] in _auxiliaries() \
                    and (nxt in _BE or nxt in _HAVE or (verb_forms(nxt) or ("", ""))[1]
                         in ("VBN", "VBD", "VBG", "VBP")):
                words.append(nxt)
                k += 1
                continue
            break
        return j, k, words
    return None


def _read_group(words: list[str]) -> tuple[str, str, bool, bool]:
    """(lemma, tense, passive, modal) of a verb group such as ["had", "been", "seized"]."""
    lists = _lists()
    aux = [w for w in words if w not in ("not", "n't")]
    main = aux[-1]
    forms = verb_forms(main) or (main, "VBP")
    lemma = forms[0] if main not in _BE else "be"
    if main in _HAVE and len(aux) == 1:
        lemma = "have"
    passive = len(aux) > 1 and any(w in _BE for w in aux[:-1]) and forms[1] in ("VBN", "VBD")
    modal = any(w in lists["modals"] for w in aux)
    first = aux[0]
    if any(w in lists["future"] for w in aux):
        tense = "future"
    elif first in ("had", "'d") and len(aux) > 1:
        tense = "pluperfect"
    elif first in ("has", "have", "'ve") and len(aux) > 1:
        tense = "perfect"
    elif first in ("was", "were", "did", "had") or (verb_forms(first) or ("", ""))[1] == "VBD":
        tense = "past"
    elif first in ("is", "are", "am", "'s", "'re", "do", "does", "has", "have") or \
            (verb_forms(first) or ("", ""))[1] in ("VBZ", "VBP"):
        tense = "present"
    else:
        tense = "none"
    return lemma, tense, passive, modal


def _mark_reported(clauses: list[Clause], text: str) -> list[Clause]:
    """Clauses after a speech verb ("said that ...", "said ...") are reported, as is a
    clause before a closing ", he said"."""
    out = list(clauses)
    for i, c in enumerate(clauses):
        if not c.speech:
            continue
        if i + 1 < len(out) and out[i + 1].start >= c.verb_end:
            nxt = out[i + 1]
            after_verb = text[c.verb_end:c.end].split()
            opens = text[nxt.start:nxt.start + 5].lower().startswith("that ")
            if opens or len(after_verb) <= 3:  # "said (on Tuesday) [clause]", not "announced X"
                out[i + 1] = _with(nxt, reported=True)
        if i > 0 and re.match(r"\s*[,“”\"]", text[out[i - 1].end:c.start] or ","):
            prev = out[i - 1]
            if not prev.speech and c.verb_start - c.start < 40:
                out[i - 1] = _with(prev, reported=True)
    return out


def _with(c: Clause, **changes) -> Clause:
    from dataclasses import replace
    return replace(c, **changes)
