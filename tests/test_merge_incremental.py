"""Adding articles to a built project merges only them into the stored events
(model.merge_incremental): the same events as a full merge where that is exact, every
mention in one event, and the researcher's decisions kept."""
from __future__ import annotations

import random
import time

import pytest

from model import merge_incremental
from model.edits import Decision, event_anchors
from model.project import Project

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
OUTLETS = ["Harbour Courier", "Valley Herald", "Plains Bulletin", "Ridge Post"]

#: Two invented stories in different years with no content words in common.
STORIES = {
    "bridge": (2014, [
        ("the council of Northvale approved the new river bridge", 3, 4),
        ("engineers closed the old ferry crossing after cracks appeared", 5, 19),
        ("contractors poured the concrete pillars of the bridge", 8, 2),
        ("the mayor of Northvale opened the bridge to traffic", 11, 27),
    ]),
    "orchestra": (2021, [
        ("the Lindqvist orchestra announced a tour of seven countries", 2, 9),
        ("violinist Marta Osei joined the orchestra as soloist", 4, 15),
        ("the orchestra recorded its first symphony album in Vienna", 6, 21),
        ("fans filled the stadium when the orchestra played in Lisbon", 9, 30),
    ]),
}


def article(story: str, number: int, rng: random.Random) -> str:
    year, facts = STORIES[story]
    month, day = 12, 20
    lines = [rng.choice(OUTLETS), f"Published {MONTHS[month - 1]} {day}, {year}", ""]
    chosen = rng.sample(facts, k=3)
    for text, m, d in sorted(chosen, key=lambda f: (f[1], f[2])):
        lines.append(f"On {MONTHS[m - 1]} {d}, {year}, {text}.")
    lines.append(f"Report number {number} of the {story} series.")
    return "\n".join(lines) + "\n"


def write(folder, story: str, numbers, seed: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in numbers:
        (folder / f"{story}{n:03d}.txt").write_text(article(story, n, rng), encoding="utf-8")


def shape(events):
    """What a researcher sees of the events: ids, labels, dates, sources, participants."""
    return [(e.id, e.label, e.value, e.interval, sorted((m.article_id, m.id) for m in e.mentions),
             e.flags, [r.id for r in e.entities], e.derived) for e in events]


def built(*folders) -> Project:
    project = Project()
    project.update(folders, cache=None)
    return project


def test_new_story_added_gives_the_events_of_a_full_build(tmp_path, monkeypatch):
    write(tmp_path / "a", "bridge", range(8))
    write(tmp_path / "b", "orchestra", range(6), seed=4)
    full = built(tmp_path / "a", tmp_path / "b")
    grown = built(tmp_path / "a")
    merged = []
    real = merge_incremental.merge_added
    monkeypatch.setattr("model.merge_incremental.merge_added",
                        lambda *args: merged.append(len(args[1])) or real(*args))
    report = grown.update([tmp_path / "b"], cache=None)
    assert len(report.added) == 6 and merged and merged[0] > 0
    assert shape(grown.extracted) == shape(full.extracted)
    assert [e.id for e in grown.entities] == [e.id for e in full.entities]


def test_same_story_added_keeps_every_mention_once_and_the_decisions(tmp_path):
    write(tmp_path / "a", "bridge", range(6))
    write(tmp_path / "b", "bridge", range(6, 10), seed=5)
    project = built(tmp_path / "a")
    hashes = {a.id: a.content_hash for a in project.articles}
    first, second = project.events[0], project.events[1]
    project.apply(Decision("merge", event_anchors(first, hashes), event_anchors(second, hashes)))
    renamed = project.events[-1]
    project.apply(Decision("rename", event_anchors(renamed, hashes), payload={"label": "Mine"}))
    before = len(project.events)
    project.update([tmp_path / "b"], cache=None)
    assert not project.unapplied
    assert any(e.label == "Mine" for e in project.events)
    held = sorted((m.article_id, m.id) for e in project.extracted for m in e.mentions
                  if not m.id.split(":")[-1].startswith("r"))
    dated = sorted((m.article_id, m.id) for a in project.analyses.values() for m in a.mentions)
    assert held == dated
    assert len(project.events) <= before + 4 * 3
    # The same events, labels and dates as a full build; which of the two events of one
    # sentence ("closed the crossing" / "after cracks appeared", scoring alike) a new
    # mention joins follows the order the groups were formed in, so it may differ.
    full = built(tmp_path / "a", tmp_path / "b")
    assert [(e.label, e.value, len(e.mentions)) for e in project.extracted] == \
        [(e.label, e.value, len(e.mentions)) for e in full.extracted]


def test_changed_article_or_other_code_merges_everything_again(tmp_path, monkeypatch):
    write(tmp_path / "a", "bridge", range(4))
    project = built(tmp_path / "a")
    calls = []
    monkeypatch.setattr("model.project.merged_events_added",
                        lambda *a: calls.append(a) or pytest.fail("not incremental here"))
    project.merged_with = "older code"
    write(tmp_path / "b", "bridge", range(4, 6))
    project.update([tmp_path / "b"], cache=None)
    assert not calls and project.merged_with != "older code"
    path = tmp_path / "a" / "bridge000.txt"
    path.write_text(path.read_text() + "The bridge was painted green.\n")
    write(tmp_path / "c", "orchestra", range(2))
    project.update([tmp_path / "a", tmp_path / "c"], cache=None)
    assert not calls


def test_stored_merge_is_read_back_and_redone_for_other_code(tmp_path, monkeypatch):
    write(tmp_path / "a", "bridge", range(4))
    project = built(tmp_path / "a")
    project.save(tmp_path / "p.tlx")
    opened = Project.open(tmp_path / "p.tlx")
    assert opened.merged_with == project.merged_with and not opened.modified
    assert shape(opened.extracted) == shape(project.extracted)
    monkeypatch.setattr("model.project.fingerprint", lambda: "newer code")
    redone = Project.open(tmp_path / "p.tlx")
    assert redone.merged_with == "newer code" and redone.modified
    assert shape(redone.extracted) == shape(project.extracted)


def test_adding_to_many_events_stays_linear():
    """A generous bound: adding a few mentions to many events must not compare all pairs."""
    from model.merge import merge_mentions
    from tests.merge_fixture import day
    from datetime import date, timedelta
    rng = random.Random(1)
    words = [f"word{i}" for i in range(400)]

    def mention(i: int, article: str):
        text = " ".join(rng.sample(words, 6))
        return day(f"m{i}", article, f"The council approved {text}.",
                   date(2010, 1, 1) + timedelta(days=rng.randrange(3000)))

    old = [mention(i, f"a{i // 10}") for i in range(6000)]
    events = merge_mentions(old)
    new = [mention(i, f"b{i // 10}") for i in range(6000, 6100)]
    t = time.perf_counter()
    merged, changed = merge_incremental.merge_added(events, new, [], [], set())
    assert time.perf_counter() - t < 30
    assert sum(len(e.mentions) for e in merged) == 6100
    assert len(changed) <= 100
    assert [e.id for e in merged] == [f"e{i + 1}" for i in range(len(merged))]
