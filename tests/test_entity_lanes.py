"""Lanes per entity, computed without Qt (model/entity_view.py)."""
import pytest

from model.entity_view import entity_lanes

NAMES = {"p1": "Ana Ruiz", "o1": "Port Council", "g1": "Dock Workers", "c1": "Lisbon"}


def rows(lanes):
    return {lane.key: list(lane.rows) for lane in lanes}


def test_one_lane_per_chosen_entity_in_the_order_chosen():
    events = [["o1"], ["p1", "o1"], ["g1"], ["p1"]]
    lanes = entity_lanes(events, chosen=["p1", "o1"], names=NAMES)
    assert [(lane.key, lane.title) for lane in lanes[:2]] == [("p1", "Ana Ruiz"),
                                                              ("o1", "Port Council")]
    assert rows(lanes)["p1"] == [1, 3] and rows(lanes)["o1"] == [0, 1]
    assert rows(lanes)[""] == [2]  # an event of neither is never lost


def test_an_event_of_two_chosen_entities_is_in_both_lanes_and_nothing_else_is_added():
    lanes = entity_lanes([["p1", "o1"], ["o1"]], chosen=["o1", "p1"], names=NAMES)
    assert rows(lanes) == {"o1": [0, 1], "p1": [0]}


def test_without_a_choice_the_busiest_entities_get_lanes_and_the_rest_share_one():
    events = [["o1"], ["o1", "p1"], ["o1"], ["p1"], ["g1"], ["c1"], []]
    lanes = entity_lanes(events, names=NAMES, limit=3)
    assert [lane.key for lane in lanes] == ["o1", "p1", ""]
    assert lanes[-1].title == "other events"
    assert rows(lanes) == {"o1": [0, 1, 2], "p1": [1, 3], "": [4, 5, 6]}
    assert len(entity_lanes(events, names=NAMES, limit=8)) == 5  # four entities, and []


def test_more_chosen_entities_than_lanes_keeps_the_busiest():
    events = [["o1"], ["o1"], ["p1"], ["g1"], ["c1"], ["c1"]]
    lanes = entity_lanes(events, chosen=["p1", "o1", "g1", "c1"], names=NAMES, limit=3)
    assert [lane.key for lane in lanes] == ["o1", "c1", ""]
    assert rows(lanes)[""] == [2, 3]
    assert sum(len(lane.rows) for lane in lanes) == len(events)


def test_no_events_and_bad_limits():
    assert entity_lanes([], names=NAMES) == []
    assert [lane.rows for lane in entity_lanes([[]])] == [(0,)]
    with pytest.raises(ValueError):
        entity_lanes([["o1"]], limit=0)


def test_many_entities_stay_linear():
    import time
    events = [[f"x{i}", f"x{i + 1}"] for i in range(60_000)]
    started = time.perf_counter()
    lanes = entity_lanes(events)
    assert len(lanes) == 8 and time.perf_counter() - started < 10.0


def test_timeline_arrays_draw_an_event_in_each_of_its_entities_lanes():
    import pandas as pd

    from gui.timeline_data import TimelineData
    from tests.gui_fixture import one_lane_frame
    frame = one_lane_frame(pd.Series([738000, 738001, 738002, 738003]))
    frame["entities"] = [["p1"], ["p1", "o1"], ["o1"], []]
    data = TimelineData(frame, [("a", "A")], "entity", chosen=("o1", "p1"), entity_names=NAMES)
    assert [(lane.key, lane.title) for lane in data.lanes] == [
        ("o1", "Port Council · 2 events"), ("p1", "Ana Ruiz · 2 events"),
        ("", "other events · 1 event")]
    assert [list(data.ids[lane.order]) for lane in data.lanes] == [["e1", "e2"], ["e0", "e1"],
                                                                   ["e3"]]
    assert list(data.visible(data.lanes[0], 738001.5, 738010)) == [1, 2]
    with pytest.raises(ValueError):
        TimelineData(frame, [("a", "A")], "diagonal")


def test_the_exported_image_has_the_same_lanes_per_entity():
    from chronology_fixture import sample_chronology
    from model.render import render_figure
    from model.types import EntityRef
    chron = sample_chronology()
    ruiz, council = EntityRef("p1", "Ana Ruiz", "person"), EntityRef("o1", "Port Council",
                                                                      "organisation")
    chron.events[0].entities = [ruiz, council]
    chron.events[1].entities = [council]
    chron.events[2].entities = [ruiz]
    chosen = [e for e in chron.events if e.entities]
    only = type(chron)(chron.articles, chron.expressions, chosen, chron.problems)
    fig = render_figure(only, lanes="entity", entities=("o1", "p1"), detail=None)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Port Council", "Ana Ruiz"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "one event of several entities" in legend
    with pytest.raises(ValueError):
        render_figure(only, lanes="diagonal")
