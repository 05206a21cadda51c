"""Pieces of one dated clause that model/narrative.py uses: time expressions paired into
ranges ("from 2007 to 2009"), durations counted back from the publication date ("has been
going on for three years"), the label of a date's clause or of the event noun it modifies
("the 2007 surge"), stated figures, and undated references to other events ("since the
troops pulled out"), which merging dates by the event they name.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .day import FIRST_DAY, LAST_DAY, Day, as_day, month_days
from .lexicon import content_keywords, is_event_noun
from .sentences import split_sentences
from .timevalue import span_interval, value_interval
from .types import Article, EventMention, Interval, Sentence, TimeExpression

_RANGE_JOIN = re.compile(r"^\s*,?\s*(?:and|or|to|through|until|till|-|–|—|/)\s*$",
                         re.IGNORECASE)
_PREPOSITION = re.compile(
    r"(?:\b(?:in|on|at|since|by|during|until|till|from|of|for|over|throughout|between|"
    r"before|after|as of|starting|beginning|around|about|early|late)\s+)+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[–—]\s+|\s*\(|\)\s*|,\s+(?=(?:but|while|whereas|although|though|which|who|"
    r"where|as|and then|with|rivaling|compared|according)\b)"
    r"|\s+(?=(?:but|while|whereas|although|after|before|because|until|when|since)\s)"
    r"|(?<!\w)[“”\"]|[“”\"](?!\w)", re.IGNORECASE)
_ATTRIBUTION_TAIL = re.compile(
    r"(?:,\s*(?:according to|citing)\b.*|,\s*[\w.’'\- ]{0,60}?\b(?:said|says|reported|"
    r"told [\w ]+|added|noted)\b[^,]*)\s*[.,]?$", re.IGNORECASE)
_ATTRIBUTION_HEAD = re.compile(
    r"^[A-Z][\w.’'\- ]{0,50}?\b(?:said|says|told [\w ]{1,20}?)\s+(?:that\s+)?")
_LEADING_FILLER = re.compile(
    r"^(?:(?:but|and|also|however|meanwhile|so far|then|still|yet|instead|in addition|"
    r"again|now|even so|as well|after|before|when|where|while|as|because|since|until|"
    r"although|though|if|once|whereas|including)\b[,\s]*)+", re.IGNORECASE)
_TRAILING_FILLER = re.compile(
    r"(?:\s+\b(?:the|a|an|of|in|on|at|to|for|by|from|with|and|or|but|as|that|which|who|"
    r"since|after|before|when|while|this|its|their|his|her|into|onto|than)\b)+$", re.IGNORECASE)
_VERB = re.compile(
    r"^(?:\w{3,}ed|was|were|is|are|has|have|had|will|would|did|does|do|can|could|began|"
    r"came|went|took|fell|rose|saw|won|lost|left|sent|made|gave|got|held|led|met|ran|set|"
    r"fought|broke|built|became|brought|caught|chose|drove|flew|grew|hit|kept|knew|paid|"
    r"put|said|sold|spoke|stood|struck|swore|told|thought|threw|wrote|seized|killed|"
    r"launched|joined|died|\w+s)$", re.IGNORECASE)
_ANCHOR = re.compile(r"^\s*(?P<rel>after|since|before|following)\s+"
                     r"(?P<rest>(?:[^,;:.]|\.(?=\w|\s+[a-z]))+)", re.IGNORECASE)
_SKIPPED_TIME = re.compile(r"(?:\bsince|\bthan|\brivaling|\bcompared (?:with|to)|\bup from|"
                           r"\bdown from|\bversus)\s+(?:[\w,.’'-]+\s+){0,3}(?:in\s+)?$",
                           re.IGNORECASE)
_STATE_DURATION = re.compile(
    r"\b(?:has|have|had)\s+(?:been\s+)?(?:\w+\s+){0,3}?(?:for|over|during)\s+(?:the\s+)?"
    r"(?:past\s+|last\s+)?$", re.IGNORECASE)
_DETERMINER = re.compile(r"\b(?:the|a|an|its|his|her|their|our|this|that)\s+$",
                         re.IGNORECASE)
_FIGURE = re.compile(
    r"(?P<qual>\b(?:nearly|almost|about|around|some|roughly|more than|over|at least|up to|"
    r"fewer than|less than)\s+)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?:million|billion))?\s+(?P<noun>[A-Za-z][a-z]+)")

_UNINFORMATIVE = re.compile(r"^(?:(?:he|she|they|it|we|i)\s+(?:said|says|told)|"
                            r"(?:in|on|at|during|for|with|which|that|it is|this is)\s)",
                            re.IGNORECASE)
_NOT_COUNTED = frozenset("percent years year months month days day weeks km miles and or to of "
                         "in on at by for the a an".split())
LEAD_DAYS = 6
MAX_LABEL_WORDS = 10






def _ranges(text: str, found: list[TimeExpression]) -> Iterable[list[TimeExpression]]:
    """Time expressions of one sentence, pairing the two ends of a range."""
    i = 0
    while i < len(found):
        t = found[i]
        if i + 1 < len(found):
            u = found[i + 1]
            between = text[t.end:u.start]
            if (_RANGE_JOIN.match(between) and t.type == u.type == "DATE"
                    and _same_kind(t.value, u.value) and _one_stretch(text, t, u, between)):
                yield [t, u]
                i += 2
                continue
        yield [t]
        i += 1


def _one_stretch(text: str, t: TimeExpression, u: TimeExpression, between: str) -> bool:
    """"from 2007 to 2009", "between May and July", "2006 and 2007" name one stretch of
    time; "in March and June" names two times."""
    if not re.match(r"^\s*,?\s*(?:and|or)\s*$", between, re.IGNORECASE):
        return True
    if re.search(r"\bbetween\s+$", text[max(0, t.start - 10):t.start], re.IGNORECASE):
        return True
    a, b = value_interval(t.value), value_interval(u.value)
    return a is not None and b is not None and 0 <= (b.start - a.end).days <= 1


def _same_kind(a: str, b: str) -> bool:
    return len(a) == len(b) and a[:1].isdigit() and b[:1].isdigit()


def _interval(article: Article, timexes: list[TimeExpression],
              text: str) -> tuple[Interval, str, bool] | None:
    """Interval, value and whether it is anchored elsewhere, for the mention's time."""
    first = timexes[0]
    if first.type in ("DATE", "TIME"):
        a = value_interval(first.value, first.mod)
        if a is None:
            return None
        if len(timexes) == 2:
            b = value_interval(timexes[1].value, timexes[1].mod)
            if b is None or b.start < a.start:
                return None
            return span_interval(a, b), f"{first.value}/{timexes[1].value}", False
        return a, first.value, False
    if first.type == "DURATION" and article.published is not None:
        return _anchored_duration(article.published, first, text)
    return None


def _duration_years(value: str) -> tuple[float, str] | None:
    m = re.fullmatch(r"P(\d+(?:\.\d+)?)(Y|M|W|D|DE)", value)
    if not m:
        return None
    return float(m[1]), m[2]


def _shift_back(day: Day, amount: float, unit: str) -> tuple[Day, str]:
    if unit == "Y":
        return Day.of(day.year - int(amount)), "year"
    if unit == "DE":
        return Day.of(day.year - int(amount * 10)), "year"
    if unit == "M":
        index = day.year * 12 + day.month - 1 - int(amount)
        return Day.of(index // 12, index % 12 + 1, 1), "month"
    days = int(amount * (7 if unit == "W" else 1))
    return day - days, "day"


def _anchored_duration(published: date, t: TimeExpression,
                       text: str) -> tuple[Interval, str, bool] | None:
    """"Two years after X" dates X two years before publication; "has been going on for
    three years" dates the start of a state three years before publication."""
    parsed = _duration_years(t.value)
    if parsed is None:
        return None
    amount, unit = parsed
    before = text[max(0, t.start - 80):t.start]
    after = text[t.end:t.end + 12]
    if not (_ANCHOR.match(after) or _STATE_DURATION.search(before)):
        return None
    start, granularity = _shift_back(as_day(published), amount, unit)
    if granularity == "year":
        interval = Interval(start, Day.of(start.year, 12, 31), "year", True)
        value = f"{start.year:04d}"
    elif granularity == "month":
        end = Day.of(start.year, start.month, month_days(start.year, start.month))
        interval = Interval(start, end, "month", True)
        value = f"{start.year:04d}-{start.month:02d}"
    else:
        interval = Interval(start, start, "day", True)
        value = start.isoformat()
    return interval, value, True


def _mention(article: Article, sentence: Sentence, timexes: list[TimeExpression],
             index: int) -> EventMention | None:
    text = article.text
    first, last = timexes[0], timexes[-1]
    if _SKIPPED_TIME.search(text[sentence.start:first.start]):
        return None
    dated = _interval(article, timexes, text)
    if dated is None:
        return None
    interval, value, anchored = dated
    if anchored and (m := _ANCHOR.match(text[last.end:sentence.end])):
        clause_start = last.end + m.start("rest")
        clause_end = last.end + m.end("rest")
        label = make_label(text[clause_start:clause_end])
    elif anchored:
        clause_start, clause_end = _clause(text, sentence, first.start, last.end)
        subject = re.split(r"\b(?:has|have|had)\b", text[clause_start:first.start])[0]
        label = make_label(subject)
        label = f"{label} begins" if label else ""
    else:
        clause_start, clause_end = _clause(text, sentence, first.start, last.end)
        label = _clause_label(text, sentence, clause_start, clause_end, first, last)
    if not label or _UNINFORMATIVE.match(label):
        return None
    clause = text[clause_start:clause_end]
    return EventMention(
        id=f"{article.id}:m{index + 1}", article_id=article.id, sentence=sentence,
        clause_start=clause_start, clause_end=clause_end, timex=first, label=label,
        interval=interval, value=value, keywords=content_keywords(clause + " " + label),
        figures=figures(clause), derived=anchored)


def _clause_label(text: str, sentence: Sentence, lo: int, hi: int,
                  first: TimeExpression, last: TimeExpression) -> str:
    """Label of a dated clause: its own words, or the event noun the date modifies."""
    nominal = _nominal_label(text, sentence, first, last)
    before = _PREPOSITION.sub("", text[lo:first.start]).rstrip(" ,")
    clause = _without_time(text, lo, hi, first.start, last.end)
    relative = re.match(r"\s*(?:which|who)\b", clause, re.IGNORECASE)
    if nominal and (relative or _premodifies(text, sentence, first)):
        return nominal
    if relative:
        antecedent = re.search(r"((?:[\w.’'-]+\s+){0,3}[\w.’'-]+),\s*$", text[sentence.start:lo])
        clause = clause[relative.end():]
        if antecedent:
            clause = antecedent.group(1) + " " + clause.strip()
            before = antecedent.group(1) + " " + before[relative.end():]
    label = make_label(clause, focus=len(before))
    if len(label.split()) >= 3 and not _UNINFORMATIVE.match(label) \
            and not (nominal and len(label.split()) > 8):
        return label
    if nominal:
        return nominal
    whole = _without_time(text, sentence.start, sentence.end, first.start, last.end)
    label = make_label(whole, focus=len(_PREPOSITION.sub("", text[sentence.start:first.start])))
    return label if len(label.split()) >= 2 else ""


def _premodifies(text: str, sentence: Sentence, first: TimeExpression) -> bool:
    """"the 2007 surge": a date between a determiner and a noun names the noun's time."""
    before = text[sentence.start:first.start]
    return bool(_DETERMINER.search(before) or before.endswith(("’s ", "'s ")))


def _clause(text: str, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around [start, end) within its sentence."""
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text, sentence.start,
                                                                   sentence.end)]
    lo, hi = sentence.start, sentence.end
    for b_start, b_end in breaks:
        if b_end <= start:
            lo = b_end
        elif b_start >= end:
            hi = b_start
            break
    if len(_words(text[lo:hi])) - len(_words(text[start:end])) < 4:
        return sentence.start, sentence.end
    return lo, hi


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'.-]+", s)


def _without_time(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """The clause with its date (and the preposition before it) taken out, unless the
    date is the clause's subject ("2013 was the deadliest year")."""
    after = text[end:hi]
    if re.match(r"\s+(?:was|is|has|had|proved|proving|saw|marked|became|will)\b", after) \
            and not re.search(r"\b(?:in|on|at|since|by|during|of|for)\s+$", text[lo:start]):
        return text[lo:hi].strip()
    before = _PREPOSITION.sub("", text[lo:start])
    after = re.sub(r"^\s*(?:earlier|later|ago)\b", "", after)
    joint = ", " if after.lstrip().startswith(",") and before.strip() else " "
    return (before.rstrip(" ,") + joint + after.lstrip(" ,")).strip()


def _nominal_label(text: str, sentence: Sentence, first: TimeExpression,
                   last: TimeExpression) -> str:
    """"the 2007 surge of U.S. forces" and "the US withdrawal in 2011" name their event."""
    before = text[sentence.start:first.start]
    if _DETERMINER.search(before) or before.endswith(("’s ", "'s ")):
        tail = re.match(r"\s*([“\"‘']?[\w’'.-]+[”\"’']?(?:\s+(?!(?:was|were|is|are|has|had|"
                        r"which|that|who|when|and)\b)[\w’'.-]+){0,5})", text[last.end:sentence.end])
        if tail:
            words = tail.group(1)
            cut = re.split(r"\s+(?:was|were|is|are|has|had|which|that|who|when|and|in|"
                           r"after|before|but)\b|[,;:]", words)[0]
            if any(is_event_noun(w.strip("“”\"‘’'")) for w in cut.split()):
                return make_label(cut)
    m = re.search(r"\b(?:the|a|an|its|their)\s+((?:[\w’'.-]+\s+){0,3}?[\w’'.-]+)\s+(?:in|of|on)\s+$",
                  before)
    if m and is_event_noun(m.group(1).split()[-1]):
        return make_label(m.group(1))
    return ""


def make_label(clause: str, focus: int | None = None) -> str:
    """A short "who did what" label, about 3 to 10 words, from a clause.

    ``focus`` is where the date stood in the clause: for a long clause the label is
    built around the verb nearest to it, the one the date modifies.
    """
    s = re.sub(r"(?<!\w)[“”\"‘’']|[“”\"‘’'](?!\w)", "", clause).replace("’", "'")
    s = re.sub(r"\([^)]*\)", "", s)
    s = s.strip(" ,.;:-–—")
    head = _ATTRIBUTION_HEAD.sub("", s)
    if len(head.split()) >= 3:
        s = head
    tail = _ATTRIBUTION_TAIL.sub("", s)
    if len(tail.split()) >= 3:
        s = tail
    s = _LEADING_FILLER.sub("", s).strip(" ,.;:-")
    words = s.split()
    if len(words) > MAX_LABEL_WORDS:
        focus_word = len(s[:focus].split()) if focus is not None else None
        words = _core_words(words, focus_word)
    s = _LEADING_FILLER.sub("", " ".join(words))
    s = _TRAILING_FILLER.sub("", s).strip(" ,.;:-")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.IGNORECASE)
    return s[:1].upper() + s[1:] if s else ""


_NOT_BEFORE_VERB = frozenset("the a an his her its their our my your this that these those "
                             "latest new recent two three four several many some of".split())


def _is_verb(words: list[str], i: int, strong: bool) -> bool:
    w = words[i].strip(",.;:")
    if i == 0 or not _VERB.match(w) or words[i - 1][:1].isupper() \
            or words[i - 1].lower() in _NOT_BEFORE_VERB:
        return False
    if w.lower() in ("us", "its", "this", "as", "news", "series", "times", "means"):
        return False
    return not strong or not (w.endswith("s") and not w.lower() in ("was", "has", "is"))


def _core_words(words: list[str], focus: int | None = None) -> list[str]:
    """Subject head, verb and the start of its object, for a long clause."""
    verbs = [i for i in range(len(words)) if _is_verb(words, i, strong=True)] or \
        [i for i in range(len(words)) if _is_verb(words, i, strong=False)]
    if not verbs:
        return _until_comma(words[:MAX_LABEL_WORDS])
    verb = min(verbs, key=lambda i: abs(i - focus)) if focus is not None else verbs[0]
    while verb > 0 and words[verb - 1].lower() in ("has", "have", "had", "was", "were", "is",
                                                   "are", "been", "will", "be", "would"):
        verb -= 1
    start = max(0, verb - 5)
    while start > 0 and words[start - 1][:1].isupper() and not words[start - 1].endswith(","):
        start -= 1
    for i in range(verb - 1, start - 1, -1):
        if words[i].endswith(","):
            start = i + 1
            break
    end = min(len(words), max(start + MAX_LABEL_WORDS, verb + 4))
    return _until_comma(words[start:end])


def _until_comma(words: list[str]) -> list[str]:
    out = []
    for w in words:
        out.append(w)
        if w.endswith(",") and len(out) >= 4:
            break
    return [w.rstrip(",") for w in out]


def figures(clause: str) -> tuple[str, ...]:
    """Stated quantities ("7,818 civilians", "nearly 8,000 civilians") for comparing sources."""
    out = []
    for m in _FIGURE.finditer(clause):
        noun = m["noun"].lower()
        if noun in _NOT_COUNTED or noun.endswith(("ed", "ing")) or \
                re.fullmatch(r"1[5-9]\d\d|20\d\d", m["num"]):
            continue
        qual = (m["qual"] or "").strip().lower()
        out.append(f"{qual + ' ' if qual else ''}{m['num']} {noun}")
    return tuple(out)




_REFERENCE = re.compile(
    r"\b(?:since|after|following|when|before|until)\s+(?P<clause>(?:the\s+)?[\w.’'-]+"
    r"(?:\s+[\w.’'-]+){1,8})", re.IGNORECASE)


#: An event noun with its determiner, followed by the subject of a new clause.
_NAMED_EVENT = re.compile(r"(?:the|its|their|his|her)\s+(?P<noun>[\w’'-]+)\s+"
                          r"(?=(?:the|a|an|its|their|his|her|this|these|those|it|they|he|she|"
                          r"we|i)\b)", re.IGNORECASE)


def extract_references(article: Article, expressions: list[TimeExpression],
                       sentences: list[Sentence] | None = None) -> list[EventMention]:
    """Undated references to other events ("since U.S. troops pulled out of Iraq").

    They carry no date of their own; merging gives them the date of the event they
    name, if another mention dates it, and marks them derived.
    """
    if sentences is None:
        sentences = split_sentences(article.text, skip=article.boilerplate)
    timed = {(t.start, t.end) for t in expressions}
    out = []
    for sentence in sentences:
        for m in _REFERENCE.finditer(article.text, sentence.start, sentence.end):
            start, end = m.start("clause"), m.end("clause")
            stop = re.search(r"[,;:]|\.(?=\s+[A-Z\"“]|$)|\s[–—]\s", article.text[start:end])
            if stop:
                end = start + stop.start()
            named = _NAMED_EVENT.match(article.text, start, end)
            if named and is_event_noun(named["noun"]):
                end = named.end("noun")  # "since its launch | the store has sold ..."
            if any(s < end and start < e for s, e in timed):
                continue
            clause = article.text[start:end]
            if len(clause.split()) < 2:
                continue
            timex = TimeExpression(start, start, "", "DATE", "", "", relative=True,
                                   resolved=False)
            out.append(EventMention(
                id=f"{article.id}:r{len(out) + 1}", article_id=article.id, sentence=sentence,
                clause_start=start, clause_end=end, timex=timex, label=make_label(clause),
                interval=Interval(FIRST_DAY, LAST_DAY, "unknown", True), value="",
                keywords=content_keywords(clause), figures=(), derived=True))
    return out
