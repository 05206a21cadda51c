"""Colours and styles shared by the timeline, the legends and the source panes.

Source colours come from model.palette (the exported image uses the same). Date certainty
in the text panes is an underline style on a neutral tint, never a colour of its own, so
that it cannot be mistaken for a source.
"""
from __future__ import annotations

from model import palette

from .qt import QColor, QTextCharFormat

SOURCE_COLOURS = list(palette.SOURCE_COLOURS)
FLAG = palette.FLAG
REJECTED = palette.REJECTED
EVENT_SENTENCE = palette.EVENT_SENTENCE
CONTEXT = palette.CONTEXT
#: Ink and tint of time expressions in the text panes (one for every certainty).
DATE_INK = "#3b4656"
DATE_TINT = "#8a96a8"
#: Ink and tint of the chosen entities' names in the text panes.
ENTITY_INK = "#0b3d91"
ENTITY_TINT = "#5b8fd6"

#: Time-expression certainty: (key, legend text, underline style).
CERTAINTY = [
    ("day", "day", QTextCharFormat.SingleUnderline),
    ("coarse", "month/year", QTextCharFormat.DashUnderline),
    ("relative", "relative", QTextCharFormat.DotLine),
    ("unresolved", "unresolved", QTextCharFormat.WaveUnderline),
]


def source_colour(index: int) -> QColor:
    return QColor(palette.source_colour(index))


def source_shape(index: int) -> str:
    return palette.source_shape(index)


def translucent(name: str, alpha: int) -> QColor:
    colour = QColor(name)
    colour.setAlpha(alpha)
    return colour


def certainty_of(value: str, relative: bool, resolved: bool) -> str:
    """Which certainty class a time expression belongs to (see CERTAINTY)."""
    if not resolved:
        return "unresolved"
    if relative:
        return "relative"
    body = value.lstrip("-")
    if len(body) >= 10 and body[:4].isdigit() and body[8:10].isdigit():
        return "day"
    return "coarse"


def certainty_style(key: str):
    return next(s for k, _, s in CERTAINTY if k == key)


#: Categories offered when the researcher classifies an event, with their colours.
CATEGORIES = [("Military", "#b5443b"), ("Political", "#2f6fa8"), ("Diplomatic", "#7d58a6"),
              ("Humanitarian", "#2e8b57"), ("Economic", "#c08a12"), ("Background", "#7a7a7a")]


def category_colour(category: str) -> QColor | None:
    """The colour of a category (a stable one for names typed by the researcher)."""
    if not category:
        return None
    for name, colour in CATEGORIES:
        if name.lower() == category.lower():
            return QColor(colour)
    code = sum(ord(c) * (i + 1) for i, c in enumerate(category.lower()))
    return QColor(SOURCE_COLOURS[code % len(SOURCE_COLOURS)])
