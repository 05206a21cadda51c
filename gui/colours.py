"""Colours shared by the timeline, the legend and the source panes.

Highlight colours are translucent so that they read on light and dark palettes alike.
"""
from __future__ import annotations

from .qt import QColor

#: Source colours (Tableau 10), distinguishable and calm.
SOURCE_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
                  "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"]

#: Time-expression certainty: (key, legend text, colour).
CERTAINTY = [
    ("day", "exact day", "#2e9d4f"),
    ("coarse", "month or year", "#3a78c3"),
    ("relative", "resolved from relative", "#e08a1e"),
    ("unresolved", "unresolved", "#d0413e"),
]
EVENT_SENTENCE = "#f2c744"
FLAG = "#d0413e"


def source_colour(index: int) -> QColor:
    return QColor(SOURCE_COLOURS[index % len(SOURCE_COLOURS)])


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
    if len(value) >= 10 and value[:4].isdigit() and value[8:10].isdigit():
        return "day"
    return "coarse"


def certainty_colour(key: str) -> str:
    return next(c for k, _, c in CERTAINTY if k == key)


#: Categories offered when the researcher classifies an event, with their colours.
CATEGORIES = [("Military", "#b5443b"), ("Political", "#2f6fa8"), ("Diplomatic", "#7d58a6"),
              ("Humanitarian", "#2e8b57"), ("Economic", "#c08a12"), ("Background", "#7a7a7a")]
REJECTED = "#9a9a9a"


def category_colour(category: str) -> QColor | None:
    """The colour of a category (a stable one for names typed by the researcher)."""
    if not category:
        return None
    for name, colour in CATEGORIES:
        if name.lower() == category.lower():
            return QColor(colour)
    code = sum(ord(c) * (i + 1) for i, c in enumerate(category.lower()))
    return QColor(SOURCE_COLOURS[code % len(SOURCE_COLOURS)])
