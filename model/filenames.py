"""File names as text every output can hold, and as text that is safe to print.

A file name on Linux is bytes. Python hands bytes that are not UTF-8 over as lone
surrogates, which UTF-8 files, JSON, SQLite and a strict terminal all refuse: one such
name used to stop an export or a save. ``path_text`` turns a name into valid Unicode once,
where files are found, so every later stage holds ordinary text. ``shown`` is for the
terminal and message boxes: a name may hold newlines, ANSI escapes or bidi overrides that
would forge or hide output, so those are printed as escapes.
"""
from __future__ import annotations

import os
import unicodedata

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Control, format (bidi overrides, zero-width), surrogate, private-use, unassigned, and
#: line/paragraph separators: characters that act on a terminal instead of showing.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def path_text(path: str | bytes | os.PathLike) -> str:
    """``path`` as valid Unicode: bytes that are not UTF-8 become ``\\xNN`` (as Python
    shows them); a name that is valid UTF-8 is returned unchanged."""
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "backslashreplace")
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        pass
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return raw.encode("utf-8", "backslashreplace").decode("utf-8")


def shown(text: str) -> str:
    """``text`` with every character that would act on a terminal instead of being seen
    (newlines, escapes, bidi overrides, zero-width marks) written as an escape."""
    text = path_text(text)
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch
                   for ch in text)


def _escape(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
