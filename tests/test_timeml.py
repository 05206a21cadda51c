"""TimeML reading, tagging and writing, and the TempEval-3 scorer of the benchmark."""
import json
import shutil
import sys
import time
import types
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import timeml_eval
from model.timeml import (GoldTimex, TimeMLError, parse_timeml, read_timeml, tag_directory,
                          tag_document)
from model.types import TimeExpression

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"
SAMPLE_TEXT = ("\nMilitants seized Fallujah on Friday, <officials> said.\n\n"
               "Police & tribes fought for about three days.\n")


def fake_tagger(text, reference, skip=()):
    """Fixed answers, with characters that must be escaped in the value."""
    out = []
    for word, kind, value, mod in (("Friday", "DATE", 'a"<&>b', ""),
                                   ("three days", "DURATION", "P3D", "APPROX")):
        start = text.index(word)
        out.append(TimeExpression(start, start + len(word), word, kind, value, mod))
    return out


def test_reads_raw_text_dct_and_gold_offsets():
    doc = read_timeml(FIXTURES / "sample.tml")
    assert doc.raw_text == SAMPLE_TEXT
    assert doc.dct == date(2014, 1, 8)
    assert doc.docid == "SAMPLE_20140108"
    assert [(t.text, t.type, t.value, t.tid, t.mod) for t in doc.timexes] == [
        ("Friday", "DATE", "2014-01-03", "t1", ""),
        ("about three days", "DURATION", "P3D", "t2", "APPROX")]
    for t in doc.timexes:
        assert doc.raw_text[t.start:t.end] == t.text
    assert [doc.raw_text[s:e] for s, e in doc.events] == ["seized", "fought"]
    assert doc.head.endswith("</TITLE>\n\n<TEXT>")
    assert doc.tail.startswith("</TEXT>\n\n<MAKEINSTANCE")


def test_reads_te3input_with_datetime_dct():
    doc = read_timeml(FIXTURES / "sample2.tml.TE3input")
    assert doc.raw_text == SAMPLE_TEXT
    assert doc.dct == date(2014, 1, 8)
    assert doc.timexes == []
    assert doc.name == "sample2.tml"


def test_nested_and_empty_timexes_are_not_scorable():
    doc = parse_timeml('<TimeML><TEXT>a <TIMEX3 tid="t1"><EVENT>x</EVENT></TIMEX3> '
                       '<TIMEX3 tid="t2"/> <TIMEX3 tid="t3" value="1999">1999</TIMEX3></TEXT></TimeML>')
    assert doc.raw_text == "a x  1999"
    assert [(t.tid, t.scorable) for t in doc.timexes] == [("t1", False), ("t2", False), ("t3", True)]
    assert doc.dct is None


def test_tag_document_keeps_text_and_inserts_timexes():
    doc = read_timeml(FIXTURES / "sample.tml")
    output = tag_document(doc, fake_tagger)
    again = parse_timeml(output)
    assert again.raw_text == doc.raw_text
    assert again.dct == doc.dct and again.docid == doc.docid
    assert [(t.text, t.type, t.value, t.tid, t.mod) for t in again.timexes] == [
        ("Friday", "DATE", 'a"<&>b', "t1", ""),
        ("three days", "DURATION", "P3D", "t2", "APPROX")]
    assert output.startswith(doc.head)
    assert "<EVENT" not in output and "TLINK" not in output and "MAKEINSTANCE" not in output
    assert output.endswith("</TEXT>\n\n</TimeML>\n")


def test_tag_document_uses_the_dct_as_reference_and_model_tagger_by_default(monkeypatch):
    seen = []
    fake_module = types.ModuleType("model.tagger")
    fake_module.tag = lambda text, reference, skip=(): seen.append(reference) or []
    monkeypatch.setitem(sys.modules, "model.tagger", fake_module)
    import model
    monkeypatch.setattr(model, "tagger", fake_module, raising=False)
    tag_document(read_timeml(FIXTURES / "sample2.tml.TE3input"))
    assert seen == [date(2014, 1, 8)]


def test_overlapping_or_out_of_range_expressions_are_not_written():
    doc = parse_timeml("<TimeML><TEXT>on 5 May 2014</TEXT></TimeML>")

    def tagger(text, reference):
        return [TimeExpression(5, 13, "May 2014", "DATE", "2014-05"),
                TimeExpression(3, 13, "5 May 2014", "DATE", "2014-05-05"),
                TimeExpression(10, 40, "", "DATE", "X")]

    again = parse_timeml(tag_document(doc, tagger))
    assert [(t.text, t.value) for t in again.timexes] == [("5 May 2014", "2014-05-05")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab <>&\"'\r\n\t\u00e9\U0001F600", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=5))
def test_round_trip_keeps_any_text(text, spans):
    doc = parse_timeml("<TimeML><TEXT></TEXT></TimeML>")
    doc.raw_text = text

    def tagger(raw, reference):
        return [TimeExpression(s, s + n, raw[s:s + n], "DATE", raw[s:s + n])
                for s, n in spans if s + n <= len(raw)]

    again = parse_timeml(tag_document(doc, tagger).encode("utf-8"))
    assert again.raw_text == text
    for t in again.timexes:
        assert t.value == text[t.start:t.end]


def test_entity_bomb_is_refused_quickly():
    began = time.perf_counter()
    with pytest.raises(TimeMLError) as info:
        read_timeml(FIXTURES / "billion_laughs.tml")
    assert time.perf_counter() - began < 1.0
    assert "entit" in str(info.value) and "\n" not in str(info.value)


def test_external_entity_is_refused():
    with pytest.raises(TimeMLError) as info:
        read_timeml(FIXTURES / "external_entity.tml")
    assert "external" in str(info.value)


def test_broken_or_textless_files_raise_timeml_error(tmp_path):
    broken = tmp_path / "broken.tml"
    broken.write_text("<TimeML><TEXT>unclosed</TimeML>")
    with pytest.raises(TimeMLError, match="not well-formed"):
        read_timeml(broken)
    with pytest.raises(TimeMLError, match="no <TEXT>"):
        parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>")
    with pytest.raises(TimeMLError, match="cannot read"):
        read_timeml(tmp_path / "missing.tml")


def test_tag_directory_keeps_relative_names_and_skips_bad_files(tmp_path, capsys):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "sample.tml", source / "sub" / "sample.tml")
    shutil.copy(FIXTURES / "sample2.tml.TE3input", source / "sample2.tml.TE3input")
    shutil.copy(FIXTURES / "billion_laughs.tml", source / "bomb.tml")
    (source / "notes.txt").write_text("not TimeML")

    assert tag_directory(source, tmp_path / "out", fake_tagger) == 2

    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["sample2.tml", "sub/sample.tml"]
    tagged = read_timeml(tmp_path / "out" / "sample2.tml")
    assert tagged.raw_text == SAMPLE_TEXT
    assert [t.value for t in tagged.timexes] == ['a"<&>b', "P3D"]
    assert "bomb.tml" in capsys.readouterr().err


def _timex(start, end, text="x", kind="DATE", value="v"):
    return GoldTimex(start, end, text, kind, value)


def test_scorer_matches_hand_computed_figures():
    evaluation = timeml_eval.score_directories(FIXTURES / "scoring" / "gold",
                                               FIXTURES / "scoring" / "system")
    counts = evaluation.counts()
    assert vars(counts) == {"gold": 5, "system": 6, "strict": 3, "relaxed": 4,
                            "value": 3, "type": 2}
    f = timeml_eval.figures(counts)
    assert f["strict_p"] == pytest.approx(3 / 6) and f["strict_r"] == pytest.approx(3 / 5)
    assert f["strict_f1"] == pytest.approx(6 / 11)
    assert f["relaxed_p"] == pytest.approx(4 / 6) and f["relaxed_r"] == pytest.approx(4 / 5)
    assert f["relaxed_f1"] == pytest.approx(8 / 11)
    assert f["value_f1"] == pytest.approx(6 / 11)
    assert f["type_f1"] == pytest.approx(4 / 11)
    assert evaluation.error_counts() == {"missed": 1, "spurious": 2, "partial span": 1,
                                         "wrong value": 1, "wrong type": 2}
    assert evaluation.parts == ["news"]


def test_alignment_pairs_overlaps_one_to_one_in_document_order():
    text = "on January 5, 2014 and later"
    gold = [_timex(3, 18)]
    system = [_timex(3, 12), _timex(14, 18)]
    assert timeml_eval.align(text, gold, system) == [(0, 0)]
    assert timeml_eval.align(text, [_timex(3, 10)], [_timex(11, 18)]) == []


def test_alignment_on_tokens_a_timex_ending_inside_a_word_does_not_cover_it():
    text = "the weekend of 1998s"
    assert timeml_eval.align(text, [_timex(4, 11)], [_timex(8, 11)]) == [(0, 0)]
    assert timeml_eval.align(text, [_timex(15, 20)], [_timex(13, 17)]) == []


def test_empty_gold_and_system_scores_one():
    assert timeml_eval.figures(timeml_eval.Counts())["relaxed_f1"] == 1.0


def test_benchmark_cli_on_system_dir_prints_errors_and_json(capsys):
    status = timeml_eval.main([str(FIXTURES / "scoring" / "gold"), "--system-dir",
                               str(FIXTURES / "scoring" / "system"), "--errors"])
    out = capsys.readouterr().out
    assert status == 0
    assert "missed" in out and "'Wednesday' DATE 2014-01-07" in out
    result = json.loads(out.strip().splitlines()[-1])
    assert result["total"]["relaxed_f1"] == pytest.approx(8 / 11, abs=1e-4)
    assert result["errors"]["spurious"] == 2


def test_benchmark_cli_tags_with_chosen_tagger(capsys):
    status = timeml_eval.main([str(FIXTURES / "scoring" / "gold"), "--tagger", "year-baseline"])
    out = capsys.readouterr().out
    result = json.loads(out.strip().splitlines()[-1])
    assert status == 0
    assert result["tagger"] == "year-baseline"
    assert result["total"]["system"] == 1 and result["total"]["relaxed"] == 1
    assert result["chars_per_second"] > 0
