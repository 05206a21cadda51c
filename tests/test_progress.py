"""A long build says which stage it is in, how far it is, what is left; it can be stopped
in any stage; partial results come out as articles arrive and do not change the result."""
from __future__ import annotations

import pytest

from model.progress import BuildCancelled, Previews, StageMeter, remaining_text
from model.project import Project
from tests.test_cluster import write_archive


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_stage_counts_and_estimates_from_its_rate():
    clock, lines = Clock(), []
    meter = StageMeter("dating", 200, lambda d, t, line: lines.append((d, t, line)),
                       clock=clock)
    clock.now += 1.0
    meter.advance(5)
    assert lines[-1] == (5, 200, "Dating and analysing articles: 5 of 200 articles")
    clock.now += 9.0
    meter.advance(50)  # 50 in 10 s: 150 more take 30 s
    assert lines[-1][2] == ("Dating and analysing articles: 50 of 200 articles"
                            " · about 30 s left")
    clock.now += 0.01
    meter.advance(51)
    assert lines[-1][0] == 50, "reports closer than REPORT_EVERY are skipped"
    meter.advance(200)
    assert lines[-1][0] == 200, "the last report always goes out"


def test_an_uncounted_stage_gives_its_count_alone():
    lines = []
    StageMeter("loading", 0, lambda *a: lines.append(a)).advance(1)
    StageMeter("merging", 3140, lambda *a: lines.append(a)).announce()
    assert lines == [(1, 0, "Loading files: 1 file"), (0, 0, "Merging events: 3,140 mentions")]


@pytest.mark.parametrize("seconds, text", [(3, "about 5 s left"), (42, "about 40 s left"),
                                           (200, "about 3 min left"),
                                           (4300, "about 1 h 12 min left")])
def test_what_is_left_reads_as_a_person_says_it(seconds, text):
    assert remaining_text(seconds) == text


def test_cancel_stops_at_the_next_count():
    stop = []
    meter = StageMeter("merging", 10, cancelled=lambda: bool(stop))
    meter.advance()
    stop.append(1)
    with pytest.raises(BuildCancelled):
        meter.advance()


def test_previews_spend_a_bounded_share_of_the_time():
    clock = Clock()
    previews = Previews(gap=3.0, share=0.25, clock=clock)
    assert not previews.due()
    clock.now += 3.0
    assert previews.due()

    def costly():
        clock.now += 2.0  # a preview that takes 2 s waits 8 s for the next
    previews.run(costly)
    clock.now += 7.0
    assert not previews.due()
    clock.now += 1.0
    assert previews.due()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("progress-archive")
    write_archive(folder, 40)
    return folder


def test_a_build_reports_every_stage_in_order_and_shows_partial_results(archive,
                                                                        monkeypatch):
    monkeypatch.setattr("model.project.Previews", lambda: Previews(gap=0.0, share=10.0))
    lines, partials = [], []
    project = Project()
    project.update([archive], progress=lambda d, t, line: lines.append(line),
                   partial=lambda chron: partials.append(chron))
    stages = list(dict.fromkeys(line.split(":")[0] for line in lines))
    assert stages == ["Loading files", "Dating and analysing articles",
                      "Finding who takes part", "Merging events"]
    assert "Loading files: 40 files" in lines
    assert "Dating and analysing articles: 40 of 40 articles" in lines
    counts = [len(c.articles) for c in partials]
    assert len(counts) >= 3 and counts == sorted(counts) and counts[0] < 40
    assert all(c.events for c in partials)
    whole = Project()
    whole.update([archive])
    assert project.events == whole.events, "showing partial results changes nothing"


def test_a_build_can_be_cancelled_while_merging(archive):
    lines = []

    def cancelled():
        return any(line.startswith("Merging") for line in lines)

    with pytest.raises(BuildCancelled):
        Project().update([archive], progress=lambda d, t, line: lines.append(line),
                         cancelled=cancelled)
    assert lines[-1].startswith("Merging events")
