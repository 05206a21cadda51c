"""How a project file stores the merged chronology: events name their articles' extracted
mentions instead of copying them, sentences are spans of the article, and the entities of
the last merge are kept; reading gives back exactly what was saved, and a stored
reference that names nothing is a one-line error."""
from __future__ import annotations

import json
import sqlite3

import pytest

from gui.paths import SAMPLES
from model.project import Project, ProjectError


@pytest.fixture(scope="module")
def samples():
    project = Project()
    project.update([SAMPLES], cache=None)
    return project


def test_saved_project_reads_back_exactly(samples, tmp_path):
    path = tmp_path / "p.tlx"
    samples.save(path)
    opened = Project.open(path)
    assert opened.extracted == samples.extracted
    assert opened.analyses == samples.analyses
    assert opened.entities == samples.entities
    assert opened.events == samples.events
    con = sqlite3.connect(path)
    stored = [json.loads(r) for (r,) in con.execute("SELECT record FROM events")]
    mentions = [m for e in stored for m in e["mentions"]]
    assert sum("of" in m for m in mentions) > len(mentions) / 2
    assert all(len(m["sentence"]) == 2 for m in mentions if "of" not in m)
    assert con.execute("SELECT count(*) FROM entities").fetchone()[0] == len(samples.entities)
    con.close()


def test_opening_does_not_resolve_stored_entities(samples, tmp_path, monkeypatch):
    path = tmp_path / "p.tlx"
    samples.save(path)
    monkeypatch.setattr("model.project.resolve_entities",
                        lambda *a: pytest.fail("entities resolved again"))
    assert Project.open(path).entities == samples.entities


@pytest.mark.parametrize("damage", ["unknown mention", "sentence outside", "entity"])
def test_damaged_stored_records_give_one_line_errors(samples, tmp_path, damage):
    path = tmp_path / "work.tlx"
    samples.save(path)
    con = sqlite3.connect(path)
    if damage == "entity":
        con.execute("UPDATE entities SET record = '{\"id\": 3}' WHERE position = 0")
    elif damage == "unknown mention":
        position, record = con.execute("SELECT position, record FROM events").fetchone()
        event = json.loads(record)
        next(m for m in event["mentions"] if "of" in m)["of"] = "nowhere:m1"
        con.execute("UPDATE events SET record = ? WHERE position = ?",
                    (json.dumps(event), position))
    else:
        article, record = con.execute("SELECT article_id, record FROM analyses").fetchone()
        analysis = json.loads(record)
        analysis["mentions"][0]["sentence"] = [0, 10 ** 9]
        con.execute("UPDATE analyses SET record = ? WHERE article_id = ?",
                    (json.dumps(analysis), article))
    con.commit()
    con.close()
    with pytest.raises(ProjectError) as error:
        Project.open(path)
    message = str(error.value)
    assert "work.tlx" in message and "damaged" in message and "\n" not in message
