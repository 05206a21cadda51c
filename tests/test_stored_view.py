"""The summaries of the shown events a project file keeps, and opening paints them first."""
import json
import sqlite3
from datetime import date

import pytest

from model.edits import Decision
from model.project import Project, read_stored_view
from model.summaries import main_news, summarise, summary_from_row, summary_row

from test_project import event_with, news_folder


@pytest.fixture
def saved(tmp_path):
    project = Project()
    project.update([news_folder(tmp_path)],
                   {"council.txt": date(2015, 3, 4), "strike.txt": date(2015, 3, 4)})
    path = tmp_path / "news.tlx"
    project.save(path)
    return project, path


def test_summaries_say_what_the_events_are(saved):
    project, _ = saved
    events = project.chronology().events
    summaries = {s.id: s for s in summarise(events)}
    assert set(summaries) == {e.id for e in events}
    budget = event_with(project, "approved the new budget")
    s = summaries[budget.id]
    assert (s.label, s.value, s.start, s.end, s.granularity) == (
        budget.label, budget.value, budget.interval.start.ordinal,
        budget.interval.end.ordinal, budget.interval.granularity)
    assert s.article_ids == tuple(budget.article_ids)
    assert not s.context and not s.edited
    # each article's earliest sentence tells its main news
    assert {i for i, x in summaries.items() if x.main_news} == main_news(events)
    assert len(main_news(events)) == 2


def test_a_summary_is_edited_when_a_decision_acts_on_its_event(saved):
    project, _ = saved
    walkout = event_with(project, "first walked out")
    project.apply(Decision("rename", project.anchors(walkout.id), payload={"label": "Walkout"}))
    edited = project.edited_event_ids()
    assert edited == {e.id for e in project.events if e.label == "Walkout"}
    summaries = summarise(project.events, edited)
    assert [s.label for s in summaries if s.edited] == ["Walkout"]


def test_a_summary_survives_its_row(saved):
    project, _ = saved
    for s in summarise(project.events):
        assert summary_from_row(json.loads(json.dumps(summary_row(s)))) == s


@pytest.mark.parametrize("damage", [
    lambda row: row[:-1],
    lambda row: [row[0], 5] + row[2:],
    lambda row: row[:3] + [row[4] + 1, row[4]] + row[5:],
    lambda row: row[:5] + ["fortnight"] + row[6:],
    lambda row: row[:13] + [[1, 2]] + row[14:],
    lambda row: row[:18] + [[["id", "name"]]],
    lambda row: "not a row",
])
def test_a_damaged_row_is_refused(saved, damage):
    project, _ = saved
    row = summary_row(summarise(project.events)[0])
    with pytest.raises(ValueError):
        summary_from_row(damage(row))


def test_the_saved_file_holds_the_shown_events_to_paint_first(saved):
    project, path = saved
    view = read_stored_view(path)
    assert view is not None
    assert [a.id for a in view.articles] == [a.id for a in project.articles]
    assert [a.text for a in view.articles] == [a.text for a in project.articles]
    assert view.summaries == summarise(project.chronology().events)


def test_a_rejected_event_is_stored_out_of_the_view(saved, tmp_path):
    project, path = saved
    walkout = event_with(project, "first walked out")
    project.apply(Decision("reject", project.anchors(walkout.id)))
    project.save()
    view = read_stored_view(path)
    assert walkout.id not in {s.id for s in view.summaries}
    assert len(view.summaries) == len(project.events) - 1


def test_no_stored_view_from_an_older_or_damaged_file(saved, tmp_path):
    project, path = saved
    con = sqlite3.connect(path)
    con.execute("UPDATE shown SET record = '[1, 2]' WHERE position = 0")
    con.commit()
    con.close()
    assert read_stored_view(path) is None
    assert Project.open(path).events  # the full read does not need it

    con = sqlite3.connect(path)
    con.execute("DROP TABLE shown")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    assert read_stored_view(path) is None
    reopened = Project.open(path)
    reopened.save(tmp_path / "again.tlx")
    assert read_stored_view(tmp_path / "again.tlx").summaries == summarise(
        reopened.chronology().events)
    assert read_stored_view(tmp_path / "missing.tlx") is None


def test_the_summaries_are_made_by_the_save_not_the_snapshot(saved, monkeypatch):
    """A window takes its snapshot on its own thread and writes it on another: an
    archive's summaries take seconds, so the writing makes them, from the events as
    they were at the snapshot (later edits do not reach a snapshot already taken)."""
    import model.project as project_module
    from model.project import write_project
    project, path = saved
    made = []
    monkeypatch.setattr(project_module, "summarise",
                        lambda events, edited: made.append(len(events)) or summarise(
                            events, edited))
    data = project.snapshot()
    assert made == []
    budget = event_with(project, "approved the new budget")
    project.apply(Decision("reject", project.anchors(budget.id), (), {}))
    write_project(data, path)
    assert made == [len(project.events)]
    view = read_stored_view(path)
    assert budget.id in {s.id for s in view.summaries}
    assert view.summaries == summarise(data.shown.args[0])
