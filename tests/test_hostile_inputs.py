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
import re
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
from model.filenames import path_text
from model.loaders import load_file, load_paths

ROOT = Path(__file__).resolve().parent.parent
STORY = ("Ferry crews strike\n\n"
         "Ferry crews on the island routes walked out on 4 March 2019 over pay. "
         "The operator cancelled every crossing on 6 March 2019.\n")
#: A child that reports its own peak memory (kilobytes) to the file $PEAK_FILE.
#: The child's own peak (VmHWM, in kB): getrusage's ru_maxrss would count the parent's size
#: at fork too, and pytest's process grows to hundreds of MB over the suite.
_MEASURED = ("import os, re, sys\n"
             "from model.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "status = open('/proc/self/status').read()\n"
             "peak = re.search(r'VmHWM:\\s+(\\d+)', status).group(1)\n"
             "with open(os.environ['PEAK_FILE'], 'w') as f:\n"
             "    f.write(peak)\n"
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


def test_file_names_that_are_not_text_survive_every_output_and_print_escaped(tmp_path, qtbot):
    """A Latin-1 name made the JSON export fail and `build --project` save nothing; a
    newline, an ANSI escape or a bidi override in a name reached the terminal raw."""
    folder = tmp_path / os.fsdecode(b"dossier-\xe9t\xe9")  # the folder's name too
    folder.mkdir()
    text_folder = path_text(folder)
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
    from model.project import Project
    assert Project.open(project).sources == [str(folder)]  # its own bytes, to read again
    skipped = [f"skipped {text_folder}/empty\\nforged line.txt: empty file",
               f"skipped {text_folder}/empty\\u202e.txt: empty file",
               f"skipped {text_folder}/empty\\xe9\\x1b[2J.txt: empty file"]
    assert build.err_lines == skipped
    assert again.err_lines == skipped  # an ASCII terminal gets escapes, not a traceback
    expected = {f"{text_folder}/{n}" for n in ("caf\\xe9.txt", "two\nlines.txt", "red\x1b[31m.txt",
                                          "order\u202etxt.exe.txt", "plain.txt")}
    assert {a["path"] for a in exported_articles(outputs / "a.json")} == expected
    assert {a["path"] for a in exported_articles(outputs / "p.json")} == expected
    assert (outputs / "a.csv").read_text(encoding="utf-8").count("\n") > 1
    assert json.loads((outputs / "tl.json").read_text(encoding="utf-8"))["events"]
    assert len(list((outputs / "timeml").iterdir())) == 5
    assert (outputs / "a.svg").stat().st_size > 0
    win = _window(qtbot, tmp_path, "names")
    win.load([str(folder)])
    qtbot.waitUntil(lambda: win.chronology is not None and not win.is_busy(), timeout=120_000)
    assert [win.problems.item(i).text() for i in range(win.problems.count())] == \
        [line.rsplit("/", 1)[1] for line in skipped]
    assert len(win.chronology.articles) == 5


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


# -- Projects -----------------------------------------------------------------------------

STORY_TWO = ("Bridge tolls rise\n\n"
             "The bridge authority raised tolls on 2 June 2018 after a vote by its board. "
             "Drivers protested outside the toll plaza on 9 June 2018.\n")


def project_of(tmp_path: Path, *texts: tuple[str, str]) -> Path:
    """A project built by the command line from (file name, text) articles."""
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "story.tlx"
    run = cli("build", folder, "--project", path)
    assert run.code == 0, run.err
    return path


def articles_in(project: Path, tmp_path: Path) -> set[str]:
    out = tmp_path / f"export-{time.monotonic_ns()}.json"
    run = cli("export", project, "--json", out)
    assert run.code == 0, run.err
    return {Path(a["path"]).name for a in exported_articles(out)}


def test_writers_take_a_lock_and_a_second_one_waits_or_is_refused(tmp_path):
    """Two `build --project` at once kept only one writer's articles, or failed with a
    misleading message because each save deleted the other's temporary file."""
    from model.locks import FileLock

    project = project_of(tmp_path, ("ferry.txt", STORY))
    before = project.read_bytes()
    second = tmp_path / "second"
    story(second, "bridge.txt").write_text(STORY_TWO, encoding="utf-8")
    with FileLock(project, wait=0):
        refused = cli("build", second, "--project", project)
    assert refused.code == 1
    assert refused.err_lines == [
        f"error: {project} is being written by another Timeline Explorer: process "
        f"{os.getpid()} ({Path(sys.argv[0]).name}"
        + (f" {sys.argv[1]}" if len(sys.argv) > 1 else "")
        + f", since {refused.err.split('since ')[1].split(')')[0]}); try again when it has "
        f"finished"]
    assert 2 < refused.seconds < 60
    assert project.read_bytes() == before

    # Many writers at once, each allowed to wait: all their articles are kept.
    folders = []
    for i in range(4):
        folder = tmp_path / f"batch-{i}"
        folder.mkdir()
        (folder / f"note-{i}.txt").write_text(STORY_TWO.replace("2 June", f"{i + 2} July"),
                                             encoding="utf-8")
        folders.append(folder)
    env = dict(os.environ, TIMELINE_EXPLORER_CACHE_DIR="off",
               TIMELINE_EXPLORER_LOCK_WAIT="240")
    start = time.monotonic()
    runs = [subprocess.Popen([sys.executable, "-m", "model", "build", str(f), "--project",
                              str(project)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for f in folders]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, [e for _, e in results]
    assert all(b"Traceback" not in err for _, err in results)
    assert time.monotonic() - start < 240
    assert articles_in(project, tmp_path) == {"ferry.txt"} | {f"note-{i}.txt"
                                                              for i in range(4)}
    assert not list(tmp_path.glob(".story.tlx.*"))


def test_a_dead_writers_lock_is_taken_over_and_live_temporary_files_are_kept(tmp_path):
    project = project_of(tmp_path, ("ferry.txt", STORY))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from model.locks import FileLock; FileLock(sys.argv[2]).acquire();"
         "print('locked', flush=True); time.sleep(600)", str(ROOT), str(project)],
        stdout=subprocess.PIPE)
    assert holder.stdout.readline() == b"locked\n"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        holder.kill()
        holder.wait()
        assert (tmp_path / ".story.tlx.lock").exists()  # left by the killed writer
        live = tmp_path / f".story.tlx.{sleeper.pid}-0123456789ab.tmp"
        live.write_bytes(b"another process's save in progress")
        dead = tmp_path / f".story.tlx.{holder.pid}-0123456789ab.tmp"
        dead.write_bytes(b"left by a killed save")
        second = tmp_path / "second"
        story(second, "bridge.txt").write_text(STORY_TWO, encoding="utf-8")
        run = cli("build", second, "--project", project)
        assert run.code == 0 and run.err == "" and run.seconds < 60
        assert live.read_bytes() == b"another process's save in progress"
        assert not dead.exists()
        assert articles_in(project, tmp_path) == {"ferry.txt", "bridge.txt"}
    finally:
        sleeper.kill()
        sleeper.wait()


def _window(qtbot, tmp_path: Path, name: str):
    from gui.app import create_app
    from gui.qt import QSettings
    create_app()
    from gui.main_window import MainWindow
    win = MainWindow(QSettings(str(tmp_path / f"{name}.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.ask_close = lambda: "discard"
    win.show()
    return win


def _open(qtbot, win, path: Path) -> None:
    win.open_project_path(str(path))
    qtbot.waitUntil(lambda: win.project is not None and not win.is_busy(), timeout=120_000)


def _rename(win, value: str, label: str) -> str:
    event = next(e for e in win.project.events if e.value == value)
    win.selection.select(event.id)
    win.ask_label = lambda current: label
    win.rename_action.trigger()
    return event.id


def _labels(path: Path) -> dict[str, str]:
    from model.project import Project
    return {e.value: e.label for e in Project.open(path).events}


def test_two_windows_on_one_project_never_drop_each_others_edits(qtbot, tmp_path):
    """Two windows on one project: the second save dropped the first window's edit."""
    project = project_of(tmp_path, ("ferry.txt", STORY), ("bridge.txt", STORY_TWO))
    first, second = _window(qtbot, tmp_path, "first"), _window(qtbot, tmp_path, "second")
    _open(qtbot, first, project)
    _open(qtbot, second, project)
    _rename(first, "2019-03-04", "Crews strike")
    _rename(second, "2018-06-02", "Tolls raised")
    start = time.monotonic()
    assert first.save_project(wait=True)
    asked = []
    second.ask_changed_on_disk = lambda path: asked.append(path) or "reload"
    assert second.save_project(wait=True)
    assert asked == [str(project)]
    labels = _labels(project)
    assert labels["2019-03-04"] == "Crews strike" and labels["2018-06-02"] == "Tolls raised"
    assert not second.project.unsaved_edits and "*" not in second.windowTitle()

    # The first window is now the stale one: it is asked too, and may save elsewhere.
    _rename(first, "2018-06-09", "Drivers protest")
    elsewhere = tmp_path / "mine.tlx"
    first.ask_changed_on_disk = lambda path: "save_as"
    first.ask_save_path = lambda: str(elsewhere)
    assert first.save_project(wait=True)
    assert _labels(project)["2018-06-02"] == "Tolls raised"
    assert "2018-06-09" not in _labels(project) or \
        _labels(project)["2018-06-09"] != "Drivers protest"
    assert _labels(elsewhere)["2018-06-09"] == "Drivers protest"
    cancelled = []
    second.ask_changed_on_disk = lambda path: cancelled.append(path) or "cancel"
    _rename(second, "2019-03-06", "Crossings cancelled")
    os.utime(project, ns=(1, 1))  # another program rewrote the file
    assert not second.save_project(wait=True)
    assert cancelled and second.project.unsaved_edits  # nothing written, nothing lost
    assert time.monotonic() - start < 120


def test_one_windows_saves_in_quick_succession_are_not_taken_for_a_stranger(qtbot,
                                                                            tmp_path):
    project = project_of(tmp_path, ("ferry.txt", STORY), ("bridge.txt", STORY_TWO))
    win = _window(qtbot, tmp_path, "quick")
    _open(qtbot, win, project)
    asked = []
    win.ask_changed_on_disk = lambda path: asked.append(path) or "cancel"
    start = time.monotonic()
    for value, label in (("2019-03-04", "Crews strike"), ("2018-06-02", "Tolls raised"),
                         ("2018-06-09", "Drivers protest")):
        _rename(win, value, label)
        assert win.save_project()
    qtbot.waitUntil(lambda: not win.is_saving(), timeout=60_000)
    assert asked == [] and not win.project.unsaved_edits
    labels = _labels(project)
    assert [labels[v] for v in ("2019-03-04", "2018-06-02", "2018-06-09")] == \
        ["Crews strike", "Tolls raised", "Drivers protest"]
    assert time.monotonic() - start < 60


def test_model_two_projects_on_one_file_refuse_a_blind_overwrite(tmp_path):
    from model.edits import Decision
    from model.project import Project, ProjectChangedError
    path = project_of(tmp_path, ("ferry.txt", STORY), ("bridge.txt", STORY_TWO))
    one, two = Project.open(path), Project.open(path)
    for project, value, label in ((one, "2019-03-04", "Crews strike"),
                                  (two, "2018-06-02", "Tolls raised")):
        event = next(e for e in project.events if e.value == value)
        project.apply(Decision("rename", project.anchors(event.id), payload={"label": label}))
    one.save()
    with pytest.raises(ProjectChangedError, match="changed on disk since it was opened"):
        two.save()
    merged, report = two.reloaded()
    assert len(report.decisions) == 1 and not report.unapplied
    merged.save()
    assert {_labels(path)[v] for v in ("2019-03-04", "2018-06-02")} == {"Crews strike",
                                                                       "Tolls raised"}


@pytest.mark.parametrize("error, cause", [
    (OSError(30, "Read-only file system"), "Read-only file system"),
    (OSError(28, "No space left on device"), "No space left on device"),
    (OSError(13, "Permission denied"), "Permission denied")])
def test_a_failed_save_keeps_the_window_and_the_edits_and_offers_save_as(
        qtbot, tmp_path, monkeypatch, error, cause):
    """Close → Save on a read-only file system: the error escaped, the window closed and
    the edit was gone."""
    from model import project as project_module
    path = project_of(tmp_path, ("ferry.txt", STORY))
    before = path.read_bytes()
    win = _window(qtbot, tmp_path, "win")
    _open(qtbot, win, path)
    _rename(win, "2019-03-04", "Crews strike")

    failing = [True]

    def fail(stage):
        if failing:
            raise error

    monkeypatch.setattr(project_module, "_checkpoint", fail)
    offered = []
    win.ask_close = lambda: "save"
    win.ask_save_failed = lambda message: offered.append(message) or False
    start = time.monotonic()
    assert not win.close()
    assert offered == [f"cannot save {path}: {cause}"]
    assert win.isVisible() and win.project.unsaved_edits
    assert any(e.label == "Crews strike" for e in win.project.events)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".story.tlx.*.tmp"))

    elsewhere = tmp_path / "rescued.tlx"
    win.ask_save_failed = lambda message: offered.append(message) or not failing.clear()
    win.ask_save_path = lambda: str(elsewhere)
    assert win.close()
    assert len(offered) == 2 and path.read_bytes() == before
    assert _labels(elsewhere)["2019-03-04"] == "Crews strike"
    assert time.monotonic() - start < 60


def test_sqlite_save_errors_name_their_cause(tmp_path, monkeypatch):
    import sqlite3

    from model import project as project_module
    from model.project import save_failure
    target = tmp_path / "story.tlx"
    assert save_failure(sqlite3.OperationalError("database or disk is full"), target) == \
        "No space left on device"

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(project_module.os, "statvfs", lambda folder: ReadOnly)
    assert save_failure(sqlite3.OperationalError("unable to open database file"), target) == \
        "Read-only file system"


def test_recovery_files_are_known_by_session_lock_not_by_process_id(tmp_path, monkeypatch):
    """An autosave was never offered again once its process id was reused (a reboot)."""
    from gui import recovery
    monkeypatch.setenv(recovery.RECOVERY_ENV, str(tmp_path))
    session = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from gui import recovery; path = recovery.new_recovery_file();"
         "recovery.claim(path); path.write_bytes(b'edits');"
         "print(path, flush=True); time.sleep(600)", str(ROOT)],
        stdout=subprocess.PIPE, env=dict(os.environ, **{recovery.RECOVERY_ENV: str(tmp_path)}))
    reused = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        live = Path(session.stdout.readline().decode().strip())
        start = time.monotonic()
        assert live.exists() and live not in recovery.recovery_files()
        # A crashed session whose process id now belongs to another running program.
        crashed = tmp_path / f"autosave-{reused.pid}-00112233aabb.tlx"
        crashed.write_bytes(b"edits")
        crashed.with_suffix(".lock").write_bytes(b"")
        assert recovery.recovery_files() == [crashed]
        session.kill()
        session.wait()
        assert set(recovery.recovery_files()) == {crashed, live}
        assert recovery.claim(live) and live not in recovery.recovery_files()
        assert time.monotonic() - start < 30
    finally:
        reused.kill()
        reused.wait()
        session.kill()
        session.wait()
        recovery.remove(live)


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"


def _tampered(path: Path, name: str, *statements: str) -> Path:
    import sqlite3
    copy = path.with_name(name)
    copy.write_bytes(path.read_bytes())
    con = sqlite3.connect(copy)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return copy


def test_opening_a_project_never_runs_what_it_stores(qtbot, tmp_path):
    """A trigger or view stored in a .tlx ran when it was opened: an endless one hung
    `export` and the window."""
    path = project_of(tmp_path, ("ferry.txt", STORY))
    trigger = _tampered(path, "trigger.tlx",
                        f"CREATE TRIGGER endless AFTER INSERT ON meta BEGIN {ENDLESS}; END",
                        f"CREATE TRIGGER endless2 BEFORE UPDATE ON meta BEGIN {ENDLESS}; END",
                        f"CREATE VIEW endless_view AS {ENDLESS}")
    view = _tampered(path, "view.tlx", "ALTER TABLE events RENAME TO events_kept",
                     f"CREATE VIEW events AS SELECT 0 AS position, ({ENDLESS}) AS record")
    computed = _tampered(path, "computed.tlx", "DROP TABLE problems",
                         f"CREATE TABLE problems (path TEXT, message TEXT GENERATED ALWAYS "
                         f"AS (zeroblob(1000000000)) VIRTUAL)")
    ok = cli("export", trigger, "--json", tmp_path / "ok.json", timeout=60)
    assert ok.code == 0 and ok.err == "" and ok.seconds < 30
    assert [Path(a["path"]).name for a in exported_articles(tmp_path / "ok.json")] == \
        ["ferry.txt"]
    for bad, message in (
            (view, "'events' is a view, not a table (a project file never runs what it "
                   "stores)"),
            (computed, "column problems.message is computed (a project file never runs "
                       "what it stores)")):
        run = cli("export", bad, "--json", tmp_path / "bad.json", timeout=60)
        assert run.code == 1 and run.seconds < 30
        assert run.err_lines == [f"error: {bad}: the project file is damaged: {message}"]
        assert not (tmp_path / "bad.json").exists()
    win = _window(qtbot, tmp_path, "win")
    start = time.monotonic()
    _open(qtbot, win, trigger)
    assert [a.id for a in win.project.articles] == ["ferry"]
    _open(qtbot, win, view)
    assert win.project.path == trigger and "view.tlx" in win.last_error
    assert time.monotonic() - start < 60


_DECISION = "INSERT INTO decisions (seq, kind, target, other, payload, created) VALUES "


@pytest.mark.parametrize("statement, problem", [
    (_DECISION + "(9, 'rename', '[]', '[]', '{}', '')", "decision 1: rename: payload has no "
                                                        "'label'"),
    (_DECISION + "(9, 'rename', '[]', '[]', '[1, 2]', '')",
     "decision 1: rename: the payload is not a set of values"),
    (_DECISION + "(9, 'redate', '[]', '[]', '{\"start\": \"2019-05-02\", \"end\": "
                 "\"2019-05-01\"}', '')", "decision 1: redate: the end date is before the "
                                          "start date"),
    (_DECISION + "(9, 'reject', '[[\"h\", \"x\", 3]]', '[]', '{}', '')",
     "decision 1: not an anchor: ['h', 'x', 3]"),
    (_DECISION + "(9, 'explode', '[]', '[]', '{}', '')", "decision 1: unknown kind 'explode'"),
    (_DECISION + "(9, 'rename', '[]', '[]', 'not json', '')",
     "decision 1: JSONDecodeError: Expecting value: line 1 column 1 (char 0)"),
    ("UPDATE articles SET record = json_set(record, '$.title', 5)",
     "article 1: title: int is not str"),
    ("UPDATE articles SET record = json_set(record, '$.boilerplate', json('[[0, 999999]]'))",
     "article 1: boilerplate span 0–999999 lies outside its text (145 characters)"),
    ("UPDATE events SET record = json_set(record, '$.mentions[0].article_id', 'ghost')",
     re.compile(r"event 1: mention '[^']+' names an article not in the project \('ghost'\)"
                r" \(and \d+ more problems?\)")),
    ("UPDATE analyses SET record = json_remove(record, '$.mentions')",
     "extraction of 'ferry': KeyError: 'mentions' (and 1 more problem)"),
])
def test_malformed_records_and_decisions_are_named_in_one_line(tmp_path, statement, problem):
    """A malformed decision gave a traceback or "Opening project failed: KeyError"."""
    path = project_of(tmp_path, ("ferry.txt", STORY))
    bad = _tampered(path, "bad.tlx", statement)
    run = cli("export", bad, "--json", tmp_path / "out.json", timeout=60)
    assert run.code == 1 and run.seconds < 30
    expected = problem if isinstance(problem, re.Pattern) else re.compile(re.escape(problem))
    assert len(run.err_lines) == 1
    assert re.fullmatch(re.escape(f"error: {bad}: the project file is damaged: ")
                        + expected.pattern, run.err_lines[0]), run.err
    assert not (tmp_path / "out.json").exists()
    assert cli("export", path, "--json", tmp_path / "out.json").code == 0


# -- Install ------------------------------------------------------------------------------

def test_resources_are_found_in_an_installed_copy_and_missing_ones_say_so(tmp_path,
                                                                          monkeypatch):
    """An installed copy lacked resources/ and blamed every article for it."""
    import shutil

    from model import resources
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "resources", site / resources.PACKAGE)
    monkeypatch.setattr(resources, "_CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.syspath_prepend(str(site))
    resources.resources_root.cache_clear()
    try:
        assert resources.resource_path("tagger", "rules.toml") == \
            site / resources.PACKAGE / "tagger" / "rules.toml"
        monkeypatch.setattr(resources, "find_spec", lambda name: None)  # not installed
        resources.resources_root.cache_clear()
        with pytest.raises(resources.ResourcesMissing, match="reinstall Timeline Explorer"):
            resources.resources_root()
    finally:
        resources.resources_root.cache_clear()


def test_impossible_days_are_not_dates_and_year_9999_keeps_its_year(tmp_path):
    folder = tmp_path / "dates"
    folder.mkdir()
    (folder / "odd.txt").write_text(
        "Odd dates\n\nMarch 3, 2023\n\nThe festival was moved to Feb 29 2023 by mistake. "
        "The old charter ran until 31 April 2023. The time capsule opens on December 31, "
        "9999, the trustees said.\n", encoding="utf-8")
    run = cli("build", folder, "--json", tmp_path / "out.json", timeout=120)
    assert run.code == 0
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    values = {e["value"] for e in data["events"]}
    starts = {e["start"] for e in data["events"]}
    assert not any(v.startswith(("2024-02-29", "2023-02-29", "2023-04-31")) for v in values)
    assert "9999-12-31" in starts, values
