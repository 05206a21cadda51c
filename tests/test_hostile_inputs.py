"""Issue 14: nothing a user opens can hang the app, crash it or lose their work.

One test per bullet of the issue's Inputs and Projects sections. Each runs the real
command (a fresh process where a hang or a traceback could hide), and asserts the message,
the exit code, a generous time bound (a slow CI passes it; a regression from linear to
quadratic work, or a hang, does not) and that nothing good was lost. Bombs are made at
test time (tests/bad_corpus.py), never committed.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bad_corpus import (docx_bomb, docx_of_many_paragraphs, make_docx, one_line_prose,
                        pdf_bomb)
from model import loaders
from model.loaders import load_file, load_paths

ROOT = Path(__file__).resolve().parent.parent
STORY = ("Ferry crews strike\n\n"
         "Ferry crews on the island routes walked out on 4 March 2019 over pay. "
         "The operator cancelled every crossing on 6 March 2019.\n")
#: A child that reports its own peak memory (kilobytes) to the file $PEAK_FILE.
_MEASURED = ("import os, resource, sys\n"
             "from model.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "with open(os.environ['PEAK_FILE'], 'w') as f:\n"
             "    f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
             "sys.exit(code)\n")


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float = 0.0

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def cli(*args: str | Path, timeout: float = 120, encoding: str = "utf-8:strict",
        measure: Path | None = None) -> Run:
    """``python -m model ARGS`` in a fresh process; its output must be valid UTF-8 and
    free of tracebacks. ``measure``: a file for the child's peak memory."""
    env = dict(os.environ, TIMELINE_EXPLORER_CACHE_DIR="off", PYTHONIOENCODING=encoding)
    command = [sys.executable, "-m", "model"]
    if measure is not None:
        env["PEAK_FILE"] = str(measure)
        command = [sys.executable, "-c", _MEASURED]
    start = time.monotonic()
    done = subprocess.run(command + [os.fspath(a) for a in args], cwd=ROOT,
                          capture_output=True, env=env, timeout=timeout)
    seconds = time.monotonic() - start
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err
    peak = int(measure.read_text()) / 1024 if measure is not None else 0.0
    return Run(done.returncode, out, err, seconds, peak)


def story(folder: Path, name: str = "ferry.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(STORY, encoding="utf-8")
    return path


def exported_articles(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


# -- Inputs -------------------------------------------------------------------------------

def test_only_regular_files_are_read_and_the_others_named(tmp_path):
    """A FIFO named like an article hung `build` forever; a socket and a link to a
    device are no better. Each is named and skipped, and the rest loads."""
    folder = tmp_path / "saved"
    story(folder)
    os.mkfifo(folder / "wire.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "socket.md"))
    (folder / "zeros.txt").symlink_to("/dev/zero")
    try:
        run = cli("build", folder, "--json", tmp_path / "out.json", timeout=90)
        direct = cli("build", folder / "wire.txt", folder / "ferry.txt", timeout=90)
    finally:
        listener.close()
    assert run.code == 0 and direct.code == 0
    assert run.err_lines == [
        f"skipped {folder / 'socket.md'}: not read: a socket, not a regular file",
        f"skipped {folder / 'wire.txt'}: not read: a named pipe (FIFO), not a regular file",
        f"skipped {folder / 'zeros.txt'}: not read: a character device, not a regular file"]
    assert direct.err_lines == [
        f"skipped {folder / 'wire.txt'}: not read: a named pipe (FIFO), not a regular file"]
    assert run.seconds < 60 and direct.seconds < 60
    assert [a["path"] for a in exported_articles(tmp_path / "out.json")] == \
        [str(folder / "ferry.txt")]


def test_link_loops_broken_links_and_unreadable_files_are_one_line_each(tmp_path,
                                                                         monkeypatch):
    """A file link loop aborted the whole build (`RuntimeError: Symlink loop` came from
    resolving paths outside the per-file guard)."""
    folder = tmp_path / "saved"
    story(folder)
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    run = cli("build", folder, "--json", tmp_path / "out.json", timeout=90)
    given = cli("build", folder / "loop-a.txt", folder / "ferry.txt", timeout=90)
    assert run.code == 0 and given.code == 0
    assert run.err_lines == [
        f"skipped {folder / 'gone.txt'}: broken link: what it points to does not exist",
        f"skipped {folder / 'loop-a.txt'}: symbolic link loop: the link leads back to itself",
        f"skipped {folder / 'loop-b.txt'}: symbolic link loop: the link leads back to itself",
        f"skipped {folder / 'sub' / 'up'}: link loop: leads back to a folder already read"]
    assert given.err_lines == [
        f"skipped {folder / 'loop-a.txt'}: symbolic link loop: the link leads back to itself"]
    assert run.seconds < 60 and given.seconds < 60
    assert len(exported_articles(tmp_path / "out.json")) == 1

    locked = folder / "locked.txt"
    locked.write_text(STORY)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        real_open = os.open

        def refuse(path, *args, **kwargs):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(loaders.os, "open", refuse)
    start = time.monotonic()
    articles, problems = load_paths([locked, folder / "ferry.txt"])
    assert time.monotonic() - start < 30
    assert [(p.path, p.message) for p in problems] == [
        (str(locked), "cannot read: permission denied")]
    assert len(articles) == 1


def test_file_names_that_are_not_text_survive_every_output_and_print_escaped(tmp_path):
    """A Latin-1 name made the JSON export fail and `build --project` save nothing; a
    newline, an ANSI escape or a bidi override in a name reached the terminal raw."""
    folder = tmp_path / "saved"
    folder.mkdir()
    names = [b"caf\xe9.txt", b"two\nlines.txt", b"red\x1b[31m.txt",
             "order\u202etxt.exe.txt".encode(), b"plain.txt"]
    root = os.fsencode(folder)
    for i, name in enumerate(names):
        with open(root + b"/" + name, "wb") as handle:
            handle.write(STORY.replace("4 March", f"{i + 4} March").encode())
    for name in (b"empty\xe9\x1b[2J.txt", b"empty\nforged line.txt", "empty\u202e.txt".encode()):
        with open(root + b"/" + name, "wb"):
            pass
    outputs = tmp_path / "out"
    outputs.mkdir()
    project = tmp_path / "names.tlx"
    build = cli("build", folder, "--project", project, "--json", outputs / "a.json",
                "--csv", outputs / "a.csv", "--timelinejs", outputs / "tl.json",
                "--timeml", outputs / "timeml", "--image", outputs / "a.svg")
    again = cli("build", folder, "--project", project, encoding="ascii:strict")
    export = cli("export", project, "--json", outputs / "p.json")
    for run in (build, again, export):
        assert run.code == 0, run.err
        assert run.seconds < 90
        for raw in ("\x1b", "\u202e", "\udce9"):
            assert raw not in run.out + run.err
    assert "5 added" in build.out and "5 unchanged" in again.out
    skipped = [f"skipped {folder}/empty\\nforged line.txt: empty file",
               f"skipped {folder}/empty\\u202e.txt: empty file",
               f"skipped {folder}/empty\\xe9\\x1b[2J.txt: empty file"]
    assert build.err_lines == skipped
    assert again.err_lines == skipped  # an ASCII terminal gets escapes, not a traceback
    expected = {str(folder / n) for n in ("caf\\xe9.txt", "two\nlines.txt", "red\x1b[31m.txt",
                                          "order\u202etxt.exe.txt", "plain.txt")}
    assert {a["path"] for a in exported_articles(outputs / "a.json")} == expected
    assert {a["path"] for a in exported_articles(outputs / "p.json")} == expected
    assert (outputs / "a.csv").read_text(encoding="utf-8").count("\n") > 1
    assert json.loads((outputs / "tl.json").read_text(encoding="utf-8"))["events"]
    assert len(list((outputs / "timeml").iterdir())) == 5
    assert (outputs / "a.svg").stat().st_size > 0


def test_unsupported_files_are_summed_up_in_one_line_and_page_assets_skipped(tmp_path):
    """Unsupported files were skipped without a word; a saved page's `_files` folder of
    scripts and frames was read as articles."""
    folder = tmp_path / "saved"
    story(folder)
    for name in ("notes.doc", "draft.doc", "letter.rtf", "report.odt", "book.epub",
                 "archive.gz", "README"):
        (folder / name).write_bytes(b"not an article")
    (folder / "Harbour.html").write_text(
        "<html><head><title>Harbour reopens</title></head><body><article><p>The harbour "
        "reopened to ferries on 9 March 2019 after the strike ended.</p></article>"
        "</body></html>", encoding="utf-8")
    assets = folder / "Harbour_files"
    assets.mkdir()
    (assets / "ad-frame.html").write_text("<html><body><p>Buy now on 1 May 2020</p></body>"
                                          "</html>", encoding="utf-8")
    (assets / "tracker.js").write_text("var x = 1;")
    (assets / "notes.txt").write_text("Cached on 2 May 2020.")
    run = cli("build", folder, "--json", tmp_path / "out.json", timeout=90)
    assert run.code == 0
    assert run.err_lines == [f"skipped {folder}: 7 files of unsupported type not read: "
                             f".doc ×2, .epub ×1, .gz ×1, .odt ×1, .rtf ×1, no extension ×1"]
    assert run.seconds < 60
    assert sorted(Path(a["path"]).name for a in exported_articles(tmp_path / "out.json")) == \
        ["Harbour.html", "ferry.txt"]


def _cells(*texts: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"
                              for t in texts) + "</w:tr>"


def test_docx_tables_footnotes_and_endnotes_are_text(tmp_path):
    """Tables and footnotes of a .docx were dropped without a word."""
    folder = tmp_path / "saved"
    folder.mkdir()
    body = ("<w:p><w:r><w:t>Lighthouse keepers strike</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>Keepers on the northern coast walked out on 4 March 2019."
            "</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
            "<w:tbl>" + _cells("12 March 2019", "The union balloted its members.")
            + _cells("2 April 2019", "The coast guard took over three lighthouses.")
            + "</w:tbl>")
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                 '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>The last strike, '
                 'in 1987, lasted six weeks.</w:t></w:r></w:p></w:footnote>')
    endnotes = ('<w:endnote w:id="1"><w:p><w:r><w:t>The ministry answered the union on '
                '9 May 2019.</w:t></w:r></w:p></w:endnote>')
    make_docx(folder / "keepers.docx", body, footnotes, endnotes)
    run = cli("build", folder, "--json", tmp_path / "out.json", timeout=90)
    assert run.code == 0 and run.err == "" and run.seconds < 60
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [Path(a["path"]).name for a in data["articles"]] == ["keepers.docx"]
    assert load_file(folder / "keepers.docx").text == ("Lighthouse keepers strike\n\n"
                    "Keepers on the northern coast walked out on 4 March 2019.\n\n"
                    "12 March 2019\tThe union balloted its members.\n\n"
                    "2 April 2019\tThe coast guard took over three lighthouses.\n\n"
                    "The last strike, in 1987, lasted six weeks.\n\n"
                    "The ministry answered the union on 9 May 2019.")
    values = {e["value"] for e in data["events"]}
    assert {"2019-03-12", "2019-04-02", "1987", "2019-05-09"} <= values


def test_bombs_are_refused_within_seconds_in_little_memory_with_one_line(tmp_path):
    """A .docx unpacking to 200 MB took 2.5 GB and over 300 s; one unpacking to 2 GB
    exhausted memory; a PDF whose 400 pages share one 70 MB stream did not finish in
    10 minutes."""
    folder = tmp_path / "saved"
    story(folder)
    docx_bomb(folder / "unpacks-200mb.docx", 200)
    docx_bomb(folder / "unpacks-2gb.docx", 2048)
    docx_bomb(folder / "lies-about-size.docx", 200, claimed_mb=1)
    docx_of_many_paragraphs(folder / "endless-paragraphs.docx", 60)
    pdf_bomb(folder / "shared-stream.pdf", pages=400, stream_mb=70)
    pdf_bomb(folder / "one-huge-stream.pdf", pages=1, stream_mb=2048)
    assert sum(p.stat().st_size for p in folder.iterdir()) < 12 * 1024 * 1024
    run = cli("build", folder, "--json", tmp_path / "out.json", timeout=120,
              measure=tmp_path / "peak")
    assert run.code == 0
    assert run.err_lines == [
        f"skipped {folder / 'endless-paragraphs.docx'}: refused: more than 10,000,000 "
        f"characters of text",
        f"skipped {folder / 'lies-about-size.docx'}: not a readable Word document",
        f"skipped {folder / 'one-huge-stream.pdf'}: refused: page 1's content unpacks to "
        f"more than 8 MB (a decompression bomb?)",
        f"skipped {folder / 'shared-stream.pdf'}: refused: page 1's content unpacks to more "
        f"than 8 MB (a decompression bomb?)",
        f"skipped {folder / 'unpacks-200mb.docx'}: refused: word/document.xml unpacks to "
        f"more than 64 MB (a zip bomb?)",
        f"skipped {folder / 'unpacks-2gb.docx'}: refused: word/document.xml unpacks to more "
        f"than 64 MB (a zip bomb?)"]
    assert run.seconds < 60, run.seconds
    assert run.peak_mb < 700, run.peak_mb
    assert [a["path"] for a in exported_articles(tmp_path / "out.json")] == \
        [str(folder / "ferry.txt")]


def test_analysis_is_linear_in_text_length_with_no_line_breaks(tmp_path):
    """0.5 / 1 / 2 MB of prose on one line took 31 / 124 / 496 CPU-seconds: publication
    dating searched the whole "line" once per date. Four times the text must take about
    four times as long (quadratic work takes sixteen)."""
    from model.pipeline import build_chronology

    seconds = {}
    for size in (256 * 1024, 1024 * 1024):
        path = tmp_path / f"dump-{size}.txt"
        path.write_text(one_line_prose(size), encoding="utf-8")
        start = time.process_time()
        chron = build_chronology([path])
        seconds[size] = time.process_time() - start
        assert not chron.problems and len(chron.events) > size // 1000
    assert seconds[1024 * 1024] < 120, seconds
    assert seconds[1024 * 1024] < 8 * seconds[256 * 1024], seconds


def test_tag_refuses_to_write_into_its_input_folder(tmp_path):
    """`tag X X` overwrote the gold files."""
    gold = tmp_path / "gold"
    gold.mkdir()
    source = gold / "wire.tml"
    source.write_text('<?xml version="1.0"?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" '
                      'value="2019-03-04" functionInDocument="CREATION_TIME">March 4, 2019'
                      '</TIMEX3></DCT><TEXT>Crews walked out on Monday.</TEXT></TimeML>',
                      encoding="utf-8")
    before = source.read_bytes()
    (tmp_path / "alias").symlink_to(gold)
    refusals = {
        (gold, gold): f"error: {gold} is the input folder: tagging would overwrite its files",
        (gold, tmp_path / "alias"): f"error: {tmp_path / 'alias'} is the input folder: "
                                    f"tagging would overwrite its files",
        (gold, gold / "out"): f"error: {gold / 'out'} is inside the input folder {gold}",
        (gold, tmp_path): f"error: the input folder {gold} is inside {tmp_path}: tagging "
                          f"could overwrite its files",
    }
    for (in_dir, out_dir), message in refusals.items():
        run = cli("tag", in_dir, out_dir, timeout=60)
        assert run.code == 1
        assert run.err_lines == [message + "; choose an output folder outside the input "
                                           "folder"]
        assert run.seconds < 30
    assert source.read_bytes() == before
    assert sorted(p.name for p in gold.iterdir()) == ["wire.tml"]
    run = cli("tag", gold, tmp_path / "system", timeout=60)
    assert run.code == 0 and (tmp_path / "system" / "wire.tml").exists()
    assert source.read_bytes() == before
