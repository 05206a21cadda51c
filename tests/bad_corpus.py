"""A folder of everything researchers save by mistake, beside good articles (issue #7).

Built at test time (a 200 MB file does not belong in the repository); each bad file is
listed with the one-line reason the loader must give for it.
"""
import struct
import zlib
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from pypdf import PdfReader, PdfWriter

matplotlib.use("Agg")

FIXTURES = Path(__file__).resolve().parent / "fixtures"

GOOD_TEXT = ("Council backs budget\n\n"
             "The city council approved the new budget on March 3, 2015. "
             "Members had rejected a first draft in 2013.\n")
#: Dates no calendar has, and numbers that are not years: none may become an event.
ODD_DATES = ("Odd figures\n\n"
             "The form was dated Feb 30, 2014 and stamped 32/13/2014 by mistake. "
             "A novel is set in the year 10000. The hall seats 1,300 people and "
             "the fund holds $2015 million. The bridge opened on April 2, 2015.\n")
#: A 5 MB dump on one line: prose with a date now and then.
LONG_LINE_BLOCK = ("The strike went on and workers gathered outside the plant while managers "
                   "met behind closed doors to discuss the offer. ") * 20 + \
    "Talks resumed on Monday. "
REMOTE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Bridge opens | Example Wire</title>
<meta property="article:published_time" content="2015-04-03T09:00:00Z">
<script src="https://tracker.example.invalid/t.js"></script>
<link rel="stylesheet" href="https://cdn.example.invalid/site.css">
</head><body>
<iframe src="https://ads.example.invalid/banner"></iframe>
<article><h1>New bridge opens to traffic</h1>
<p>The new river bridge opened to traffic on Thursday, the transport office said.
<img src="https://images.example.invalid/bridge.jpg" alt="The bridge">
<p>Work on the bridge began in March 2012 <b>after years <i>of delay.</b></i>
<div><p>Engineers said the old crossing would close in June.</div></div>
</article></body></html>"""


def make_pdf(path: Path, text: str | None) -> Path:
    """A one-page PDF with ``text`` as a text layer, or only an image (a 'scan')."""
    figure = Figure()
    if text is None:
        figure.figimage(np.random.default_rng(0).random((40, 40)))
    else:
        figure.text(0.05, 0.5, text)
    with PdfPages(path) as pdf:
        pdf.savefig(figure)
    return path


def build(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Write the corpus; returns {bad file name: reason} and the good files' names."""
    folder.mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    put("council.txt", GOOD_TEXT)
    put("utf16.txt", GOOD_TEXT.replace("council", "school board").encode("utf-16"))
    put("cp1252.txt", "Café reopens\n\nThe café reopened on May 1, 2015 – at last.\n"
        .encode("cp1252"))
    put("odd-dates.txt", ODD_DATES)
    put("long-line.txt", LONG_LINE_BLOCK * (5_000_000 // len(LONG_LINE_BLOCK)))
    put("bridge.html", REMOTE_PAGE)
    put("broken.html", (FIXTURES / "broken_page.html").read_bytes())
    bad = {
        "empty.txt": "empty file",
        "photo.txt": "binary file, not text",
        "scan.pdf": "no text layer (scanned image?)",
        "corrupt.pdf": "not a readable PDF",
        "locked.pdf": "encrypted PDF",
        "broken.docx": "not a readable Word document",
        "bomb.tml": "refused: the file declares an XML entity 'lol' "
                    "(entity expansion is not allowed)",
        "external.tml": "refused: the file declares an external entity 'secret' "
                        "(file:///etc/passwd)",
        "huge.txt": "too large: 200 MB (limit 50 MB)",
    }
    put("empty.txt", b"")
    put("photo.txt", bytes(range(256)) * 64)
    make_pdf(folder / "scan.pdf", None)
    put("corrupt.pdf", np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)
        .tobytes())
    plain = make_pdf(folder.parent / "plain.pdf", "Secret text.")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("secret")
    with (folder / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    put("broken.docx", b"PK\x03\x04 not really a zip")
    put("bomb.tml", (FIXTURES / "timeml" / "billion_laughs.tml").read_bytes())
    put("external.tml", (FIXTURES / "timeml" / "external_entity.tml").read_bytes())
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    good = {p.name for p in folder.iterdir()} - set(bad)
    return bad, good


# -- hostile inputs of issue 14, made at test time in milliseconds -------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>').encode()


def repeated_deflate(chunk: bytes, times: int, prefix: bytes = b"", suffix: bytes = b""
                     ) -> bytes:
    """Raw deflate data of prefix + chunk × times + suffix, made in milliseconds however
    large it unpacks: after a full flush the compressor starts afresh, so every repetition
    of ``chunk`` compresses to the same bytes, which are simply repeated."""
    def block(data: bytes, final: bool = False) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if final
                                                    else zlib.Z_FULL_FLUSH)

    return block(prefix) + block(chunk) * times + block(suffix, final=True)


def write_zip(path: Path, parts: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand from (name, raw deflate data, size it claims to unpack to,
    CRC), so a test can make a part that lies about its size. A bomb's CRC is left zero:
    the reader must refuse it long before it would check one."""
    local, central = bytearray(), bytearray()
    for name, packed, size, crc in parts:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed),
                             size, len(encoded), 0) + encoded + packed
        central += struct.pack("<4s4B4H3L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 8, 0, 0x21,
                               crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0o644 << 16,
                               offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central),
                      len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def zip_part(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    """An honest part: packed, with its true size and CRC."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
            f'{body}</w:body></w:document>').encode()


def make_docx(path: Path, body: str, footnotes: str = "", endnotes: str = "") -> Path:
    """A Word file with the given WordprocessingML body (and notes parts)."""
    parts = [("[Content_Types].xml", _CONTENT_TYPES), ("word/document.xml", document_xml(body))]
    for name, notes, tag in (("footnotes", footnotes, "footnotes"),
                             ("endnotes", endnotes, "endnotes")):
        if notes:
            parts.append((f"word/{name}.xml", (f'<?xml version="1.0"?><w:{tag} xmlns:w='
                                              f'"{W_NS}">{notes}</w:{tag}>').encode()))
    return write_zip(path, [zip_part(name, data) for name, data in parts])


def docx_bomb(path: Path, unpacked_mb: int, claimed_mb: int | None = None) -> Path:
    """A small .docx whose document.xml unpacks to ``unpacked_mb`` megabytes of text
    (claiming ``claimed_mb``, or its true size)."""
    head = document_xml("<w:p><w:r><w:t>").split(b"</w:body>")[0]
    chunk = b"A" * (1 << 20)
    data = repeated_deflate(chunk, unpacked_mb, prefix=head,
                            suffix=b"</w:t></w:r></w:p></w:body></w:document>")
    size = (claimed_mb if claimed_mb is not None else unpacked_mb) * (1 << 20) + len(head) + 40
    return write_zip(path, [zip_part("[Content_Types].xml", _CONTENT_TYPES),
                            ("word/document.xml", data, size, 0)])


def docx_of_many_paragraphs(path: Path, megabytes: int) -> Path:
    """A .docx of ordinary short paragraphs whose text adds up to more than any article."""
    paragraph = (b'<w:p><w:r><w:t>The council met again and the vote was delayed.</w:t>'
                 b'</w:r></w:p>')
    chunk = paragraph * ((1 << 20) // len(paragraph))
    head = document_xml("").split(b"</w:body>")[0]
    data = repeated_deflate(chunk, megabytes, prefix=head, suffix=b"</w:body></w:document>")
    size = len(head) + len(chunk) * megabytes + len(b"</w:body></w:document>")
    return write_zip(path, [zip_part("[Content_Types].xml", _CONTENT_TYPES),
                            ("word/document.xml", data, size, 0)])


PDF_TEXT_OPS = b"BT /F1 10 Tf 72 700 Td (The council met and voted.) Tj ET\n"


def pdf_bomb(path: Path, pages: int, stream_mb: int) -> Path:
    """A small PDF whose ``pages`` pages all draw one shared content stream that
    unpacks to ``stream_mb`` megabytes."""
    from pypdf import PdfWriter
    from pypdf.generic import (DictionaryObject, EncodedStreamObject, NameObject)

    writer = PdfWriter()
    ops = PDF_TEXT_OPS * ((1 << 20) // len(PDF_TEXT_OPS))
    stream = EncodedStreamObject()
    stream._data = b"\x78\xda" + repeated_deflate(ops, stream_mb) + b"\0\0\0\0"
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    shared = writer._add_object(stream)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        page[NameObject("/Contents")] = shared
    with path.open("wb") as handle:
        writer.write(handle)
    return path


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SYLLABLES = ("ba", "ko", "ri", "ten", "mar", "vel", "dor", "sa", "lin", "qua", "pe", "zor",
              "fi", "gan", "tu", "wes", "nor", "chi", "ab", "lem")
_VERBS = ("opened", "closed", "signed", "rejected", "announced", "approved", "sold",
          "bought", "visited", "inspected", "delayed", "cancelled")


def one_line_prose(size: int, seed: int = 7) -> str:
    """``size`` characters of prose on a single line (no line break at all), a date in
    every sentence: full dates each a day or two after the last, and now and then a month
    and day without a year or a weekday. Names are made up and varied, as in a real
    archive dump, so sentences about different things do not look alike."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    names = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
             for _ in range(5000)]
    parts, length, day, i = [], 0, date(1700, 1, 1), 0
    while length < size:
        day += timedelta(days=rng.randint(1, 2))
        if day.year > 2090:  # years a reader takes for years: start the centuries again
            day = date(1700, 1, day.day)
        a, b, c = rng.sample(names, 3)
        verb, month = rng.choice(_VERBS), _MONTHS[day.month - 1]
        if i % 5 == 3:
            sentence = f"On {day:%A} the {a} board {verb} the {b} plan, {c} said. "
        elif i % 5 == 4:
            sentence = f"The {a} office {verb} the {b} deal by {month} {day.day}. "
        else:
            sentence = (f"The {a} council {verb} the {b} accord with {c} officials on "
                        f"{month} {day.day}, {day.year}. ")
        parts.append(sentence)
        length += len(sentence)
        i += 1
    return "".join(parts)[:size]
