"""The real main window, driven as a user would: select, click, zoom, export, drop, cancel."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gui.dialogs import ImageOptions
from gui.qt import (QApplication, QImage, QMimeData, QPoint, QPointF, QSettings, Qt, QTextCursor,
                    QUrl, QWheelEvent, QDragEnterEvent, QDropEvent)
from gui.paths import SAMPLES
from tests.gui_fixture import one_lane_frame, sample_chronology
from model.day import Day

WAIT_MS = 120_000


@lru_cache(maxsize=1)
def pipeline_ready() -> bool:
    """True once model.pipeline builds the samples end to end (else tests use the fixture)."""
    try:
        from model.pipeline import build_chronology
        chron = build_chronology([SAMPLES])
    except Exception:
        return False
    return any(e.value.startswith("2011") for e in chron.events)


needs_pipeline = pytest.mark.skipif("not pipeline_ready()", reason="model pipeline not ready")


@pytest.fixture
def window(qtbot, tmp_path):
    from gui.app import create_app
    create_app()
    from gui.main_window import MainWindow
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.ask_close = lambda: "discard"  # closing after an edit must not wait for a person
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    if pipeline_ready():
        win.load([str(SAMPLES)])
        qtbot.waitUntil(lambda: win.chronology is not None and not win.is_busy(), timeout=WAIT_MS)
    else:
        win.set_chronology(sample_chronology())
    yield win
    win.cancel()
    win.runner.wait(10_000)


def event_2011(win) -> str:
    return next(e.id for e in win.chronology.events if e.value.startswith("2011"))


def table_event(win) -> str | None:
    from gui.tables import ID_ROLE
    index = win.events_view.currentIndex()
    return win.events_proxy.data(index, ID_ROLE) if index.isValid() else None


def flat(text: str) -> str:
    return " ".join(text.replace("\u2029", " ").split())


def test_selecting_an_event_highlights_its_sentences_in_every_pane(window):
    eid = event_2011(window)
    window.selection.select(eid)
    event = window.chronology.event(eid)
    assert len(event.article_ids) >= 1
    for m in event.mentions:
        pane = window.panes[m.article_id]
        assert flat(m.sentence.text) in [flat(t) for t in pane.selected_text()]
    others = [p for aid, p in window.panes.items() if aid not in event.article_ids]
    assert all(not p.selected_text() for p in others)
    assert window.tabs.currentWidget().article.id in event.article_ids
    assert table_event(window) == eid


def test_clicking_a_time_expression_selects_its_event(window, qtbot):
    eid = event_2011(window)
    mention = window.chronology.event(eid).mentions[0]
    window.selection.clear()
    pane = window.panes[mention.article_id]
    window.tabs.setCurrentWidget(pane)
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(pane.position_of(mention.timex.start + 1))
    pane.text.setTextCursor(cursor)
    pane.text.ensureCursorVisible()
    qtbot.waitUntil(lambda: pane.text.viewport().rect().contains(pane.text.cursorRect(cursor)))
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=pane.text.cursorRect(cursor).center())
    assert window.selection.event_id == eid
    assert window.timeline.selection.event_id == eid
    assert table_event(window) == eid
    window.timeline.grab()
    assert window.timeline.event_rect(eid) is not None


def wheel(widget, x: float, notches: int) -> None:
    pos = QPointF(x, widget.height() / 3)
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_zooms_around_the_cursor_and_fit_all_restores(window):
    timeline = window.timeline
    window.fit_action.trigger()
    full = (timeline.viewport.t0, timeline.viewport.t1)
    x = timeline.width() * 0.7
    before = timeline.viewport.t_of(x)
    wheel(timeline, x, 3)
    assert timeline.viewport.span < full[1] - full[0]
    assert timeline.viewport.t_of(x) == pytest.approx(before, abs=1e-6)
    window.fit_action.trigger()
    assert (timeline.viewport.t0, timeline.viewport.t1) == pytest.approx(full)


def test_arrow_keys_step_through_events(window, qtbot):
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key_Right)
    first = window.selection.event_id
    qtbot.keyClick(window.timeline, Qt.Key_Right)
    assert window.selection.event_id not in ("", first)
    qtbot.keyClick(window.timeline, Qt.Key_Left)
    assert window.selection.event_id == first


def test_filter_words_narrow_table_and_timeline(window, qtbot):
    label = window.chronology.event(event_2011(window)).label
    word = max(label.split(), key=len)
    window.filters.text.setText(word)
    rows = window.events_proxy.rowCount()
    assert 1 <= rows < len(window.frame)
    assert len(window.timeline.data) == rows
    window.filters.text.clear()
    assert window.events_proxy.rowCount() == len(window.frame)


def test_side_by_side_shows_the_articles_of_the_event(window):
    eid = event_2011(window)
    window.side_action.trigger()
    window.selection.select(eid)
    shown = {window.side_by_side.widget(i).article.id for i in range(window.side_by_side.count())}
    assert set(window.chronology.event(eid).article_ids) <= shown
    window.side_action.trigger()
    assert window.tabs.count() == len(window.panes)


def test_exports_png_and_svg_that_parse(window, qtbot, tmp_path):
    pytest.importorskip("model.render")
    for name in ("timeline.png", "timeline.svg"):
        path = tmp_path / name
        window.export_image_to(ImageOptions(str(path), False, 8.0, 4.0, 80))
        qtbot.waitUntil(lambda: not window.is_busy(), timeout=WAIT_MS)
        assert path.exists(), window.status_label.text()
    assert not QImage(str(tmp_path / "timeline.png")).isNull()
    assert ET.parse(tmp_path / "timeline.svg").getroot().tag.endswith("svg")


@needs_pipeline
def test_dropping_a_file_adds_its_article(window, qtbot, tmp_path):
    extra = tmp_path / "extra-report.txt"
    extra.write_text("Reuters report\n\nOn 3 March 2015 Iraqi forces entered Tikrit, "
                     "officials said.\n", encoding="utf-8")
    before = len(window.chronology.articles)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(extra))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)  # Qt delivers drops only to the drag's target
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: not window.is_busy() and len(window.chronology.articles) > before,
                    timeout=WAIT_MS)
    assert any(Path(a.path).name == extra.name for a in window.chronology.articles)


@needs_pipeline
def test_cancelling_a_load_leaves_the_app_usable(window, qtbot, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.txt")]
    for i in range(150):
        (tmp_path / f"copy-{i:03d}.txt").write_text(f"Copy {i}\n\n" + texts[i % len(texts)],
                                                    encoding="utf-8")
    before = window.chronology
    window.load([str(tmp_path)])
    assert window.is_busy() and window.cancel_button.isVisible()
    qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    assert not window.is_busy()
    assert window.chronology is before
    window.selection.select(event_2011(window))
    window.fit_action.trigger()
    window.load([str(SAMPLES)])
    qtbot.waitUntil(lambda: not window.is_busy() and window.chronology is not before,
                    timeout=WAIT_MS)
    assert len(window.chronology.articles) == 5


def test_dense_timeline_paints_density_and_clusters(qtbot):
    from gui.selection import Selection
    from gui.timeline_widget import TimelineWidget
    n = 20_000
    start = pd.Series(Day.of(1900, 1, 1).ordinal + np.random.default_rng(1).integers(
        0, 40_000, n))
    frame = one_lane_frame(start)
    timeline = TimelineWidget(Selection())
    qtbot.addWidget(timeline)
    timeline.resize(1000, 300)
    timeline.show()
    qtbot.waitExposed(timeline)
    timeline.set_events(frame, [("a", "A")], fit=True)
    timeline.grab()
    clusters = [h for h in timeline._hits if h.index < 0]
    assert clusters
    span = timeline.viewport.span
    cluster = clusters[0]
    qtbot.mouseClick(timeline, Qt.LeftButton, pos=cluster.rect.center().toPoint())
    assert timeline.viewport.span < span


def test_desktop_entry_validates_and_runs_this_interpreter(tmp_path):
    from gui.desktop import desktop_entry, exec_program
    entry = desktop_entry()
    path = tmp_path / "timeline-explorer.desktop"
    path.write_text(entry, encoding="utf-8")
    assert Path(exec_program(entry)).exists()
    assert "main.py" in entry
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate not installed")
    for checked in (path, SAMPLES.parent / "timeline-explorer.desktop"):
        result = subprocess.run([validator, str(checked)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@needs_pipeline
def test_editing_a_publication_date_redates_off_thread(window, qtbot):
    from datetime import date
    article = window.chronology.articles[-1]
    before = window.chronology
    window.set_publication_date(article.id, date(2014, 1, 7))
    qtbot.waitUntil(lambda: not window.is_busy() and window.chronology is not before,
                    timeout=WAIT_MS)
    changed = window.chronology.article(article.id)
    assert changed.published == date(2014, 1, 7) and changed.published_basis == "given"
    assert window.articles_model.articles[-1].published == date(2014, 1, 7)


@needs_pipeline
def test_a_load_shows_partial_results_and_cancel_puts_the_old_ones_back(window, qtbot,
                                                                         tmp_path,
                                                                         monkeypatch):
    import threading
    from model.progress import Previews
    released = threading.Event()

    class HeldPreviews(Previews):
        """The second preview waits until the test has looked and cancelled."""
        runs = 0

        def run(self, make):
            HeldPreviews.runs += 1
            if HeldPreviews.runs == 2:
                released.wait(60)
            return super().run(make)

    monkeypatch.setattr("model.project.Previews", lambda: HeldPreviews(gap=0.0, share=10.0))
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.txt")]
    for i in range(60):
        (tmp_path / f"copy-{i:03d}.txt").write_text(f"Copy {i}\n\n" + texts[i % len(texts)],
                                                    encoding="utf-8")
    shown = {e.id for e in window.chronology.events}
    window.load([str(tmp_path)])
    qtbot.waitUntil(lambda: window._showing_partial, timeout=WAIT_MS)
    assert window.is_busy() and 0 < len(window.chronology.articles) < 60
    qtbot.waitUntil(lambda: "Dating and analysing articles:" in window.status_label.text(),
                    timeout=WAIT_MS)
    assert len(window.frame) == len(window.chronology.events) > 0
    qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    released.set()
    assert not window.is_busy()
    assert len(window.chronology.articles) == 5
    assert {e.id for e in window.chronology.events} == shown


def test_tables_in_the_order_asked_for_are_not_sorted_again(qtbot):
    """The events come in date order: sorting by date leaves them so without comparing
    rows through Python (seconds for an archive); other orders are still sorted."""
    from gui.tables import SORT_ROLE, EventsFilterProxy, EventsTableModel
    from gui.view_state import events_frame
    chron = sample_chronology()
    model, proxy = EventsTableModel(), EventsFilterProxy()
    proxy.setSourceModel(model)
    model.set_frame(events_frame(chron))
    asked = []
    real = model.sort_keys
    model.sort_keys = lambda column: asked.append(column) or real(column)

    def shown(column):
        return [proxy.data(proxy.index(r, column), SORT_ROLE) for r in range(proxy.rowCount())]
    n = model.rowCount()
    assert n > 5
    proxy.sort(0, Qt.AscendingOrder)
    assert len(asked) <= 1 and proxy.sortColumn() == 0
    assert [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(n)] == list(range(n))
    proxy.sort(1, Qt.AscendingOrder)
    assert shown(1) == sorted(shown(1)) and len(asked) > n
    proxy.sort(0, Qt.DescendingOrder)
    assert shown(0) == sorted(shown(0), reverse=True) and proxy.sortOrder() == Qt.DescendingOrder
    asked.clear()
    proxy.sort(0, Qt.AscendingOrder)
    model.set_frame(events_frame(chron))  # a new frame, in date order again
    assert len(asked) <= 3
    assert [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(n)] == list(range(n))
