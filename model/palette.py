"""One colour (and beyond 20 sources, one shape) per source outlet, for the window and the
exported image alike, so that a source has the same colour on screen and on paper.

The 20 colours are at least 29 CIELAB units apart (Tableau's calm colours first, then ones
chosen to be far from every other and from the flag red, the rejected grey and the event-
sentence yellow). Date certainty is never drawn with these: the text panes show it with
underline styles, so a source's colour cannot be read as a certainty.
"""
from __future__ import annotations

from collections.abc import Iterable

SOURCE_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7",
                  "#9c755f", "#663399", "#9999ff", "#991166", "#555500", "#ff77cc", "#006644",
                  "#00bbff", "#00ccaa", "#aaaa66", "#eeaa77", "#1155aa", "#995500")
#: Mark shapes for the 21st source on: colour and shape together stay distinct.
SHAPES = ("circle", "square", "diamond", "triangle")
#: matplotlib marker of each shape.
MPL_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^"}

FLAG = "#d0413e"
REJECTED = "#9a9a9a"
EVENT_SENTENCE = "#f2c744"
#: Events dated only by their story or by the article's date ("dated by context").
CONTEXT = "#6b6b6b"


def source_colour(index: int) -> str:
    return SOURCE_COLOURS[index % len(SOURCE_COLOURS)]


def source_shape(index: int) -> str:
    return SHAPES[(index // len(SOURCE_COLOURS)) % len(SHAPES)]


def outlet_indices(outlets: Iterable[str]) -> dict[str, int]:
    """Each outlet's colour index, in order of first appearance (the articles' order)."""
    index: dict[str, int] = {}
    for outlet in outlets:
        index.setdefault(outlet, len(index))
    return index


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    return {name: source_colour(i) for name, i in outlet_indices(outlets).items()}


def hex_to_lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB hex colour, to measure how far apart two colours look."""
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])
