"""Read saved articles (text, Markdown, HTML, PDF, Word) into Article records.

Every failure becomes a one-line LoadError, so a folder with a few bad files still
loads. Nothing here touches the network: HTML is parsed from the file's own bytes.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from .cleaning import find_boilerplate, find_outlet, find_title, outlet_from_filename
from .types import Article, LoadProblem

# The readers' own warnings ("EOF marker not found") would reach stderr beside our one-line
# message for the same file; the message we give is the one the user needs.
for _reader in ("pypdf", "trafilatura", "htmldate", "justext", "docx"):
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


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing oversized files before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(f"too large: {_megabytes(size)} (limit {_megabytes(MAX_FILE_BYTES)})")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise LoadError("no such file or folder") from None
    except IsADirectoryError:
        raise LoadError("is a folder, not a file") from None
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from None
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


#: Dates from the page's markup only: htmldate's extensive search guesses from the body text.
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


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
    """The PDF's text layer. Its creation date is when the file was made, not when
    the article was published, so no date is taken from it."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("encrypted PDF")
        pages = [_page_text(page) for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except LoadError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise LoadError("encrypted PDF") from None
    except Exception:  # pypdf raises many kinds of error on damaged files
        raise LoadError("not a readable PDF") from None
    text = normalise_newlines("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise LoadError("no text layer (scanned image?)")
    return text, title.strip(), "", None


def _page_text(page) -> str:
    """One damaged page should not lose the others."""
    try:
        return page.extract_text() or ""
    except Exception:
        return ""


def _read_docx(data: bytes) -> tuple[str, str, str, date | None]:
    """Paragraph text of a Word document. Its core-properties dates record when the
    file was written, not when the article was published, so they are ignored."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # zip, package and XML errors all mean the same to the user
        raise LoadError("not a readable Word document") from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    text = normalise_newlines("\n\n".join(p for p in paragraphs if p))
    return text, (document.core_properties.title or "").strip(), "", None


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
    suffix = path.suffix.lower()
    if path.is_dir():
        raise LoadError("is a folder, not a file")
    if suffix not in _READERS:
        raise LoadError(f"unsupported file type {suffix}" if suffix else
                        "unsupported file type (no extension)")
    text, title, outlet, metadata_date = _READERS[suffix](_read_bytes(path))
    if not text.strip():
        raise LoadError("empty file")
    return Article(
        id=article_id(path),
        path=str(path),
        title=title or find_title(text) or path.stem,
        source=outlet or find_outlet(text) or outlet_from_filename(path),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        boilerplate=find_boilerplate(text),
        metadata_date=metadata_date,
    )


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _folder_files(folder: Path, problems: list[LoadProblem]) -> Iterator[Path]:
    """Supported files under ``folder`` in sorted order, skipping hidden files and
    folders; yielded as found so that a cancel also stops a long walk."""
    def report(error: OSError) -> None:
        problems.append(LoadProblem(str(error.filename or folder),
                                    f"cannot read folder: {error.strerror or error}"))

    for root, dirs, files in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            if not _is_hidden(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root, name)


def _one_line(message: str) -> str:
    return " ".join(str(message).split()) or "could not be read"


def load_paths(paths: list[Path], cancelled: Callable[[], bool] | None = None
               ) -> tuple[list[Article], list[LoadProblem]]:
    """Load files and folders (recursively); bad files become LoadProblems.

    Article ids are made unique with -2, -3... in load order. If ``cancelled()``
    turns true, loading stops and what was loaded so far is returned.
    """
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    used_ids: set[str] = set()
    seen_files: set[Path] = set()

    def stop() -> bool:
        return bool(cancelled and cancelled())

    for given in paths:
        if stop():
            break
        given = Path(given)
        if given.is_dir():
            files = _folder_files(given, problems)
        elif given.exists() or given.is_symlink():
            files = [given]
        else:
            problems.append(LoadProblem(str(given), "no such file or folder"))
            continue
        for file in files:
            if stop():
                break
            resolved = file.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            try:
                article = load_file(file)
            except LoadError as error:
                problems.append(LoadProblem(str(file), _one_line(str(error))))
                continue
            except Exception as error:  # a bad file must never stop the others loading
                problems.append(LoadProblem(str(file), _one_line(
                    f"could not be read ({type(error).__name__}: {error})")))
                continue
            articles.append(replace(article, id=unique_id(article.id, used_ids)))
    return articles, problems


def unique_id(slug: str, used: set[str]) -> str:
    """``slug``, or slug-2, slug-3... if taken; the result is added to ``used``."""
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate
