"""Checks on every record read from a project file, before anything uses it.

A project file is data from disk: damaged, hand-edited or made to harm. A field of the
wrong type or an offset past the end of its text would otherwise surface later as a
traceback in the window or an export ("Opening project failed: KeyError"). Each record
is checked against the type its dataclass declares, then for the facts the code relies
on (spans inside their text, known kinds, dates in order, mentions of known articles).
"""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any

from . import types as model_types
from .edits import KINDS, Anchor, Decision
from .types import (Article, ArticleAnalysis, Event, EventMention, Interval, LoadProblem,
                    TimeExpression)

STATUSES = ("proposed", "accepted", "rejected")


class Malformed(Exception):
    """One record is not what the code expects; the message says which and why."""


Check = Callable[[Any], str]


def _checker(hint) -> Check:
    """A function giving '' for a value of type ``hint``, else what is wrong."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_checker(a) for a in args]
        return lambda v: "" if any(not check(v) for check in options) else \
            f"{type(v).__name__} is not {_name(hint)}"
    if origin in (list, frozenset, set) or (origin is tuple and args[-1:] == (Ellipsis,)):
        container, item = origin, _checker(args[0])
        return lambda v: _items(v, container, item)
    if origin is tuple:
        parts = [_checker(a) for a in args]
        return lambda v: _fixed_tuple(v, parts)
    if dataclasses.is_dataclass(hint):
        return lambda v: record_problem(v, hint)
    if hint is int:
        return lambda v: "" if type(v) is int else f"{type(v).__name__} is not a whole number"
    if hint is float:
        return lambda v: "" if type(v) in (int, float) else f"{type(v).__name__} is not a number"
    return lambda v: "" if isinstance(v, hint) else f"{type(v).__name__} is not {_name(hint)}"


def _name(hint) -> str:
    return getattr(hint, "__name__", None) or str(hint)


def _items(value, container, item: Check) -> str:
    if not isinstance(value, container):
        return f"{type(value).__name__} is not a {container.__name__}"
    for i, v in enumerate(value):
        problem = item(v)
        if problem:
            return f"item {i}: {problem}"
    return ""


def _fixed_tuple(value, parts: list[Check]) -> str:
    if not isinstance(value, tuple) or len(value) != len(parts):
        return f"not a group of {len(parts)}"
    for i, (v, check) in enumerate(zip(value, parts)):
        problem = check(v)
        if problem:
            return f"item {i}: {problem}"
    return ""


_FIELDS: dict[type, list[tuple[str, Check]]] = {}


def _fields(cls: type) -> list[tuple[str, Check]]:
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls, vars(model_types) | {"date": date})
        _FIELDS[cls] = []  # a placeholder while nested records compile
        _FIELDS[cls] = [(f.name, _checker(hints[f.name])) for f in dataclasses.fields(cls)]
    return _FIELDS[cls]


def record_problem(value, cls: type) -> str:
    """'' if ``value`` is a ``cls`` whose fields all have their declared types."""
    if type(value) is cls and _typed(cls)(value):
        return ""
    if not isinstance(value, cls):
        return f"{type(value).__name__} is not {cls.__name__}"
    for name, check in _fields(cls):
        problem = check(getattr(value, name))
        if problem:
            return f"{name}: {problem}"
    return ""


#: Per record class, one compiled test that its fields have exactly their declared types:
#: an archive's file holds millions of fields, and the checks above cost a Python call
#: per field. A record that fails it is checked again above, which names the problem.
_TYPED: dict[type, Callable[[Any], bool]] = {}


def _typed(cls: type) -> Callable[[Any], bool]:
    if cls not in _TYPED:
        hints = typing.get_type_hints(cls, vars(model_types) | {"date": date})
        names: dict[str, Any] = {"_typed": _typed}
        tests = [_exact(hints[f.name], f"v.{f.name}", 0, names)
                 for f in dataclasses.fields(cls)]
        source = "def test(v):\n    return " + (" and ".join(tests) or "True")
        exec(compile(source, f"<field types of {cls.__name__}>", "exec"), names)
        _TYPED[cls] = names["test"]
    return _TYPED[cls]


def _exact(hint, value: str, depth: int, names: dict[str, Any]) -> str:
    """A Python expression true only when ``value`` has type ``hint`` (exactly: a
    subclass, or a hint it does not know, is left to the checks above)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return "(" + " or ".join(_exact(a, value, depth, names) for a in args) + ")"
    if origin in (list, frozenset, set) or (origin is tuple and args[-1:] == (Ellipsis,)):
        item = f"_{depth}"
        return (f"(type({value}) is {origin.__name__} and all("
                f"{_exact(args[0], item, depth + 1, names)} for {item} in {value}))")
    if origin is tuple:
        parts = [_exact(a, f"{value}[{i}]", depth, names) for i, a in enumerate(args)]
        return f"(type({value}) is tuple and len({value}) == {len(args)} and " + \
            " and ".join(parts or ["True"]) + ")"
    if origin is not None:
        return "False"
    if hint is type(None):
        return f"{value} is None"
    if hint is float:
        return f"type({value}) in (int, float)"
    name = f"_t{len(names)}"
    names[name] = hint
    if dataclasses.is_dataclass(hint):
        return f"(type({value}) is {name} and _typed({name})({value}))"
    return f"type({value}) is {name}"


def _span(start: int, end: int, length: int, what: str) -> str:
    if not 0 <= start <= end <= length:
        return f"{what} {start}–{end} lies outside its text ({length} characters)"
    return ""


def _interval(interval: Interval) -> str:
    if interval.end < interval.start:
        return "the interval ends before it starts"
    return ""


def _expression(t: TimeExpression, length: int) -> str:
    return _span(t.start, t.end, length, "time expression")


def _mention(m: EventMention, lengths: dict[str, int], article_id: str | None) -> str:
    if m.article_id not in lengths:
        return f"mention {m.id!r} names an article not in the project ({m.article_id!r})"
    if article_id is not None and m.article_id != article_id:
        return f"mention {m.id!r} belongs to another article ({m.article_id!r})"
    length = lengths[m.article_id]
    return (_span(m.sentence.start, m.sentence.end, length, "sentence")
            or _span(m.clause_start, m.clause_end, length, "clause")
            or _expression(m.timex, length) or _interval(m.interval))


def article_problem(a: Article) -> str:
    problem = record_problem(a, Article)
    if problem:
        return problem
    for start, end in a.boilerplate:
        problem = _span(start, end, len(a.text), "boilerplate span")
        if problem:
            return problem
    return ""


def analysis_problem(analysis: ArticleAnalysis, article_id: str,
                     lengths: dict[str, int]) -> str:
    problem = record_problem(analysis, ArticleAnalysis)
    if problem:
        return problem
    for t in analysis.expressions:
        problem = _expression(t, lengths[article_id])
        if problem:
            return problem
    for m in analysis.mentions + analysis.references:
        problem = _mention(m, lengths, article_id)
        if problem:
            return problem
    return ""


def event_problem(e: Event, lengths: dict[str, int]) -> str:
    problem = record_problem(e, Event) or _interval(e.interval)
    if problem:
        return problem
    if e.status not in STATUSES:
        return f"unknown status {e.status!r}"
    for m in e.mentions:
        problem = _mention(m, lengths, None)
        if problem:
            return problem
    return ""


def problem_problem(p: LoadProblem) -> str:
    return record_problem(p, LoadProblem)


# -- decisions ----------------------------------------------------------------------------

def _text(payload: dict, key: str, required: bool = True) -> str:
    if key not in payload:
        return f"payload has no {key!r}" if required else ""
    return "" if isinstance(payload[key], str) else f"{key!r} is not text"


def _day(payload: dict, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str):
        return f"payload has no date {key!r}"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{key!r} is not a date: {value[:40]!r}"
    return ""


def _dates(payload: dict) -> str:
    problem = _day(payload, "start") or _day(payload, "end")
    if problem:
        return problem
    if date.fromisoformat(payload["end"]) < date.fromisoformat(payload["start"]):
        return "the end date is before the start date"
    if not isinstance(payload.get("granularity", "day"), str):
        return "'granularity' is not text"
    if not isinstance(payload.get("approximate", False), bool):
        return "'approximate' is not true or false"
    return ""


def _publication(payload: dict) -> str:
    if payload.get("published") in (None, ""):
        return ""
    return _day(payload, "published")


#: What each kind of decision needs in its payload.
_PAYLOAD: dict[str, Callable[[dict], str]] = {
    "accept": lambda p: "", "reject": lambda p: "", "merge": lambda p: "",
    "split": lambda p: "",
    "rename": lambda p: _text(p, "label"),
    "category": lambda p: _text(p, "category"),
    "note": lambda p: _text(p, "note"),
    "redate": _dates,
    "add": lambda p: (_text(p, "label") or _dates(p) or _text(p, "category", False)
                      or _text(p, "note", False)),
    "publication": _publication,
}


def anchors_from(value) -> tuple[Anchor, ...]:
    """Anchors from their stored form, [[content hash, start, end], ...]."""
    if not isinstance(value, list):
        raise Malformed("anchors are not a list")
    anchors = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and type(item[1]) is int and type(item[2]) is int
                and 0 <= item[1] <= item[2]):
            raise Malformed(f"not an anchor: {str(item)[:60]}")
        anchors.append(Anchor(*item))
    return tuple(anchors)


def decision_from(kind, target, other, payload, created) -> Decision:
    """A Decision from its stored columns (anchors and payload already parsed from
    JSON), or Malformed saying what is wrong with it."""
    if kind not in KINDS:
        raise Malformed(f"unknown kind {str(kind)[:40]!r}")
    if not isinstance(payload, dict):
        raise Malformed(f"{kind}: the payload is not a set of values")
    if not isinstance(created, str):
        raise Malformed(f"{kind}: its time is not text")
    decision = Decision(kind, anchors_from(target), anchors_from(other), payload, created)
    problem = _PAYLOAD[kind](payload)
    if not problem and kind in ("merge",) and not decision.other:
        problem = "no event to merge with"
    if not problem and kind == "publication" and not decision.target:
        problem = "no article named"
    if problem:
        raise Malformed(f"{kind}: {problem}")
    return decision
