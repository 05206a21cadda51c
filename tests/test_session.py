"""The Session without Qt: history of decisions, selection, view and filters, and the
changes it reports to subscribers."""
from __future__ import annotations

import subprocess
import sys

import pytest

from model.edits import Decision
from model.project import Project
from model.session import Filters, Session
from tests.chronology_fixture import sample_chronology


def project_of(chron) -> Project:
    """A project over a hand-built chronology (each article's analysis from its mentions)."""
    from model.chronology import Chronology
    from model.types import ArticleAnalysis
    analyses = {a.id: ArticleAnalysis(list(chron.expressions.get(a.id, [])), [], [])
                for a in chron.articles}
    for e in chron.events:
        for m in e.mentions:
            analyses[m.article_id].mentions.append(m)
    return Project.from_chronology(Chronology(chron.articles, chron.expressions, chron.events,
                                              chron.problems, analyses), [])


@pytest.fixture
def session():
    return Session(project_of(sample_chronology()))


def heard(session):
    changes = []
    session.subscribe(changes.append)
    return changes


def label(session, event_id):
    return next(e.label for e in session.project.events if e.id == event_id)


def test_importing_the_session_loads_no_qt():
    code = "import sys, model.session; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert out.stdout.strip() == "False", out.stderr


def test_an_edit_reports_events_and_history_and_can_be_undone_and_redone(session):
    changes = heard(session)
    eid = session.project.events[0].id
    session.select(eid)
    old = label(session, eid)
    change = session.apply(Decision("rename", session.project.anchors(eid),
                                    payload={"label": "Battle of the bridge"}), eid)
    assert eid in change.changed and label(session, eid) == "Battle of the bridge"
    assert "events" in changes[-1] and "history" in changes[-1]
    assert changes[-1].events.changed == {eid}
    assert session.can_undo and not session.can_redo
    assert session.undo_text.startswith("rename")
    session.undo()
    assert label(session, eid) == old and session.can_redo and not session.can_undo
    assert session.selected == (eid,)
    session.redo()
    assert label(session, eid) == "Battle of the bridge"


def test_a_new_edit_after_undo_drops_the_redo_step(session):
    eid = session.project.events[0].id
    anchors = session.project.anchors(eid)
    session.apply(Decision("rename", anchors, payload={"label": "A"}))
    session.undo()
    session.apply(Decision("note", session.project.anchors(eid), payload={"note": "check"}))
    assert not session.can_redo
    assert session.next_decision is None


def test_reject_removes_the_event_from_the_selection(session):
    eid = session.project.events[2].id
    session.select(eid)
    changes = heard(session)
    session.apply(Decision("reject", session.project.anchors(eid)))
    rejected = next(e for e in session.project.events if e.id == eid)
    assert rejected.status == "rejected"
    assert session.selected == (eid,)  # still selected, so it can be accepted back
    assert "selection" not in changes[-1] and eid in changes[-1].events.changed


def test_selection_changes_are_reported_once_and_only_when_different(session):
    changes = heard(session)
    session.select("e01")
    session.select("e01")
    assert [c.what for c in changes] == [frozenset({"selection"})]
    session.toggle("e02")
    assert session.selected == ("e01", "e02") and session.selected_event == "e02"
    session.toggle("e01")
    assert session.selected == ("e02",)
    session.select("")
    assert session.selected == () and session.selected_event == ""


def test_view_and_filters_report_what_changed(session):
    changes = heard(session)
    session.set_view(10.0, 20.0)
    session.set_view(10.0, 20.0)
    session.set_lanes("outlet")
    session.set_filters(words="withdrawal", hidden_outlets={"VOA"})
    assert [sorted(c.what) for c in changes] == [["view"], ["view"], ["filters"]]
    assert session.filters.hidden_outlets == frozenset({"VOA"})
    with pytest.raises(ValueError):
        session.set_lanes("diagonal")


def test_batch_reports_once(session):
    changes = heard(session)
    with session.batch():
        session.select("e03")
        session.set_view(1.0, 2.0)
        session.set_filters(show_context=False)
    assert len(changes) == 1 and changes[0].what == {"selection", "view", "filters"}


def test_filters_decide_which_events_show(session):
    outlet_of = {a.id: a.source for a in session.project.articles}
    events = {e.id: e for e in session.project.events}
    assert all(session.shows(e, outlet_of) for e in events.values())
    session.set_filters(words="withdrawal")
    assert {e.id for e in events.values() if session.shows(e, outlet_of)} == {"e05"}
    session.set_filters(words="", hidden_outlets={"VOA"})
    hidden = {e.id for e in events.values() if not session.shows(e, outlet_of)}
    assert hidden == {"e04", "e12"}  # told by VOA alone
    from model.day import Day
    session.set_filters(hidden_outlets=(), first_day=Day.of(2014, 1, 1).ordinal)
    shown = {e.id for e in events.values() if session.shows(e, outlet_of)}
    assert shown == {"e09", "e10", "e11", "e12"}
    assert session.filters == Filters(first_day=Day.of(2014, 1, 1).ordinal)


def test_unsubscribe_stops_reports(session):
    changes = []
    stop = session.subscribe(changes.append)
    stop()
    session.select("e01")
    assert changes == []


def test_set_project_keeps_the_selection_that_still_exists(session):
    session.select_many(["e01", "nope"])
    changes = heard(session)
    session.set_project(session.project)
    assert session.selected == ("e01",)
    assert {"project", "events", "history", "selection"} <= changes[-1].what


def test_category_and_entity_filters(session):
    from model.types import EntityRef
    outlet_of = {a.id: a.source for a in session.project.articles}
    events = {e.id: e for e in session.project.events}
    events["e05"].entities = [EntityRef("p1", "A. Person", "person")]
    session.set_filters(hidden_categories={"alliance"})
    assert not session.shows(events["e02"], outlet_of) and session.shows(events["e01"], outlet_of)
    session.set_filters(hidden_categories=(), entities={"p1"})
    assert [e for e in events if session.shows(events[e], outlet_of)] == ["e05"]
    events["e02"].entities = [EntityRef("o1", "An Office", "organisation")]
    session.set_filters(entities=["p1", "o1"])
    assert session.filters.entities == ("p1", "o1")
    assert [e for e in events if session.shows(events[e], outlet_of)] == ["e02", "e05"]


def test_lanes_per_entity_is_a_view_of_its_own(session):
    changes = heard(session)
    session.set_lanes("entity")
    assert session.view.lanes == "entity" and changes[-1].what == {"view"}
    session.set_lanes("entity")
    assert len(changes) == 1
