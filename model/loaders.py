"""Read saved articles (text, Markdown, HTML, PDF, Word) into Article records.

Every failure becomes a one-line LoadError, so a folder with a few bad files still
loads. Nothing here touches the network: HTML is parsed from the file's own bytes.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .cleaning import find_outlet, find_title, find_title_and_boilerplate, outlet_from_filename
from .filenames import path_text
from .progress import Progress, StageMeter
from .types import Article, LoadProblem

# The readers' own warnings ("EOF marker not found") would reach stderr beside our one-line
# message for the same file; the message we give is the one the user needs.
for _reader in ("pypdf", "trafilatura", "htmldate", "justext"):
    logging.getLogger(_reader).addHandler(logging.NullHandler())

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ID_CHARS = 60

#: Bytes that never occur in text (controls other than tab, newlines, form feed, escape).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_SNIFF_BYTES = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                           re.IGNORECASE)


class LoadError(Exception):
    """A file that cannot be used; the message is one line for the user."""


def _cp1252_or_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes cp1252 leaves undefined are read as Latin-1."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("timeline_latin1", _cp1252_or_latin1)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 of mostly-ASCII text has a NUL in every other byte."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls > 0.4 * len(odd) and even_nuls < 0.05 * len(even):
        return "utf-16-le"
    if even_nuls > 0.4 * len(even) and odd_nuls < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    return controls > 0.1 * len(sample)


def _mostly_controls(text: str) -> bool:
    """Binary data can pass for UTF-16; its decoded form is full of control characters."""
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
                   and ch not in "\t\n\r\x0c")
    return controls > 0.1 * max(len(text), 1)


def _decode_8bit(data: bytes, declared: str | None) -> str:
    """Strict UTF-8; else the page's declared charset; else UTF-8 if only a few stray
    bytes spoil it; else cp1252 (Latin-1 for the bytes cp1252 leaves undefined)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and not declared.lower().startswith(("utf-16", "utf-32", "utf16", "utf32")):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if good >= 4 * bad:
        return lenient
    return data.decode("cp1252", errors="timeline_latin1")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def _marked_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when a BOM or the UTF-16 byte pattern says which it is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    utf16 = _utf16_without_bom(data[:_SNIFF_BYTES])
    return (utf16, 0) if utf16 else None


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Text of a file's bytes (``declared``: the charset a web page names).
    Never fails on a stray byte; raises LoadError for binary data."""
    marked = _marked_encoding(data)
    if marked:
        encoding, skip = marked
        if _mostly_controls(data[skip:skip + _SNIFF_BYTES].decode(encoding, errors="replace")):
            raise LoadError("binary file, not text")
        return data[skip:].decode(encoding, errors="replace")
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise LoadError("binary file, not text")
    return _decode_8bit(data, declared)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _os_error(error: OSError, path: Path) -> LoadError:
    """The one-line reason for an error from stat or open."""
    if error.errno == errno.ELOOP:
        return LoadError("symbolic link loop: the link leads back to itself")
    if error.errno == errno.ENOENT:
        return LoadError("broken link: what it points to does not exist"
                         if os.path.islink(path) else "no such file or folder")
    if error.errno in (errno.EACCES, errno.EPERM):
        return LoadError("cannot read: permission denied")
    if error.errno == errno.ENAMETOOLONG:
        return LoadError("cannot read: the name is too long")
    return LoadError(f"cannot read: {error.strerror or error}")


def _check_regular(mode: int) -> None:
    """Only regular files are read: a FIFO or a device would block or never end."""
    if stat.S_ISDIR(mode):
        raise LoadError("is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
        raise LoadError(f"not read: {kind}, not a regular file")


def _file_status(path: Path) -> os.stat_result:
    """The status of what ``path`` leads to, as a LoadError when there is none."""
    try:
        return os.stat(path)
    except OSError as error:
        raise _os_error(error, path) from None
    except ValueError:  # a NUL in the name
        raise LoadError("cannot read: the name is not a valid file name") from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything but a regular file (checked before opening,
    and again on the opened file, so a file swapped for a FIFO meanwhile cannot block)
    and refusing oversized files before reading them."""
    status = _file_status(path)
    _check_regular(status.st_mode)
    if status.st_size > MAX_FILE_BYTES:
        raise LoadError(f"too large: {_megabytes(status.st_size)} "
                        f"(limit {_megabytes(MAX_FILE_BYTES)})")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _os_error(error, path) from None
    try:
        _check_regular(os.fstat(fd).st_mode)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise _os_error(error, path) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(f"too large: over {_megabytes(MAX_FILE_BYTES)}")
    if not data.strip():
        raise LoadError("empty file")
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _read_text(data: bytes) -> tuple[str, str, str, date | None]:
    """(text, title, outlet, metadata date) of a plain-text or Markdown file."""
    return normalise_newlines(decode_text(data)), "", "", None


#: The page's original publication date: htmldate reads the markup first and, only where
#: the markup has none, searches the page's text and URL patterns (its extensive search).
_HTML_DATE_PARAMS = {"extensive_search": True, "original_date": True}


def _read_html(data: bytes) -> tuple[str, str, str, date | None]:
    """Main text and metadata of a saved web page.

    The page is handed to trafilatura and htmldate as a parsed tree, never as a
    string: htmldate downloads a string that looks like a URL.
    """
    from trafilatura import extract, extract_metadata, html2txt

    declared = _META_CHARSET.search(data[:4096])
    html = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    tree = _parse_html(html)
    if tree is None:
        raise LoadError("not a readable HTML page")
    metadata = extract_metadata(tree, date_config=dict(_HTML_DATE_PARAMS))
    text = extract(_parse_html(html), output_format="txt", include_comments=False)
    if not text or not text.strip():
        text = html2txt(_parse_html(html))  # too short for the extractor: all visible text
    paragraphs = [line.strip() for line in normalise_newlines(text or "").split("\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise LoadError("no article text found in the page")
    return text, metadata.title or "", metadata.sitename or "", _iso_date(metadata.date)


def _parse_html(html: str):
    """An lxml tree of a page or of a bare fragment (which the parser would reject)."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    return tree if tree is not None else load_html(f"<html><body>{html}</body></html>")


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _read_pdf(data: bytes) -> tuple[str, str, str, date | None]:
    """The PDF's text layer (model.pdf_text, which refuses a decompression bomb). Its
    creation date is when the file was made, not when the article was published, so no
    date is taken from it."""
    from .pdf_text import PdfError, read_pdf

    try:
        document = read_pdf(data)
    except PdfError as error:
        raise LoadError(str(error)) from None
    text = normalise_newlines(document.text)
    if not text.strip():
        raise LoadError("no text layer (scanned image?)")
    return text, document.title, "", None


def _read_docx(data: bytes) -> tuple[str, str, str, date | None]:
    """Text of a Word document: paragraphs, tables, footnotes and endnotes (model.word,
    which refuses a zip bomb). Its core-properties dates record when the file was
    written, not when the article was published, so they are ignored."""
    from .word import WordError, read_docx

    try:
        document = read_docx(data)
    except WordError as error:
        raise LoadError(str(error)) from None
    return normalise_newlines(document.text), document.title, "", None


def _read_timeml(data: bytes) -> tuple[str, str, str, date | None]:
    """The text of a TimeML document, with its DCT as the publication date.

    Parsed with defusedxml (through model.timeml): entity bombs and external entities
    are refused before anything is expanded or fetched.
    """
    from .timeml import TimeMLError, parse_timeml

    marker = "\0file"
    try:
        document = parse_timeml(data, marker)
    except TimeMLError as error:
        raise LoadError(str(error).removeprefix(f"{marker}: ")) from None
    return normalise_newlines(document.raw_text).strip("\n"), "", "", document.dct


#: Readers whose text an extractor has already cleaned of page furniture: the furniture
#: rules (made for text copied from a browser) would only drop real content there, such
#: as short list lines or lines in other scripts.
_EXTRACTED = frozenset({".html", ".htm"})
_READERS = {".txt": _read_text, ".md": _read_text, ".html": _read_html, ".htm": _read_html,
            ".pdf": _read_pdf, ".docx": _read_docx, ".tml": _read_timeml, ".xml": _read_timeml}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def article_id(path: Path) -> str:
    """A short ASCII slug of the file name, stable across runs."""
    folded = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > MAX_ID_CHARS:
        slug = slug[:MAX_ID_CHARS].rsplit("-", 1)[0] or slug[:MAX_ID_CHARS]
    return slug or "article"


def load_file(path: Path) -> Article:
    """One file as an Article; raises LoadError with a one-line reason."""
    path = Path(path)
    name = Path(path_text(path))
    suffix = name.suffix.lower()
    _check_regular(_file_status(path).st_mode)
    if suffix not in _READERS:
        raise LoadError(f"unsupported file type {suffix}" if suffix else
                        "unsupported file type (no extension)")
    text, title, outlet, metadata_date = _READERS[suffix](_read_bytes(path))
    if not text.strip():
        raise LoadError("empty file")
    if suffix in _EXTRACTED:
        boilerplate: list[tuple[int, int]] = []
        title = title or find_title(text)
    else:
        found_title, boilerplate = find_title_and_boilerplate(text)
        title = title or found_title
    return Article(
        id=article_id(name),
        path=str(name),
        title=title or name.stem,
        source=outlet or find_outlet(text) or outlet_from_filename(name),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        boilerplate=boilerplate,
        metadata_date=metadata_date,
    )


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


#: What browsers name the folder of a saved page's images and scripts ("Page_files" beside
#: "Page.html"); its contents are the page's assets, not articles.
ASSET_FOLDER_ENDINGS = ("_files", "-Dateien", "_archivos", "_fichiers", "-bestanden", "_file")
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht")


def is_saved_page_assets(folder: Path, siblings: set[str]) -> bool:
    """True for "NAME_files" when "NAME.html" (or .htm...) sits beside it."""
    for ending in ASSET_FOLDER_ENDINGS:
        if folder.name.endswith(ending) and len(folder.name) > len(ending):
            page = folder.name[:-len(ending)]
            if any(page + suffix in siblings for suffix in _PAGE_SUFFIXES):
                return True
    return False


@dataclass
class _Walk:
    """What walking one folder the user gave found besides articles: files of unsupported
    types (reported as one summary line) and folders it could not enter."""

    folder: Path
    problems: list[LoadProblem]
    unsupported: Counter = field(default_factory=Counter)
    folders_seen: set[tuple[int, int]] = field(default_factory=set)

    def files(self) -> Iterator[Path]:
        """Supported files under the folder in sorted order (a folder's files, then its
        sub-folders), yielded as found so that a cancel also stops a long walk. Hidden
        files and folders and saved pages' asset folders are passed over; links to
        folders are followed once (a link back to a folder already read is a loop)."""
        pending = [self.folder]
        while pending:
            folder = pending.pop()
            try:
                identity = _identity(folder)
                if identity in self.folders_seen:
                    self._problem(folder, "link loop: leads back to a folder already read")
                    continue
                self.folders_seen.add(identity)
                with os.scandir(folder) as found:
                    entries = sorted(found, key=lambda e: e.name)
            except OSError as error:
                self._problem(folder, f"cannot read folder: {error.strerror or error}")
                continue
            names = {e.name for e in entries}
            subfolders = []
            for entry in entries:
                if _is_hidden(entry.name):
                    continue
                path = Path(entry.path)
                if _entry_is_folder(entry):
                    if not is_saved_page_assets(path, names):
                        subfolders.append(path)
                elif Path(path_text(entry.name)).suffix.lower() in SUPPORTED_SUFFIXES:
                    yield path
                else:
                    self.unsupported[Path(path_text(entry.name)).suffix.lower()] += 1
            pending.extend(reversed(subfolders))

    def _problem(self, path: Path, message: str) -> None:
        self.problems.append(LoadProblem(path_text(path), message))

    def summary(self) -> LoadProblem | None:
        """One line for all the files of unsupported types, counted by type."""
        if not self.unsupported:
            return None
        total = sum(self.unsupported.values())
        kinds = ", ".join(f"{suffix or 'no extension'} ×{count}" for suffix, count in
                          sorted(self.unsupported.items(),
                                 key=lambda kv: (-kv[1], not kv[0], kv[0])))
        return LoadProblem(path_text(self.folder),
                           f"{total} file{'s' * (total != 1)} of unsupported type "
                           f"not read: {kinds}")


def _entry_is_folder(entry: os.DirEntry) -> bool:
    """A folder or a link to one; a broken or looping link counts as a file (and is
    then named as such when it is read)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def _one_line(message: str) -> str:
    return " ".join(str(message).split()) or "could not be read"


def load_paths(paths: list[Path], cancelled: Callable[[], bool] | None = None,
               progress: Progress | None = None) -> tuple[list[Article], list[LoadProblem]]:
    """Load files and folders (recursively); bad files become LoadProblems.

    Every step for one file, down to finding what a name leads to, is inside that
    file's guard: one bad file never stops the others. Article ids are made unique with
    -2, -3... in load order. If ``cancelled()`` turns true, loading stops and what was
    loaded so far is returned. ``progress`` hears how many files were read.
    """
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    used_ids: set[str] = set()
    seen_files: set[tuple[int, int]] = set()
    meter = StageMeter("loading", 0, progress)

    def stop() -> bool:
        return bool(cancelled and cancelled())

    for given in paths:
        if stop():
            break
        given = Path(given)
        walk = None
        try:
            if stat.S_ISDIR(_file_status(given).st_mode):
                walk = _Walk(given, problems)
                files: Iterable[Path] = walk.files()
            else:
                files = [given]
        except LoadError as error:
            if not os.path.lexists(given):
                error = LoadError("no such file or folder")
            problems.append(LoadProblem(path_text(given), _one_line(str(error))))
            continue
        for file in files:
            if stop():
                break
            try:
                identity = _identity(file)
                if identity in seen_files:
                    continue
                seen_files.add(identity)
            except (OSError, ValueError):
                pass  # load_file names what is wrong with it
            try:
                article = load_file(file)
            except LoadError as error:
                problems.append(LoadProblem(path_text(file), _one_line(str(error))))
                continue
            except Exception as error:  # a bad file must never stop the others loading
                problems.append(LoadProblem(path_text(file), _one_line(
                    f"could not be read ({type(error).__name__}: {error})")))
                continue
            articles.append(replace(article, id=unique_id(article.id, used_ids)))
            meter.advance(len(articles))
        summary = walk.summary() if walk is not None else None
        if summary is not None:
            problems.append(summary)
    meter.finish()
    return articles, problems


def unique_id(slug: str, used: set[str]) -> str:
    """``slug``, or slug-2, slug-3... if taken; the result is added to ``used``."""
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate
