"""Every export is read back and checked against the hand-built sample chronology."""
from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology_fixture import sample_chronology
from model import exporters
from model.exporters import (ExportError, chronology_to_json, human_date, iso_date,
                             timelinejs_dates, timeml_document, timeml_text, write_csv,
                             write_json, write_timelinejs, write_timeml)
from model.types import Interval, TimeExpression


@pytest.fixture()
def chron():
    return sample_chronology()


def test_json_schema_and_known_event(chron, tmp_path):
    path = tmp_path / "chronology.json"
    write_json(chron, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"articles", "events"}
    bbc = next(a for a in data["articles"] if a["id"] == "bbc")
    assert bbc == {**bbc, "path": "/data/news/bbc.txt", "source": "BBC",
                   "published": "2014-01-04", "published_basis": "metadata"}
    cbn = next(a for a in data["articles"] if a["id"] == "cbn")
    assert cbn["published"] is None and cbn["published_basis"] == "unknown"

    starts = [e["start"] for e in data["events"]]
    assert starts == sorted(starts)
    alliance = next(e for e in data["events"] if e["id"] == "e02")
    assert {k: alliance[k] for k in ("label", "start", "end", "value", "granularity",
                                     "derived", "flags")} == {
        "label": "Sunni tribes join forces with the US", "start": "2006-01-01",
        "end": "2007-12-31", "value": "2006", "granularity": "year", "derived": False,
        "flags": []}
    (mention,) = alliance["mentions"]
    text = chron.article("bbc").text
    assert mention["article"] == "bbc"
    assert text[mention["start"]:mention["end"]] == mention["sentence"]
    timex = mention["timex"]
    assert {k: timex[k] for k in ("text", "value", "type")} == {
        "text": "2006", "value": "2006", "type": "DATE"}
    assert text[timex["start"]:timex["end"]] == "2006"


def test_json_flags_sources_and_approximate(chron):
    events = {e["id"]: e for e in chronology_to_json(chron)["events"]}
    assert events["e10"]["flags"] == ["casualty figures differ between sources (23, 32)"]
    assert events["e05"]["sources"] == ["BBC", "CBS News"]
    assert events["e04"]["approximate"] is True and events["e04"]["derived"] is True
    assert events["e04"]["mentions"][0]["timex"]["mod"] == "APPROX"


def test_csv_rows_read_back_with_pandas(chron, tmp_path):
    path = tmp_path / "events.csv"
    write_csv(chron, path)
    frame = pd.read_csv(path, encoding="utf-8", keep_default_na=False)
    assert list(frame.columns) == ["id", "start", "end", "value", "granularity",
                                   "approximate", "derived", "label", "n_sources", "sources",
                                   "flags", "sentence", "dated_by", "how_dated", "entities"]
    assert len(frame) == len(chron.events)
    assert list(frame["start"]) == sorted(frame["start"])
    row = frame.set_index("id").loc["e05"]
    assert (row["start"], row["end"], str(row["value"])) == ("2011-01-01", "2011-12-31", "2011")
    assert row["sources"] == "BBC; CBS News" and row["n_sources"] == 2
    assert row["sentence"].startswith("The tribes joined forces")
    clash = frame.set_index("id").loc["e11"]
    assert clash["label"] == "Special forces clash with militants in Fallujah & Ramadi"
    assert "23, 32" in clash["flags"]


def test_timelinejs_dates_follow_granularity(chron, tmp_path):
    path = tmp_path / "timeline.json"
    write_timelinejs(chron, path, title="Anbar")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"] == "Anbar"
    events = {e["unique_id"]: e for e in data["events"]}
    assert events["e01"]["start_date"] == {"year": 2004}
    assert "end_date" not in events["e01"]
    assert events["e02"]["start_date"] == {"year": 2006}
    assert events["e02"]["end_date"] == {"year": 2007}
    assert events["e07"]["start_date"] == {"year": 2013, "month": 12}
    assert events["e09"]["start_date"] == {"year": 2014, "month": 1, "day": 1}
    assert events["e08"]["end_date"] == {"year": 2013, "month": 12, "day": 29}
    assert all(isinstance(v, int) for e in data["events"] for v in e["start_date"].values())
    clash = events["e11"]
    assert clash["group"] == "BBC"
    assert clash["text"]["headline"] == (
        "Special forces clash with militants in Fallujah &amp; Ramadi")
    assert "<b>BBC</b>" in clash["text"]["text"] and "23, 32" in clash["text"]["text"]
    assert events["e05"]["text"]["text"].count("<li>") == 2
    assert events["e04"]["display_date"] == "about 2011"


def _parse_timeml(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def test_timeml_files_keep_text_and_tag_expressions(chron, tmp_path):
    written = write_timeml(chron, tmp_path / "tml")
    assert sorted(p.name for p in written) == sorted(f"{a.id}.tml" for a in chron.articles)
    for article in chron.articles:
        root = _parse_timeml(tmp_path / "tml" / f"{article.id}.tml")
        assert root.findtext("DOCID") == article.id
        body = root.find("TEXT")
        assert "".join(body.itertext()) == article.text
        timexes = body.findall("TIMEX3")
        assert [t.get("value") for t in timexes] == [
            e.value for e in chron.expressions[article.id]]
        for t, e in zip(timexes, chron.expressions[article.id]):
            assert t.text == e.text and t.get("type") == e.type
        dct = root.find("DCT/TIMEX3")
        if article.published:
            assert dct.get("value") == article.published.isoformat()
            assert dct.get("functionInDocument") == "CREATION_TIME" and dct.get("tid") == "t0"
        else:
            assert dct is None


def test_timeml_mod_and_escaping(chron, tmp_path):
    write_timeml(chron, tmp_path)
    voa = _parse_timeml(tmp_path / "voa.tml").find("TEXT")
    approx = [t for t in voa.iter("TIMEX3") if t.get("mod")]
    assert [(t.text, t.get("mod"), t.get("value")) for t in approx] == [
        ("about three years", "APPROX", "P3Y")]
    raw = (tmp_path / "bloomberg.tml").read_text(encoding="utf-8")
    assert "&lt;AH-64&gt;, missiles &amp; drones" in raw


def test_timeml_text_skips_overlaps_and_keeps_odd_characters():
    text = "Tab\there,\r\nthen 3 January 2014 & more\x0c end"
    start = text.index("3 January 2014")
    expressions = [
        TimeExpression(start + 2, start + 14, "January 2014", "DATE", "2014-01"),
        TimeExpression(start, start + 14, "3 January 2014", "DATE", "2014-01-03", mod="START"),
        TimeExpression(start + 10, start + 20, "overlap", "DATE", "2014"),
        TimeExpression(0, 3, "Tab", "DATE", 'odd "value" <x>'),
        TimeExpression(5, 400, "out of range", "DATE", "2014"),
    ]
    root = ET.fromstring(f"<TEXT>{timeml_text(text, expressions)}</TEXT>")
    content = "".join(root.itertext())
    assert content == text.replace("\x0c", "\ufffd")
    tags = root.findall("TIMEX3")
    assert [(t.text, t.get("value"), t.get("mod")) for t in tags] == [
        ("Tab", 'odd "value" <x>', None), ("3 January 2014", "2014-01-03", "START")]
    assert [t.get("tid") for t in tags] == ["t1", "t2"]


@settings(max_examples=150, deadline=None)
@given(st.text(), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=8))
def test_timeml_text_round_trips_any_text(text, spans):
    expressions = [TimeExpression(s, s + n, text[s:s + n], "DATE", "2014") for s, n in spans]
    root = ET.fromstring(f"<TEXT>{timeml_text(text, expressions)}</TEXT>".encode("utf-8"))
    content = "".join(root.itertext())
    assert len(content) == len(text)
    assert content == exporters._XML_INVALID.sub("\ufffd", text)


def test_timeml_document_without_dct_parses():
    doc = timeml_document("a&b", "On Friday.", [], None)
    root = ET.fromstring(doc.encode("utf-8"))
    assert root.findtext("DOCID") == "a&b" and root.find("DCT") is None
    assert root.findtext("TEXT") == "On Friday."


def test_dates_at_their_own_precision():
    year = Interval(date(2006, 1, 1), date(2007, 12, 31), "year")
    assert (iso_date(year), human_date(year)) == ("2006/2007", "2006\u20132007")
    assert timelinejs_dates(year) == ({"year": 2006}, {"year": 2007})
    month = Interval(date(2013, 12, 1), date(2013, 12, 31), "month", approximate=True)
    assert (iso_date(month), human_date(month)) == ("2013-12~", "Dec 2013")
    assert timelinejs_dates(month) == ({"year": 2013, "month": 12}, None)
    day = Interval(date(2014, 1, 3), date(2014, 1, 3), "day")
    assert (iso_date(day), human_date(day)) == ("2014-01-03", "3 Jan 2014")
    decade = Interval(date(1990, 1, 1), date(1999, 12, 31), "decade")
    assert (iso_date(decade), human_date(decade)) == ("1990/1999", "1990s")


def test_write_replaces_existing_file_atomically(chron, tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    write_json(chron, path)
    assert json.loads(path.read_text(encoding="utf-8"))["events"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs a directory the user cannot write")
def test_read_only_target_raises_one_line_export_error(chron, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError) as info:
            write_csv(chron, folder / "events.csv")
    finally:
        folder.chmod(0o700)
    message = str(info.value)
    assert "\n" not in message and str(folder / "events.csv") in message


def test_permission_denied_is_one_line_export_error(chron, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exporters.os, "open", denied)
    with pytest.raises(ExportError) as info:
        write_timelinejs(chron, tmp_path / "t.json")
    assert str(info.value) == f"cannot write {tmp_path / 't.json'}: Permission denied"


def test_failed_write_leaves_old_file_and_no_temp(chron, tmp_path, monkeypatch):
    path = tmp_path / "events.csv"
    path.write_text("old", encoding="utf-8")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporters.os, "fsync", full_disk)
    with pytest.raises(ExportError, match="No space left on device") as info:
        write_csv(chron, path)
    assert str(path) in str(info.value)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_missing_directory_is_an_export_error(chron, tmp_path):
    with pytest.raises(ExportError, match="cannot write"):
        write_json(chron, tmp_path / "no" / "such" / "dir" / "c.json")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot create directory"):
        write_timeml(chron, tmp_path / "file" / "tml")
