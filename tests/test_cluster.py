"""The Dask engine gives the same chronology and the same project file as a local build.

A LocalCluster of two single-threaded workers runs in this process (processes=False:
quick to start, nothing left behind), over a few hundred generated articles on stories
written for this test (a reservoir dam, a dock strike, a medicine recall).
"""
import random
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from model import cli
from model.pipeline import BuildCancelled, build_chronology
from model.project import Project

ROOT = Path(__file__).resolve().parent.parent

STORIES = [
    ["Engineers warned on {d1} that the Kestrel Valley reservoir dam had cracked after "
     "days of heavy rain, and {n} households below it were told to leave.",
     "The regional water authority said it had inspected the dam in {y0} and found "
     "seepage near the spillway.",
     "Residents recalled that the dam had been closed for repairs two years ago, when "
     "the authority lowered the reservoir by a third.",
     "On {d2} crews began pumping water out of the reservoir, the authority said."],
    ["Dock workers at the port of Varnholm walked out on {d1}, halting container "
     "traffic as the union demanded a pay rise of {n} percent.",
     "The union and the port operator had signed a three-year contract in {y0} that "
     "expired in January.",
     "Talks between the two sides collapsed last month, a union spokeswoman said.",
     "The port operator said on {d2} that it would meet the union's negotiators again."],
    ["The drug maker Alvero recalled {n} batches of a blood pressure medicine on {d1} "
     "after tests found an impurity in tablets made at one plant.",
     "Regulators had inspected the plant in {y0} and asked the company to replace "
     "a filtration line.",
     "Pharmacists were told on {d2} to stop dispensing the affected batches.",
     "The company said sales of the medicine had risen sharply last year."],
]
OUTLETS = ["Harbour Courier", "Evening Ledger", "Valley Post", "Northern Wire",
           "Daily Standard", "Civic Herald"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def write_archive(folder: Path, n: int, seed: int = 15) -> None:
    """``n`` articles: each story told by varied outlets, dates, figures and order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        story = STORIES[i % len(STORIES)]
        year = 2019 + rng.randrange(3)
        month = rng.randrange(1, 12)
        day = rng.randrange(1, 20)
        values = {"d1": f"{MONTHS[month - 1]} {day}, {year}",
                  "d2": f"{MONTHS[month - 1]} {day + rng.randrange(1, 6)}",
                  "y0": str(year - rng.randrange(1, 6)), "n": str(rng.randrange(40, 4000))}
        paragraphs = [p.format(**values) for p in story]
        rest = paragraphs[1:]
        rng.shuffle(rest)
        outlet = rng.choice(OUTLETS)
        text = (f"{outlet}\nPublished {MONTHS[month - 1]} {day + 5}, {year}\n\n"
                + "\n\n".join(paragraphs[:1] + rest) + f"\n\nReport {i}.\n")
        (folder / f"{i:04d}-{outlet.split()[0].lower()}.txt").write_text(text, encoding="utf-8")


def test_importing_the_model_does_not_load_dask():
    out = subprocess.run([sys.executable, "-c",
                          "import sys, model.cli, model.pipeline, model.project; "
                          "print(any(m.split('.')[0] in ('dask', 'distributed') "
                          "for m in sys.modules))"],
                         capture_output=True, text=True, cwd=str(ROOT))
    assert out.stdout.strip() == "False", out.stderr


def test_without_dask_the_engine_fails_in_one_line(monkeypatch, capsys, tmp_path):
    write_archive(tmp_path / "in", 3)
    monkeypatch.setitem(sys.modules, "distributed", None)
    status = cli.main(["build", str(tmp_path / "in"), "--no-cache", "--engine", "dask"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert len(err) == 1 and "pip install -e '.[cluster]'" in err[0]


@pytest.fixture(scope="module")
def two_workers():
    pytest.importorskip("distributed")
    from model.cluster import dask_engine
    with dask_engine(workers=2, processes=False) as engine:
        yield engine


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    write_archive(folder, 300)
    return folder


def test_two_workers_give_the_local_chronology(archive, two_workers):
    local = build_chronology([archive], workers=1)
    assert two_workers.workers == 2
    seen = []
    on_cluster = build_chronology([archive], progress=lambda done, total, line: seen.append(
        (done, total, line)), workers=two_workers)
    assert len(local.articles) == 300
    assert len(local.events) > 30 and any(len(e.article_ids) > 10 for e in local.events)
    assert on_cluster.articles == local.articles
    assert on_cluster.events == local.events
    assert on_cluster.analyses == local.analyses
    dating = [(done, total) for done, total, line in seen if line.startswith("Dating")]
    assert dating[-1] == (300, 300) and len(dating) >= 2


def test_project_files_built_both_ways_hold_the_same_events(archive, two_workers,
                                                            tmp_path, monkeypatch):
    import model.cluster
    local_file, dask_file = tmp_path / "local.tlx", tmp_path / "dask.tlx"
    assert cli.main(["build", str(archive), "--no-cache", "--project", str(local_file)]) == 0

    @contextmanager
    def reuse(scheduler, workers):  # the module's cluster, not a new one per build
        yield two_workers

    monkeypatch.setattr(model.cluster, "dask_engine", reuse)
    assert cli.main(["build", str(archive), "--no-cache", "--engine", "dask",
                     "--project", str(dask_file)]) == 0
    local, on_cluster = Project.open(local_file), Project.open(dask_file)
    assert [a.content_hash for a in on_cluster.articles] == \
        [a.content_hash for a in local.articles]
    assert on_cluster.events == local.events and len(local.events) > 30


def test_cancel_stops_the_cluster_build(archive, two_workers):
    seen, asked = [], []

    def cancelled():
        asked.append(1)
        return len(asked) > 40

    with pytest.raises(BuildCancelled):
        build_chronology([archive], progress=lambda *a: seen.append(a),
                         cancelled=cancelled, workers=two_workers)
    assert all(done < 300 for done, total, line in seen if line.startswith("Dating"))
    assert not any(line.startswith("Merging") for done, total, line in seen)


def test_unreachable_scheduler_is_one_line(capsys, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import model.cluster
    monkeypatch.setattr(model.cluster, "CONNECT_TIMEOUT_S", 1)
    write_archive(tmp_path / "in", 2)
    status = cli.main(["build", str(tmp_path / "in"), "--no-cache",
                       "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1 and len(err) == 1
    assert err[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_chunks_bound_articles_and_characters():
    from model.cluster import _chunks
    from model.types import Article

    def job(chars):
        return (Article(id="a", path="a.txt", title="", source="", text="x" * chars,
                        content_hash=""), None)

    jobs = [job(10)] * 5 + [job(500)] + [job(10)] * 3
    sizes = [[len(a.text) for a, _ in c] for c in _chunks(jobs, 4, 100)]
    assert sizes == [[10] * 4, [10], [500], [10] * 3]
    assert [j for c in _chunks(jobs, 4, 100) for j in c] == jobs
