"""Entities in the window: choosing some filters the table, timeline, panes and exports;
lanes per entity; their names marked in the text. On a small corpus written here."""
from __future__ import annotations

import json

import pytest

from gui.qt import QSettings

ARTICLES = {
    "harbour.txt": (
        "Harbour deal\n\nMarch 3, 2021\n\nNorthwind Shipping Ltd. bought the old ferry "
        "terminal on Monday. Mayor Clara Benson welcomed the sale. Northwind said it would "
        "hire forty dock workers. The council approved a new bus route on Tuesday.\n"),
    "market.txt": (
        "Market week\n\nMarch 5, 2021\n\nShares in Northwind rose on Thursday after the "
        "terminal purchase. On Wednesday, Benson opened a flower market in the square. "
        "Heavy rain flooded the old quarter on Tuesday night.\n"),
    "strike.txt": (
        "Dock strike ends\n\nMarch 9, 2021\n\nThe Harbour Workers Union ended its strike on "
        "Monday after Northwind raised wages. Clara Benson met union leaders on Sunday. "
        "On Friday, Clara Benson and Northwind signed a harbour lease. A new ferry to Kelby "
        "sailed on March 1.\n"),
}


@pytest.fixture(scope="module")
def chron(tmp_path_factory):
    from model.pipeline import build_chronology
    folder = tmp_path_factory.mktemp("harbour")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build_chronology([folder])


@pytest.fixture
def window(qtbot, tmp_path, chron):
    from gui.app import create_app
    create_app()
    from gui.main_window import MainWindow
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.ask_close = lambda: "discard"
    win.resize(1400, 860)
    win.show()
    qtbot.waitExposed(win)
    win.set_chronology(chron)
    yield win
    win.cancel()
    win.runner.wait(10_000)


def entity(chron, name: str) -> str:
    return next(e.id for e in chron.entities if e.name == name)


def events_of(chron, *ids: str) -> set[str]:
    return {e.id for e in chron.events if any(x.id in ids for x in e.entities)}


def table_ids(win) -> set[str]:
    from gui.tables import ID_ROLE
    proxy = win.events_proxy
    return {proxy.data(proxy.index(row, 0), ID_ROLE) for row in range(proxy.rowCount())}


def test_the_corpus_has_the_entities_the_tests_need(chron):
    names = {e.name for e in chron.entities}
    assert {"Clara Benson", "Northwind Shipping Ltd.", "Harbour Workers Union"} <= names
    both = events_of(chron, entity(chron, "Clara Benson")) & events_of(
        chron, entity(chron, "Northwind Shipping Ltd."))
    assert both, "an event of both Benson and Northwind"
    assert events_of(chron, entity(chron, "Clara Benson")) != {e.id for e in chron.events}


def test_an_entity_shows_exactly_its_events_in_table_timeline_and_export(window, chron, qtbot,
                                                                         tmp_path):
    benson = entity(chron, "Clara Benson")
    expected = events_of(chron, benson)
    window.entities_panel.choose(benson)
    assert window.session.filters.entities == (benson,)
    assert table_ids(window) == expected
    assert set(window.timeline.data.ids) == expected
    out = tmp_path / "only-benson.json"
    window.export_chronology_to(str(out), "JSON")
    qtbot.waitUntil(lambda: out.exists() and not window.is_busy(), timeout=20_000)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert {e["id"] for e in exported["events"]} == expected
    assert benson in {e["id"] for e in exported["entities"]}
    assert window.filters.entity_button.isVisibleTo(window)
    assert "Clara Benson" in window.filters.entity_button.text()
    window.filters.entity_button.click()
    assert window.session.filters.entities == () and window.entities_panel.chosen == ()
    assert not window.filters.entity_button.isVisibleTo(window)
    assert table_ids(window) == {e.id for e in chron.events}


def test_choosing_two_entities_shows_the_events_of_either(window, chron):
    benson, union = entity(chron, "Clara Benson"), entity(chron, "Harbour Workers Union")
    window.entities_panel.choose(benson, union)
    assert window.session.filters.entities == (benson, union)
    assert table_ids(window) == events_of(chron, benson, union)
    selected = {index.row() for index in
                window.entities_panel.table.selectionModel().selectedRows()}
    assert len(selected) == 2


def test_the_session_drives_the_panel_and_the_views(window, chron):
    union = entity(chron, "Harbour Workers Union")
    window.session.set_filters(entities=[union])
    assert window.entities_panel.chosen == (union,)
    assert set(window.timeline.data.ids) == events_of(chron, union)


def test_lanes_per_entity_one_lane_per_chosen_entity(window, chron):
    benson = entity(chron, "Clara Benson")
    northwind = entity(chron, "Northwind Shipping Ltd.")
    window.entities_panel.choose(benson, northwind)
    window.entity_lanes_action.trigger()
    assert window.session.view.lanes == "entity"
    assert not window.lanes_action.isChecked()
    lanes = window.timeline.data.lanes
    assert [lane.key for lane in lanes] == [benson, northwind]
    assert lanes[0].title == f"Clara Benson · {len(events_of(chron, benson))} events"
    assert lanes[1].title.startswith("Northwind Shipping Ltd. · ")
    ids = window.timeline.data.ids
    assert {ids[i] for i in lanes[0].order} == events_of(chron, benson)
    assert {ids[i] for i in lanes[1].order} == events_of(chron, northwind)
    window.fit_action.trigger()
    window.timeline.grab()
    both = events_of(chron, benson) & events_of(chron, northwind)
    drawn = [ids[h.index] for h in window.timeline._hits if h.index >= 0]
    assert all(drawn.count(eid) == 2 for eid in both)  # drawn in each of its lanes
    window.lanes_action.trigger()
    assert window.session.view.lanes == "outlet" and not window.entity_lanes_action.isChecked()
    window.lanes_action.trigger()
    assert window.session.view.lanes == "single" and len(window.timeline.data.lanes) == 1


def test_the_image_export_keeps_the_lanes_per_entity(window, chron, qtbot, tmp_path,
                                                     monkeypatch):
    import model.render
    from gui.dialogs import ImageOptions
    asked = {}
    monkeypatch.setattr(model.render, "render_timeline",
                        lambda chron, path, **kwargs: asked.update(kwargs, chron=chron))
    benson = entity(chron, "Clara Benson")
    window.entities_panel.choose(benson)
    window.entity_lanes_action.trigger()
    window.export_image_to(ImageOptions(str(tmp_path / "t.png"), False, 8, 4.5, 72))
    qtbot.waitUntil(lambda: "chron" in asked and not window.is_busy(), timeout=20_000)
    assert asked["lanes"] == "entity" and asked["entities"] == (benson,)
    assert {e.id for e in asked["chron"].events} == events_of(chron, benson)


def test_lanes_per_entity_without_a_choice_take_the_busiest_entities(window, chron):
    window.entity_lanes_action.trigger()
    keys = [lane.key for lane in window.timeline.data.lanes]
    assert keys[0] == entity(chron, "Northwind Shipping Ltd.")
    assert keys[-1] == ""  # events of no entity share the last lane
    shown = {window.timeline.data.ids[i] for lane in window.timeline.data.lanes
             for i in lane.order}
    assert shown == {e.id for e in chron.events}


def test_panes_mark_the_entity_names_and_only_its_events(window, chron):
    benson = entity(chron, "Clara Benson")
    window.entities_panel.choose(benson)
    spans = {"harbour": ["Clara Benson"], "market": ["Benson"],
             "strike": ["Clara Benson", "Clara Benson"]}
    for aid, texts in spans.items():
        pane = window.open_pane(aid)
        assert pane.entity_text() == texts
        marked = {eid for eid, _ in pane.shown_mentions()}
        assert marked and marked <= events_of(chron, benson)
    window.entities_panel.clear_choice()
    assert all(not pane.entity_text() for pane in window.panes.values())


def test_panes_of_articles_that_never_name_the_entity_are_hidden(window, chron):
    kelby = entity(chron, "Kelby")
    for aid in ("harbour", "market", "strike"):
        window.open_pane(aid, current=False)
    window.entities_panel.choose(kelby)
    visible = {window.tabs.widget(i).article.id for i in range(window.tabs.count())
               if window.tabs.isTabVisible(i)}
    assert visible == {"strike"}
    window.entities_panel.clear_choice()
    assert all(window.tabs.isTabVisible(i) for i in range(window.tabs.count()))


def test_entity_names_are_plain_text_formats(window, chron):
    from gui.source_pane import KIND, KIND_ENTITY
    window.entities_panel.choose(entity(chron, "Clara Benson"))
    pane = window.open_pane("strike")
    assert pane.text.toPlainText() == chron.article("strike").text
    marks = [s for s in pane.text.extraSelections() if s.format.property(KIND) == KIND_ENTITY]
    assert marks and all(s.format.fontWeight() > 400 for s in marks)


def test_screenshots_can_choose_entities_by_name_or_alias(window, chron):
    from gui.app import choose_entities
    from main import parse_args
    args = parse_args(["--screenshot", "x.png", "--entity", "Benson", "--entity",
                       "Harbour Workers Union", "--lanes", "entity"])
    assert args.entity == ["Benson", "Harbour Workers Union"] and args.lanes == "entity"
    choose_entities(window, args.entity)
    assert window.session.filters.entities == (entity(chron, "Clara Benson"),
                                               entity(chron, "Harbour Workers Union"))
    assert window.entities_dock.isVisible()
