"""Project files: round trips, decisions that survive re-extraction, safe saves, migrations."""
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from model import project as project_module
from model.day import Day
from model.cli import main
from model.edits import Anchor, Decision, interval_payload
from model.pipeline import build_chronology
from model.project import MIGRATIONS, SCHEMA_VERSION, Project, ProjectError
from model.types import Interval

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
GIVEN = {"voa-islamic-militants-fight-in-iraq.txt": date(2014, 1, 4),
         "cbs-al-qaeda-backed-militants-storm-iraq-cities.txt": date(2014, 1, 6),
         "bloomberg-iraq-fights-to-retake-towns.txt": date(2014, 1, 3),
         "cbn-us-wont-return-to-iraq.txt": date(2014, 1, 6),
         "bbc-iraqi-forces-fight-militants-in-anbar.txt": date(2014, 1, 3)}


def news_folder(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "council.txt").write_text(
        "Council backs budget\n\n"
        "The city council approved the new budget on March 3, 2015. "
        "The mayor had proposed the plan in 2014.\n")
    (folder / "strike.txt").write_text(
        "Strike ends\n\n"
        "Transit workers ended their strike on March 3, 2015, after talks. "
        "Workers first walked out on Feb. 20, 2015.\n")
    return folder


@pytest.fixture
def built(tmp_path):
    folder = news_folder(tmp_path)
    project = Project()
    project.update([folder], {"council.txt": date(2015, 3, 4), "strike.txt": date(2015, 3, 4)})
    return project, folder


def event_with(project, words, include_rejected=True):
    events = project.events if include_rejected else project.chronology().events
    found = [e for e in events if words in " ".join(m.sentence.text for m in e.mentions)]
    assert len(found) == 1, [(e.label, e.value) for e in events]
    return found[0]


def decide(project, kind, event, **payload):
    return project.apply(Decision(kind, project.anchors(event.id), payload=payload))


def test_rename_reject_redate_and_note_are_kept_by_save_and_open(built, tmp_path):
    project, _ = built
    budget = event_with(project, "approved the new budget")
    decide(project, "rename", budget, label="Budget passes")
    decide(project, "note", event_with(project, "approved the new budget"), note="check vote")
    decide(project, "reject", event_with(project, "proposed the plan"))
    decide(project, "redate", event_with(project, "first walked out"),
           **interval_payload(Interval(Day.of(2015, 2, 19), Day.of(2015, 2, 20), "day")))
    path = tmp_path / "work.tlx"
    project.save(path)
    assert not project.modified
    again = Project.open(path)
    assert again.events == project.events
    assert again.chronology().events == project.chronology().events
    assert event_with(again, "approved the new budget").label == "Budget passes"
    assert event_with(again, "approved the new budget").note == "check vote"
    assert event_with(again, "proposed the plan").status == "rejected"
    assert not [e for e in again.chronology().events if e.value == "2014"]
    walked = event_with(again, "first walked out")
    assert (walked.value, walked.interval.end) == ("2015-02-19", Day.of(2015, 2, 20))
    assert [a.text for a in again.articles] == [a.text for a in project.articles]


def test_merge_split_and_add_from_a_cited_passage(built):
    project, _ = built
    budget = event_with(project, "approved the new budget")
    strike = event_with(project, "ended their strike")
    assert budget.id != strike.id, "different content: extraction keeps them apart"
    change = project.apply(Decision("merge", project.anchors(budget.id),
                                    project.anchors(strike.id)))
    assert change.removed == {strike.id} and change.changed == {budget.id}
    merged = event_with(project, "ended their strike")
    assert {m.article_id for m in merged.mentions} == {"council", "strike"}
    strike_mention = next(m for m in merged.mentions if m.article_id == "strike")
    anchor = Anchor(project.article_by_id("strike").content_hash, strike_mention.timex.start,
                    strike_mention.timex.end)
    change = project.apply(Decision("split", (anchor,)))
    assert len(change.added) == 1
    alone = project.events[[e.id for e in project.events].index(change.added.pop())]
    assert [m.article_id for m in alone.mentions] == ["strike"]
    article = project.article_by_id("council")
    start = article.text.index("The mayor")
    end = article.text.index("2014.") + 5
    change = project.apply(Decision("add", (Anchor(article.content_hash, start, end),), payload={
        "label": "Mayor proposes plan", **interval_payload(
            Interval(date(2014, 6, 1), date(2014, 6, 30), "month"))}))
    added = project.events[[e.id for e in project.events].index(change.added.pop())]
    assert (added.label, added.value, added.manual) == ("Mayor proposes plan", "2014-06", True)
    assert added.mentions[0].sentence.text == "The mayor had proposed the plan in 2014."


def test_undo_takes_back_the_last_decision_exactly(built):
    project, _ = built
    before = list(project.events)
    decide(project, "rename", event_with(project, "approved the new budget"), label="X")
    decide(project, "reject", event_with(project, "first walked out"))
    project.undo_last()
    assert event_with(project, "approved the new budget").label == "X"
    assert event_with(project, "first walked out").status == "proposed"
    project.undo_last()
    assert project.events == before


def test_decisions_survive_new_and_changed_articles(built, tmp_path):
    project, folder = built
    decide(project, "rename", event_with(project, "approved the new budget"),
           label="Budget passes")
    decide(project, "reject", event_with(project, "proposed the plan"))
    decide(project, "rename", event_with(project, "first walked out"), label="Walkout")
    (folder / "later.txt").write_text("Fares rise\n\nThe transit board raised fares on "
                                      "April 1, 2015.\n")
    strike = folder / "strike.txt"
    strike.write_text("Strike ends\n\nTransit workers ended their strike on March 3, 2015, "
                      "after talks.\n")
    report = project.update([folder], {"later.txt": date(2015, 4, 2)})
    assert report.added == ["later"] and report.changed == ["strike"]
    assert report.unchanged == ["council"]
    assert event_with(project, "approved the new budget").label == "Budget passes"
    assert event_with(project, "proposed the plan").status == "rejected"
    assert event_with(project, "raised fares").value == "2015-04-01"
    assert [str(u) for u in report.unapplied] == [
        'rename to "Walkout": its event is no longer found in the articles']


def test_publication_date_set_by_hand_is_a_decision(built):
    project, _ = built
    article = project.article_by_id("council")
    project.apply(Decision("publication", (Anchor(article.content_hash, 0, 0),),
                           payload={"published": "2016-01-10"}))
    assert project.article_by_id("council").published == date(2016, 1, 10)
    assert project.article_by_id("council").published_basis == "given"
    project.undo_last()
    assert project.article_by_id("council").published != date(2016, 1, 10)


def test_interrupted_save_leaves_the_previous_file_intact(built, tmp_path):
    project, _ = built
    path = tmp_path / "work.tlx"
    decide(project, "rename", event_with(project, "approved the new budget"), label="Old")
    project.save(path)
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from model import project as p
from model.edits import Decision
prj = p.Project.open({str(path)!r})
e = [e for e in prj.events if e.label == "Old"][0]
prj.apply(Decision("rename", prj.anchors(e.id), payload={{"label": "New"}}))
p._checkpoint = lambda stage: os.kill(os.getpid(), signal.SIGKILL)
prj.save()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert run.returncode == -9, run.stderr.decode()
    leftovers = list(tmp_path.glob(".work.tlx.*.tmp"))
    assert leftovers, "the kill came after the new file was written, before the rename"
    again = Project.open(path)
    assert event_with(again, "approved the new budget").label == "Old"
    again.save()
    assert not list(tmp_path.glob(".work.tlx.*.tmp"))


def test_a_save_that_fails_keeps_the_old_file(built, tmp_path, monkeypatch):
    project, _ = built
    path = tmp_path / "work.tlx"
    project.save(path)
    before = path.read_bytes()

    def fail(stage):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(project_module, "_checkpoint", fail)
    with pytest.raises(ProjectError, match="cannot save .*work.tlx: No space left on device"):
        project.save(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".work.tlx.*.tmp"))


def test_opening_a_version_1_file_migrates_it(built, tmp_path):
    project, _ = built
    decide(project, "rename", event_with(project, "approved the new budget"), label="Passed")
    current = tmp_path / "current.tlx"
    project.save(current)
    old = tmp_path / "old.tlx"
    con = sqlite3.connect(old)
    for statement in MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('application', 'timeline-explorer')")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    src = sqlite3.connect(current)
    for table, columns in (("articles", "*"), ("analyses", "*"), ("events", "*"),
                           ("problems", "*"),
                           ("decisions", "seq, kind, target, other, payload")):
        rows = src.execute(f"SELECT {columns} FROM {table}").fetchall()
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    con.commit()
    con.close()
    src.close()
    before = old.read_bytes()
    opened = Project.open(old)
    assert old.read_bytes() == before, "opening never writes"
    assert event_with(opened, "approved the new budget").label == "Passed"
    assert opened.sources == [a.path for a in opened.articles]
    opened.save()
    con = sqlite3.connect(old)
    assert dict(con.execute("SELECT key, value FROM meta"))["schema_version"] == \
        str(SCHEMA_VERSION)
    con.close()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "newer", "other db"])
def test_damaged_project_files_give_one_line_errors(built, tmp_path, damage):
    project, _ = built
    path = tmp_path / "work.tlx"
    project.save(path)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff" * 5000)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "newer":
        con = sqlite3.connect(path)
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        con.commit()
        con.close()
    else:
        path.unlink()
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE notes (x)")
        con.commit()
        con.close()
    with pytest.raises(ProjectError) as error:
        Project.open(path)
    message = str(error.value)
    assert "work.tlx" in message and "\n" not in message
    if damage == "newer":
        assert "newer Timeline Explorer" in message


def test_cli_project_export_matches_build_json(tmp_path, capsys):
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    given = [f"--published={name}={day.isoformat()}" for name, day in GIVEN.items()]
    project = tmp_path / "story.tlx"
    assert main(["build", str(folder), *given, "--project", str(project), "--no-cache"]) == 0
    assert "5 added, 0 extracted again, 0 unchanged" in capsys.readouterr().out
    assert main(["export", str(project), "--json", str(tmp_path / "p.json")]) == 0
    assert main(["build", str(folder), *given, "--json", str(tmp_path / "b.json"),
                 "--no-cache"]) == 0
    exported = json.loads((tmp_path / "p.json").read_text())
    built = json.loads((tmp_path / "b.json").read_text())
    assert exported["events"] == built["events"]
    assert len(exported["events"]) == len(build_chronology([folder], GIVEN).events)
    assert main(["build", str(folder), "--project", str(project), "--no-cache"]) == 0
    assert "0 added, 0 extracted again, 5 unchanged" in capsys.readouterr().out


def test_cli_export_of_a_damaged_project_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.tlx"
    path.write_bytes(b"not a database at all" * 100)
    assert main(["export", str(path), "--json", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "bad.tlx" in err and "\n" not in err
    assert not (tmp_path / "x.json").exists()


def test_recovery_file_reopens_at_its_project_path_with_unsaved_edits(built, tmp_path):
    project, _ = built
    path = tmp_path / "work.tlx"
    project.save(path)
    decide(project, "rename", event_with(project, "approved the new budget"), label="Draft")
    assert project.unsaved_edits
    recovery = tmp_path / "autosave.tlx"
    from model.project import write_project
    write_project(project.snapshot(), recovery)
    recovered = Project.recover(recovery)
    assert recovered.path == path and recovered.unsaved_edits
    assert event_with(recovered, "approved the new budget").label == "Draft"
    assert event_with(Project.open(path), "approved the new budget").label != "Draft"


def test_a_copy_can_be_updated_without_touching_the_original(built, tmp_path):
    project, folder = built
    (folder / "later.txt").write_text("Fares rise\n\nThe board raised fares on April 1, 2015.\n")
    copy = project.copy()
    copy.update([folder], {"later.txt": date(2015, 4, 2)})
    assert len(copy.articles) == 3 and len(project.articles) == 2
    assert not any("raised fares" in m.sentence.text for e in project.events for m in e.mentions)
