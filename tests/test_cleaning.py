"""Page furniture in the sample articles is found; the story text is left alone."""
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.cleaning import (find_boilerplate, find_outlet, find_title, outlet_from_filename,
                            title_and_source)

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
BBC = "bbc-iraqi-forces-fight-militants-in-anbar.txt"
BLOOMBERG = "bloomberg-iraq-fights-to-retake-towns.txt"
CBN = "cbn-us-wont-return-to-iraq.txt"
CBS = "cbs-al-qaeda-backed-militants-storm-iraq-cities.txt"
VOA = "voa-islamic-militants-fight-in-iraq.txt"

JUNK = {
    BBC: ["Iraq civilian deaths since 2008", "More on This Story", "More Middle East stories",
          "Try our new site and tell us what you think. Learn more", "Take me there",
          "Copyright © 2015 BBC. The BBC is not responsible for the content of external "
          "sites. Read more.",
          "This page is best viewed in an up-to-date web browser with style sheets (CSS) "
          "enabled."],
    CBN: ["Skip to main content", "CBN", "Share This article"],
    CBS: ["Watch CBS News", "Iraq violence is spillover from Syrian civil war 02:37",
          "View CBS News In", "CBS News App Open", "Chrome Safari Continue",
          "Be the first to know",
          "Get browser notifications for breaking news, live events, and exclusive reporting."],
    VOA: ["Accessibility links", "Breaking News", "please wait",
          "No media source currently available", "0:00 0:02:41 0:00"],
}

REAL = {
    BBC: ["Iraqi security forces fight militants in Anbar province",
          "As Tim Allman reports, this is the first time that Iraqi security forces have lost "
          "control of two major cities since US forces withdrew from the country",
          "Special forces have clashed with hundreds of Sunni militants in two Iraqi cities.",
          "The UN says 2013 was the deadliest year in Iraq since 2008, with at least 7,818 "
          "civilians and 1,050 members of the security forces killed in violent attacks."],
    BLOOMBERG: ["Iraq Fights to Retake Towns From Al-Qaeda Amid Violence",
                "At least 32 people have been killed in the latest clashes in Anbar, Arabiya "
                "said today.",
                "U.S. military assistance to Iraq may open the door to discussions about sending "
                "advisory teams of U.S. special operations forces, and others able to operate "
                "armed drones, Crocker said."],
    CBN: ["US Won't Return to Iraq Despite al Qaeda Fight",
          "But the United States will not send troops to help this time.",
          "Iraq's close Shia ally Iran, has offered to help fight al Qaeda.",
          "Thirty-four people have so far died in government air strikes against the terrorists."],
    CBS: ["Al Qaeda-backed Sunni militants storm into Iraq cities",
          "Gunmen patrol during clashes with Iraqi security forces in Fallujah, Iraq, Sunday, "
          "Jan. 5, 2014. AP",
          "Last week, the Iraqi military went on the attack, firing at extremists who had "
          "overrun Mosques, jails and police stations in the main towns of Anbar, Fallujah and "
          "Ramadi."],
    VOA: ["Sectarian clashes are destabilizing the country.", "Again, David Pollock.",
          "Analyst Bill Roggio spoke to VOA via Skype.",
          "The Iraqi Army has deployed tanks and troops in Anbar and civilians are fleeing the "
          "fighting."],
}


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def touched(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def occurrences(text: str, line: str) -> list[int]:
    """Where ``line`` starts a line of ``text`` (not where it is quoted inside one)."""
    found = [m.start(1) for m in re.finditer(rf"(?m)^[^\S\n]*({re.escape(line)})", text)]
    assert found, f"{line!r} does not start a line of the sample"
    return found


@pytest.mark.parametrize("name,line", [(n, line) for n, lines in JUNK.items() for line in lines])
def test_sample_junk_lines_are_boilerplate(name, line):
    text = sample(name)
    spans = find_boilerplate(text)
    for start in occurrences(text, line):
        assert covered(spans, start, start + len(line)), line


@pytest.mark.parametrize("name,line", [(n, line) for n, lines in REAL.items() for line in lines])
def test_sample_article_text_is_kept(name, line):
    text = sample(name)
    start = text.index(line)
    assert not touched(find_boilerplate(text), start, start + len(line)), line


def test_repeated_headline_is_boilerplate_but_the_first_is_kept():
    text = sample(VOA)
    title = "Islamic Militants Fight in Iraq; War in Syria Spills Over"
    first, second = occurrences(text, title)
    spans = find_boilerplate(text)
    assert not touched(spans, first, first + len(title))
    assert covered(spans, second, second + len(title))


def test_neighbouring_furniture_lines_form_one_span():
    text = sample(VOA)
    start, end = text.index("Accessibility links"), text.index("Breaking News") + 13
    assert (start, end) in find_boilerplate(text)


@pytest.mark.parametrize("name,title,source", [
    (BBC, "Iraqi security forces fight militants in Anbar province", "BBC"),
    (BLOOMBERG, "Iraq Fights to Retake Towns From Al-Qaeda Amid Violence", "Bloomberg"),
    (CBN, "US Won't Return to Iraq Despite al Qaeda Fight", "CBN"),
    (CBS, "Al Qaeda-backed Sunni militants storm into Iraq cities", "CBS News"),
    (VOA, "Islamic Militants Fight in Iraq; War in Syria Spills Over", "VOA"),
])
def test_title_and_source_of_samples(name, title, source):
    assert title_and_source(sample(name), SAMPLES / name) == (title, source)


GENERIC_PAGE = """Skip to navigation
Log in

Rebels take border crossing after week of fighting

NBC
By Jane Doe
March 4, 2014

Share on Twitter
1:02 / 3:45
Rebels celebrate at the crossing 01:15

Rebels captured the main border crossing on Tuesday after a week of fighting.

He resigned.

A convoy crosses the bridge near the border, Tuesday, March 4, 2014. Reuters

Officials said the talks would resume next month in Geneva.

Related stories
Rebels push toward the capital
Talks collapse in Geneva
Aid convoy reaches besieged town

(c) 2014 Example Media Inc. All rights reserved.
"""


def test_general_rules_on_an_unseen_page():
    spans = find_boilerplate(GENERIC_PAGE)
    for junk in ["Skip to navigation", "Log in", "NBC", "By Jane Doe", "Share on Twitter",
                 "1:02 / 3:45",
                 "Rebels celebrate at the crossing 01:15", "Related stories",
                 "Rebels push toward the capital", "Talks collapse in Geneva",
                 "Aid convoy reaches besieged town",
                 "(c) 2014 Example Media Inc. All rights reserved."]:
        start = GENERIC_PAGE.index(junk)
        assert covered(spans, start, start + len(junk)), junk
    for real in ["Rebels take border crossing after week of fighting", "March 4, 2014",
                 "Rebels captured the main border crossing on Tuesday after a week of fighting.",
                 "He resigned.",
                 "A convoy crosses the bridge near the border, Tuesday, March 4, 2014. Reuters",
                 "Officials said the talks would resume next month in Geneva."]:
        start = GENERIC_PAGE.index(real)
        assert not touched(spans, start, start + len(real)), real
    assert find_title(GENERIC_PAGE) == "Rebels take border crossing after week of fighting"
    assert find_outlet(GENERIC_PAGE) == "NBC"


@pytest.mark.parametrize("top", ["January 6, 2014", "By Jane Doe", "CBN\n\nJan. 6, 2014"])
def test_headline_is_found_below_datelines_and_bylines(top):
    text = f"{top}\n\nMilitants seize Fallujah as army regroups\n\nThe army regrouped.\n"
    assert find_title(text) == "Militants seize Fallujah as army regroups"


def test_dateline_is_not_boilerplate():
    text = "Militants seize Fallujah\n\nMonday, January 6, 2014\n\nThe army regrouped.\n"
    start = text.index("Monday")
    assert not touched(find_boilerplate(text), start, start + 23)


def test_time_at_end_of_a_sentence_is_not_a_player_timecode():
    text = "The curfew begins every night at 22:00\n\nTroops were deployed.\n"
    start = text.index("The curfew")
    assert not touched(find_boilerplate(text), start, start + 38)


@pytest.mark.parametrize("text,outlet", [
    ("Story\n\nCopyright © 2014 Bloomberg L.P.\n", "Bloomberg"),
    ("Watch ABC News\n\nSomething happened.", "ABC News"),
    ("Plain text about something that happened.", ""),
])
def test_outlet_named_in_text(text, outlet):
    assert find_outlet(text) == outlet


@pytest.mark.parametrize("name,outlet", [
    ("bbc-iraqi-forces-fight.txt", "BBC"), ("reuters_iraq.html", "Reuters"), ("AP-story.txt", "AP"),
    ("notes.txt", ""), ("2014-01-05-iraq.txt", ""),
])
def test_outlet_from_file_name(name, outlet):
    assert outlet_from_filename(Path("/some/folder") / name) == outlet


def test_text_without_lines_has_no_boilerplate():
    assert find_boilerplate("") == []
    assert find_boilerplate("\n \n\t\n") == []
    assert find_title("") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))) |
       st.lists(st.sampled_from(["Share", "0:00 1:00", "Copyright © 2014 X", "Some words here",
                                 "A sentence.", "\n", "\r\n", " ", "\u00a0", "Watch X News",
                                 "* best viewed", "…", "”"])).map("".join))
def test_spans_lie_inside_the_text_sorted_and_disjoint(text):
    spans = find_boilerplate(text)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        assert text[start:end].strip() == text[start:end]
        previous_end = end


def test_single_five_megabyte_line_is_fast():
    text = "word " * 1_000_000
    started = time.perf_counter()
    assert find_boilerplate(text) == []
    assert time.perf_counter() - started < 2


def test_fifty_megabytes_of_articles_in_a_few_seconds():
    pages = "\n".join(sample(name) for name in REAL) + "\n"
    text = pages * (50_000_000 // len(pages))
    started = time.perf_counter()
    spans = find_boilerplate(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 15, f"{elapsed:.1f} s"
    assert len(spans) > 1000
