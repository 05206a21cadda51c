"""A folder of everything researchers save by mistake, beside good articles (issue #7).

Built at test time (a 200 MB file does not belong in the repository); each bad file is
listed with the one-line reason the loader must give for it.
"""
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
