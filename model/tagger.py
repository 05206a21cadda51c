"""Temporal tagger: finds time expressions and gives them TIMEX3 types and values.

The rules are data (resources/tagger/rules.toml, words.toml, holidays.toml); this
module compiles them, runs them over a text, keeps the longest non-overlapping
matches and normalises each with the rule's normaliser against a reference date
(the article's publication date). Without a reference date, relative expressions
keep X placeholders and are marked unresolved.

Finding (the regular expressions, the costly part) and resolving (the values) are two
steps: a document is scanned once, and resolved again when its publication date changes.
A rule marked ``reference = "story"`` in the table (a month or day named without its year)
counts from the time the story is at, the last date told: in a narrative always, in news
only within the same paragraph. "anaphora" rules ("two days later") always count from it;
"narrative" rules (weekdays) only in a narrative, where the publication date means little.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from .calendar_math import add_months, computed_holiday, quarter_of, shifted_value
from .day import Day
from .resources import resource_path
from .timevalue import value_interval
from .types import GRANULARITIES, Interval, TimeExpression

RESOURCES = resource_path("tagger")

_DEADLINE = re.compile(r"\b(?:by|until|till)\s+$", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
_CUE_TOKEN = re.compile(r"[A-Za-z]+n['’]t\b|[A-Za-z]+|['’](?:ll|s|re|ve|d)\b")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“‘'(])|\n")


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    norm: str
    example: tuple[str, str, str, str]
    context: re.Pattern[str] | None = None
    trigger: frozenset[str] = frozenset()  # words one of which every match contains
    #: "speech": resolved against the publication date; "story": against the story's time.
    reference: str = "speech"


@dataclass(frozen=True)
class Found:
    """A rule's match in a text, before its value is computed."""

    start: int
    end: int
    rule: int
    match: re.Match[str]


@dataclass(frozen=True)
class Normalised:
    type: str
    value: str
    mod: str = ""
    relative: bool = False
    resolved: bool = True
    anchor: str = ""  # "year_back": a year before the period last spoken of (post-pass)


class TenseCues:
    """Finds the tense cues of a stretch of text with the word lists of words.toml [tense]."""

    def __init__(self, lists: dict):
        self.future = frozenset(lists["future"])
        self.future_before_to = frozenset(lists["future_before_to"])
        self.past = frozenset(lists["past"])
        self.not_past_after = frozenset(lists["not_past_after"])

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """(offset, +1 future / -1 past) of each cue word between start and end."""
        tokens = [(m.group(), m.start()) for m in _CUE_TOKEN.finditer(text, start, end)]
        words = [t.lower().replace("’", "'") for t, _ in tokens]
        found = []
        for i, (token, pos) in enumerate(tokens):
            word = words[i]
            if word.endswith("n't"):  # "won't", "didn't", "can't": the auxiliary
                word = {"wo": "will", "ca": "can", "sha": "shall"}.get(word[:-3], word[:-3])
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i else ""
            cue = 0
            if word in self.future and token != "May":
                cue = 1
            elif word in self.future_before_to:
                cue = 1 if after == "to" else 0
            elif word in ("has", "have", "'ve"):
                cue = -1 if after == "been" or after.endswith("ed") or after in self.past else 0
            elif word in self.past or (len(word) > 4 and word.endswith("ed")
                                        and not word.endswith("eed") and token[0].islower()):
                if word in ("was", "were", "had", "did") or before not in self.not_past_after:
                    cue = -1
            if cue:
                found.append((pos, cue))
        return found


class Words:
    """The word lists of words.toml and holidays.toml, as lookups and regex pieces."""

    def __init__(self, words: dict, holidays: dict):
        self.lists = words
        self.months: dict[str, int] = words["months"]
        self.weekdays: dict[str, int] = words["weekdays"]
        self.numbers: dict[str, float] = words["numbers"]
        self.units: dict[str, str] = words["units"]
        self.unit_plurals: dict[str, str] = words["unit_plurals"]
        self.holidays: dict[str, str] = {**holidays["fixed"], **holidays["historic"],
                                         **holidays["computed"]}

    def number(self, word: str) -> float | None:
        w = word.lower().replace(",", "")
        if w.endswith(" 1/2") and w[:-4].isdigit():
            return int(w[:-4]) + 0.5
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            return float(w)
        if w in self.numbers:
            return self.numbers[w]
        parts = re.split(r"[- ]", w)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        return None

    def unit(self, word: str) -> str | None:
        w = word.lower()
        w = self.unit_plurals.get(w, w)
        if w not in self.units and w.endswith("s"):
            w = w[:-1]
        return self.units.get(w)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ -]")
                    for w in sorted(words, key=len, reverse=True))


def _placeholders(words: Words) -> dict[str, str]:
    lists = words.lists
    month_forms = []
    for name in words.months:
        for form in (name.capitalize(), name.upper()):
            abbreviation = len(name) <= 4 and name not in ("may", "june", "july")
            # "Jan." or "Jan 5", never a bare "Jan" (a name)
            month_forms.append(re.escape(form) + (r"(?:\.|(?= ?\d))" if abbreviation else ""))
    full_months = [m.capitalize() for m, n in words.months.items() if len(m) > 4 or m == "may"]
    weekday_forms = []
    for name in words.weekdays:
        if len(name) > 5 or name.endswith("day"):
            weekday_forms += [name.capitalize(), name.upper()]
        elif name != "sun":
            weekday_forms.append(re.escape(name.capitalize()) + r"\.")
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    number = (rf"\d{{1,3}}(?:,\d{{3}})+|\d+ 1/2|\d+(?:\.\d+)?|(?:{tens})[- ](?:{ones})|"
              + _alternation(k for k in lists["numbers"]))
    holiday_forms = _alternation(words.holidays)
    unit_forms = list(words.units) + list(words.unit_plurals)
    return {
        "month": "(?-i:(?P<month>" + "|".join(sorted(month_forms, key=len, reverse=True)) + "))",
        "monthfull": "(?-i:(?P<month>" + "|".join(full_months) + "))",
        "weekday": "(?-i:(?P<weekday>" + "|".join(sorted(weekday_forms, key=len, reverse=True))
                   + "))",
        "day": r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "year": r"(?P<year>(?:1\d|20)\d\d)",
        "fullyear": r"(?P<year>\d{4})",
        "era": r"(?-i:(?P<era>B\.C\.(?:E\.)?|BCE|BC|A\.D\.|AD|C\.E\.|CE))",
        "num": f"(?P<num>{number})",
        "vague": "(?P<vague>" + _alternation(lists["vague_numbers"]) + ")",
        "unit": "(?P<unit>" + _alternation(unit_forms) + ")",
        "ord": r"(?P<ord>\d{1,2}(?:st|nd|rd|th)|" + _alternation(lists["ordinals"]) + ")",
        "season": "(?P<season>" + _alternation(lists["seasons"]) + ")",
        "part": "(?P<part>" + _alternation(lists["day_parts"]) + ")",
        "pmod": "(?P<pmod>" + _alternation(lists["position_mods"]) + ")",
        "amod": "(?P<amod>" + _alternation(lists["approx_mods"]) + ")",
        "dir": "(?P<dir>" + _alternation(lists["direction"]) + ")",
        "ref": "(?P<ref>" + _alternation(lists["references"]) + ")",
        "freq": "(?P<freq>" + _alternation(lists["frequencies"]) + ")",
        "holiday": "(?-i:(?=[A-Z0-9]))(?P<holiday>" + holiday_forms + ")",
        "ones": f"(?:{ones})",
        "tens": f"(?:{tens})",
    }


_BEFORE = r"(?<![\w$£€#/@])(?<!\d[.,])"
_AFTER = r"(?![\w%])(?![.,]\d)"


_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def _trigger_keys(spec: str, words: Words) -> frozenset[str]:
    """The trigger words of a rule: literal words, the words of @lists (the last word of
    each phrase; "#11" for one ending in the number 11, as "9/11" does), "#number" and
    "#year"."""
    lists = {"month": words.months, "weekday": words.weekdays, "season": words.lists["seasons"],
             "part": words.lists["day_parts"], "ref": words.lists["references"],
             "freq": words.lists["frequencies"], "holiday": words.holidays,
             "unit": [*words.units, *words.unit_plurals, *(u + "s" for u in words.units)]}
    keys = set()
    for item in spec.split():
        if item.startswith("@"):
            for phrase in lists[item[1:]]:
                last = _TOKEN.findall(phrase.lower())[-1]
                keys.add("#" + last if last.isdigit() else last)
        else:
            keys.add(item.lower())
    return frozenset(keys)


def compile_rules(rules: list[dict], words: Words) -> list[Rule]:
    pieces = _placeholders(words)

    def expand(m: re.Match[str]) -> str:
        name, suffix = m.group(1), m.group(2)
        return pieces[name].replace(f"(?P<{name}>", f"(?P<{name}{suffix}>") if suffix \
            else pieces[name]

    compiled = []
    for spec in rules:
        body = re.sub(r"@([a-z]+)(\d?)", expand, spec["pattern"])
        regex = re.compile(_BEFORE + "(?:" + body + ")" + _AFTER, re.IGNORECASE)
        context = re.compile(spec["context"], re.IGNORECASE) if "context" in spec else None
        trigger = _trigger_keys(spec.get("trigger", ""), words)
        compiled.append(Rule(spec["name"], regex, spec["norm"], tuple(spec["example"]), context,
                             trigger, spec.get("reference", "speech")))
    return compiled


class Tagger:
    """Compiled rules plus the normalisers they name."""

    def __init__(self, resources: Path = RESOURCES):
        with open(resources / "words.toml", "rb") as f:
            words = tomllib.load(f)
        with open(resources / "holidays.toml", "rb") as f:
            holidays = tomllib.load(f)
        with open(resources / "rules.toml", "rb") as f:
            rules = tomllib.load(f)["rule"]
        self.words = Words(words, holidays)
        self.cues = TenseCues(words["tense"])
        self.rules = compile_rules(rules, self.words)
        self.trigger_words = {k for rule in self.rules for k in rule.trigger if k[0] != "#"}
        #: Numbers that are trigger words themselves ("11" of "9/11"): a rule naming one
        #: looks only around it, not around every number.
        self.trigger_numbers = {k[1:] for rule in self.rules for k in rule.trigger
                                if k[0] == "#" and k[1:].isdigit()}
        self.fixed = {r["name"]: (r["type"], r["value"]) for r in rules if r["norm"] == "fixed"}
        self.normalisers: dict[str, Callable[[re.Match[str], _Context], Normalised | None]] = {
            "calendar_date": self._calendar_date, "year": self._year,
            "year_period": self._year_period, "decade": self._decade,
            "century": self._century, "season": self._season, "quarter": self._quarter,
            "half": self._half, "weekday": self._weekday, "relative_day": self._relative_day,
            "weekend": self._weekend, "relative_unit": self._relative_unit,
            "year_ago": self._year_ago, "ago": self._ago, "duration": self._duration,
            "set": self._set, "reference": self._reference, "clock_time": self._clock_time,
            "holiday": self._holiday, "spelled_year": self._spelled_year,
            "fixed": self._fixed, "year_end": self._year_end, "era_year": self._era_year,
        }

    # ---- engine -----------------------------------------------------------------

    def tag(self, text: str, reference: date | None,
            skip: Sequence[tuple[int, int]] = (), windows: bool = True) -> list[TimeExpression]:
        """Time expressions of ``text``. With ``windows`` (the default) each rule runs only
        on the text around its trigger words, which gives the same result, faster."""
        return self.resolve(text, self.find(text, skip, windows), reference)

    def find(self, text: str, skip: Sequence[tuple[int, int]] = (),
             windows: bool = True) -> list[Found]:
        """Every rule's matches (outside ``skip``), in rule order: what resolving reads."""
        found: list[Found] = []
        hits = self._trigger_hits(text) if windows else {}
        found_windows: dict[frozenset[str], list[tuple[int, int]]] = {}
        for index, rule in enumerate(self.rules):
            if windows and rule.trigger:
                if rule.trigger not in found_windows:
                    found_windows[rule.trigger] = _windows(
                        sorted(h for k in rule.trigger for h in hits.get(k, ())), len(text))
                matches = _matches_in(rule.regex, text, found_windows[rule.trigger])
            else:
                matches = rule.regex.finditer(text)
            for m in matches:
                if rule.context and not rule.context.search(text, max(0, m.start() - 30),
                                                            m.start()):
                    continue
                if _inside(skip, m.start(), m.end()):
                    continue
                found.append(Found(m.start(), m.end(), index, m))
        return found

    def normalised(self, text: str, found: list[Found], reference: date | None
                   ) -> list[tuple[int, int, int, Normalised, Found]]:
        """Each found expression's value against ``reference``, longest first: the part
        of ``resolve`` that does not depend on ``narrative``, to be computed once when
        the same text is resolved with and without it."""
        candidates: list[tuple[int, int, int, Normalised, Found]] = []
        ctx = _Context(text, reference, self.cues)
        for f in found:
            result = self._normalise(f, ctx)
            if result is not None:
                candidates.append((f.start, f.end, f.rule, result, f))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        return candidates

    def resolve(self, text: str, found: list[Found], reference: date | None,
                narrative: str | None = None,
                normalised: list[tuple[int, int, int, Normalised, Found]] | None = None
                ) -> list[TimeExpression]:
        """Values of the found expressions against ``reference``.

        ``narrative`` ("news" or "history") turns on story time for the rules that count
        from it; None resolves everything against the reference (TimeML's convention).
        ``normalised``: what ``normalised`` gave for the same text, found and reference.
        """
        candidates = self.normalised(text, found, reference) if normalised is None \
            else normalised
        taken: list[tuple[int, int, Normalised, Found]] = []
        occupied = bytearray(len(text) + 1)
        for start, end, _, result, f in candidates:
            if any(occupied[start:end]):
                continue
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, result, f))
        taken.sort(key=lambda t: t[0])
        origins: dict[int, str] = {}
        if narrative == "history" or (narrative == "news" and reference is not None):
            taken = self._story_time(text, taken, reference, narrative, origins)
        resolved = _resolve_anaphora([(s, e, r) for s, e, r, _ in taken], reference)
        return [TimeExpression(s, e, text[s:e], r.type, r.value, r.mod, r.relative, r.resolved,
                               counted_from=origins.get(s, "")) for s, e, r in resolved]

    def _normalise(self, f: Found, ctx: _Context) -> Normalised | None:
        rule = self.rules[f.rule]
        ctx.rule = rule.name
        try:
            result = self.normalisers[rule.norm](f.match, ctx)
        except (ValueError, OverflowError):  # a date beyond year 1..9999
            return None
        if result is None or not _VALID_VALUE.fullmatch(result.value):
            return None
        return result

    def _story_time(self, text: str, taken: list, reference: date | None, narrative: str,
                    origins: dict[int, str]) -> list:
        """Story-time rules again, in text order, against the last date told before them.

        In news the story's time reaches only through its paragraph (the news of the day
        is the default); in a narrative it carries on until another date is told.
        """
        out = []
        story: tuple[int, str, Interval] | None = None  # (end, value, interval)
        news = _news_period(reference)
        for start, end, result, f in taken:
            rule = self.rules[f.rule]
            counts = rule.reference in ("story", "anaphora") or (
                rule.reference == "narrative" and narrative == "history")
            if counts and result.relative and story is not None:
                near = narrative == "history" or rule.reference == "anaphora" or (
                    not _SENTENCE_END.search(text, story[0], start)
                    and not _NOW_RELATIVE.search(text, max(0, start - 8), start))
                if near and not (news and story[2].overlaps(news)):
                    again = self._against_story(f, text, story)
                    if again is not None:
                        result = again
                        if result.resolved:
                            origins[start] = story[1]
            if result.type in ("DATE", "TIME") and result.resolved:
                interval = value_interval(result.value, result.mod)
                if interval is not None:
                    story = (end, result.value, interval)
            out.append((start, end, result, f))
        return out

    def _against_story(self, f: Found, text: str, story: tuple[int, str, Interval]
                       ) -> Normalised | None:
        day = story[2].start.to_date()
        if day is None:
            return None
        ctx = _Context(text, day, self.cues, story_granularity=story[2].granularity)
        result = self._normalise(f, ctx)
        if result is None:
            return None
        own = {k for k, v in f.match.groupdict().items() if v} & {"month", "season"}
        found = value_interval(result.value, result.mod)
        if not own and found is not None and _finer(found.granularity, story[2].granularity):
            # "On Tuesday" after "in May": the story's time cannot pin the day
            return self._normalise(f, _Context(text, None, self.cues))
        return result

    def _trigger_hits(self, text: str) -> dict[str, list[int]]:
        """Where each trigger word occurs (its start), found in one pass over the text."""
        hits: dict[str, list[int]] = {}
        words = self.trigger_words
        for m in _TOKEN.finditer(text):
            word = m.group()
            if word[0].isdigit():
                hits.setdefault("#number", []).append(m.start())
                if len(word) == 4 and word[:2] in _CENTURIES:
                    hits.setdefault("#year", []).append(m.start())
                if word in self.trigger_numbers:
                    hits.setdefault("#" + word, []).append(m.start())
                continue
            word = word.lower()
            if word in words:
                hits.setdefault(word, []).append(m.start())
        return hits

    # ---- normalisers --------------------------------------------------------------

    def _month_number(self, m: re.Match[str]) -> int | None:
        if "mnum" in m.groupdict() and m["mnum"]:
            return int(m["mnum"])
        if m.groupdict().get("month"):
            return self.words.months.get(m["month"].lower().rstrip("."))
        return None

    def _calendar_date(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        month = self._month_number(m)
        if month is None:
            return None
        if g.get("month") and g["month"] == "May" and not g.get("day") and not g.get("year"):
            if _looks_modal(ctx.text, m.end()):
                return None
        day = int(g["day"]) if g.get("day") else None
        mod = self._pmod(g.get("pmod"))
        year = int(g["year"]) if g.get("year") else None
        if year is None and g.get("yy"):
            year = 1900 + int(g["yy"]) if int(g["yy"]) > 30 else 2000 + int(g["yy"])
        if day is not None:
            try:
                date(year or 2000, month, day)
            except ValueError:
                return None
        relative = year is None
        if year is None:
            if ctx.reference is None:
                value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
                return Normalised("DATE", value, mod, True, False)
            year = self._relative_year(g, month, ctx) or \
                ctx.year_for(month, day, m.start(), m.end())
        value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        return Normalised("DATE", value, mod, relative)

    def _relative_year(self, g: dict, month: int, ctx: _Context) -> int | None:
        """The year of "last May", "next March", "this September", "June last year"."""
        ref = ctx.reference
        assert ref is not None
        if g.get("ydir"):
            return ref.year + self.words.lists["direction"][g["ydir"].lower()]
        word = (g.get("mdir") or "").lower()
        if word in ("last", "this past"):
            return ref.year if month < ref.month else ref.year - 1
        if word in ("next", "this coming"):
            return ref.year if month > ref.month else ref.year + 1
        if word == "this":
            return ref.year
        return None

    def _pmod(self, word: str | None) -> str:
        if not word:
            return ""
        return self.words.lists["position_mods"].get(word.lower().replace("-", " ").strip(), "")

    def _year(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        year = int(m["year"])
        if ctx.rule == "year" and not _plausible_year(ctx.text, m.start(), m.end(), year):
            return None
        return Normalised("DATE", f"{year:04d}", self._pmod(m.groupdict().get("pmod")))

    def _year_period(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        """"the 1988 period": the period under discussion, in that year."""
        return Normalised("DATE", m["year"], "", False, anchor=f"period_of:{m['year']}")

    def _year_end(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        """"year-end": the end of the reference year."""
        if ctx.reference is None:
            return Normalised("DATE", "XXXX", "END", True, False)
        return Normalised("DATE", f"{ctx.reference.year:04d}", "END", True)

    def _spelled_year(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        """"nineteen ninety-six", "two thousand and one"."""
        words = [w for w in re.split(r"[- ]+", m["spelled"].lower()) if w not in ("and", "oh")]
        if words[:2] == ["two", "thousand"]:
            rest = self.words.number(" ".join(words[2:])) if words[2:] else 0
            year = 2000 + int(rest or 0)
        else:
            century = self.words.number(words[0])
            words = words[2:] if words[1] == "hundred" else words[1:]
            tail = sum(self.words.number(w) or 0 for w in words)
            if not century:
                return None
            year = int(century) * 100 + int(tail)
        return Normalised("DATE", f"{year:04d}")

    def _fixed(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        """A rule whose type and value are given in rules.toml."""
        spec = self.fixed[ctx.rule]
        return Normalised(spec[0], spec[1])

    def _decade(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        if g.get("decadeword"):
            value = "19" + str(self.words.lists["decade_words"][g["decadeword"].lower()])
        elif g.get("decade"):
            value = g["decade"][:3]
        else:
            two = int(g["decade2"])
            value = f"{19 if two > 20 else 20}{two // 10}"
        return Normalised("DATE", value, self._pmod(g.get("pmod")))

    def _century(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        if m["ord"].lower() in ("last", "final"):
            return None  # "the last century" is the previous one (relative_unit)
        n = self._ordinal(m["ord"])
        if not n or n > 21:
            return None
        bc = _before_christ(m.groupdict().get("era"))
        return Normalised("DATE", f"{'BC' if bc else ''}{n - 1:02d}",
                          self._pmod(m.groupdict().get("pmod")))

    def _era_year(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        """"44 BC", "AD 79", "410 CE": a year with its era; TIMEX2 writes 44 BC "BC0044"."""
        year = int(m["year"])
        if year < 1:
            return None
        prefix = "BC" if _before_christ(m["era"]) else ""
        return Normalised("DATE", f"{prefix}{year:04d}", self._pmod(m.groupdict().get("pmod")))

    def _ordinal(self, word: str) -> int | None:
        w = word.lower()
        if w[:-2].isdigit():
            return int(w[:-2])
        return self.words.lists["ordinals"].get(w)

    def _season(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        code = self.words.lists["seasons"][g["season"].lower()]
        mod = self._pmod(g.get("pmod"))
        if g.get("year"):
            return Normalised("DATE", f"{g['year']}-{code}", mod)
        if ctx.reference is None:
            return Normalised("DATE", f"XXXX-{code}", mod, True, False)
        ref = ctx.reference
        current = _season_of(ref)
        if g.get("dir"):
            step = self.words.lists["direction"][g["dir"].lower()]
        else:
            step = ctx.direction(m.start(), m.end())
        year = ref.year
        if step == 0:
            year = ref.year - 1 if code == "WI" and ref.month <= 2 else ref.year
        elif step < 0:
            year = ref.year if _season_index(code) < _season_index(current) else ref.year - 1
        else:
            year = ref.year if _season_index(code) > _season_index(current) else ref.year + 1
        return Normalised("DATE", f"{year:04d}-{code}", mod, True)

    def _quarter(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        text = m.group(0).lower()
        n = self._ordinal(g["ord"]) if g.get("ord") else None
        if n is not None and not 1 <= n <= 4:
            return None
        if g.get("year"):
            return Normalised("DATE", f"{g['year']}-Q{n}") if n else None
        if ctx.reference is None:
            return Normalised("DATE", f"XXXX-Q{n}" if n else "XXXX-QX", "", True, False)
        ref = ctx.reference
        if g.get("qydir"):  # "this year's third quarter", "last year's quarter"
            year = ref.year + self.words.lists["direction"][g["qydir"].lower()]
            if n:
                return Normalised("DATE", f"{year:04d}-Q{n}", "", True)
            return Normalised("DATE", f"{year:04d}", "", True, anchor=f"period_of:{year:04d}")
        current = quarter_of(ref)
        if g.get("latestperiod"):  # the quarter under discussion, else the last one
            value = shifted_value(ref, "Q", -1)
            return Normalised("DATE", value, "", True, anchor="last_quarter") if value else None
        if n is None:
            if text == "quarter":
                return None
            shift = -1
            if "this" in text or "current" in text:
                shift = 0
            elif "next" in text:
                shift = 1
            elif "year-earlier" in text or "year-ago" in text:
                shift = -5
            value = shifted_value(ref, "Q", shift)
            return Normalised("DATE", value, "", True) if value else None
        year = ref.year if n <= current else ref.year - 1
        if "year-earlier" in text or "year-ago" in text:
            return Normalised("DATE", f"{year - 1:04d}-Q{n}", "", True, anchor="copy")
        if "next" in text.split():
            year = ref.year if n > current else ref.year + 1
        elif "last" in text.split():
            year = ref.year if n < current else ref.year - 1
        elif n > current and ctx.direction(m.start(), m.end()) > 0:
            year = ref.year
        return Normalised("DATE", f"{year:04d}-Q{n}", "", True)

    def _half(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        half = "H1" if m["half"].lower() == "first" else "H2"  # second, last, latter
        if m.groupdict().get("year"):
            return Normalised("DATE", f"{m['year']}-{half}")
        if ctx.reference is None:
            return Normalised("DATE", f"XXXX-{half}", "", True, False)
        step = self.words.lists["direction"][m["halfdir"].lower()]
        return Normalised("DATE", f"{ctx.reference.year + step:04d}-{half}", "", True)

    def _weekday(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        iso = self.words.weekdays[g["weekday"].lower().rstrip(".")]
        lead = (g.get("dir2") or "").lower().removeprefix("the ")
        mod = {"early": "START", "late": "END"}.get(lead, "")
        if ctx.reference is None:
            return Normalised("DATE", f"XXXX-WXX-{iso}", mod, True, False)
        ref = ctx.reference
        if lead == "next":
            day = ref + timedelta(days=(iso - ref.isoweekday()) % 7 or 7)
        elif lead in ("last", "previous"):
            day = ref - timedelta(days=(ref.isoweekday() - iso) % 7 or 7)
        elif lead == "this":
            day = ref + timedelta(days=iso - ref.isoweekday())
        elif ctx.direction(m.start(), m.end()) > 0:
            day = ref + timedelta(days=(iso - ref.isoweekday()) % 7)
        else:
            day = ref - timedelta(days=(ref.isoweekday() - iso) % 7)
        # "Friday night" is that Friday: news corpora (TimeBank, AQUAINT) mostly give a
        # weekday with a part of the day the day's value, and the part is usually loose
        return Normalised("DATE", day.isoformat(), mod, True)

    def _relative_day(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        word = (g.get("relday") or g.get("thispart") or "").lower()
        part = self.words.lists["day_parts"].get((g.get("part") or "").lower(), "")
        offset = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1,
                  "tomorrow": 1}[word]
        if g.get("before"):
            offset += -1 if g["before"].lower() == "before" else 1
        if word == "tonight":
            part = "NI"
        if word == "last" and part not in ("NI", "EV"):
            return None
        kind = "TIME" if part and (word in ("this", "last", "tonight") or g.get("thispart")) \
            else "DATE"
        if ctx.reference is None:
            return Normalised(kind, "XXXX-XX-XX" + (f"T{part}" if part else ""), "", True, False)
        day = ctx.reference + timedelta(days=offset)
        return Normalised(kind, day.isoformat() + (f"T{part}" if part else ""), "", True)

    def _weekend(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        word = m["wdir"].lower()
        if ctx.reference is None:
            return Normalised("DATE", "XXXX-WXX-WE", "", True, False)
        ref = ctx.reference
        if word in ("next", "coming") or (word in ("the", "this") and
                                           ctx.direction(m.start(), m.end()) > 0):
            day = ref + timedelta(days=(6 - ref.isoweekday()) % 7)
        else:
            day = ref - timedelta(days=(ref.isoweekday() - 6) % 7 or 7) \
                if ref.isoweekday() < 6 else ref
        y, w, _ = day.isocalendar()
        return Normalised("DATE", f"{y:04d}-W{w:02d}-WE", "", True)

    def _relative_unit(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        unit = self.words.unit(g["runit"])
        word = (g.get("rdir") or "").lower()
        step = self.words.lists["direction"].get(word, 0)
        mod = ""
        if g.get("posrel"):
            mod = {"earlier": "START", "early": "START", "later": "END", "late": "END"}[
                g["posrel"].lower()]
        elif g.get("pmod"):
            mod = self._pmod(g["pmod"])
        if word == "past" and unit in ("D", "W", "M", "Y") and not g.get("pmod"):
            return Normalised("DURATION", f"P1{unit}")
        if ctx.reference is None:
            placeholder = {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX",
                           "CE": "XX"}.get(unit, "XXXX")
            return Normalised("DATE", placeholder, mod, True, False)
        value = shifted_value(ctx.reference, unit, step)
        if value is None:
            return None
        anchor = f"after:{unit}{step:+d}" if word in ("following", "previous", "preceding") \
            and unit in ("M", "Y") else ""
        return Normalised("DATE", value, mod, True, anchor=anchor)

    def _year_ago(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        if ctx.reference is None:
            return Normalised("DATE", "XXXX", "", True, False)
        if "quarter" in m.group(0).lower():
            value = shifted_value(ctx.reference, "Q", -5) or ""
        else:
            value = f"{ctx.reference.year - 1:04d}"
        return Normalised("DATE", value, "", True, anchor="year_back")

    def _ago(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        unit = self.words.unit(g["agounit"])
        amount = self._amount(g)
        if unit is None or amount is None:
            return None
        word = g["ago"].lower()
        sign = 1 if word in ("later", "from now", "hence") else -1
        mod = self.words.lists["approx_mods"].get((g.get("amod") or "").lower(), "")
        if word in ("earlier", "before", "later") and not g.get("agoone"):
            if not ctx.ends_clause(m.end()):
                return None
        if amount == "X":
            return Normalised("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "", True)
        if ctx.reference is None:
            return Normalised("DATE", "XXXX", mod, True, False)
        n = int(amount) if float(amount).is_integer() else None
        if n is None:
            return None
        if unit in ("H", "MIN", "S"):
            return Normalised("DATE", ctx.reference.isoformat(), mod, True)
        value = shifted_value(ctx.reference, unit, sign * n)
        if value and unit == "Y" and n == 1 and sign < 0:
            return Normalised("DATE", value, mod, True, anchor="year_back")
        return Normalised("DATE", value, mod, True) if value else None

    def _amount(self, g: dict) -> float | str | None:
        if g.get("vague"):
            return "X"
        if g.get("agoone"):
            return 1
        if g.get("num"):
            return self.words.number(g["num"])
        return 1

    def _duration(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        if g.get("bareunit"):
            unit = self.words.unit(g["bareunit"])
            return Normalised("DURATION", _duration_value("X", unit)) if unit else None
        if g.get("halfunit"):
            unit = self.words.unit(g["halfunit"])
            return Normalised("DURATION", _duration_value(0.5, unit)) if unit else None
        unit = self.words.unit(g["durunit"])
        amount = self._amount(g)
        if unit is None or amount is None:
            return None
        num = (g.get("num") or "").lower()
        if unit == "S" and num in ("a", "an", "one"):
            return None
        if num in ("a", "an") and g["durunit"].lower().endswith("s"):
            return None
        if num in ("a", "an") and _is_rate(ctx.text, m.start()):
            return None  # "$2 million a year", "four flights a week": a rate
        if amount != "X" and amount > 10000:
            return None
        if "and-a-half" in m.group(0).lower().replace(" ", "-") and amount != "X":
            amount = amount + 0.5
        mod = self.words.lists["approx_mods"].get((g.get("amod") or "").lower(), "")
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", num) and unit != "Y":
            return None  # "the 1988 quarter" is a year, not 1988 quarters
        if num and num[0].isdigit() and g["durunit"].lower() in ("second", "seconds") \
                and amount != "X" and amount < 1000 and "," in num:
            return None
        return Normalised("DURATION", _duration_value(amount, unit), mod)

    def _set(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        if m.group(0)[:3].lower() == "per" and _is_rate(ctx.text, m.start()):
            return None  # "15 million instructions per second": a rate
        if g.get("freq"):
            return Normalised("SET", self.words.lists["frequencies"][g["freq"].lower()])
        if g.get("pluralday"):
            iso = self.words.weekdays[g["pluralday"][:-1].lower()]
            return Normalised("SET", f"XXXX-WXX-{iso}")
        if g.get("weekday"):
            iso = self.words.weekdays[g["weekday"].lower().rstrip(".")]
            return Normalised("SET", f"XXXX-WXX-{iso}")
        if g.get("season"):
            return Normalised("SET", "XXXX-" + self.words.lists["seasons"][g["season"].lower()])
        unit = self.words.unit(g["everyunit"])
        if unit is None:
            return None
        n: float | str = 1
        if g.get("everynum"):
            n = 2 if g["everynum"].lower() == "other" else self.words.number(g["everynum"]) or 1
        return Normalised("SET", _duration_value(n, unit))

    def _reference(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        if g.get("curadj"):
            word = g["curadj"].lower()
            value = {"current": "PRESENT_REF", "recent": "PAST_REF", "former": "PAST_REF"}[word]
            return Normalised("DATE", value, "", True)
        word = re.sub(r"[ -]+", " ", g["ref"].lower())
        value = self.words.lists["references"].get(word)
        if value is None:
            return None
        return Normalised("DATE", value, "", True)

    def _clock_time(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        g = m.groupdict()
        if g.get("noon"):
            hour, minute = (0, 0) if g["noon"].lower() == "midnight" else (12, 0)
        else:
            hour, minute = int(g["hour"]), int(g["minute"] or 0)
            ampm = g["ampm"].lower().replace(".", "")
            if hour > 12 or hour == 0:
                return None
            if ampm == "pm" and hour != 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
        if g.get("month"):  # "5 p.m. EST, Nov. 9"
            found = self._calendar_date(m, ctx)
            if found is None:
                return None
            return replace(found, type="TIME", value=f"{found.value}T{hour:02d}:{minute:02d}")
        if ctx.reference is None:
            return Normalised("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}", "", True, False)
        day = ctx.reference
        weekday = g.get("weekday") or g.get("weekday2")
        if weekday:
            iso = self.words.weekdays[weekday.lower().rstrip(".")]
            if ctx.direction(m.start(), m.end()) > 0:
                day = day + timedelta(days=(iso - day.isoweekday()) % 7)
            else:
                day = day - timedelta(days=(day.isoweekday() - iso) % 7)
        return Normalised("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", "", True)

    def _holiday(self, m: re.Match[str], ctx: _Context) -> Normalised | None:
        name = re.sub(r"[ -]+", " ", m["holiday"].lower())
        name = next((k for k in self.words.holidays if re.sub(r"[ -]+", " ", k) == name), name)
        rule = self.words.holidays.get(name)
        if rule is None:
            return None
        if re.fullmatch(r"\d{4}-\d\d-\d\d", rule):
            return Normalised("DATE", rule)
        year = int(m["year"]) if m.groupdict().get("year") else None
        relative = year is None
        if year is None:
            if ctx.reference is None:
                return Normalised("DATE", "XXXX-" + rule if rule[0].isdigit() else "XXXX-XX-XX",
                                  "", True, False)
            year = ctx.reference.year
        if rule[0].isdigit():
            day = date(year, int(rule[:2]), int(rule[3:]))
        else:
            found = computed_holiday(rule, year)
            if found is None:
                return None
            day = found
        if relative and ctx.reference is not None:
            word = (m.groupdict().get("hdir") or "").lower()
            if word == "this":
                step = 0
            elif word:
                step = -1 if word in ("last", "this past") else 1
            else:
                step = ctx.direction(m.start(), m.end())
            if step < 0 and day > ctx.reference:
                day = _same_holiday(rule, day.year - 1) or day
            elif step > 0 and day < ctx.reference:
                day = _same_holiday(rule, day.year + 1) or day
        return Normalised("DATE", day.isoformat(), "", relative)


class _Context:
    """The text being tagged and its reference date, with tense look-ups."""

    def __init__(self, text: str, reference: date | None, cues: TenseCues,
                 story_granularity: str = ""):
        self.text = text
        self.reference = reference
        self.cues = cues
        self.rule = ""
        #: Set when the reference is the story's time, with that time's granularity.
        self.story_granularity = story_granularity

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        lo = max(0, start - 300)
        last = None
        for last in _SENTENCE_END.finditer(self.text, lo, start):
            pass
        s = last.end() if last else lo
        nxt = _SENTENCE_END.search(self.text, end, min(len(self.text), end + 300))
        e = nxt.start() + 1 if nxt else min(len(self.text), end + 300)
        return s, e

    def sentence_mentions(self, offset: int, word: str) -> bool:
        s, e = self.sentence_bounds(offset, offset)
        return word in self.text[s:e].lower()

    def ends_clause(self, end: int) -> bool:
        """True where "N years earlier/later" is a date, not "two years before the vote"."""
        rest = self.text[end:end + 3]
        return not re.match(r"\s*[a-z]", rest) or bool(re.match(r"\s*(?:in|on|at|and|,)\b",
                                                                 self.text[end:end + 6]))

    def direction(self, start: int, end: int) -> int:
        """+1 when the clause speaks of the future, -1 when of the past (the default)."""
        return 1 if self.tense(start, end) > 0 else -1

    def tense(self, start: int, end: int) -> int:
        """+1 when the clause speaks of the future, -1 when of the past, 0 when unclear.

        The nearest tense cue of the sentence decides (words.toml [tense]): an auxiliary
        or modal ("will", "would", "is to"), a past form ("was", "said", "-ed" verbs but
        not "-ed" adjectives or passives after "is"), "has/have" with a participle. A
        cue after the expression counts at twice its distance (the verb an expression
        belongs to mostly comes before it), and one after the next comma ("..., she
        said") only when there is no other ("On Tuesday, the league plans to ...").
        "by"/"until" right before the expression name a deadline, which is ahead unless
        the clause is in the past perfect.
        """
        s, e = self.sentence_bounds(start, end)
        text = self.text
        if _DEADLINE.search(text, max(s, start - 7), start) and not _PAST_PERFECT.search(
                text, s, e):
            return 1
        best: tuple[int, int] | None = None  # (distance, -cue)
        beyond: tuple[int, int] | None = None  # the same, after the next comma
        comma = text.find(",", end, e)
        for pos, cue in self.cues.find(text, s, e):
            if start <= pos < end:
                continue
            d = start - pos if pos < start else 2 * (pos - end)
            if comma >= 0 and pos > comma:
                if beyond is None or (d, -cue) < beyond:
                    beyond = (d, -cue)
            elif best is None or (d, -cue) < best:
                best = (d, -cue)
        best = best or beyond
        return 0 if best is None else -best[1]

    def year_for(self, month: int, day: int | None, start: int, end: int) -> int:
        """Year of a month (and day) named without one.

        News speaks mostly of the recent past and the near future: the month is put in
        a window around the reference date that leans to the past, and further to the
        future when the clause speaks of the future. The reference month itself is
        always the current year's.
        """
        ref = self.reference
        assert ref is not None
        if self.story_granularity:
            return self._story_year(month, start)
        future = self.direction(start, end) > 0
        lo, hi = (-2, 9) if future else (-9, 2)
        best = ref.year
        for year in (ref.year - 1, ref.year, ref.year + 1):
            offset = (year - ref.year) * 12 + month - ref.month
            if offset == 0 and day is not None and not future and day > ref.day + 7:
                continue
            if lo <= offset <= hi:
                best = year
                break
        return best


    def _story_year(self, month: int, start: int) -> int:
        """A month told after a date of the story: in that year when the story gave only a
        year; else the next time that month comes round, or the last time it came when
        the clause looks back (past perfect)."""
        ref = self.reference
        assert ref is not None
        if self.story_granularity in ("year", "decade", "century") or month == ref.month:
            return ref.year
        s, _ = self.sentence_bounds(start, start)
        back = bool(_PAST_PERFECT.search(self.text, s, start))
        if back:
            return ref.year if month < ref.month else ref.year - 1
        return ref.year if month > ref.month else ref.year + 1


def _before_christ(era: str | None) -> bool:
    return bool(era) and era.upper().startswith("B")


#: "as of February", "since May": in news these count from the day of writing.
_NOW_RELATIVE = re.compile(r"\b(?:as of|since|until|till|by)\s+$", re.IGNORECASE)


def _finer(granularity: str, than: str) -> bool:
    order = GRANULARITIES
    return granularity in order and than in order and order.index(granularity) < order.index(than)


def _news_period(reference: date | None) -> Interval | None:
    """The stretch of time news of the day speaks of: the month before publication."""
    if reference is None:
        return None
    day = Day.from_date(reference)
    return Interval(day - 31, day + 7, "day")


_DATE_VALUE = (r"(?:PRESENT_REF|PAST_REF|FUTURE_REF|(?:BC)?[\dX]{2,3}|(?:BC)?[\dX]{4}(?:-(?:[\dX]{2}"
               r"(?:-[\dX]{2})?|W[\dX]{2}(?:-(?:[1-7]|WE))?|Q[1-4X]|H[12]|SP|SU|FA|WI))?)"
               r"(?:T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|MI|DT))?")
_AMOUNT = r"(?:X|\d+(?:\.\d+)?)"
_DURATION_VALUE = (rf"P(?:(?:{_AMOUNT}(?:Y|M|W|D|Q))+(?:T(?:{_AMOUNT}[HMS])+)?"
                   rf"|T(?:{_AMOUNT}[HMS])+)")
_VALID_VALUE = re.compile(f"{_DATE_VALUE}|{_DURATION_VALUE}")  # well-formed TIMEX3 values

_BACK, _AHEAD = 50, 60  # how far a match may reach before and after its trigger word


_CENTURIES = {"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}


def _windows(starts: list[int], size: int) -> list[tuple[int, int]]:
    """Stretches of text around trigger words (given by their starts), merged where they
    touch."""
    spans: list[tuple[int, int]] = []
    for start in starts:
        a, b = max(0, start - _BACK), min(size, start + _AHEAD)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _matches_in(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]]
                ) -> Iterable[re.Match[str]]:
    """The matches of ``regex`` that start inside the spans, as on the whole text."""
    for a, b in spans:
        for m in regex.finditer(text, a, b):
            if b < len(text) and m.end() + 30 > b:  # may be cut short by the window's end
                m = regex.match(text, m.start())
                if m is None:  # matched only because the window ended mid-word
                    continue
            yield m


_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4X])")


def _resolve_anaphora(taken: list[tuple[int, int, Normalised]], reference: date | None
                      ) -> list[tuple[int, int, Normalised]]:
    """Values that depend on the period last spoken of rather than on the reference date.

    "A year earlier" after talk of a quarter is that quarter a year before, and "the
    1988 period" is that quarter of 1988 (TimeML gives a comparison the granularity of
    the period it compares with); "the following month" is the month after the last
    month named.
    """
    last_quarter: tuple[int, str] | None = None
    last_month: str | None = None
    last_year: str | None = None
    out = []
    for start, end, original in taken:
        result = original
        kind, _, arg = result.anchor.partition(":")
        if kind == "year_back" and last_quarter is not None and start - last_quarter[0] < 2000:
            year, q = last_quarter[1][:4], last_quarter[1][6]
            result = replace(result, value=f"{int(year) - 1:04d}-Q{q}")
        elif kind == "last_quarter" and last_quarter is not None and \
                start - last_quarter[0] < 2000:
            result = replace(result, value=last_quarter[1])
        elif kind == "period_of" and last_quarter is not None and start - last_quarter[0] < 2000:
            result = replace(result, value=f"{arg}-Q{last_quarter[1][6]}")
        elif kind == "after" and arg[0] == "M" and last_month is not None:
            try:
                d = add_months(date(int(last_month[:4]), int(last_month[5:7]), 1), int(arg[1:]))
                result = replace(result, value=f"{d.year:04d}-{d.month:02d}")
            except ValueError:  # beyond year 1..9999
                pass
        elif kind == "after" and arg[0] == "Y" and last_year is not None:
            result = replace(result, value=f"{int(last_year) + int(arg[1:]):04d}")
        elif not kind and result.type == "DATE":
            quarter = _QUARTER_VALUE.fullmatch(result.value)
            if quarter and (reference is None or quarter[2] == "X" or 0 <= (
                    reference.year * 4 + quarter_of(reference)
                    - int(quarter[1]) * 4 - int(quarter[2])) < 4):
                last_quarter = (end, result.value)  # the latest results, not a forecast
            if re.match(r"\d{4}-\d\d(?:-\d\d)?$", result.value):
                last_month = result.value[:7]
            if re.match(r"\d{4}(?:$|-)", result.value):
                last_year = result.value[:4]
        if not _VALID_VALUE.fullmatch(result.value):
            result = original
        out.append((start, end, result))
    return out


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _season_index(code: str) -> int:
    return {"WI": 0, "SP": 1, "SU": 2, "FA": 3}[code]


def _season_of(d: date) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU",
            8: "SU"}.get(d.month, "FA")


def _same_holiday(rule: str, year: int) -> date | None:
    if rule[0].isdigit():
        return date(year, int(rule[:2]), int(rule[3:]))
    return computed_holiday(rule, year)


def _duration_value(amount: float | str, unit: str) -> str:
    if unit in ("DE", "CE"):  # TimeBank writes decades and centuries in years
        size = 10 if unit == "DE" else 100
        unit, amount = "Y", amount if amount == "X" else float(amount) * size
    if amount == "X":
        n = "X"
    elif float(amount).is_integer():
        n = str(int(amount))
    else:
        # "two and a half years" is P2Y6M: the fraction in the next smaller unit
        whole, fraction = divmod(float(amount), 1)
        smaller = {"Y": ("M", 12), "D": ("TH", 24), "H": ("M", 60), "MIN": ("S", 60)}.get(unit)
        if smaller and (fraction * smaller[1]).is_integer():
            part = f"{int(fraction * smaller[1])}{smaller[0][-1]}"
            time = unit in ("H", "MIN") or smaller[0] == "TH"
            big = f"{int(whole)}{'M' if unit == 'MIN' else unit}" if whole else ""
            if unit in ("H", "MIN"):
                return f"PT{big}{part}"
            return f"P{big}T{part}" if time else f"P{big}{part}"
        n = f"{amount:g}"
    if unit == "2W":
        return "P2W" if n == "1" else f"P{n}W"
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


_COUNT_NOUN = re.compile(r"\s+(?!(?:and|or|to|through|until|in|on|at|was|were|is|are|as|"
                         r"had|has|when|while|after|before|for|with|from|by|of|the|a|"
                         r"elections?|levels?|season|figures?|census|budget|"
                         r"games|olympics|deadline|report|war|crisis)\b)[a-z]+s\b")


def _plausible_year(text: str, start: int, end: int, year: int) -> bool:
    """A bare four-digit number is a year unless the words around it say it is a count."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 20]
    if re.search(r"(?:\bNo\.|\bnumber|#|\bpage|\bp\.|\bRoute|\bflight|\bversion|[Rr]oom)\s*$",
                 before):
        return False
    if re.search(r"(?<![\w.])(?!(?:AD|CE|BC)\b)[A-Z]{2,}[- ]?$|\b[A-Za-z]+\d+[A-Za-z]*[- ]$", before):
        return False  # a model number: "RTX 3080", "a GTX-1080 card", "the S10 5000"
    if re.match(r"\s*(?:%|percent|per cent|km|kilomet|miles|meters|metres|feet|tons|"
                r"tonnes|barrels|dollars|euros|pounds|yuan|yen|points|votes|hours|acres|"
                r"pixels|px|mm|cm|kg|mph|rpm|MHz|GHz|kW|MW|watts|calories|degrees)",
                after, re.IGNORECASE):
        return False
    if _COUNT_NOUN.match(after) and not re.search(r"(?:\b(?:the|in|since|of|by|until|from|"
                                                   r"to|and|for|its|their|his|her)|'s)\s*$",
                                                   before, re.IGNORECASE):
        return False
    return 1600 <= year <= 2100 or bool(re.search(r"\b(?:in|since|of|by|until|around)\s*$",
                                                  before, re.IGNORECASE))


_RATE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:million|billion|trillion|thousand|percent|cents|dollars|times)|"
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|dozens?|"
    r"hundreds?|thousands?|several|many|few)(?: (?:million|billion|thousand|hundred))? [a-z]+s)"
    r"\s+$", re.IGNORECASE)


def _is_rate(text: str, start: int) -> bool:
    """True where "a year"/"per day" follows an amount: "$2 million a year", "24 hours a
    day", "700 seats a week" (a rate, not a time expression)."""
    return bool(_RATE_BEFORE.search(text, max(0, start - 40), start))


def _looks_modal(text: str, end: int) -> bool:
    """"May" followed by a verb is the modal ("May I ask"), not the month."""
    return bool(re.match(r"\s+(?:I|we|you|he|she|it|they|be|have|not|also)\b", text[end:end + 8]))


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    return Tagger()


def tag(text: str, reference: date | None,
        skip: Sequence[tuple[int, int]] = ()) -> list[TimeExpression]:
    """Time expressions of ``text`` with values resolved against ``reference``."""
    return default_tagger().tag(text, reference, skip)
