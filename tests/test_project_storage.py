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


def test_compiled_field_test_passes_only_what_the_field_checks_pass(samples):
    """The fast test of a record's field types (one compiled expression per class)
    agrees with the field-by-field checks: every stored record passes both, and a
    record with any one field of another type, at any depth the checks reach, fails."""
    import copy
    from dataclasses import fields, is_dataclass

    from model.entities import Entity
    from model.project_checks import _fields, _typed, record_problem
    from model.types import Article, ArticleAnalysis, Event

    analysis = samples.analyses[samples.articles[0].id]
    records = [(samples.articles[0], Article), (analysis, ArticleAnalysis),
               (samples.extracted[0], Event), (samples.entities[0], Entity)]
    wrong = [object(), None, 1.5, "x", [object()], (object(),), frozenset({3})]
    checked = 0

    def replace(record, **changes):
        """A copy with fields set as they are (not through __init__, which converts)."""
        other = copy.copy(record)
        for name, value in changes.items():
            object.__setattr__(other, name, value)
        return other

    def damaged(record):
        """Copies of ``record`` with one field (or one item's field) of a wrong type."""
        for f in fields(record):
            value = getattr(record, f.name)
            for bad in wrong:
                yield replace(record, **{f.name: bad})
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items[:1]:
                if is_dataclass(item):
                    for bad_item in damaged(item):
                        container = type(value) if isinstance(value, (list, tuple)) else None
                        yield replace(record, **{f.name: container([bad_item, *items[1:]])
                                                 if container else bad_item})

    for record, cls in records:
        assert _typed(cls)(record) and record_problem(record, cls) == ""
        for bad in damaged(record):
            slow = next((p for name, check in _fields(cls)
                         if (p := check(getattr(bad, name)))), "")
            fast = _typed(cls)(bad)
            assert not (fast and slow), (cls.__name__, slow)
            assert (record_problem(bad, cls) == "") == (slow == "")
            checked += 1
    assert checked > 200


def _same_content(a: Project, b: Project) -> None:
    assert a.articles == b.articles
    assert a.analyses == b.analyses
    assert a.extracted == b.extracted
    assert a.entities == b.entities
    assert a.decisions == b.decisions
    assert a.events == b.events


@pytest.fixture
def encoded(monkeypatch):
    """The article ids whose extraction a save encodes (the rest it copies)."""
    from model import project as project_module
    seen = []
    real = project_module._analysis_stored

    def counting(analysis, text):
        seen.append(analysis)
        return real(analysis, text)
    monkeypatch.setattr(project_module, "_analysis_stored", counting)
    return seen


def test_saving_copies_the_rows_of_unchanged_articles_from_the_file(tmp_path, encoded):
    """Adding articles to a saved project and saving it again writes only the new
    articles' extraction; the others' rows are copied from the file, and the file reads
    back the same as one written whole."""
    import shutil
    first, rest = tmp_path / "first", tmp_path / "rest"
    first.mkdir()
    rest.mkdir()
    for i, path in enumerate(sorted(SAMPLES.glob("*.txt"))):
        shutil.copy(path, (first if i < 3 else rest) / path.name)
    path = tmp_path / "p.tlx"
    project = Project()
    project.update([first], cache=None)
    project.save(path)
    opened = Project.open(path)
    opened.update([rest], cache=None)
    encoded.clear()
    opened.save()
    assert len(encoded) == 2
    again = Project.open(path)
    _same_content(again, opened)
    whole = tmp_path / "whole.tlx"
    opened.disk_rows = {}
    encoded.clear()
    opened.save(whole)
    assert len(encoded) == 5
    _same_content(Project.open(whole), again)
    encoded.clear()
    again.save(tmp_path / "elsewhere.tlx")  # "save as" copies from the file it came from
    assert encoded == []
    _same_content(Project.open(tmp_path / "elsewhere.tlx"), again)


def test_rows_are_not_copied_from_a_file_that_changed(samples, tmp_path, encoded):
    """A file replaced since the project was read (saved over on purpose) is never a
    source of rows: its articles may be anything."""
    path = tmp_path / "p.tlx"
    samples.save(path)
    opened = Project.open(path)
    other = Project()
    other.update([next(iter(sorted(SAMPLES.glob("*.txt"))))], cache=None)
    other.save(path, overwrite=True)
    encoded.clear()
    opened.save(path, overwrite=True)
    assert len(encoded) == len(samples.articles)
    _same_content(Project.open(path), opened)


def test_a_changed_article_is_written_not_copied(samples, tmp_path, encoded):
    """An article or an extraction that is no longer the object read from the file is
    written from the project (its row and its extraction's), the others copied."""
    from dataclasses import replace
    path = tmp_path / "p.tlx"
    samples.save(path)
    opened = Project.open(path)
    renamed = replace(opened.articles[1], title="Another title")
    opened.articles[1] = renamed
    opened.analyses[opened.articles[2].id] = replace(opened.analyses[opened.articles[2].id])
    encoded.clear()
    opened.save()
    assert len(encoded) == 2  # the article changed and the extraction changed
    again = Project.open(path)
    assert again.articles[1].title == "Another title"
    _same_content(again, opened)


def test_reading_a_project_keeps_its_records_out_of_the_collectors_way(samples, tmp_path):
    """The cyclic collector is paused while a project is read and its records are moved
    out of its reach afterwards (each full collection walks every tracked object); it
    runs again after, also when the file is damaged."""
    import gc
    path = tmp_path / "p.tlx"
    samples.save(path)
    gc.unfreeze()
    try:
        Project.open(path)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        gc.unfreeze()
        path.write_bytes(b"not a project")
        with pytest.raises(ProjectError):
            Project.open(path)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
