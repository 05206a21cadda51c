"""The TimeLine benchmark's reading and measures, on a tiny corpus written here.

Two TimeML articles about a river bridge and one gold timeline: a line with no date, a
2017 line anchored in both articles, a day line and a month line. Systems are written by
hand, so every figure is known in advance.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from benchmarks import timeline_eval as te

DOC_1001 = """<?xml version="1.0" encoding="UTF-8"?>
<Document>
<DOCID>1001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-03-14" functionInDocument="CREATION_TIME"/></DCT>
<TEXT>
<s id="0">The city council <EVENT eid="e1">approved</EVENT> the new bridge on Tuesday.</s>
<s id="1">Construction began in <TIMEX3 tid="t1" type="DATE" value="2017">2017</TIMEX3>.</s>
<s id="2">Critics said the cost had doubled &amp; more.</s>
</TEXT>
</Document>
"""

DOC_1002 = """<?xml version="1.0" encoding="UTF-8"?>
<Document>
<DOCID>1002</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="15-03-2019" functionInDocument="CREATION_TIME"/></DCT>
<TEXT>
<s id="0">The regional assembly voted for the bridge this month.</s>
<s id="1">Work on the bridge started in 2017.</s>
</TEXT>
</Document>
"""

GOLD = ("River Bridge\n"
        "0\tXXXX-XX-XX\t1001-2-said\n"
        "1\t2017\t1001-1-began\t1002-1-started\n"
        "2\t2019-03-12\t1001-0-approved\n"
        "3\t2019-03\t1002-0-voted\n")

LAYOUTS = {"trial": ("documents", "gold-timelines"),
           "test": ("corpus_trackA_TimeML", "TimeLines_Gold_Standard")}


def write_corpus(root: Path, layout: str = "trial") -> Path:
    doc_dir, gold_dir = (root / name for name in LAYOUTS[layout])
    doc_dir.mkdir(parents=True)
    gold_dir.mkdir()
    (doc_dir / "1001_Council_approves_bridge.tml").write_text(DOC_1001, encoding="utf-8")
    (doc_dir / "1002-Assembly_votes.tml").write_text(DOC_1002, encoding="utf-8")
    (gold_dir / "river_bridge.txt").write_text(GOLD, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path):
    root = write_corpus(tmp_path / "bridge-corpus")
    docs = te.read_documents(root)
    return root, docs, te.read_gold(root, docs)


def mention(docs, docid: str, sid: int) -> dict:
    start, end = docs[docid].sentences[sid]
    return {"article": f"a{docid}", "sentence": docs[docid].text[start:end],
            "start": start, "end": end}


def system_json(docs, events: list[tuple[str, str, list[tuple[str, int]], list]]) -> dict:
    """events: (start, end, [(docid, sentence id)...], entities)."""
    return {"articles": [{"id": f"a{d}", "path": f"/saved/{d}.txt", "published": None}
                         for d in docs],
            "events": [{"id": f"e{n}", "start": start, "end": end, "entities": entities,
                        "mentions": [mention(docs, d, s) for d, s in where]}
                       for n, (start, end, where, entities) in enumerate(events)]}


def counts(corpus_fixture, events) -> dict:
    _root, docs, gold = corpus_fixture
    return te.score_corpus(gold, te.read_system(system_json(docs, events), docs), docs)["counts"]


def test_documents_become_sentences_one_per_line(corpus):
    _root, docs, _gold = corpus
    first, second = docs["1001"], docs["1002"]
    assert first.text == ("The city council approved the new bridge on Tuesday.\n"
                          "Construction began in 2017.\n"
                          "Critics said the cost had doubled & more.\n")
    assert first.sentence_text(1) == "Construction began in 2017."
    assert first.sentences[1] == (53, 80)
    assert first.dct == date(2019, 3, 14)
    assert second.dct == date(2019, 3, 15)  # written DD-MM-YYYY
    assert second.notes == ["DCT '15-03-2019' read as DD-MM-YYYY"]


def test_mentions_fall_in_the_sentences_they_overlap(corpus):
    doc = corpus[1]["1001"]
    (s0, e0), (s1, _e1) = doc.sentences[0], doc.sentences[1]
    assert doc.sentences_in(s0, e0) == [0]
    assert doc.sentences_in(e0 - 1, s1 + 1) == [0, 1]
    assert doc.sentences_in(s1, s1) == [1]      # empty range counts at its start
    assert doc.sentences_in(e0, s1) == []       # only the line break


def test_gold_units_lines_and_entities(corpus):
    _root, _docs, gold = corpus
    assert sorted(gold.units) == [("1001", 0, "2019-03-12"), ("1001", 1, "2017"),
                                  ("1002", 0, "2019-03"), ("1002", 1, "2017")]
    assert gold.undated_lines == 1
    assert [g.granularity for g in gold.multi_doc_lines().values()] == ["year"]
    assert {t for t, *_ in gold.entity_units} == {"River Bridge"}
    assert len(gold.entity_units) == 4


def test_anchor_with_digits_glued_to_the_docid_is_repaired(corpus):
    docs = corpus[1]
    assert te.resolve_anchor("100112-0-approved12", docs) == (("1001", 0), None, True)
    key, problem, _ = te.resolve_anchor("100112-0-voted", docs)
    assert key is None and "no document 100112" in problem


def test_one_compatible_and_one_incompatible_event(corpus):
    c = counts(corpus, [("2017-05-01", "2017-05-01", [("1001", 1), ("1002", 1)], []),
                        ("2019-04-20", "2019-04-20", [("1001", 0), ("1002", 0)], [])])
    r = te.rates(c)
    assert (c["units"], c["found"], c["compatible"]) == (4, 4, 2)
    assert r["recall"] == 50.0 and r["accuracy"] == 50.0 and r["strict_recall"] == 50.0
    assert (c["merge_lines"], c["merged"], c["merged_dated"]) == (1, 1, 1)
    assert r["sentence_coverage"] == 80.0


def test_separate_events_do_not_merge_and_wrong_year_is_not_dated(corpus):
    c = counts(corpus, [("2016-01-01", "2016-12-31", [("1001", 1), ("1002", 1)], []),
                        ("2017-01-01", "2017-01-01", [("1001", 1)], []),
                        ("2017-01-01", "2017-01-01", [("1002", 1)], [])])
    assert (c["found"], c["compatible"]) == (2, 2)
    assert (c["merged"], c["merged_dated"]) == (1, 0)


@pytest.mark.parametrize("start, end, day_ok, month_ok", [
    ("2019-03-12", "2019-03-12", True, True),
    ("2019-02-10", "2019-03-12", True, True),    # 31 days
    ("2019-02-09", "2019-03-12", False, True),   # 32 days
    ("2019-02-15", "2019-03-01", False, True),   # one shared day with March
    ("2019-01-01", "2019-04-02", False, True),   # 92 days
    ("2018-12-31", "2019-04-02", False, False),  # 93 days
    ("2019-04-01", "2019-04-01", False, False),
])
def test_compatibility_windows(corpus, start, end, day_ok, month_ok):
    c = counts(corpus, [(start, end, [("1001", 0)], []), (start, end, [("1002", 0)], [])])
    assert c["compatible"] == day_ok + month_ok


def test_year_window_and_strict():
    year, _ = te.parse_gold_date("2017-XX-XX")
    assert (year.value, year.granularity) == ("2017", "year")
    assert te.compatible((date(2016, 12, 31), date(2017, 12, 31)), year)      # 366 days
    assert not te.compatible((date(2016, 12, 30), date(2017, 12, 31)), year)  # 367 days
    assert not te.strict((date(2016, 12, 31), date(2017, 12, 31)), year)
    assert te.strict((date(2017, 2, 1), date(2017, 2, 1)), year)
    assert te.parse_gold_date("XXXX-XX-XX") == (None, None)


def test_entity_names_match_by_shared_words():
    assert te.entity_matches("General Motors", "General Motors creditors")
    assert te.entity_matches("River Bridge", "bridge")
    assert not te.entity_matches("River Bridge", "Bridge Street")
    assert not te.entity_matches("Ho Chi", "Ho")  # no shared word of 3+ characters


def test_entity_recall_needs_a_compatible_event_naming_the_target(corpus):
    c = counts(corpus, [("2017-05-01", "2017-05-01", [("1001", 1)], [{"name": "river bridge"}]),
                        ("2017-05-01", "2017-05-01", [("1002", 1)], ["Assembly"]),
                        ("2020-01-01", "2020-01-01", [("1001", 0)], ["River Bridge"])])
    assert (c["entity_units"], c["entity_found"], c["entity_events"]) == (4, 1, 3)


def test_articles_are_matched_by_file_name_and_offsets_checked(corpus):
    _root, docs, gold = corpus
    data = system_json(docs, [("2017-05-01", "2017-05-01", [("1001", 1)], [])])
    data["articles"][0]["path"] = "1001.txt.bak"
    system = te.read_system(data, docs)
    assert system.diag["articles_unmatched"] == 1 and system.diag["mentions_unmatched"] == 1
    data = system_json(docs, [("2017-05-01", "2017-05-01", [("1001", 1)], [])])
    data["events"][0]["mentions"][0]["start"] = 10 ** 6
    system = te.read_system(data, docs)
    assert system.diag["mentions_bad_offsets"] == 1
    assert te.score_corpus(gold, system, docs)["counts"]["found"] == 0


def test_dct_baseline_from_the_command_line(tmp_path, capsys):
    root = write_corpus(tmp_path / "bridge-test", layout="test")
    out = tmp_path / "figures.json"
    assert te.main([str(root), "--baseline", "dct", "--json", str(out)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    # Only the month unit holds its article's DCT (15 March 2019).
    assert last == ("TIMELINE bridge-test: dated-event recall 25.0% (1/4), date accuracy 25.0% "
                    "(1/4), merge recall 0.0% (0/1), strict recall 25.0%, sentence coverage "
                    "100.0%, entity recall -% (0/4)")
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["corpora"][0]["counts"]["sentences"] == 5


def test_missing_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "documents").mkdir()
    assert te.main([str(tmp_path)]) == 1
    assert "no gold timeline folder" in capsys.readouterr().err


def test_product_runs_in_process_on_the_documents(corpus):
    _root, docs, gold = corpus
    data = te.product_json(docs, workers=1)
    assert sorted(a["path"] for a in data["articles"]) == ["1001.txt", "1002.txt"]
    assert {a["published"] for a in data["articles"]} == {"2019-03-14", "2019-03-15"}
    result = te.score_corpus(gold, te.read_system(data, docs), docs)
    assert result["published_match_dct"] == [2, 2]
    diag = result["system"]
    assert diag["events"] > 0 and diag["mentions"] > 0
    assert diag["mentions_bad_offsets"] == diag["mentions_text_mismatch"] == 0
