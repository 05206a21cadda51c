"""Every event clause of a document, dated the way a careful reader dates it.

Reading in order, the reader keeps the time the story is at: a clause with its own date
is at that date (and moves the story there); a clause that tells something happening
without a date is at the story's time; in news that is, by default, the days before
publication (the news of the day), and a story's earlier time reaches only through its
sentence or a connective ("then", "later"). A narrative of other times (history) carries
its time on until another date is told. "Said that ..." reports a clause whose event comes
before the saying unless it gives its own date; states, opinions, hypotheticals and
negated clauses are not events. Each mention records how its date was found (Anchor).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from .clauses import Clause, verb_forms, word_list
from .day import as_day, day_label
from .document import Document
from .events import _mention as _duration_mention
from .events import _nominal_label, _premodifies
from .events import (LEAD_DAYS, _ANCHOR, _SKIPPED_TIME, _UNINFORMATIVE, _clause_label,
                     _duration_years, _ranges, _shift_back, figures)
from .labels import make_label
from .exporters import human_date
from .labels import clause_label, nearest_name
from .lexicon import content_keywords, is_event_noun
from .timevalue import span_interval, value_interval
from .types import Anchor, EventMention, Interval, Sentence, TimeExpression

_DATED_TYPES = ("DATE", "TIME")
#: A relative clause tells more of the noun before it ("..., which the board fought off").
#: A clause that names an earlier event as a reference point, not as news.
_BACKGROUND = re.compile(r"(?:since|until|till|before|ever since)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:which|who|whom|whose)\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_PRESENT_ONLY = ("PRESENT_REF",)
#: "since its launch in 2003", "since the merger of 1998": an event noun dated in passing.
_SINCE_EVENT = re.compile(r"\bsince\s+(?P<phrase>(?:the|its|their|his|her)\s+"
                          r"(?P<noun>[\w’'-]+))\s+(?:in|on|of)\s+$", re.IGNORECASE)
#: How far back from the saying an undated reported event is put.
REPORTED_DAYS = 7


@dataclass
class _Story:
    """The time the story is at, and the mention that put it there."""

    interval: Interval
    value: str
    mention_id: str
    text: str
    sentence: int


def date_mentions(doc: Document) -> list[EventMention]:
    """The dated event mentions of a document, in text order."""
    reader = _Reader(doc)
    for index, sentence in enumerate(doc.sentences):
        reader.read_sentence(index, sentence)
    return reader.mentions


class _Reader:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.article.text
        self.article = doc.article
        self.mentions: list[EventMention] = []
        #: Where this sentence's mentions start in ``mentions`` (durations look only there).
        self.sentence_from = 0
        #: The last mention of each value, for the mention a story-dated one counts from.
        self.by_value: dict[str, str] = {}
        self.story: _Story | None = None
        self.news = self._news_interval()
        self.by_sentence: dict[int, list[Clause]] = {}
        for c in doc.clauses:
            self.by_sentence.setdefault(c.sentence, []).append(c)
        #: Clause start -> start of the participle phrase before it that tells the
        #: occasion ("While introducing the phone, | he joked"), for its keywords.
        self.occasion: dict[int, int] = {}
        self.expressions = sorted(doc.expressions, key=lambda t: t.start)
        self.starts = [t.start for t in self.expressions]
        self._next = 0

    def _news_interval(self) -> Interval | None:
        published = self.article.published
        if published is None:
            return None
        end = as_day(published)
        return Interval(end - LEAD_DAYS, end, "day", True)

    def _sentence_expressions(self, sentence: Sentence) -> list[TimeExpression]:
        found = []
        while self._next < len(self.expressions) and \
                self.expressions[self._next].start < sentence.start:
            self._next += 1
        i = self._next
        while i < len(self.expressions) and self.expressions[i].end <= sentence.end:
            found.append(self.expressions[i])
            i += 1
        return found

    # ---- one sentence -----------------------------------------------------------------

    def read_sentence(self, index: int, sentence: Sentence) -> None:
        self.sentence_from = len(self.mentions)
        clauses = self.by_sentence.get(index, [])
        timexes = self._sentence_expressions(sentence)
        if self.doc.mode == "news" and self.story is not None and self.story.sentence != index:
            self.story = None  # in news the story's earlier time does not reach further
        saying: EventMention | None = None
        owners = _owners(self.text, clauses, timexes)
        self.occasion = _occasions(self.text, clauses)
        for n, clause in enumerate(clauses):
            own = [t for t in timexes if owners.get(t.start) == n]
            made = self._dated_clause(sentence, index, clause, own, clauses[n + 1:],
                                      clauses[n - 1] if n else None)
            elaborates = n and self.mentions and self.mentions[-1].clause_end <= clause.start \
                and self.mentions[-1].sentence.start == sentence.start \
                and _RELATIVE.match(self.text, clause.start)
            if not made and clause.event and not _attribution(clause, clauses[:n]) \
                    and not elaborates:
                made = self._undated_clause(sentence, index, clause, clauses[n + 1:], saying)
            if made and clause.speech:
                saying = made[0]
            self.mentions.extend(made)
            for m in made:
                self.by_value[m.value] = m.id
        self._durations(sentence, index, clauses, timexes)

    def _dated_clause(self, sentence: Sentence, index: int, clause: Clause,
                      own: list[TimeExpression], clauses_after: list[Clause],
                      before: Clause | None = None) -> list[EventMention]:
        usable = [t for t in own if t.type in _DATED_TYPES and t.value not in _PRESENT_ONLY]
        out = []
        for timexes in _ranges(self.text, usable):
            first, last = timexes[0], timexes[-1]
            since = _SINCE.search(self.text, max(sentence.start, first.start - 8), first.start)
            if since and clause.tense in ("perfect", "pluperfect"):
                out.extend(self._state_start(sentence, clause, first, clauses_after))
                continue
            if _SKIPPED_TIME.search(self.text[sentence.start:first.start]):
                out.extend(self._since_event(sentence, timexes))
                continue
            if clause.tense == "present" and self._about_now(first):
                continue  # "Today the city is quieter": commentary on the present
            interval = _interval_of(timexes, self.text)
            if interval is None:
                continue
            if re.search(r"\b(?:until|till)\s+$", self.text[max(0, first.start - 8):first.start]):
                interval = self._until(interval)
                if interval is None:
                    continue
            label = self._label(clause, clauses_after, own, before)
            if _premodifies(self.text, sentence, first):
                label = _nominal_label(self.text, sentence, first, last) or label
            if len(label.split()) < 2:
                label = _clause_label(self.text, sentence, clause.start, clause.end, first, last)
            if not label or _UNINFORMATIVE.match(label):
                label = self._fallback_label(clause, first, last)
            if not label:
                continue
            anchor = self._anchor_of(first, interval)
            mention = self._mention(sentence, clause.start, clause.end, first, label, interval,
                                    _value_of(timexes), anchor, derived=False,
                                    said_end=_said_end(clause, clauses_after))
            out.append(mention)
            if clause.tense != "future":
                self.story = _Story(interval, mention.value, mention.id, first.text, index)
        return out

    def _state_start(self, sentence: Sentence, clause: Clause, t: TimeExpression,
                     after: list[Clause]) -> list[EventMention]:
        """"has been fighting cancer since 2004": the state began then."""
        interval = value_interval(t.value, t.mod)
        label = self._label(clause, after, [t])
        if interval is None or len(label.split()) < 2:
            return []
        anchor = Anchor("explicit", t.text, "", f"began “since {t.text}” (stated in the text)")
        return [self._mention(sentence, clause.start, clause.end, t, f"{label} (begins)",
                              interval, t.value, anchor, derived=False,
                              said_end=_said_end(clause, after))]

    def _since_event(self, sentence: Sentence, timexes: list[TimeExpression]
                     ) -> list[EventMention]:
        """"sold 4 billion songs since its launch in 2003": the date is not the clause's
        but the named event's; that event is a mention of its own."""
        first = timexes[0]
        m = _SINCE_EVENT.search(self.text, sentence.start, first.start)
        interval = _interval_of(timexes, self.text) if m else None
        if interval is None or not is_event_noun(m["noun"]):
            return []
        anchor = self._anchor_of(first, interval)
        return [self._mention(sentence, m.start("phrase"), timexes[-1].end, first,
                              make_label(m["phrase"]), interval, _value_of(timexes), anchor,
                              derived=False)]

    def _about_now(self, t: TimeExpression) -> bool:
        if t.value.endswith("REF"):
            return True
        interval = value_interval(t.value, t.mod)
        published = self.article.published
        return bool(interval and published and t.relative
                    and interval.start <= as_day(published) <= interval.end)

    def _until(self, end: Interval) -> Interval | None:
        """"until 1994" spans from the story's time to that date."""
        start = self.story.interval if self.story else self.news
        if start is None or start.start > end.end:
            return None
        return Interval(start.start, end.end, end.granularity, True)

    def _undated_clause(self, sentence: Sentence, index: int, clause: Clause,
                        after: list[Clause], saying: EventMention | None
                        ) -> list[EventMention]:
        if clause.tense in ("future", "none") or clause.quoted:
            return []
        if _BACKGROUND.match(self.text, clause.start):
            return []  # "since US forces withdrew": a reference to an earlier event
        if clause.reported and saying is not None:
            return self._reported(sentence, clause, saying)
        if clause.tense == "pluperfect":
            return []  # before the story's time, by how much the text does not say
        story = self._story_for(clause, index)
        label = self._label(clause, after)
        if not self._tells_verb(clause, label):
            label = self._verb_label(clause)
        if len(label.split()) < 2 or not self._tells_verb(clause, label):
            return []
        timex = TimeExpression(clause.start, clause.start, "", "DATE", "", "", True)
        if story is not None:
            anchor = Anchor("narrative", story.text, story.mention_id,
                            f"told after “{story.text}”: the story is then at "
                            f"{human_date(story.interval)}")
            return [self._mention(sentence, clause.start, clause.end, timex, label,
                                  _approx(story.interval), story.value, anchor, derived=True,
                                  said_end=_said_end(clause, after))]
        if self.news is None or clause.tense == "present" and self.doc.mode == "history":
            return []
        published = self.article.published
        anchor = Anchor("publication", sentence.text[:160], "",
                        f"the news of the article's day: published {day_label(as_day(published))}"
                        f" ({self.article.published_basis})")
        return [self._mention(sentence, clause.start, clause.end, timex, label, self.news,
                              as_day(published).isoformat(), anchor, derived=True,
                              said_end=_said_end(clause, after))]

    def _story_for(self, clause: Clause, index: int) -> _Story | None:
        """The story's time for an undated clause, or None for the news of the day."""
        story = self.story
        if story is None:
            return None
        if self.doc.mode == "history":
            return story
        opening = self.text[clause.start:clause.start + 40].lower().split()
        connective = bool(opening) and opening[0].strip(",") in word_list("story_connectives")
        if story.sentence == index or connective:
            if self.news is not None and story.interval.overlaps(self.news):
                return None
            return story
        return None

    def _reported(self, sentence: Sentence, clause: Clause, saying: EventMention
                  ) -> list[EventMention]:
        """What was said happened before the saying (or at it, for the present perfect)."""
        label = self._label(clause, [])
        if len(label.split()) < 2:
            return []
        said = saying.interval
        if clause.tense == "past":
            interval = Interval(said.start - REPORTED_DAYS, said.end - 1, said.granularity, True)
            how = "before it was said"
        else:
            interval, how = said, "as it was said"
        if interval.end < interval.start:
            interval = said
        timex = TimeExpression(clause.start, clause.start, "", "DATE", "", "", True)
        anchor = Anchor("relative", saying.label, saying.id,
                        f"reported: {how} ({human_date(said)})")
        return [self._mention(sentence, clause.start, clause.end, timex, label, interval,
                              saying.value, anchor, derived=True)]

    def _durations(self, sentence: Sentence, index: int, clauses: list[Clause],
                   timexes: list[TimeExpression]) -> None:
        """"..., a week after auditors warned it": the other event, a week before."""
        for t in timexes:
            if t.type != "DURATION":
                continue
            parsed = _duration_years(t.value)
            rest = self.text[t.end:sentence.end]
            m = _ANCHOR.match(rest)
            if parsed is None:
                continue
            if m is None:
                self._from_publication(sentence, t)
                continue
            relation = m["rel"].lower()
            here = self.mentions[self.sentence_from:]
            other = [x for x in here if x.sentence.start == sentence.start
                     and x.anchor is not None and x.anchor.kind in ("explicit", "relative",
                                                                    "narrative")
                     and not (t.end <= x.timex.start)]
            later = [x for x in here if x.sentence.start == sentence.start
                     and x.timex.start > t.end and x.anchor is not None
                     and x.anchor.kind in ("explicit", "relative")]
            amount, unit = parsed
            if relation in ("after", "following", "since") and other:
                base = other[-1]
                start, granularity = _shift_back(base.interval.start, amount, unit)
                lo, hi = t.end + m.start("rest"), t.end + m.end("rest")
                label = make_label(self.text[lo:hi])
                how = f"“{t.text} {relation}” {human_date(base.interval)}"
            elif relation == "before" and later:
                base = later[0]
                start, granularity = _shift_back(base.interval.start, amount, unit)
                clause = next((c for c in clauses if c.start <= t.start < c.end), None)
                if clause is None:
                    continue
                lo, hi = clause.start, t.start
                label = make_label(self.text[lo:hi])
                how = f"“{t.text}” before {human_date(base.interval)}: it began then"
            else:
                self._from_publication(sentence, t)
                continue
            if len(label.split()) < 2:
                continue
            interval = _grain(start, granularity)
            anchor = Anchor("duration", t.text, base.id, how)
            self.mentions[self.sentence_from:] = [x for x in here if not (
                x.sentence.start == sentence.start and x.anchor is not None
                and x.anchor.kind in ("narrative", "publication")
                and x.clause_start < hi and lo < x.clause_end)]
            self.mentions.append(self._mention(sentence, lo, hi, t, label, interval,
                                               interval.start.isoformat(), anchor,
                                               derived=True))

    def _from_publication(self, sentence: Sentence, t: TimeExpression) -> None:
        """"Three years after the dam burst, the valley is farmed again" and "has been
        going on for two years": counted back from the publication date."""
        found = _duration_mention(self.article, sentence, [t], len(self.mentions))
        if found is None:
            return
        published = self.article.published
        anchor = Anchor("duration", t.text, "",
                        f"“{t.text}” before the publication date, "
                        f"{day_label(as_day(published))} → {human_date(found.interval)}")
        self.mentions.append(replace(found, id=f"{self.article.id}:m{len(self.mentions) + 1}",
                                     anchor=anchor))

    # ---- records -----------------------------------------------------------------------

    def _anchor_of(self, t: TimeExpression, interval: Interval) -> Anchor:
        when = human_date(interval)
        if t.counted_from:
            source = self.by_value.get(t.counted_from, "")
            return Anchor("narrative", t.text, source,
                          f"“{t.text}” read in the story's time, {_value_words(t.counted_from)}"
                          f" → {when}")
        if t.relative:
            published = self.article.published
            basis = self.article.published_basis
            return Anchor("relative", t.text, "",
                          f"“{t.text}” counted from the publication date, "
                          f"{day_label(as_day(published)) if published else 'unknown'} "
                          f"({basis}) → {when}")
        return Anchor("explicit", t.text, "", f"stated in the text: “{t.text}”")

    def _label(self, clause: Clause, after: list[Clause],
               timexes: list[TimeExpression] = (), before: Clause | None = None) -> str:
        """The clause's label; a saying takes in what it reports ("X announced that Y");
        a clause without a verb shares the one before ("France joined in 1792, Spain
        [joined] in 1793")."""
        end = _said_end(clause, after)
        lo = bisect_left(self.starts, clause.start)
        hi = bisect_left(self.starts, end, lo)
        cut = [(t.start, t.end) for t in self.expressions[lo:hi]]
        opening = self.text[clause.start:clause.start + 4].lower()
        person = opening.startswith(("he ", "she "))
        name = nearest_name(self.text, clause.start, person)
        label = clause_label(self.text, clause, cut, end, name)
        if not clause.has_verb and before is not None and before.has_verb and label:
            label = f"{label} {self.text[before.verb_start:before.verb_end]}"
        return "" if _UNINFORMATIVE.match(label) else label

    def _tells_verb(self, clause: Clause, label: str) -> bool:
        """A label of an undated clause must keep its verb, and a saying what was said:
        "Neighbors Syria" or "Crocker said" tell nobody what happened."""
        verb = self.text[clause.verb_start:clause.verb_end].split()
        words = label.lower().replace("'", "’").split()
        if not verb or verb[-1].lower().replace("'", "’") not in words:
            return False
        return not (clause.speech and words[-1] == verb[-1].lower())

    def _verb_label(self, clause: Clause) -> str:
        """The words around the verb, when the clause's own label lost it."""
        before = self.text[clause.start:clause.verb_start].split()[-4:]
        after = self.text[clause.verb_end:clause.end].split()[:5]
        verb = self.text[clause.verb_start:clause.verb_end]
        return make_label(" ".join([*before, verb, *after]))

    def _fallback_label(self, clause: Clause, first: TimeExpression,
                        last: TimeExpression) -> str:
        words = (self.text[clause.start:first.start] + " " + self.text[last.end:clause.end])
        label = make_label(re.sub(r"\s+", " ", words))
        return label if len(label.split()) >= 2 and not _UNINFORMATIVE.match(label) else ""

    def _mention(self, sentence: Sentence, lo: int, hi: int, timex: TimeExpression,
                 label: str, interval: Interval, value: str, anchor: Anchor,
                 derived: bool, said_end: int | None = None) -> EventMention:
        """``said_end``: where what a saying reports ends; a saying is told apart from
        others by what was said, so those words count among its keywords."""
        clause = self.text[self.occasion.get(lo, lo):hi]
        said = self.text[hi:said_end] if said_end and said_end > hi else ""
        return EventMention(
            id=f"{self.article.id}:m{len(self.mentions) + 1}", article_id=self.article.id,
            sentence=sentence, clause_start=lo, clause_end=hi, timex=timex, label=label,
            interval=interval, value=value,
            keywords=content_keywords(f"{clause} {said} {label}"),
            figures=figures(clause), derived=derived, anchor=anchor)


#: A verbless phrase telling what the subject was doing meanwhile: "While introducing
#: the phone,", "Speaking at the summit,", "On arriving,".
_OCCASION = re.compile(r"(?:(?:while|when|as|on|upon|in)\s+)?([a-z]+ing)\b", re.IGNORECASE)


def _occasions(text: str, clauses: list[Clause]) -> dict[int, int]:
    """Each clause opened by an occasion phrase (see _OCCASION), to that phrase's start:
    the phrase has no verb of its own, and it describes the same happening."""
    found = {}
    for before, clause in zip(clauses, clauses[1:]):
        if not before.has_verb and clause.has_verb \
                and not text[before.end:clause.start].strip(" ,") \
                and _is_occasion(text, before):
            found[clause.start] = before.start
    return found


def _is_occasion(text: str, phrase: Clause) -> bool:
    m = _OCCASION.match(text, phrase.start, phrase.end)
    if m is None or m[1].lower() in word_list("ing_prepositions"):
        return False
    forms = verb_forms(m[1])
    return forms is not None and forms[1] == "VBG"


def _said_end(clause: Clause, after: list[Clause]) -> int:
    """The end of what a saying reports ("X announced | that Y"), else of the clause."""
    if clause.speech and after and after[0].reported:
        return after[0].end
    return clause.end


def _only_time(text: str, clause: Clause, timexes: list[TimeExpression]) -> bool:
    """The phrase says nothing but when ("In 1861", "A month before")."""
    rest = text[clause.start:clause.end]
    for t in timexes:
        if clause.start <= t.start < clause.end:
            rest = rest.replace(t.text, " ")
    words = [w for w in re.findall(r"[A-Za-z]+", rest.lower())
             if w not in ("in", "on", "at", "by", "during", "since", "until", "after", "before",
                          "the", "a", "an", "of", "early", "late", "then", "and")]
    return not words


def _owners(text: str, clauses: list[Clause], timexes: list[TimeExpression]
            ) -> dict[int, int]:
    """Which clause each time expression dates: the one it starts in; a phrase with no
    verb ("A month before, | engineers had inspected it") gives its date to the next."""
    owners: dict[int, int] = {}
    for t in timexes:
        n = next((k for k, c in enumerate(clauses) if c.start <= t.start < c.end), None)
        if n is None:
            continue
        clause = clauses[n]
        if not clause.has_verb and n + 1 < len(clauses) and clauses[n + 1].has_verb \
                and _only_time(text, clause, timexes):
            n += 1
        owners[t.start] = n
    return owners


def _attribution(clause: Clause, before: list[Clause]) -> bool:
    """", officials said": a saying after what it reports names the source, not an event."""
    return clause.speech and bool(before) and before[-1].reported \
        and clause.verb_start - clause.start < 40


def _interval_of(timexes: list[TimeExpression], text: str) -> Interval | None:
    first = timexes[0]
    a = value_interval(first.value, first.mod)
    if a is None:
        return None
    if len(timexes) == 2:
        b = value_interval(timexes[1].value, timexes[1].mod)
        if b is None or b.start < a.start:
            return None
        joined = span_interval(a, b)
        if re.match(r"\s*or\s*$", text[first.end:timexes[1].start]):
            return Interval(joined.start, joined.end, joined.granularity, True)
        return joined
    return a


def _value_of(timexes: list[TimeExpression]) -> str:
    if len(timexes) == 2:
        return f"{timexes[0].value}/{timexes[1].value}"
    return timexes[0].value


def _approx(interval: Interval) -> Interval:
    return Interval(interval.start, interval.end, interval.granularity, True)


def _grain(start, granularity: str) -> Interval:
    from .day import Day, month_days
    if granularity == "year":
        return Interval(start, Day.of(start.year, 12, 31), "year", True)
    if granularity == "month":
        return Interval(start, Day.of(start.year, start.month,
                                      month_days(start.year, start.month)), "month", True)
    return Interval(start, start, "day", True)


def _value_words(value: str) -> str:
    interval = value_interval(value)
    return human_date(interval) if interval else value
