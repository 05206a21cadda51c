"""The command line, run on the hand-built chronology (the pipeline is replaced)."""
from __future__ import annotations

import json
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

import model
from chronology_fixture import dense_chronology, sample_chronology
from model.chronology import Chronology
from model.cli import main
from model.types import LoadProblem

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def pipeline(monkeypatch):
    """A stand-in for model.pipeline whose build returns the chronology it is given."""
    fake = types.ModuleType("model.pipeline")
    fake.calls = []
    fake.result = sample_chronology()

    def build_chronology(paths, published=None, progress=None, cancelled=None, *,
                         cache=None, workers=1):
        fake.calls.append((list(paths), dict(published or {})))
        if isinstance(fake.result, Exception):
            raise fake.result
        return fake.result

    fake.build_chronology = build_chronology
    monkeypatch.setitem(sys.modules, "model.pipeline", fake)
    monkeypatch.setattr(model, "pipeline", fake, raising=False)
    return fake


def test_build_prints_summary_and_problems(pipeline, capsys):
    assert main(["build", "news"]) == 0
    out, err = capsys.readouterr()
    assert "5 articles loaded:" in out
    assert "2014-01-04  (metadata)  BBC: Iraqi security forces" in out
    assert "no date     (unknown)   CBN:" in out
    assert "12 events:" in out
    assert "2014-01-03  Special forces clash with militants in Fallujah & Ramadi  [BBC]" in out
    assert "2011        US withdrawal from Iraq  [BBC, CBS News]" in out
    assert "2006/2007   Sunni tribes join forces with the US  [BBC]" in out
    assert err.splitlines() == ["skipped /data/news/broken.pdf: not a PDF file (damaged header)"]
    assert pipeline.calls == [(["news"], {})]


def test_build_passes_publication_dates(pipeline):
    assert main(["build", "a.txt", "b.txt", "--published", "a.txt=2014-01-03",
                 "--published", "b report.txt=2013-12-31"]) == 0
    assert pipeline.calls == [(["a.txt", "b.txt"], {"a.txt": date(2014, 1, 3),
                                                     "b report.txt": date(2013, 12, 31)})]


@pytest.mark.parametrize("value", ["a.txt", "a.txt=2014-13-01", "=2014-01-01", "a=14-1-1"])
def test_bad_published_value_is_a_usage_error(pipeline, capsys, value):
    assert main(["build", "a.txt", "--published", value]) == 2
    err = capsys.readouterr().err
    assert "--published" in err and repr(value) in err
    assert "Traceback" not in err
    assert pipeline.calls == []


def test_build_writes_every_export(pipeline, tmp_path, capsys):
    files = {"--json": tmp_path / "c.json", "--csv": tmp_path / "c.csv",
             "--timelinejs": tmp_path / "t.json", "--timeml": tmp_path / "tml",
             "--image": tmp_path / "c.svg"}
    argv = ["build", "news", "--width", "8", "--height", "4.5", "--dpi", "72",
            "--title", "Anbar"]
    for flag, path in files.items():
        argv += [flag, str(path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for path in files.values():
        assert path.exists() and f"wrote {path}" in out
    assert len(json.loads(files["--json"].read_text(encoding="utf-8"))["events"]) == 12
    assert json.loads(files["--timelinejs"].read_text(encoding="utf-8"))[
        "title"]["text"]["headline"] == "Anbar"
    assert sorted(p.name for p in files["--timeml"].iterdir()) == [
        "bbc.tml", "bloomberg.tml", "cbn.tml", "cbs.tml", "voa.tml"]
    assert 'width="576pt"' in files["--image"].read_text(encoding="utf-8")


def test_image_needs_a_known_format(pipeline, capsys):
    assert main(["build", "news", "--image", "timeline.bmp"]) == 2
    assert "'timeline.bmp' must end in .png, .svg or .pdf" in capsys.readouterr().err


def test_nothing_loaded_exits_non_zero(pipeline, capsys):
    pipeline.result = Chronology([], {}, [], [LoadProblem("x.pdf", "encrypted PDF"),
                                              LoadProblem("y.doc", "unsupported format")])
    assert main(["build", "x.pdf", "y.doc"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == ["skipped x.pdf: encrypted PDF",
                                "skipped y.doc: unsupported format",
                                "error: no article could be loaded"]
    assert out == ""


def test_failed_export_is_one_line_and_others_still_written(pipeline, tmp_path, capsys):
    csv = tmp_path / "c.csv"
    bad = tmp_path / "missing" / "c.json"
    assert main(["build", "news", "--json", str(bad), "--csv", str(csv)]) == 1
    out, err = capsys.readouterr()
    assert csv.exists() and f"wrote {csv}" in out
    lines = [line for line in err.splitlines() if not line.startswith("skipped")]
    assert lines == [f"error: cannot write {bad}: No such file or directory"]


def test_unexpected_build_error_is_one_line(pipeline, capsys):
    pipeline.result = RuntimeError("tagger exploded")
    assert main(["build", "news"]) == 1
    err = capsys.readouterr().err
    assert err == "error: could not build the chronology: RuntimeError: tagger exploded\n"


def test_summary_lists_twenty_events_then_a_count(pipeline, capsys):
    pipeline.result = dense_chronology(30)
    assert main(["build", "news"]) == 0
    out = capsys.readouterr().out
    event_lines = [line for line in out.splitlines() if "Event number" in line]
    assert len(event_lines) == 20
    assert "  ... and 10 more" in out


@pytest.fixture()
def timeml(monkeypatch):
    fake = types.ModuleType("model.timeml")
    fake.calls = []

    def tag_directory(in_dir, out_dir):
        fake.calls.append((Path(in_dir), Path(out_dir)))
        return 3

    fake.tag_directory = tag_directory
    monkeypatch.setitem(sys.modules, "model.timeml", fake)
    monkeypatch.setattr(model, "timeml", fake, raising=False)
    return fake


def test_tag_calls_tag_directory(timeml, tmp_path, capsys):
    (tmp_path / "in").mkdir()  # beside, not inside: tag refuses to write into IN (issue 14)
    assert main(["tag", str(tmp_path / "in"), str(tmp_path / "out")]) == 0
    assert timeml.calls == [(tmp_path / "in", tmp_path / "out")]
    assert capsys.readouterr().out == f"tagged 3 files into {tmp_path / 'out'}\n"


def test_tag_missing_folder_is_one_line(timeml, tmp_path, capsys):
    assert main(["tag", str(tmp_path / "nope"), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"error: not a folder: {tmp_path / 'nope'}\n"
    assert timeml.calls == []


def test_tag_without_timeml_module_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "model.timeml", None)
    monkeypatch.delattr(model, "timeml", raising=False)
    assert main(["tag", str(tmp_path), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: TimeML tagging is not available") and err.count("\n") == 1


def test_python_dash_m_model_runs_without_traceback():
    done = subprocess.run([sys.executable, "-m", "model", "build", "x.txt", "--published",
                           "x.txt=yesterday"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "argument --published" in done.stderr and "Traceback" not in done.stderr
    helped = subprocess.run([sys.executable, "-m", "model", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and "build" in helped.stdout and "tag" in helped.stdout
