"""Records and word lists shared by finding and resolving entities.

The lists are data (resources/entities/*.toml); this module reads them once and turns a
surface form into the key that groups its aliases: "U.S." and "America" both become
"united states", "Apple Inc." and "Apple's" both become "apple".
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .resources import resource_path

ENTITY_DIR = resource_path("entities")

#: other: products, works, laws, named events.
ENTITY_TYPES = ("person", "organisation", "place", "group", "other")

#: How a mention's type was decided, strongest first. A weaker mention of a name takes
#: the type of a stronger mention of the same name in its article and in the corpus.
BASIS_RANK = {
    "title": 6, "gazetteer": 6, "definition": 6,
    "suffix": 5, "head": 5,
    "given-name": 4, "initials": 4, "generational": 4, "role": 4,
    "same-name": 3, "surname": 3,
    "form": 2, "acronym": 2, "context": 2,
    "headline": 1,
    "default": 0,
}


@dataclass(frozen=True)
class EntityMention:
    """One occurrence of a name in one article."""

    start: int
    end: int
    #: The span as written, without a possessive ("Apple's" gives "Apple").
    text: str
    type: str
    #: Normalised name that groups aliases ("u.s." -> "united states").
    key: str
    #: What decided the type (a BASIS_RANK name): every type says how it was found.
    basis: str = "default"


_new = object.__new__


def make_mention(start: int, end: int, text: str, kind: str, key: str, basis: str
                 ) -> EntityMention:
    """An EntityMention built without the generated frozen ``__init__`` (six
    ``object.__setattr__`` calls): the same object at half the cost, for the hot loop."""
    m = _new(EntityMention)
    m.__dict__.update(start=start, end=end, text=text, type=kind, key=key, basis=basis)
    return m


_POSSESSIVE = re.compile(r"['’]s?$")


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", "").split("|") if p.strip()]


def fold(text: str) -> str:
    """Lower case without accents, with one kind of apostrophe."""
    if text.isascii():
        return text.lower()
    text = text.replace("’", "'").replace("‘", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).lower()


def _plural(word: str) -> str:
    if word.endswith(("sh", "ch", "ese", "ss", "x", "s", "i'")):
        return ""
    return word + "s"


class Lexicon:
    """Every word list, loaded once; keys are folded lower case."""

    def __init__(self, directory: Path = ENTITY_DIR):
        def load(name: str) -> dict:
            with open(directory / name, "rb") as f:
                return tomllib.load(f)

        words, places, orgs = load("words.toml"), load("places.toml"), load("organisations.toml")
        titles, names = load("titles.toml"), load("names.toml")

        self.function_words = frozenset(_words(words["function_words"]["words"]))
        self.common_capitalised = frozenset(_words(words["common_capitalised"]["words"]))
        self.calendar = frozenset(_words(words["calendar"]["words"]))
        self.holiday_phrases = frozenset(_phrases(words["calendar"]["phrases"]))
        self.non_entity_acronyms = frozenset(_words(words["non_entity_acronyms"]["words"]))
        self.other_suffixes = frozenset(_words(words["other_suffixes"]["words"]))
        self.connectors = tuple(sorted(_phrases(words["connectors"]["phrases"]),
                                       key=len, reverse=True))
        self.connector_words = frozenset(w for c in self.connectors for w in c.split())
        self.opening_particles = frozenset(_words(words["connectors"]["opening"]))
        self.hyphen_particles = frozenset(_words(words["connectors"]["hyphenated"]))
        self.acronym_glue = frozenset(_words(words["acronym_glue"]["words"]))
        self.abbreviations = frozenset(_words(words["abbreviations"]["words"]))
        self.common_endings = tuple(_words(words["common_endings"]["words"]))
        pronouns = words["pronouns"]
        #: pronoun -> the entity types it can stand for
        self.pronoun_types: dict[str, tuple[str, ...]] = {}
        for forms, kinds in ((pronouns["person"], "person"),
                             (pronouns["thing"], pronouns["thing_types"]),
                             (pronouns["plural"], pronouns["plural_types"])):
            self.pronoun_types.update(dict.fromkeys(_words(forms), tuple(_words(kinds))))
        self.other_heads = frozenset(_words(words["other_suffixes"]["heads"]))

        self.corporate_suffixes = frozenset(_words(orgs["corporate_suffixes"]["words"]))
        self.org_suffixes = frozenset(_words(orgs["org_suffixes"]["words"]))
        self.org_heads = frozenset(_words(orgs["org_heads"]["words"]))
        self.for_heads = frozenset(_words(orgs["for_heads"]["words"]))
        self.org_cues_after = frozenset(_words(orgs["org_cues_after"]["words"]))
        self.org_cues_possessive = frozenset(_words(orgs["org_cues_after"]["possessive"]))
        self.org_cue_phrases = frozenset(_phrases(orgs["org_cues_before"]["phrases"]))
        self.org_nouns = frozenset(_words(orgs["org_nouns"]["words"]))
        self.generic_alone = frozenset(_words(orgs["generic_alone"]["words"]))

        self.place_suffixes = frozenset(_words(places["place_suffixes"]["words"]))
        self.place_prefixes = frozenset(_words(places["place_prefixes"]["words"]))
        self.place_heads = frozenset(_words(places["place_heads"]["words"]))
        self.place_cues_before = frozenset(_words(places["place_cues_before"]["words"]))
        self.place_cue_phrases = frozenset(_phrases(places["place_cues_before"]["phrases"]))
        self.place_cues_after = frozenset(_words(places["place_cues_after"]["words"]))

        self.titles = frozenset(_phrases(titles["person_titles"]["phrases"]))
        self.ambiguous_titles = frozenset(_words(titles["ambiguous_titles"]["words"]))
        self.role_nouns = frozenset(_words(titles["role_nouns"]["words"]))
        self.speech_verbs = frozenset(_words(titles["speech_verbs"]["words"]))
        self.generational = frozenset(_words(titles["generational_suffixes"]["words"]))
        self.numerals = frozenset(_words(titles["generational_suffixes"]["numerals"]))
        self.speech_verbs_before = frozenset(_words(titles["speech_verbs_before"]["words"]))
        self.given_names = frozenset(_words(names["given_names"]["names"]))

        #: single words that are never a name on their own
        self.not_alone = self.generic_alone | self.common_capitalised | self.corporate_suffixes
        #: last word of a name -> (type, basis) it gives ("motors" -> organisation)
        self.suffix_types: dict[str, tuple[str, str]] = {}
        for listed, kind in ((self.place_suffixes, "place"), (self.other_suffixes, "other"),
                            (self.org_suffixes | self.corporate_suffixes, "organisation")):
            self.suffix_types.update(dict.fromkeys(listed, (kind, "suffix")))
        self.suffix_types.update(dict.fromkeys(self.generational, ("person", "generational")))
        #: last words that make a title word part of a name ("General Motors")
        self.name_suffixes = self.org_suffixes | self.other_suffixes
        #: first word of a title -> the title phrases it opens, as word tuples, longest first
        self.titles_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.titles:
            parts = tuple(phrase.split())
            self.titles_by_first.setdefault(parts[0], []).append(parts)
        for options in self.titles_by_first.values():
            options.sort(key=len, reverse=True)
        self.holiday_first = {p.split()[0]: max(len(q.split()) for q in self.holiday_phrases
                                               if q.split()[0] == p.split()[0])
                              for p in self.holiday_phrases}

        #: alias key -> canonical key; canonical key -> (display name, type)
        self.alias: dict[str, str] = {}
        self.known: dict[str, tuple[str, str]] = {}
        #: demonym key -> country key ("kenyans" -> "kenya"), and which forms are plurals
        self.demonyms: dict[str, str] = {}
        self.plural_demonyms: set[str] = set()
        self.groups: dict[str, str] = {}
        self.plural_groups: set[str] = set()

        for name, entry in {**places["countries"], **places["regions"]}.items():
            canon = self._add_known(name, "place", entry.get("aliases", []))
            for demonym in entry.get("demonyms", []):
                key = self.key_of(demonym)
                self.demonyms[key] = canon
                plural = _plural(key)
                if plural:
                    self.demonyms[plural] = canon
                    self.plural_demonyms.add(plural)
        for name, aliases in places["place_aliases"].items():
            self._add_known(name, "place", aliases)
        for name in _phrases(places["known_places"]["names"]):
            self._add_known(name, "place", [])
        for name, aliases in orgs["known_organisations"].items():
            self._add_known(name, "organisation", aliases)
        for name, forms in words["groups"].items():
            canon = self.key_of(name)
            self.known.setdefault(canon, (name, "group"))
            for form in [name, *forms]:
                key = self.key_of(form)
                self.groups[key] = canon
                plural = _plural(key)
                if plural and plural not in self.groups:
                    self.groups[plural] = canon
                    self.plural_groups.add(plural)

    def _add_known(self, name: str, kind: str, aliases: list[str]) -> str:
        canon = self.key_of(name)
        if canon not in self.known:
            self.known[canon] = (name, kind)
        for alias in aliases:
            self.alias.setdefault(self.key_of(alias), canon)
        return canon

    def key_of(self, surface: str) -> str:
        """The folded name without dots, possessive, a leading "the" or a company's legal
        form; aliases are not applied (see ``name_key``)."""
        s = _POSSESSIVE.sub("", fold(surface).replace("’", "'"))
        s = s.replace(".", "").replace("-", " ").replace("–", " ")
        tokens = s.split()
        if len(tokens) > 1 and tokens[0] == "the":
            tokens = tokens[1:]
        while len(tokens) > 1 and tokens[-1].rstrip(",") in self.corporate_suffixes:
            tokens = tokens[:-1]
        return " ".join(t.rstrip(",") for t in tokens)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


@lru_cache(maxsize=1 << 16)
def name_key(surface: str) -> str:
    """The key that groups ``surface`` with its aliases ("the U.S." -> "united states")."""
    lex = lexicon()
    key = lex.key_of(surface)
    return lex.alias.get(key, key)


def slug(key: str) -> str:
    """A stable identifier fragment for a key ("steve jobs" -> "steve-jobs")."""
    s = re.sub(r"[^\w&]+", "-", fold(key)).strip("-")
    return s or format(zlib.crc32(key.encode("utf-8")), "08x")
