"""The pipeline's cache, parallel workers and records: same chronology, less work."""
import shutil
from pathlib import Path

import pytest

from model import pipeline, records
from model.cache import AnalysisCache
from model.pipeline import BuildCancelled, build_chronology

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def signature(chron):
    """What a user sees of a chronology: each event's date, label and supporting sentences."""
    return sorted((e.value, e.label, tuple(sorted((m.article_id, m.sentence.start, m.derived)
                                                  for m in e.mentions)))
                  for e in chron.events)


@pytest.fixture(scope="module")
def plain():
    return build_chronology([SAMPLES])


@pytest.fixture
def counted(monkeypatch):
    """Counts the articles the pipeline really analyses (the rest came from the cache)."""
    calls = []
    real = pipeline.analyse_article

    def analyse(article, expressions=None):
        calls.append(article.id)
        return real(article, expressions)

    monkeypatch.setattr(pipeline, "analyse_article", analyse)
    return calls


def test_records_round_trip_every_event_and_article(plain):
    for event in plain.events:
        assert records.event_from(records.event_record(event)) == event
    for article in plain.articles:
        assert records.article_from(records.article_record(article)) == article


def test_second_build_comes_from_the_cache_with_the_same_events(tmp_path, plain, counted):
    cache = AnalysisCache(tmp_path / "cache.sqlite")
    first = build_chronology([SAMPLES], cache=cache)
    assert set(counted) == {a.id for a in plain.articles}
    counted.clear()
    again = build_chronology([SAMPLES], cache=cache)
    assert counted == [], "nothing should be analysed a second time"
    assert signature(first) == signature(again) == signature(plain)
    assert [a.published for a in again.articles] == [a.published for a in plain.articles]


def test_changed_file_and_new_date_are_analysed_again(tmp_path, counted):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    cache = AnalysisCache(tmp_path / "cache.sqlite")
    build_chronology([folder], cache=cache)
    counted.clear()
    changed = folder / "voa-islamic-militants-fight-in-iraq.txt"
    changed.write_text(changed.read_text() + "\nThe council met on Jan. 2, 2014.\n")
    chron = build_chronology([folder], cache=cache)
    assert counted == ["voa-islamic-militants-fight-in-iraq"]
    assert any("council met" in e.label.lower() for e in chron.events)
    counted.clear()
    from datetime import date
    build_chronology([folder], {"bbc-iraqi-forces-fight-militants-in-anbar.txt":
                                date(2014, 1, 9)}, cache=cache)
    assert counted == ["bbc-iraqi-forces-fight-militants-in-anbar"]


def test_worker_processes_give_the_same_chronology(monkeypatch, plain):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(pipeline, "_CHUNK", 2)
    parallel = build_chronology([SAMPLES], workers=2)
    assert signature(parallel) == signature(plain)
    assert [a.id for a in parallel.articles] == [a.id for a in plain.articles]


def test_cancelling_stops_the_build():
    with pytest.raises(BuildCancelled):
        build_chronology([SAMPLES], progress=lambda *a: None, cancelled=lambda: True)


def test_a_broken_cache_entry_is_analysed_again(tmp_path, counted):
    cache = AnalysisCache(tmp_path / "cache.sqlite")
    build_chronology([SAMPLES], cache=cache)
    cache._db.execute("UPDATE entries SET data = x'00ff'")
    cache.commit()
    counted.clear()
    build_chronology([SAMPLES], cache=cache)
    assert len(set(counted)) == 5


def test_every_article_is_scanned_once_whatever_dates_it(monkeypatch, tmp_path):
    """The tagger scans each text once; dating it from its own text, from the corpus or
    from the user only resolves the found expressions again."""
    from model.tagger import Tagger
    scanned = []
    real = Tagger.find

    def counting(self, text, skip=(), windows=True):
        scanned.append(text[:12])
        return real(self, text, skip, windows)

    monkeypatch.setattr(Tagger, "find", counting)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "note.txt").write_text("Meeting note\n\nThe board met on Jan. 6 and "
                                             "agreed to build the bridge.\n")
    (tmp_path / "b" / "wire.txt").write_text("Harbour news\n\nMarch 12, 2024\n\nThe ferry "
                                             "sank yesterday near the harbour.\n")
    chron = build_chronology([tmp_path / "a"])
    assert scanned == ["Meeting note"]
    assert chron.article("note").published is None
    assert [(t.text, t.value) for t in chron.expressions["note"]] == [("Jan. 6", "XXXX-01-06")]
    chron = build_chronology([tmp_path / "b"])
    assert scanned == ["Meeting note", "Harbour news"]
    assert chron.article("wire").published.isoformat() == "2024-03-12"
    assert ("yesterday", "2024-03-11") in [(t.text, t.value) for t in chron.expressions["wire"]]

def test_fingerprint_follows_extraction_code_not_storage_or_views(tmp_path, monkeypatch):
    """Saving, showing or exporting code can change without analysing every cached
    article again or merging a project's events again; extraction code cannot."""
    from model import cache

    package = tmp_path / "model"
    shutil.copytree(cache._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)

    def fingerprint():
        return cache.fingerprint.__wrapped__()
    before = fingerprint()
    for name in ("project.py", "render.py", "summaries.py"):
        (package / name).write_text((package / name).read_text() + "\n# changed\n")
    assert fingerprint() == before
    for name in ("merge.py", "narrative.py", "tagger.py"):
        (package / name).write_text((package / name).read_text() + "\n# changed\n")
        assert fingerprint() != before
        before = fingerprint()
    (package / "new_stage.py").write_text("X = 1\n")
    assert fingerprint() != before
