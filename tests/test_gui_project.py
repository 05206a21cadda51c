"""Projects in the window: edits through the undo stack, save/open, autosave, search.

Every edit is made through the window's actions with the question it would ask answered
by the test (the ``ask_*`` methods), then undone and redone through the undo stack.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from gui.paths import SAMPLES
from gui.qt import QDate, QItemSelectionModel, QSettings, Qt
from gui.search_panel import HIT_ROLE
from model.day import Day
from model.types import Interval

WAIT_MS = 120_000


def make_window(qtbot, tmp_path, load=True):
    from gui.app import create_app
    create_app()
    from gui.main_window import MainWindow
    win = MainWindow(QSettings(str(tmp_path / f"settings-{id(tmp_path)}.ini"),
                               QSettings.IniFormat))
    qtbot.addWidget(win)
    win.ask_close = lambda: "discard"
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    if load:
        win.load([str(SAMPLES)])
        qtbot.waitUntil(lambda: win.chronology is not None and not win.is_busy(),
                        timeout=WAIT_MS)
    return win


@pytest.fixture
def window(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    yield win
    win.cancel()
    win.runner.wait(10_000)


def withdrawal(win) -> str:
    return next(e.id for e in win.chronology.events if e.value == "2011")


def table_cell(win, event_id: str, column: int) -> str | None:
    row = win.events_model.row_of(event_id)
    return None if row < 0 else win.events_model.data(win.events_model.index(row, column))


def timeline_label(win, event_id: str) -> str | None:
    data = win.timeline.data
    return data.labels[data.index_of[event_id]] if event_id in data.index_of else None


def undo(win) -> None:
    assert win.undo_action.isEnabled()
    win.undo_action.trigger()


def redo(win) -> None:
    assert win.redo_action.isEnabled()
    win.redo_action.trigger()


def test_rename_shows_everywhere_and_undo_redo_restore(window):
    eid = withdrawal(window)
    old = window.chronology.event(eid).label
    window.selection.select(eid)
    window.ask_label = lambda current: "Last US troops leave Iraq"
    window.rename_action.trigger()
    assert table_cell(window, eid, 1) == "Last US troops leave Iraq"
    assert timeline_label(window, eid) == "Last US troops leave Iraq"
    assert window.selection.event_id == eid
    assert "*" in window.windowTitle()
    assert window.undo_action.text() == 'Undo Rename to "Last US troops leave Iraq"'
    undo(window)
    assert table_cell(window, eid, 1) == old and timeline_label(window, eid) == old
    redo(window)
    assert table_cell(window, eid, 1) == "Last US troops leave Iraq"
    assert timeline_label(window, eid) == "Last US troops leave Iraq"


def test_change_date_moves_the_event_and_undo_redo(window):
    eid = withdrawal(window)
    window.selection.select(eid)
    before = table_cell(window, eid, 0)
    window.ask_interval = lambda interval, label: Interval(Day.of(2011, 12, 18),
                                                           date(2011, 12, 18), "day")
    window.redate_action.trigger()
    assert table_cell(window, eid, 0) == "18 Dec 2011"
    row = window.timeline.data.frame.set_index("id").loc[eid]
    assert Day(int(row["start"])) == Day.of(2011, 12, 18) == Day(int(row["end"]))
    assert window.selection.event_id == eid
    undo(window)
    assert table_cell(window, eid, 0) == before == "2011"
    redo(window)
    assert table_cell(window, eid, 0) == "18 Dec 2011"


def select_rows(win, event_ids) -> None:
    view, proxy, model = win.events_view, win.events_proxy, win.events_model
    view.clearSelection()
    for eid in event_ids:  # as ctrl+click does: add the row, make it current
        index = proxy.mapFromSource(model.index(model.row_of(eid), 0))
        view.selectionModel().select(index, QItemSelectionModel.Select
                                     | QItemSelectionModel.Rows)
        view.selectionModel().setCurrentIndex(index, QItemSelectionModel.NoUpdate)


def test_merge_two_selected_events_undo_redo(window):
    first = withdrawal(window)
    second = next(e.id for e in window.chronology.events if e.value == "2007")
    n_first = len(window.chronology.event(first).mentions)
    count = len(window.frame)
    select_rows(window, [first, second])
    assert window.selected_event_ids() == [first, second]
    assert window.merge_action.isEnabled()
    window.merge_action.trigger()
    assert len(window.frame) == count - 1
    assert table_cell(window, second, 1) is None and timeline_label(window, second) is None
    assert len(window.chronology.event(first).mentions) == n_first + 1
    assert window.selection.event_id == first
    undo(window)
    assert len(window.frame) == count and table_cell(window, second, 1) is not None
    assert len(window.chronology.event(first).mentions) == n_first
    redo(window)
    assert len(window.frame) == count - 1
    assert len(window.chronology.event(first).mentions) == n_first + 1


def test_split_a_mention_from_the_pane_menu_undo_redo(window):
    eid = withdrawal(window)
    event = window.chronology.event(eid)
    mention = next(m for m in event.mentions if m.article_id.startswith("voa"))
    count, n = len(window.frame), len(event.mentions)
    window.selection.select(eid)
    pane = window.panes[mention.article_id]
    actions = {a.text(): a for a in window.pane_menu_actions(pane, mention.timex.start + 1)}
    split = actions["Split mention into its own event"]
    assert split.isEnabled()
    split.trigger()
    new = window.selection.event_id
    assert new != eid and len(window.frame) == count + 1
    assert [m.id for m in window.chronology.event(new).mentions] == [mention.id]
    assert len(window.chronology.event(eid).mentions) == n - 1
    assert timeline_label(window, new) == mention.label
    assert any(mention.sentence.text.split()[0] in t for t in pane.selected_text())
    undo(window)
    assert len(window.frame) == count and len(window.chronology.event(eid).mentions) == n
    assert window.selection.event_id == eid
    redo(window)
    assert len(window.frame) == count + 1 and window.selection.event_id == new


def test_reject_hides_the_event_and_show_rejected_brings_it_back(window):
    eid = withdrawal(window)
    window.selection.select(eid)
    window.reject_action.trigger()
    assert table_cell(window, eid, 1) is None and timeline_label(window, eid) is None
    undo(window)
    assert table_cell(window, eid, 1) is not None and timeline_label(window, eid) is not None
    redo(window)
    assert table_cell(window, eid, 1) is None
    window.show_rejected_action.trigger()
    row = window.events_model.row_of(eid)
    assert row >= 0
    font = window.events_model.data(window.events_model.index(row, 1), Qt.FontRole)
    assert font.strikeOut()
    assert window.timeline.data.rejected[window.timeline.data.index_of[eid]]
    window.selection.select(eid)
    assert window.accept_action.isEnabled()
    window.accept_action.trigger()
    assert window.chronology.event(eid).status == "accepted"
    window.show_rejected_action.trigger()
    assert table_cell(window, eid, 1) is not None


def test_create_event_from_selected_text_undo_redo(window):
    article = next(a for a in window.chronology.articles if a.id.startswith("bloomberg"))
    pane = window.panes[article.id]
    window.tabs.setCurrentWidget(pane)
    phrase = "Crocker"
    start = article.text.index(phrase)
    sentence_end = article.text.index(".", start) + 1
    pane.select_span(start, sentence_end)
    asked = {}

    def answer(label, interval, context):
        asked.update(label=label, interval=interval)
        return "Crocker warns of renewed strife", Interval(date(2014, 1, 2), date(2014, 1, 2),
                                                          "day")

    window.ask_new_event = answer
    count = len(window.frame)
    window.create_action.trigger()
    assert asked["label"].startswith(phrase)
    assert asked["interval"].start == Day.from_date(article.published)  # no date in the selection
    new = window.selection.event_id
    assert table_cell(window, new, 1) == "Crocker warns of renewed strife"
    assert timeline_label(window, new) == "Crocker warns of renewed strife"
    assert len(window.frame) == count + 1
    assert window.chronology.event(new).manual
    assert any(phrase in t for t in pane.selected_text())
    undo(window)
    assert len(window.frame) == count and table_cell(window, new, 1) is None
    redo(window)
    assert table_cell(window, new, 1) == "Crocker warns of renewed strife"


def test_create_prefills_a_date_found_in_the_selection(window):
    pane = window.panes[next(a.id for a in window.chronology.articles if a.id.startswith("bbc"))]
    timex = next(t for t in pane.expressions if t.value == "2011")
    pane.select_span(max(timex.start - 20, 0), timex.end)
    asked = {}
    window.ask_new_event = lambda label, interval, context: asked.update(i=interval)
    window.create_event_from_selection(pane)
    assert (asked["i"].start, asked["i"].end) == (Day.of(2011, 1, 1), Day.of(2011, 12, 31))


def test_publication_date_edit_is_undoable(window, qtbot):
    article = window.chronology.articles[-1]
    index = window.articles_model.index(len(window.chronology.articles) - 1, 2)
    window.articles_model.setData(index, QDate(2014, 1, 7))
    qtbot.waitUntil(lambda: window.chronology.article(article.id).published == date(2014, 1, 7))
    assert window.chronology.article(article.id).published_basis == "given"
    undo(window)
    assert window.chronology.article(article.id).published == article.published
    redo(window)
    assert window.chronology.article(article.id).published == date(2014, 1, 7)


def test_save_then_open_in_a_new_window_keeps_the_edits(window, qtbot, tmp_path):
    eid = withdrawal(window)
    window.selection.select(eid)
    window.ask_label = lambda current: "Withdrawal completed"
    window.rename_action.trigger()
    path = tmp_path / "iraq.tlx"
    window.save_project_to(str(path))
    qtbot.waitUntil(lambda: not window.is_saving(), timeout=WAIT_MS)
    assert path.exists()
    assert window.windowTitle().startswith("iraq –") and "*" not in window.windowTitle()
    assert str(path) in window.recent_projects()
    (tmp_path / "other").mkdir()
    other = make_window(qtbot, tmp_path / "other", load=False)
    other.open_project_path(str(path))
    qtbot.waitUntil(lambda: other.project is not None and not other.is_busy(), timeout=WAIT_MS)
    assert [(e.id, e.label, e.value) for e in other.chronology.events] == \
        [(e.id, e.label, e.value) for e in window.chronology.events]
    assert table_cell(other, eid, 1) == "Withdrawal completed"
    assert "*" not in other.windowTitle() and other.windowTitle().startswith("iraq")


def test_autosave_writes_a_recovery_file_that_the_next_start_recovers(window, qtbot, tmp_path):
    from gui import recovery
    eid = withdrawal(window)
    window.selection.select(eid)
    window.ask_label = lambda current: "Recovered label"
    window.rename_action.trigger()
    window.autosave_timer.setInterval(50)
    qtbot.waitUntil(lambda: window.recovery_file.exists(), timeout=10_000)
    assert window.recovery_file.parent == recovery.recovery_dir()
    # While this process runs its autosave is live, never offered; the file of a process
    # that has ended (as after a crash) is.
    assert window.recovery_file not in recovery.recovery_files()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    crashed = window.recovery_file.with_name(f"autosave-{ended}-0123456789ab.tlx")
    window.recovery_file.rename(crashed)
    (tmp_path / "next").mkdir()
    later = make_window(qtbot, tmp_path / "next", load=False)
    offered = []
    later.ask_recover = lambda path, origin: offered.append(path) or True
    assert later.offer_recovery()
    assert crashed in offered
    assert table_cell(later, eid, 1) == "Recovered label"
    assert later.project.unsaved_edits and "*" in later.windowTitle()
    later.ask_close = lambda: "discard"
    later.close()
    assert not later.recovery_file.exists()


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_window(window, qtbot):
    asked = []
    window.ask_close = lambda: asked.append(1) or "cancel"
    assert window.close() and asked == []  # nothing edited: no question
    window.show()
    qtbot.waitExposed(window)
    window.selection.select(withdrawal(window))
    window.ask_label = lambda current: "Edited"
    window.rename_action.trigger()
    assert not window.close()
    assert asked == [1] and window.isVisible()
    window.ask_close = lambda: "discard"
    assert window.close()


def test_a_damaged_project_file_leaves_the_current_project(window, qtbot, tmp_path):
    bad = tmp_path / "damaged.tlx"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 3000)
    project, chron = window.project, window.chronology
    window.open_project_path(str(bad))
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=WAIT_MS)
    assert window.project is project and window.chronology is chron
    assert "damaged.tlx" in window.last_error and "\n" not in window.last_error
    assert window.status_label.text() == window.last_error


def test_search_finds_a_word_and_selects_its_span(window, qtbot):
    window.search_action.trigger()
    assert window.search_dock.isVisible()
    window.search_panel.search("ambassador")
    results = window.search_panel.results
    assert results.count() >= 1
    item = results.item(0)
    article_id, start, end = item.data(HIT_ROLE)
    window.search_panel.results.itemActivated.emit(item)
    pane = window.tabs.currentWidget()
    assert pane.article.id == article_id
    cursor = pane.text.textCursor()
    assert cursor.selectedText().lower().startswith("ambassador")
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (pane.position_of(start),
                                                               pane.position_of(end))


def test_category_colours_the_table_and_timeline_and_undoes(window):
    eid = withdrawal(window)
    window.selection.select(eid)
    window.ask_category = lambda current: "Military"
    window.category_action.trigger()
    row = window.events_model.row_of(eid)
    swatch = window.events_model.data(window.events_model.index(row, 1), Qt.DecorationRole)
    assert swatch is not None and swatch.name() == "#b5443b"
    assert window.timeline.data.categories[window.timeline.data.index_of[eid]] == "Military"
    undo(window)
    row = window.events_model.row_of(eid)
    assert window.events_model.data(window.events_model.index(row, 1), Qt.DecorationRole) is None


def test_edits_whose_text_changed_are_listed_after_an_update(qtbot, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    story = folder / "council.txt"
    story.write_text("Council backs budget\n\nThe city council approved the new budget on "
                     "March 3, 2015. The mayor had proposed the plan in 2014.\n")
    win = make_window(qtbot, tmp_path, load=False)
    win.load([str(folder)])
    qtbot.waitUntil(lambda: win.chronology is not None and not win.is_busy(), timeout=WAIT_MS)
    eid = next(e.id for e in win.chronology.events if e.value == "2015-03-03")
    win.selection.select(eid)
    win.ask_label = lambda current: "Budget passes"
    win.rename_action.trigger()
    assert win.unapplied.count() == 0
    story.write_text("Council backs budget\n\nThe mayor had proposed the plan in 2014.\n")
    win.load([str(folder)], add=True)
    qtbot.waitUntil(lambda: not win.is_busy(), timeout=WAIT_MS)
    lines = [win.unapplied.item(i).text() for i in range(win.unapplied.count())]
    assert len(lines) == 1 and lines[0].startswith('rename to "Budget passes": ')
    assert win.problems_dock.isVisible()
    assert win.undo_action.isEnabled() and win.project.unsaved_edits


def test_opening_paints_the_stored_timeline_before_the_project_is_read(window, qtbot,
                                                                         tmp_path):
    eid = withdrawal(window)
    window.selection.select(eid)
    window.ask_label = lambda current: "Withdrawal completed"
    window.rename_action.trigger()
    path = tmp_path / "stored.tlx"
    window.save_project_to(str(path), wait=True)
    (tmp_path / "other").mkdir()
    other = make_window(qtbot, tmp_path / "other", load=False)
    seen = []
    other.previewed.connect(lambda: seen.append((other.project, other.frame.copy(),
                                                 other.status_label.text())))
    other.open_project_path(str(path))
    qtbot.waitUntil(lambda: other.project is not None and not other.is_busy(), timeout=WAIT_MS)
    assert len(seen) == 1
    project_then, stored, status = seen[0]
    assert project_then is None and "as saved" in status
    assert stored.drop(columns=["articles", "entities"]).equals(
        other.frame.drop(columns=["articles", "entities"]))
    assert stored["articles"].tolist() == other.frame["articles"].tolist()
    assert stored["entities"].tolist() == other.frame["entities"].tolist()
    assert stored.loc[stored["id"] == eid, "edited"].tolist() == [True]
    assert table_cell(other, eid, 1) == "Withdrawal completed"
    # the tables are sorted as their headers say once the project is read
    assert other.events_proxy.sortColumn() == 0
    assert other.articles_proxy.sortColumn() == 2


def test_a_file_whose_events_are_damaged_shows_its_stored_timeline_then_the_previous_one(
        window, qtbot, tmp_path):
    import sqlite3
    path = tmp_path / "half.tlx"
    window.save_project_to(str(path), wait=True)
    con = sqlite3.connect(path)
    con.execute("UPDATE events SET record = 'not a record' WHERE position = 0")
    con.commit()
    con.close()
    project, ids = window.project, window.frame["id"].tolist()
    previewed = []
    window.previewed.connect(lambda: previewed.append(True))
    window.open_project_path(str(path))
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=WAIT_MS)
    assert previewed
    assert window.project is project and window.frame["id"].tolist() == ids
    assert "half.tlx" in window.last_error and "\n" not in window.last_error
