"""Read, tag and write TimeML documents (TempEval-3 .tml and .TE3input files).

Every offset here is into the *raw text* of <TEXT>: its character data with all
inline tags removed and references decoded, exactly as an XML parser reports
it. That is the string the tagger sees and the string TempEval scorers compare
between gold and system files, so a tagged file must give it back unchanged.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from .exporters import timeml_text
from .filenames import shown
from .types import TimeExpression

Tagger = Callable[[str, date | None], list[TimeExpression]]

#: Elements after </TEXT> that annotate the input's tags; our output drops those tags.
_ANNOTATIONS = ("MAKEINSTANCE", "TLINK", "SLINK", "ALINK")


class TimeMLError(Exception):
    """A TimeML file that cannot be read, or not safely; the message is one line."""


@dataclass(frozen=True)
class GoldTimex:
    """A TIMEX3 found inside <TEXT>, with offsets into the raw text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""
    mod: str = ""
    #: False when TempEval scorers skip it: no text, or other tags inside it.
    scorable: bool = True


@dataclass
class TimeMLDocument:
    """One TimeML file: its raw text, gold annotations, and the markup around <TEXT>."""

    path: str
    docid: str
    dct: date | None
    raw_text: str
    timexes: list[GoldTimex] = field(default_factory=list)
    #: (start, end) of the EVENT tags inside <TEXT>; the official scorer's alignment uses them.
    events: list[tuple[int, int]] = field(default_factory=list)
    #: The file up to and including the <TEXT> start tag, exactly as written.
    head: str = "<TimeML>\n<TEXT>"
    #: The file from the </TEXT> end tag to its end, exactly as written.
    tail: str = "</TEXT>\n</TimeML>\n"
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        """The name scorers match gold and system files by."""
        return output_name(Path(self.path).name)


def is_timeml_file(name: str) -> bool:
    return name.endswith(".tml") or name.endswith(".TE3input")


def output_name(name: str) -> str:
    """'X.tml.TE3input' -> 'X.tml': system files must carry the gold file's name."""
    if name.endswith(".TE3input"):
        name = name[: -len(".TE3input")]
    return name if name.endswith(".tml") else name + ".tml"


def read_timeml(path: str | Path) -> TimeMLDocument:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise TimeMLError(f"{path}: cannot read: {e.strerror or e}") from None
    return parse_timeml(data, str(path))


def parse_timeml(data: bytes | str, path: str = "<string>") -> TimeMLDocument:
    """Parse with defusedxml, which refuses entity declarations and external
    references before expanding anything, so bombs fail at once."""
    root = _parse_xml(data, path)
    text_el = next((el for el in root.iter() if _local(el.tag) == "TEXT"), None)
    if text_el is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    raw_text, timexes, events = _flatten(text_el)
    source, encoding = _decode(data, path)
    head, tail = _split_around_text(source, path)
    docid_el = next((el for el in root.iter() if _local(el.tag) == "DOCID"), None)
    docid = "".join(docid_el.itertext()).strip() if docid_el is not None else ""
    return TimeMLDocument(
        path=path, docid=docid or Path(path).name.split(".")[0], dct=_dct(root),
        raw_text=raw_text, timexes=timexes, events=events, head=head, tail=tail,
        encoding=encoding)


def _parse_xml(data: bytes | str, path: str) -> ET.Element:
    try:
        return SafeET.fromstring(data)
    except defusedxml.EntitiesForbidden as e:
        if e.sysid or e.pubid:
            raise TimeMLError(f"{path}: refused: the file declares an external entity "
                              f"'{e.name}' ({e.sysid or e.pubid})") from None
        raise TimeMLError(f"{path}: refused: the file declares an XML entity '{e.name}' "
                          "(entity expansion is not allowed)") from None
    except defusedxml.DTDForbidden:
        raise TimeMLError(f"{path}: refused: the file has a DTD") from None
    except defusedxml.ExternalReferenceForbidden as e:
        raise TimeMLError(f"{path}: refused: the file refers to an external resource "
                          f"({e.sysid or e.pubid})") from None
    except defusedxml.DefusedXmlException as e:
        raise TimeMLError(f"{path}: refused: unsafe XML ({type(e).__name__})") from None
    except ET.ParseError as e:
        raise TimeMLError(f"{path}: not well-formed XML: {e}") from None


def _local(tag: object) -> str:
    """Tag name without its namespace; comments and processing instructions give ''."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _flatten(text_el: ET.Element) -> tuple[str, list[GoldTimex], list[tuple[int, int]]]:
    """Raw text of <TEXT> and the spans of the TIMEX3 and EVENT tags inside it.

    Walked with an explicit stack so that deeply nested files cannot exhaust
    the interpreter's recursion limit.
    """
    parts: list[str] = []
    pos = 0
    opened: dict[int, int] = {}
    spans: list[tuple[int, int, ET.Element]] = []
    stack: list[tuple[ET.Element, bool]] = [(text_el, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            spans.append((opened[id(el)], pos, el))
            if el is not text_el and el.tail:
                parts.append(el.tail)
                pos += len(el.tail)
            continue
        opened[id(el)] = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    raw_text = "".join(parts)
    timexes, events = [], []
    for start, end, el in spans:
        name = _local(el.tag)
        if name == "TIMEX3":
            text = raw_text[start:end]
            timexes.append(GoldTimex(
                start, end, text, el.get("type", ""), el.get("value", ""),
                el.get("tid", ""), el.get("mod", ""),
                scorable=bool(text.strip()) and len(el) == 0))
        elif name == "EVENT":
            events.append((start, end))
    timexes.sort(key=lambda t: (t.start, t.end))
    events.sort()
    return raw_text, timexes, events


_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def _dct(root: ET.Element) -> date | None:
    for dct in (el for el in root.iter() if _local(el.tag) == "DCT"):
        for timex in (el for el in dct.iter() if _local(el.tag) == "TIMEX3"):
            m = _DATE.match(timex.get("value", "").strip())
            if m:
                try:
                    return date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
    return None


_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _decode(data: bytes | str, path: str) -> tuple[str, str]:
    """The file as a string, to copy the markup around <TEXT> exactly."""
    if isinstance(data, str):
        return data, "utf-8"
    m = _DECLARED_ENCODING.match(data)
    encoding = m[1].decode("ascii").lower() if m else "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding), encoding
    except (LookupError, UnicodeDecodeError) as e:
        raise TimeMLError(f"{path}: cannot decode as {encoding}: {e}") from None


_TEXT_OPEN = re.compile(r"""<TEXT(?:\s(?:[^>"']|"[^"]*"|'[^']*')*?)?(/?)>""")
_TEXT_CLOSE = re.compile(r"</TEXT\s*>")


def _split_around_text(source: str, path: str) -> tuple[str, str]:
    opening = _TEXT_OPEN.search(source)
    if opening is None:
        raise TimeMLError(f"{path}: cannot find the <TEXT> start tag")
    if opening[1]:
        return source[:opening.start()] + "<TEXT>", "</TEXT>" + source[opening.end():]
    closing = _TEXT_CLOSE.search(source, opening.end())
    if closing is None:
        raise TimeMLError(f"{path}: cannot find the </TEXT> end tag")
    return source[:opening.end()], source[closing.start():]


def _without_annotations(tail: str) -> str:
    """The tail minus links and instances that refer to the input's own tags."""
    names = "|".join(_ANNOTATIONS)
    return re.sub(rf"\s*<({names})\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?:/>|>.*?</\1\s*>)",
                  "", tail, flags=re.S)


def _default_tagger() -> Tagger:
    from .tagger import tag  # imported late: reading files must not need the tagger

    return tag


def tag_document(doc: TimeMLDocument, tagger: Tagger | None = None) -> str:
    """The whole output file: the input's markup, with <TEXT> holding our TIMEX3 tags."""
    tagger = tagger or _default_tagger()
    expressions = tagger(doc.raw_text, doc.dct)
    return doc.head + timeml_text(doc.raw_text, expressions) + _without_annotations(doc.tail)


def tag_directory(in_dir: str | Path, out_dir: str | Path, tagger: Tagger | None = None) -> int:
    """Tag every .tml / .TE3input file under IN_DIR into OUT_DIR, keeping relative
    folders; returns the number of files written. Bad files are reported on
    stderr and skipped so that one broken file does not stop a corpus run."""
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    tagger = tagger or _default_tagger()
    sources = sorted(p for p in in_dir.rglob("*") if p.is_file() and is_timeml_file(p.name))
    written = 0
    for source in sources:
        try:
            doc = read_timeml(source)
        except TimeMLError as e:
            print(shown(f"skipped: {e}"), file=sys.stderr)
            continue
        output = tag_document(doc, tagger)
        target = out_dir / source.relative_to(in_dir).parent / output_name(source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding=doc.encoding, errors="xmlcharrefreplace", newline="")
        written += 1
    return written

