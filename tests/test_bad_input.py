"""Issue #7 end to end: a folder of bad files beside good ones, through the CLI and the GUI."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bad_corpus import build as build_bad_corpus
from model.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad") / "saved"
    bad, good = build_bad_corpus(folder)
    return folder, bad, good


def test_build_names_each_bad_file_and_keeps_the_good_ones(corpus, tmp_path, capsys,
                                                           no_network):
    folder, bad, good = corpus
    out_json = tmp_path / "out.json"
    assert main(["build", str(folder), "--no-cache", "--json", str(out_json),
                 "--image", str(tmp_path / "out.png")]) == 0
    out, err = capsys.readouterr()
    skipped = {}
    for line in err.splitlines():
        assert line.startswith("skipped "), line
        path, reason = line[len("skipped "):].split(": ", 1)
        skipped[Path(path).name] = reason
    assert skipped == bad
    data = json.loads(out_json.read_text())
    loaded = {Path(a["path"]).name for a in data["articles"]}
    assert loaded == good
    values = {e["value"] for e in data["events"]}
    assert {"2015-03-03", "2015-05-01", "2015-04-02"} <= values, values
    assert not [v for v in values if v.startswith(("10000", "2014-02-30", "2015-13"))]
    assert not [e for e in data["events"] if "1,300" in e["label"] or "$2015" in e["label"]]
    assert (tmp_path / "out.png").stat().st_size > 0


def test_build_in_a_fresh_process_exits_0_without_a_traceback(corpus, tmp_path):
    folder, bad, _ = corpus
    env = dict(os.environ, TIMELINE_EXPLORER_CACHE_DIR=str(tmp_path / "cache"))
    run = subprocess.run([sys.executable, "-m", "model", "build", str(folder)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert len(run.stderr.strip().splitlines()) == len(bad)
    assert "articles loaded:" in run.stdout


def test_gui_lists_the_same_files_and_stays_usable(corpus, qtbot, tmp_path, no_network):
    from gui.app import create_app
    from gui.qt import QSettings
    create_app()
    from gui.main_window import MainWindow
    folder, bad, good = corpus
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.load([str(folder)])
    qtbot.waitUntil(lambda: win.chronology is not None and not win.is_busy(), timeout=120_000)
    listed = {win.problems.item(i).text() for i in range(win.problems.count())}
    assert listed == {f"{name}: {reason}" for name, reason in bad.items()}
    assert win.problems_dock.isVisible() and not win.problems_dock.isFloating()
    assert {Path(a.path).name for a in win.chronology.articles} == good
    bridge = next(e for e in win.chronology.events if e.value == "2015-04-02")
    win.selection.select(bridge.id)
    assert win.selection.event_id == bridge.id
    page = next(a for a in win.chronology.articles if Path(a.path).name == "bridge.html")
    pane = win.panes[page.id]
    shown = pane.findChildren(type(pane.text))[0] if hasattr(pane, "text") else None
    assert "images.example.invalid" not in page.text
    win.grab()
    # The panes are plain-text views: nothing in the window can fetch a remote resource,
    # and Qt's network module is never even loaded.
    assert "PySide6.QtNetwork" not in sys.modules
    assert "PySide6.QtWebEngineWidgets" not in sys.modules
    del shown
