"""Every rule of resources/tagger/rules.toml finds its own example, with the right value."""
import tomllib
from datetime import date

import pytest

from model.tagger import RESOURCES, tag

REFERENCE = date(2014, 1, 3)  # a Friday
with open(RESOURCES / "rules.toml", "rb") as f:
    RULES = tomllib.load(f)["rule"]


@pytest.mark.parametrize("rule", RULES, ids=[r["name"] for r in RULES])
def test_rule_example(rule):
    sentence, text, kind, value = rule["example"]
    found = [(t.text, t.type, t.value) for t in tag(sentence, REFERENCE)]
    assert (text, kind, value) in found
    start = sentence.index(text)
    spans = {(t.start, t.end) for t in tag(sentence, REFERENCE)}
    assert (start, start + len(text)) in spans


@pytest.mark.parametrize("sentence", [
    "It took the lives of 1,300 American soldiers.",
    "At least 7,818 civilians were killed.",
    "The town is 73km (45 miles) north-east of the capital.",
    "Output rose to 3.2 million barrels.",
    "Instead of selling F-16 jet fighters, they should buy Mi-35 helicopters.",
    "0:00 0:02:41 0:00",
    "The winner finished in 3:07:35.",
    "Prices rose by $27 and then 48, we think.",
    "You may go when the rain has stopped.",
])
def test_not_time_expressions(sentence):
    assert tag(sentence, REFERENCE) == []


def test_relative_expressions_stay_unresolved_without_reference():
    found = {t.text: t for t in tag("He left yesterday and returns in 2015.", None)}
    assert not found["yesterday"].resolved and found["yesterday"].value == "XXXX-XX-XX"
    assert found["2015"].resolved and found["2015"].value == "2015"
