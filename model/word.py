"""The text of a Word (.docx) file: body paragraphs, tables, footnotes and endnotes.

A .docx is a zip of XML parts. The parts are streamed out of the zip and parsed as they
come, under limits on how much they may unpack to, so a small file that unpacks to
gigabytes (a zip bomb) is refused after reading at most the limit, in little memory.
Only the parts holding the article's text are read; images and other parts never are.
"""
from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import XMLPullParser

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_CHUNK = 1 << 16
#: The parts holding text, in reading order; notes follow the body.
BODY, FOOTNOTES, ENDNOTES = "word/document.xml", "word/footnotes.xml", "word/endnotes.xml"
CORE_PROPERTIES = "docProps/core.xml"
#: Footnotes and endnotes of these types are separator lines, not text.
_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_RUN_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
                   W + "noBreakHyphen": "-"}


class WordError(Exception):
    """The file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class UnpackLimits:
    """How much a .docx may unpack to. Real documents stay far below: a 1,000-page
    report's document.xml is a few tens of megabytes."""

    part_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 128 * 1024 * 1024
    text_chars: int = 10_000_000
    entries: int = 10_000


@dataclass(frozen=True)
class WordText:
    text: str
    title: str


def read_docx(data: bytes, limits: UnpackLimits = UnpackLimits()) -> WordText:
    """Paragraphs (a table row as one line, its cells separated by tabs), then the
    footnotes and endnotes, separated by blank lines."""
    if _entry_count(data) > limits.entries:
        raise WordError(f"refused: the file holds more than {limits.entries:,} parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise WordError("not a readable Word document") from None
    budget = _Budget(limits)
    with archive:
        names = set(archive.namelist())
        if BODY not in names:
            raise WordError("not a readable Word document")
        paragraphs: list[str] = []
        for part in (BODY, FOOTNOTES, ENDNOTES):
            if part in names:
                paragraphs += _Paragraphs(budget, notes=part != BODY).read(archive, part)
        title = _title(archive, budget) if CORE_PROPERTIES in names else ""
    return WordText("\n\n".join(p for p in (p.strip() for p in paragraphs) if p), title)


def _entry_count(data: bytes) -> int:
    """The number of parts the zip's end record declares, read before the zip is opened
    (a directory of millions of entries would take gigabytes to list)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return 0
    total = struct.unpack_from("<H", data, end + 10)[0]
    return 1 << 30 if total == 0xFFFF else total


class _Budget:
    """Bytes unpacked so far, against the per-part and total limits."""

    def __init__(self, limits: UnpackLimits):
        self.limits = limits
        self.total = 0
        self.text = 0

    def check_declared(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > self.limits.part_bytes:
            raise WordError(_too_big(info.filename, self.limits.part_bytes))

    def unpacked(self, part: str, part_bytes: int, more: int) -> None:
        self.total += more
        if part_bytes > self.limits.part_bytes:
            raise WordError(_too_big(part, self.limits.part_bytes))
        if self.total > self.limits.total_bytes:
            raise WordError(f"refused: its parts unpack to more than "
                            f"{_megabytes(self.limits.total_bytes)} (a zip bomb?)")

    def add_text(self, chars: int) -> None:
        self.text += chars
        if self.text > self.limits.text_chars:
            raise WordError(f"refused: more than {self.limits.text_chars:,} characters "
                            f"of text")


def _too_big(part: str, limit: int) -> str:
    return f"refused: {part} unpacks to more than {_megabytes(limit)} (a zip bomb?)"


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _stream(archive: zipfile.ZipFile, part: str, budget: _Budget, parser: XMLPullParser):
    """Feed ``part`` to ``parser`` chunk by chunk, counting what it really unpacks to
    (the declared size is checked first, but it is the file's own claim); yields the
    parser's events as they come. A DOCTYPE is refused: Word never writes one, and
    entity declarations are how XML bombs work."""
    info = archive.getinfo(part)
    budget.check_declared(info)
    size, tail = 0, b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                budget.unpacked(part, size, len(chunk))
                if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                    raise WordError(f"refused: {part} declares a DOCTYPE (XML entities "
                                    f"are not allowed)")
                tail = chunk[-16:]
                parser.feed(chunk)
                yield from parser.read_events()
            parser.close()
            yield from parser.read_events()
    except WordError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, SyntaxError):  # ParseError is a SyntaxError
        raise WordError("not a readable Word document") from None


class _Paragraphs:
    """Paragraph texts of one part, in order, keeping memory flat: each paragraph is
    dropped from the tree once its text is taken."""

    def __init__(self, budget: _Budget, notes: bool):
        self.budget = budget
        self.notes = notes
        self.out: list[str] = []
        self.cells: list[list[str]] = []   # paragraphs of each open table cell
        self.rows: list[list[str]] = []    # cells of each open table row
        self.skipping = 0                  # inside a fallback copy or a separator note

    def read(self, archive: zipfile.ZipFile, part: str) -> list[str]:
        parents: list = []
        open_paragraphs = 0
        parser = XMLPullParser(events=("start", "end"))
        for event, element in _stream(archive, part, self.budget, parser):
            if event == "start":
                self._start(element)
                parents.append(element)
                open_paragraphs += element.tag == W + "p"
                continue
            parents.pop()
            self._end(element)
            if element.tag == W + "p":
                open_paragraphs -= 1
            # What is outside any paragraph is never looked at again once it ends, and
            # a paragraph is done once its text is taken.
            if parents and (element.tag == W + "p" or not open_paragraphs):
                parents[-1].remove(element)
        return self.out

    def _start(self, element) -> None:
        tag = element.tag
        if tag == _MC_FALLBACK or (self.notes and tag in (W + "footnote", W + "endnote")
                                   and element.get(W + "type") in _SEPARATOR_TYPES):
            self.skipping += 1
        elif tag == W + "tr":
            self.rows.append([])
        elif tag == W + "tc":
            self.cells.append([])

    def _end(self, element) -> None:
        tag = element.tag
        if tag == _MC_FALLBACK or (self.notes and tag in (W + "footnote", W + "endnote")
                                   and element.get(W + "type") in _SEPARATOR_TYPES):
            self.skipping -= 1
        elif tag == W + "p":
            if not self.skipping:
                self._emit(paragraph_text(element))
        elif tag == W + "tc" and self.cells:
            cell = " ".join(p for p in self.cells.pop() if p)
            if self.rows:
                self.rows[-1].append(cell)
        elif tag == W + "tr" and self.rows:
            self._emit("\t".join(c for c in self.rows.pop() if c))

    def _emit(self, text: str) -> None:
        text = text.strip()
        self.budget.add_text(len(text))
        if self.cells:
            self.cells[-1].append(text)
        elif text:
            self.out.append(text)


def paragraph_text(paragraph) -> str:
    """A paragraph's visible text as Word shows it (deleted text and field codes left out)."""
    parts = []
    for element in paragraph.iter():
        if element.tag == W + "t":
            parts.append(element.text or "")
        elif element.tag in _RUN_CHARACTERS:
            parts.append(_RUN_CHARACTERS[element.tag])
    return "".join(parts)


def _title(archive: zipfile.ZipFile, budget: _Budget) -> str:
    parser = XMLPullParser(events=("end",))
    for _, element in _stream(archive, CORE_PROPERTIES, budget, parser):
        if element.tag == _DC_TITLE:
            return (element.text or "").strip()
    return ""
