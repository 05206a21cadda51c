"""Entities: names found in one article and resolved across a corpus.

Texts are written for these tests (business, sport, science, local politics, history);
none comes from the samples.
"""
import re
import time
import tomllib
from itertools import permutations
from pathlib import Path

import pytest

from model.entities import (ENTITY_TYPES, AliasSplit, EntityMention, antecedent, entities_in,
                            find_entities, resolve_entities)
from model.entities_lexicon import ENTITY_DIR
from model.sentences import split_sentences
from model.types import Sentence

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
MARK = re.compile(r"\[\[([^|\]]+)\|(\w+)\]\]")


def find(text: str) -> list[EntityMention]:
    return find_entities(text, split_sentences(text))


def named(text: str) -> dict[str, EntityMention]:
    """The mentions of ``text`` by their surface (the first of each)."""
    out: dict[str, EntityMention] = {}
    for m in find(text):
        out.setdefault(m.text, m)
    return out


def check(text: str, surface: str, kind: str, key: str) -> EntityMention:
    found = named(text)
    assert surface in found, f"{surface!r} not among {sorted(found)}"
    m = found[surface]
    assert (m.type, m.key) == (kind, key), m
    assert text[m.start:m.end] == surface
    return m


# --- finding: names and their spans --------------------------------------------------

def test_connectors_join_one_name():
    text = "The Bank of England raised rates while the Ministry of Defence cut its budget."
    check(text, "Bank of England", "organisation", "bank of england")
    check(text, "Ministry of Defence", "organisation", "ministry of defence")


def test_hyphens_apostrophes_and_particles_stay_inside_a_name():
    text = "Jean-Claude Juncker met Hamad al-Thani and Sean O'Brien in Brussels."
    check(text, "Jean-Claude Juncker", "person", "jean claude juncker")
    check(text, "Sean O'Brien", "person", "sean o'brien")
    assert "Hamad al-Thani" in named(text)
    assert named("He praised Charles de Gaulle in a speech.")["Charles de Gaulle"].type == "person"


def test_generational_suffix_makes_a_person():
    check("Martin Luther King Jr. spoke in Atlanta in 1963.", "Martin Luther King Jr.",
          "person", "martin luther king jr")


def test_roman_numerals_make_a_person_only_after_a_given_name():
    text = "Henry VIII wrote to the pope. Apollo XI landed after World War II ended."
    check(text, "Henry VIII", "person", "henry viii")
    assert named(text)["Apollo XI"].type == "other"
    assert named(text)["World War II"].type == "other"


def test_verb_before_a_name_makes_a_person_only_when_it_is_speech():
    assert named('"Not yet," said Lena Vogt.')["Lena Vogt"].type == "person"
    assert named("The firm added Cloud Backup to its plans.")["Cloud Backup"].type != "person"


def test_camel_case_products_keep_their_model_number():
    text = ("Retailers said the PlayStation 5 sold out, while eBay listed the iPod and the "
            "iTunes Store.")
    check(text, "PlayStation 5", "other", "playstation 5")
    check(text, "eBay", "other", "ebay")
    check(text, "iPod", "other", "ipod")
    check(text, "iTunes Store", "other", "itunes store")


def test_score_after_a_team_is_not_a_model_number():
    assert "Hallam City" in named("Rovers beat Hallam City 2-1 on Saturday.")


def test_titles_mark_persons_and_stay_out_of_the_span():
    text = ("President Halvorsen and Prime Minister Okonjo-Iweala met Gen. Tarkovsky, "
            "Dr. Imelda Cruz, Ms. Braithwaite and CEO Dana Whitlock.")
    for surface in ("Halvorsen", "Okonjo-Iweala", "Tarkovsky", "Imelda Cruz", "Braithwaite",
                    "Dana Whitlock"):
        assert named(text)[surface].type == "person"
        assert named(text)[surface].basis == "title"
    assert not any("President" in m.text or "Dr." in m.text for m in find(text))


def test_organisation_before_a_role_and_person_after_it():
    found = named("The move was backed by Acme CEO Dana Whitlock on Friday.")
    assert (found["Acme"].type, found["Dana Whitlock"].type) == ("organisation", "person")


def test_title_of_a_place_then_a_person():
    found = named("He met the President of Ghana Nana Addo in Accra.")
    assert found["Ghana"].type == "place" and found["Nana Addo"].type == "person"


def test_ambiguous_title_words_inside_names():
    assert named("Workers at General Motors went on strike.")["General Motors"].type == \
        "organisation"
    assert named("The novel was written by Stephen King in Maine.")["Stephen King"].type == \
        "person"


def test_organisation_suffixes():
    text = ("Shares in Brightwater Inc. and Kestrel Corp. rose after the Labour Party and "
            "Leeds University backed the plan, and Grantham Council agreed.")
    check(text, "Brightwater Inc.", "organisation", "brightwater")
    check(text, "Kestrel Corp.", "organisation", "kestrel")
    check(text, "Labour Party", "organisation", "labour party")
    check(text, "Leeds University", "organisation", "leeds university")
    check(text, "Grantham Council", "organisation", "grantham council")


def test_known_acronyms_have_the_key_of_their_full_name():
    text = "NATO and the UN met EU officials and U.S. diplomats."
    check(text, "NATO", "organisation", "north atlantic treaty organization")
    check(text, "UN", "organisation", "united nations")
    check(text, "EU", "organisation", "european union")
    check(text, "U.S.", "place", "united states")


def test_every_spelling_of_a_country_has_one_key():
    text = "Exports to the US, the U.S.A., America and the United States of America grew."
    assert {m.key for m in find(text)} == {"united states"}


def test_generic_word_alone_is_not_a_short_form():
    text = "The Bank of England held rates. The Bank said inflation would fall."
    assert [m.text for m in find(text)] == ["Bank of England"]


def test_common_abbreviations_are_not_entities():
    assert find("The CEO said GDP grew and the TV ads worked.") == []


def test_acronym_defined_in_the_text():
    text = ("The Food Standards Agency (FSA) said on Friday that the FSA would test more farms. "
            "The Royal Society for the Protection of Birds (RSPB) agreed.")
    mentions = find(text)
    fsa = [m for m in mentions if m.text == "FSA"]
    assert len(fsa) == 2 and {m.key for m in fsa} == {"food standards agency"}
    check(text, "Food Standards Agency", "organisation", "food standards agency")
    check(text, "Royal Society for the Protection of Birds", "organisation",
          "royal society for the protection of birds")
    check(text, "RSPB", "organisation", "royal society for the protection of birds")


def test_acronym_of_reordered_words():
    text = "The Transport Department (DOT) published the figures."
    check(text, "Transport Department", "organisation", "transport department")
    check(text, "DOT", "organisation", "transport department")


def test_acronym_with_words_joined_by_and():
    text = "The Union of Rail and Maritime Workers (URMW) held its meeting in Leeds."
    check(text, "Union of Rail and Maritime Workers", "organisation",
          "union of rail and maritime workers")
    check(text, "URMW", "organisation", "union of rail and maritime workers")


def test_demonyms_are_mentions_of_their_country():
    text = "French farmers protested, and Kenyans voted. Brazilian officials met Americans."
    check(text, "French", "place", "france")
    check(text, "Kenyans", "group", "kenya")
    check(text, "Brazilian", "place", "brazil")
    check(text, "Americans", "group", "united states")


def test_place_cues():
    text = ("She grew up in Tamworth and later moved to the city of Gorlice. Floods hit Hubei "
            "province, and the Kandy-based charity helped. The ferry left Oban, Scotland.")
    for surface in ("Tamworth", "Gorlice", "Hubei", "Kandy", "Oban"):
        assert named(text)[surface].type == "place", surface


def test_person_cues_from_context():
    text = ('"We were lucky," said Ines Vartanian, a farmer from the valley. '
            "The club signed striker Kofi Boateng, whose brother also plays.")
    assert named(text)["Ines Vartanian"].type == "person"
    assert named(text)["Kofi Boateng"].type == "person"


def test_organisation_cues_from_context():
    text = "Analysts at Stroud Capital cut their forecast. Brindle's chief executive resigned."
    assert named(text)["Stroud Capital"].type == "organisation"
    assert named(text)["Brindle"].type == "organisation"


def test_later_mention_decides_the_type_of_an_earlier_one():
    text = "Talks with Norrland stalled. Later, Norrland shares fell 4 percent."
    types = {m.type for m in find(text) if m.text == "Norrland"}
    assert types == {"organisation"}


def test_surname_alone_takes_the_persons_type_in_the_article():
    text = "Jonas Ekberg said the team was ready. In the second half Ekberg scored twice."
    assert [m.type for m in find(text) if m.key == "ekberg"] == ["person"]


def test_possessive_is_left_out_of_the_span():
    text = "Profits at Harwick Foods rose. Harwick's shares jumped while Jones' lawyers waited."
    m = check(text, "Harwick", "organisation", "harwick")
    assert text[m.end:m.end + 2] == "'s"
    assert "Jones" in named(text)


def test_company_legal_form_is_dropped_from_the_key():
    keys = {m.text: m.key for m in find("Harwick Foods Ltd. and Harwick Foods both said so.")}
    assert keys == {"Harwick Foods Ltd.": "harwick foods", "Harwick Foods": "harwick foods"}


# --- finding: what is not a name ---------------------------------------------------

def test_sentence_initial_function_words_months_and_weekdays_are_not_names():
    text = ("However, the board met. In March, the council voted. On Monday it rained. "
            "But nobody came. Last Tuesday the harbour froze. During Ramadan shops closed late. "
            "After Christmas Eve the roads were empty.")
    assert find(text) == []


def test_month_after_a_given_name_is_a_surname():
    check("Theresa May resigned in June.", "Theresa May", "person", "theresa may")


def test_common_word_opening_a_sentence_is_not_a_name():
    text = ("Shares of Harwick rose. Work is expected to start soon. Residents welcomed it. "
            "Speaking in Derby, the mayor agreed.")
    assert [m.text for m in find(text)] == ["Harwick", "Derby"]


def test_sentence_opening_name_confirmed_elsewhere_in_the_article():
    text = "Veltrix cut 200 jobs. The union blamed Veltrix for the losses."
    assert [m.text for m in find(text)] == ["Veltrix", "Veltrix"]


def test_all_capitals_headline_keeps_only_confirmed_names():
    text = ("ACME UNVEILS NEW ENGINE IN DETROIT AFTER LONG DELAY\n\n"
            "Acme Motors unveiled a new engine in Detroit.")
    headline = [m.text for m in find(text) if m.start < text.index("\n")]
    assert headline == ["ACME", "DETROIT"]


def test_title_case_headline_keeps_only_confirmed_names():
    text = ("Harbour Board Approves Plans For New Ferry Terminal At Quayside\n\n"
            "The harbour board approved plans for a ferry terminal. Its chair, Lena Vogt, "
            "praised the vote.")
    assert [m.text for m in find(text)] == ["Lena Vogt"]
    text = "Vogt Backs Ferry Plan Despite Objections\n\n" + text.split("\n\n", 1)[1]
    assert [(m.text, m.type) for m in find(text)] == [("Vogt", "person"), ("Lena Vogt", "person")]


def test_only_inside_the_given_sentences():
    text = "Menu Home Share\nGerald Pike won the race in Bristol."
    sentences = [s for s in split_sentences(text) if s.start > 0]
    assert [m.text for m in find_entities(text, sentences)] == ["Gerald Pike", "Bristol"]


def test_offsets_types_and_order_on_annotated_texts():
    """Every mention is a real span, sorted, typed from ENTITY_TYPES, never overlapping."""
    for path in sorted((FIXTURES / "annotated").glob("*.txt")):
        text, _ = parse_annotated(path.read_text(encoding="utf-8"))
        mentions = find(text)
        assert mentions == sorted(mentions, key=lambda m: m.start)
        for a, b in zip(mentions, mentions[1:]):
            assert a.end <= b.start
        for m in mentions:
            assert text[m.start:m.end] == m.text and m.type in ENTITY_TYPES and m.key


# --- precision and recall on hand-annotated texts -------------------------------------

def parse_annotated(raw: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text and gold spans from "[[surface|type]]" markup."""
    out, gold, last, pos = [], [], 0, 0
    for m in MARK.finditer(raw):
        out.append(raw[last:m.start()])
        pos += m.start() - last
        gold.append((pos, pos + len(m.group(1)), m.group(2)))
        out.append(m.group(1))
        pos += len(m.group(1))
        last = m.end()
    out.append(raw[last:])
    return "".join(out), gold


def score(paths) -> dict[str, float]:
    found = gold = exact = typed = 0
    for path in paths:
        text, spans = parse_annotated(path.read_text(encoding="utf-8"))
        truth = {(a, b): t for a, b, t in spans}
        system = {(m.start, m.end): m.type for m in find(text)}
        found += len(system)
        gold += len(truth)
        exact += sum(span in truth for span in system)
        typed += sum(truth.get(span) == kind for span, kind in system.items())
    return {"precision": exact / found, "recall": exact / gold,
            "typed_precision": typed / found, "typed_recall": typed / gold}


def test_precision_and_recall_on_annotated_texts():
    result = score(sorted((FIXTURES / "annotated").glob("*.txt")))
    print("entity spans on annotated texts:", {k: round(v, 3) for k, v in result.items()})
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9
    assert result["typed_precision"] >= 0.8 and result["typed_recall"] >= 0.8


def test_annotated_texts_have_valid_types():
    for path in (FIXTURES / "annotated").glob("*.txt"):
        _, spans = parse_annotated(path.read_text(encoding="utf-8"))
        assert spans and all(t in ENTITY_TYPES for _, _, t in spans)


# --- resolving across the corpus ---------------------------------------------------------

def corpus(order=None) -> dict[str, list[EntityMention]]:
    paths = sorted((FIXTURES / "corpus").glob("*.txt"))
    if order is not None:
        paths = [paths[i] for i in order]
    out = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        out[path.stem] = find(text)
    return out


def entity(entities, ident):
    [e] = [e for e in entities if e.id == ident]
    return e


def resolved(per_article, article, surface, mapping):
    return [mapping[article, m.start] for m in per_article[article] if m.text == surface]


def test_surname_and_first_name_after_the_full_name():
    per = corpus()
    entities, mapping = resolve_entities(per)
    ada = entity(entities, "ent:ada-fenwick")
    assert (ada.name, ada.type) == ("Ada Fenwick", "person")
    assert set(ada.aliases) == {"Ada", "Fenwick"}
    assert resolved(per, "coastal-ledger", "Fenwick", mapping) == ["ent:ada-fenwick"]
    assert resolved(per, "north-sea-news", "Ada", mapping) == ["ent:ada-fenwick"]


def test_surname_across_articles_only_when_one_full_name_has_it():
    per = corpus()
    entities, mapping = resolve_entities(per)
    # "Mehta" alone in another article: the corpus knows one Mehta.
    assert resolved(per, "north-sea-news", "Mehta", mapping) == ["ent:rahul-mehta"]
    # "Fenwick" alone: Ada Fenwick and Tom Fenwick both exist, so it stays apart.
    assert set(resolved(per, "harbour-times", "Fenwick", mapping)) == {"ent:fenwick"}
    assert entity(entities, "ent:tom-fenwick").aliases == []


def test_short_form_and_legal_form_of_an_organisation():
    per = corpus()
    entities, mapping = resolve_entities(per)
    corvell = entity(entities, "ent:corvell-shipping")
    assert corvell.name == "Corvell Shipping Ltd." and corvell.type == "organisation"
    assert set(corvell.aliases) == {"Corvell", "Corvell Shipping"}
    assert set(resolved(per, "harbour-times", "Corvell", mapping)) == {"ent:corvell-shipping"}
    baltic = entity(entities, "ent:baltic-freight-group")
    assert "Baltic Freight" in baltic.aliases


def test_acronym_defined_in_one_article_and_used_bare_in_another():
    per = corpus()
    entities, mapping = resolve_entities(per)
    msa = entity(entities, "ent:maritime-safety-authority")
    assert msa.aliases == ["MSA"] and msa.mentions == 4
    assert set(resolved(per, "harbour-times", "MSA", mapping)) == {msa.id}


def test_acronym_spelling_the_initials_of_a_name_in_the_corpus():
    per = corpus()
    _, mapping = resolve_entities(per)
    assert resolved(per, "north-sea-news", "BFG", mapping) == ["ent:baltic-freight-group"]


def test_country_aliases_are_one_entity():
    per = corpus()
    entities, _ = resolve_entities(per)
    us = entity(entities, "ent:united-states")
    assert us.name == "United States" and set(us.aliases) == {"U.S.", "America"}


def test_possessive_mentions_join_their_entity():
    text = "Harwick Foods said sales rose. Harwick's shares jumped."
    per = {"a": find(text)}
    entities, mapping = resolve_entities(per)
    assert len({mapping["a", m.start] for m in per["a"]}) == 1


def test_plural_product_joins_its_singular_but_a_model_letter_does_not():
    text = ("The Nimbus 3G sold well, and the Nimbus 3GS followed. Shops ran out of "
            "PlayStations before the PlayStation reached stores in Tromsø.")
    per = {"a": find(text)}
    entities, mapping = resolve_entities(per)
    by_text = {m.text: mapping["a", m.start] for m in per["a"]}
    assert by_text["Nimbus 3G"] != by_text["Nimbus 3GS"]
    assert by_text["PlayStations"] == by_text["PlayStation"]


def test_product_line_is_not_a_short_form_of_a_model():
    text = "The Nimbus 3G went on sale. Owners of any Nimbus can upgrade."
    per = {"a": find(text)}
    _, mapping = resolve_entities(per)
    assert len({mapping["a", m.start] for m in per["a"]}) == 2


def test_plural_group_joins_its_singular():
    per = {"a": [EntityMention(0, 8, "Unionist", "group", "unionist", "gazetteer")],
           "b": [EntityMention(0, 9, "Unionists", "group", "unionists", "gazetteer")]}
    entities, mapping = resolve_entities(per)
    assert len(entities) == 1 and entities[0].mentions == 2


def test_every_mention_maps_to_an_entity_and_counts_add_up():
    per = corpus()
    entities, mapping = resolve_entities(per)
    assert len(mapping) == sum(len(ms) for ms in per.values())
    assert sum(e.mentions for e in entities) == len(mapping)
    assert {e.id for e in entities} == set(mapping.values())
    assert all(e.type in ENTITY_TYPES for e in entities)


def test_ids_do_not_depend_on_article_order():
    results = []
    for order in permutations(range(3)):
        entities, mapping = resolve_entities(corpus(order))
        results.append((sorted((e.id, e.name, e.type, tuple(sorted(e.aliases)), e.mentions)
                               for e in entities), mapping))
    assert all(r == results[0] for r in results)


def test_alias_split_takes_the_alias_out_deterministically():
    per = corpus()
    split = AliasSplit("ent:corvell-shipping", "Corvell")
    entities, mapping = resolve_entities(per, [split])
    corvell = entity(entities, "ent:corvell-shipping")
    assert corvell.aliases == ["Corvell Shipping"]
    alone = entity(entities, "ent:corvell-shipping~corvell")
    assert (alone.name, alone.type, alone.mentions) == ("Corvell", "organisation", 5)
    assert set(resolved(per, "harbour-times", "Corvell", mapping)) == {alone.id}
    again, mapping_again = resolve_entities(corpus((2, 0, 1)), [split])
    assert sorted(e.id for e in again) == sorted(e.id for e in entities)
    assert mapping_again == mapping


def test_alias_split_by_key_and_of_a_first_name():
    per = corpus()
    entities, mapping = resolve_entities(per, [AliasSplit("ada fenwick", "Ada")])
    assert entity(entities, "ent:ada-fenwick").aliases == ["Fenwick"]
    assert resolved(per, "north-sea-news", "Ada", mapping) == ["ent:ada-fenwick~ada"]


def test_resolving_is_near_linear_in_mentions():
    """Many articles about a few names: doubling the corpus must not quadruple the time."""
    def build(n):
        per = {}
        for i in range(n):
            per[f"a{i}"] = [
                EntityMention(0, 10, "Maria Oyelaran", "person", "maria oyelaran", "given-name"),
                EntityMention(20, 28, "Oyelaran", "person", "oyelaran", "surname"),
                EntityMention(40, 52, f"Firm {i % 97} Ltd.", "organisation", f"firm {i % 97}",
                              "suffix"),
                EntityMention(60, 64, "Firm", "other", "firm", "default"),
                EntityMention(70, 73, "FSA", "organisation", "fsa", "acronym"),
                EntityMention(80, 84, "U.S.", "place", "united states", "gazetteer"),
            ]
        return per

    def timed(n):
        per = build(n)
        start = time.process_time()
        resolve_entities(per)
        return time.process_time() - start

    small, large = min(timed(5000) for _ in range(3)), min(timed(20000) for _ in range(3))
    assert large < small * 8


# --- pronouns and clause lookups -------------------------------------------------------

def test_entities_in_a_clause():
    text = "Ada Fenwick met Rahul Mehta in Aberdeen, and Tom Fenwick waited in Oslo."
    mentions = find(text)
    clause = text.index("and Tom")
    assert [m.text for m in entities_in(mentions, clause, len(text))] == ["Tom Fenwick", "Oslo"]
    assert [m.text for m in entities_in(mentions, 0, clause)] == ["Ada Fenwick", "Rahul Mehta",
                                                                   "Aberdeen"]
    assert entities_in(mentions, 3, 10) == []


def pronoun(text, word, nth=0):
    return [m.start() for m in re.finditer(rf"\b{word}\b", text)][nth]


def test_antecedent_of_he_she_it_they():
    text = ("Harwick Foods said on Monday that it would close a plant. Ellen Marsh, its chief "
            "executive, said she regretted the decision. The Kurds said they would protest.")
    mentions = find(text)
    assert antecedent(mentions, text, pronoun(text, "it")).text == "Harwick Foods"
    assert antecedent(mentions, text, pronoun(text, "she")).text == "Ellen Marsh"
    assert antecedent(mentions, text, pronoun(text, "they")).text == "Kurds"


def test_antecedent_in_earlier_sentences_and_subject_preference():
    text = ("Nadia Petrov won the vote in Brno. The result surprised observers. "
            "She will take office in May.")
    mentions = find(text)
    assert antecedent(mentions, text, pronoun(text, "She")).text == "Nadia Petrov"
    text = "Omar Haddad met Lucia Romero in Lisbon. He said the talks went well."
    assert antecedent(find(text), text, pronoun(text, "He")).text == "Omar Haddad"


def test_antecedent_is_none_when_unclear():
    text = "Omar Haddad told Lucia Romero that he would resign."
    assert antecedent(find(text), text, pronoun(text, "he")) is None
    text = "Omar Haddad resigned. Nobody objected. The board met. Later he left town."
    assert antecedent(find(text), text, pronoun(text, "he")) is None
    text = "The board met on Friday. It said nothing."
    assert antecedent(find(text), text, pronoun(text, "It")) is None
    text = "Harwick Foods hired Ellen Marsh. It praised her."
    assert antecedent(find(text), text, pronoun(text, "It"), kinds=("person",)) is None


def test_antecedent_uses_given_sentences():
    text = "Omar Haddad arrived. It rained. It snowed. It cleared. Then he spoke."
    sentences = split_sentences(text)
    assert antecedent(find(text), text, pronoun(text, "he"), sentences=sentences) is None
    text = "Omar Haddad arrived. It rained. Then he spoke."
    found = antecedent(find(text), text, pronoun(text, "he"), sentences=split_sentences(text))
    assert found.text == "Omar Haddad"


# --- word lists and speed ----------------------------------------------------------------

def test_every_word_list_says_what_it_is_for():
    for path in sorted(ENTITY_DIR.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tomllib.loads("\n".join(lines))
        for i, line in enumerate(lines):
            if line.startswith("["):
                assert lines[i - 1].startswith("#"), f"{path.name}: {line} has no comment"


def test_speed_bound():
    """A generous bound to catch a quadratic slip; the speed itself is a benchmark."""
    paragraphs = []
    for path in sorted((FIXTURES / "annotated").glob("*.txt")):
        paragraphs += parse_annotated(path.read_text(encoding="utf-8"))[0].split("\n\n")
    parts, size, i = [], 0, 0
    while size < 2_000_000:
        # Vary the names so that every run is read afresh, not served from memory.
        para = paragraphs[i % len(paragraphs)]
        para = re.sub(r"\b([A-Z][a-z]+)", lambda m: m.group(1) + "xyz"[i % 3] * (i % 5), para)
        parts.append(para)
        size += len(para) + 2
        i += 1
    text = "\n\n".join(parts)
    sentences = split_sentences(text)
    start = time.perf_counter()
    mentions = find_entities(text, sentences)
    elapsed = time.perf_counter() - start
    print(f"find_entities: {len(text) / 1e6 / elapsed:.1f} MB/s")
    assert mentions and elapsed < 10


def test_sentence_dataclass_is_accepted_directly():
    text = "Gerald Pike won in Bristol."
    assert [m.text for m in find_entities(text, [Sentence(0, len(text), text)])] == \
        ["Gerald Pike", "Bristol"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "(A)", "x" * 5000, "A. B. C. D.",
                                  "U.S.-led", "...", "“”", "iPhone"])
def test_odd_inputs_do_not_fail(text):
    find(text)
