"""The text layer of a PDF, under limits on how much its pages unpack to.

Text extraction re-reads a page's content stream (and the forms it draws) for every page
that uses it, and pypdf's extraction slows down faster than linearly on one huge stream.
So the decoded size of every page's content is measured first, counting a shared stream
once per page that uses it, and a file over the limits is refused before any text is
extracted: a 300 KB file whose 400 pages share one 70 MB stream is refused in well under
a second instead of running for hours. Flate streams are measured while they are
decompressed, stopping at the limit, so measuring a bomb takes little memory.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

_CHUNK = 1 << 20
_MAX_FORM_DEPTH = 8


class PdfError(Exception):
    """The file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class PdfLimits:
    """Real articles stay far below: a page of dense text is tens of kilobytes of drawing
    instructions, a page with a detailed chart a few megabytes."""

    page_content_bytes: int = 8 * 1024 * 1024
    content_bytes: int = 128 * 1024 * 1024
    text_chars: int = 10_000_000
    pages: int = 20_000


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str


def read_pdf(data: bytes, limits: PdfLimits = PdfLimits()) -> PdfText:
    """Pages' text separated by blank lines, and the document's title."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF")
        pages = _pages(reader, limits)
        _ContentBudget(limits).check(pages)
        texts = _texts(pages, limits)
        title = str((reader.metadata or {}).get("/Title") or "")
    except PdfError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise PdfError("encrypted PDF") from None
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        if type(error).__name__ == "LimitReachedError":
            raise PdfError("refused: a stream unpacks to more than pypdf allows "
                           "(a decompression bomb?)") from None
        raise PdfError("not a readable PDF") from None
    return PdfText("\n\n".join(t.strip() for t in texts if t.strip()), title.strip())


def _pages(reader, limits: PdfLimits) -> list:
    """The pages, refusing a page tree that declares more than the limit (listing
    millions of pages would take gigabytes)."""
    try:
        declared = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:
        declared = 0
    if declared > limits.pages:
        raise PdfError(f"refused: {declared:,} pages (limit {limits.pages:,})")
    pages = []
    for page in reader.pages:
        pages.append(page)
        if len(pages) > limits.pages:
            raise PdfError(f"refused: more than {limits.pages:,} pages")
    return pages


def _texts(pages: list, limits: PdfLimits) -> list[str]:
    texts, total = [], 0
    for page in pages:
        text = _page_text(page)
        total += len(text)
        if total > limits.text_chars:
            raise PdfError(f"refused: more than {limits.text_chars:,} characters of text")
        texts.append(text)
    return texts


def _page_text(page) -> str:
    """One damaged page should not lose the others."""
    try:
        return page.extract_text() or ""
    except Exception:
        return ""


class _ContentBudget:
    """Decoded bytes of what extraction will read: each page's content streams and the
    form XObjects its resources hold, a shared stream counted once per page."""

    def __init__(self, limits: PdfLimits):
        self.limits = limits
        self.sizes: dict[object, int] = {}

    def check(self, pages: list) -> None:
        total = 0
        for number, page in enumerate(pages, start=1):
            size = self._page(page)
            if size > self.limits.page_content_bytes:
                raise PdfError(f"refused: page {number}'s content unpacks to more than "
                               f"{_megabytes(self.limits.page_content_bytes)} "
                               f"(a decompression bomb?)")
            total += size
            if total > self.limits.content_bytes:
                raise PdfError(f"refused: its pages' content unpacks to more than "
                               f"{_megabytes(self.limits.content_bytes)} "
                               f"(a decompression bomb?)")

    def _page(self, page) -> int:
        size = sum(self._size(stream) for stream in _as_list(page.get("/Contents")))
        return size + self._forms(page.get("/Resources"), set(), 0)

    def _forms(self, resources, seen: set, depth: int) -> int:
        """Form XObjects reachable from ``resources`` (each once per page)."""
        resources = _resolved(resources)
        if depth > _MAX_FORM_DEPTH or not hasattr(resources, "get"):
            return 0
        xobjects = _resolved(resources.get("/XObject"))
        if not hasattr(xobjects, "values"):
            return 0
        size = 0
        for reference in xobjects.values():
            form = _resolved(reference)
            key = _key(reference, form)
            if key in seen or not hasattr(form, "get") or form.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            size += self._size(reference)
            if size > self.limits.page_content_bytes:
                return size
            size += self._forms(form.get("/Resources"), seen, depth + 1)
        return size

    def _size(self, reference) -> int:
        stream = _resolved(reference)
        key = _key(reference, stream)
        if key not in self.sizes:
            self.sizes[key] = _decoded_size(stream, self.limits.page_content_bytes + 1)
        return self.sizes[key]


def _decoded_size(stream, cap: int) -> int:
    """How many bytes ``stream`` decodes to, or a number above ``cap`` if it is larger.
    A Flate stream is decompressed in pieces and thrown away as it goes."""
    filters = [str(f) for f in _as_list(_resolved(stream.get("/Filter")))] \
        if hasattr(stream, "get") else []
    raw = getattr(stream, "_data", None)
    if filters in (["/FlateDecode"], ["/Fl"]) and isinstance(raw, bytes):
        return _inflated_size(raw, cap)
    try:
        return len(stream.get_data())
    except Exception as error:
        if type(error).__name__ == "LimitReachedError":
            return cap + 1
        return 0  # a damaged stream: extraction skips it too


def _inflated_size(raw: bytes, cap: int) -> int:
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, _CHUNK))
            if size > cap:
                return size
            pending = inflater.unconsumed_tail
        while not inflater.eof:
            more = inflater.decompress(b"", _CHUNK)
            if not more:
                break
            size += len(more)
            if size > cap:
                return size
    except zlib.error:
        pass  # damaged data: pypdf recovers what it can, as during extraction
    return size


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _key(reference, resolved) -> object:
    number = getattr(reference, "idnum", None)
    return ("ref", number, getattr(reference, "generation", 0)) if number is not None \
        else ("obj", id(resolved))


def _as_list(value) -> list:
    value = _resolved(value)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"
