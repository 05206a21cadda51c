"""One entity per real thing across the corpus, from every article's mentions.

Names that share a key are one entity already ("U.S." and "America", "Apple Inc." and
"Apple's"). On top of that: a surname or first name after the full name in the same
article ("Jane Roe ... Roe"), a surname anywhere when the corpus has exactly one full name
with it, the first word of an organisation's name after the full name in its article
("Acme Widgets ... Acme"), an acronym and the expansion the corpus defines for it or whose
initials it spells, and plurals of groups. Everything is keyed by dictionaries, so the
work grows with the number of mentions. Every merge stays visible as an alias, and the
user's ``AliasSplit`` takes an alias out into an entity of its own.
"""
from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .entities_lexicon import BASIS_RANK, EntityMention, fold, lexicon, slug

_STRONG = 5
#: No evidence of its own: a headline copy or nothing at all.
_WEAK = BASIS_RANK["form"]


@dataclass
class Entity:
    """One person, organisation, place, group or thing, as the whole corpus names it."""

    #: Stable: from the canonical key, never from the order of articles.
    id: str
    #: The fullest common name ("Jane Roe", "United States", "Acme Widgets Ltd.").
    name: str
    type: str
    #: The other surface forms merged into it ("Roe", "US", "U.S.").
    aliases: list[str]
    mentions: int


@dataclass(frozen=True)
class AliasSplit:
    """The user's decision: ``alias`` is not the entity ``entity_key`` (its id or key)."""

    entity_key: str
    alias: str


class _Keys:
    """Union-find over keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = key
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(key, key) != root:
            parent[key], key = root, parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _KeyStats:
    count: int = 0
    best_rank: int = -1
    best_type: str = "other"
    acronym: bool = False
    #: Some mention ends in a lower-case plural "s" ("iPods", not "iPhone 3GS").
    plural: bool = False


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return 2 <= len(letters) <= 8 and " " not in surface and sum(c.isupper() for c in letters) >= 2


def _initials(key: str) -> tuple[str, str]:
    words = key.split()
    content = "".join(w[0] for w in words if w not in lexicon().acronym_glue)
    return content, "".join(w[0] for w in words)


def _key_types(per_article: Mapping[str, list[EntityMention]]) -> dict[str, _KeyStats]:
    """Each key's mention count and its type by the strongest evidence in the corpus."""
    votes: dict[str, Counter[tuple[str, int]]] = {}
    stats: dict[str, _KeyStats] = {}
    for mentions in per_article.values():
        for m in mentions:
            s = stats.get(m.key)
            if s is None:
                s = stats[m.key] = _KeyStats()
                votes[m.key] = Counter()
            s.count += 1
            votes[m.key][m.type, BASIS_RANK.get(m.basis, 0)] += 1
            if not s.acronym and not m.text.istitle() and " " not in m.key \
                    and _is_acronym(m.text):
                s.acronym = True
            if not s.plural and m.text.endswith("s") and m.text[-2:-1].isalpha():
                s.plural = True
    for key, s in stats.items():
        s.best_type = _choose_type(votes[key])
        s.best_rank = max(rank for kind, rank in votes[key] if kind == s.best_type)
    return stats


def _merge_keys(per_article, stats: dict[str, _KeyStats]) -> _Keys:
    """Key-level merges: acronyms with their expansions, plurals of groups and of things
    ("Unionists", "iPods")."""
    lex = lexicon()
    keys = _Keys()
    defined: dict[str, set[str]] = {}
    for mentions in per_article.values():
        for m in mentions:
            if m.basis == "definition" and _is_acronym(m.text):
                acronym = lex.key_of(m.text)
                if acronym != m.key:
                    defined.setdefault(acronym, set()).add(m.key)
    by_initials: dict[str, set[str]] = {}
    for key, s in stats.items():
        if key.count(" ") >= 1 and s.best_type in ("organisation", "other", "place", "group"):
            content, every = _initials(key)
            if len(content) >= 2:
                by_initials.setdefault(content, set()).add(key)
            if every != content:
                by_initials.setdefault(every, set()).add(key)
    for key, s in stats.items():
        if s.acronym and key not in lex.known:
            expansions = defined.get(key) or by_initials.get(key.replace(" ", ""), set())
            if len(expansions) == 1:
                keys.union(key, next(iter(expansions)))
        if s.plural and s.best_type in ("group", "other") and key[:-1] in stats \
                and stats[key[:-1]].best_type == s.best_type:
            keys.union(key, key[:-1])
    return keys


def _partial_links(per_article, stats: dict[str, _KeyStats]) -> dict[tuple[str, int], str]:
    """(article, start) -> full key, for surnames, first names and short forms of an
    organisation's name: in the article of the full name, or anywhere when the corpus has
    exactly one full name it can stand for."""
    lex = lexicon()
    surnames_corpus: dict[str, set[str]] = {}
    prefixes_corpus: dict[str, set[str]] = {}
    for key, s in stats.items():
        if " " not in key:
            continue
        if s.best_type == "person":
            surnames_corpus.setdefault(_surname(key, lex), set()).add(key)
        elif s.best_type == "organisation":
            for prefix in _prefixes(key, lex):
                prefixes_corpus.setdefault(prefix, set()).add(key)
    links: dict[tuple[str, int], str] = {}
    for article_id, mentions in per_article.items():
        last: dict[str, list[tuple[int, str]]] = {}
        first: dict[str, list[tuple[int, str]]] = {}
        prefixes: dict[str, list[tuple[int, str]]] = {}
        for m in mentions:
            if " " not in m.key:
                continue
            kind = stats[m.key].best_type
            if kind == "person":
                last.setdefault(_surname(m.key, lex), []).append((m.start, m.key))
                first.setdefault(m.key.split(" ", 1)[0], []).append((m.start, m.key))
            elif kind == "organisation":
                for prefix in _prefixes(m.key, lex):
                    prefixes.setdefault(prefix, []).append((m.start, m.key))
        for m in mentions:
            s = stats[m.key]
            strong_other = s.best_rank >= _STRONG and s.best_type != "person"
            target = None
            if " " not in m.key and not strong_other:
                target = _nearest(last.get(m.key), m.start) or _nearest(first.get(m.key), m.start)
                if target is None and m.key not in first:
                    target = _only(surnames_corpus.get(m.key))
            if target is None and s.best_rank < _STRONG \
                    and (s.best_type == "organisation" or s.best_rank < _WEAK):
                target = _nearest(prefixes.get(m.key), m.start) \
                    or _only(prefixes_corpus.get(m.key))
            if target is not None and target != m.key:
                links[article_id, m.start] = target
    return links


def _prefixes(key: str, lex) -> list[str]:
    """Shorter names an organisation goes by: its first words ("acme" and "acme widgets"
    for "acme widgets group"), never a bare generic word or one ending in "of". Products
    have none: "iPhone" is not one model of it."""
    words = key.split()
    out = []
    for n in range(1, len(words)):
        if words[n - 1] in lex.acronym_glue or words[n] in lex.acronym_glue:
            continue
        if n == 1 and (words[0] in lex.generic_alone or words[0] in lex.org_heads):
            continue
        out.append(" ".join(words[:n]))
    return out


def _only(keys: set[str] | None) -> str | None:
    return next(iter(keys)) if keys is not None and len(keys) == 1 else None


def _surname(key: str, lex) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in lex.generational:
        words.pop()
    return words[-1]


def _nearest(candidates: list[tuple[int, str]] | None, start: int) -> str | None:
    """The full name mentioned last before ``start``, else the first one after it."""
    if not candidates:
        return None
    i = bisect_left(candidates, (start, ""))
    return candidates[i - 1][1] if i else candidates[0][1]


def _canonical(keys: Counter[str], lex) -> str:
    return min(keys, key=lambda k: (k not in lex.known, -k.count(" "), -keys[k], k))


def _display(canonical: str, surfaces: Counter[str], lex) -> str:
    known = lex.known.get(canonical)
    if known:
        return known[0]
    return min(surfaces, key=lambda t: (-t.count(" "), t.isupper() and " " in t, -surfaces[t], t))


def _choose_type(votes: Counter[tuple[str, int]]) -> str:
    """Type with the strongest evidence; among equals, the most mentions."""
    best: dict[str, tuple[int, int]] = {}
    for (kind, rank), n in votes.items():
        r, total = best.get(kind, (-1, 0))
        best[kind] = (max(r, rank), total + n)
    return max(best, key=lambda k: (best[k][0], best[k][1], k))


def resolve_entities(per_article: Mapping[str, list[EntityMention]],
                     splits: Sequence[AliasSplit] = ()
                     ) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """Entities of the corpus and, for each mention (article id, start), its entity id."""
    lex = lexicon()
    stats = _key_types(per_article)
    keys = _merge_keys(per_article, stats)
    links = _partial_links(per_article, stats)

    # Each mention's cluster, and what the cluster holds.
    member_keys: defaultdict[str, Counter[str]] = defaultdict(Counter)
    roots: dict[str, str] = {}

    def clusters():
        for article_id, mentions in per_article.items():
            for m in mentions:
                target = links.get((article_id, m.start), m.key)
                root = roots.get(target)
                if root is None:
                    root = roots[target] = keys.find(target)
                yield article_id, m, root

    for _, m, root in clusters():
        member_keys[root][m.key] += 1
    canonical = {root: _canonical(counts, lex) for root, counts in member_keys.items()}
    ids = _ids(canonical)

    split_of: dict[str, set[str]] = {}
    for split in splits:
        split_of.setdefault(split.entity_key, set()).add(fold(split.alias))
    wanted: dict[str, set[str]] = {}
    for root, key in canonical.items():
        aliases = split_of.get(ids[root], set()) | split_of.get(key, set())
        if aliases:
            wanted[root] = aliases

    surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter)
    votes: defaultdict[str, Counter[tuple[str, int]]] = defaultdict(Counter)
    split_names: dict[str, str] = {}
    mapping: dict[tuple[str, int], str] = {}
    for article_id, m, root in clusters():
        cluster = root
        if root in wanted and fold(m.text) in wanted[root]:
            cluster = f"{root}\x00{fold(m.text)}"
            if cluster not in ids:
                ids[cluster] = f"{ids[root]}~{slug(fold(m.text))}"
                split_names[cluster] = m.text
        surfaces[cluster][m.text] += 1
        votes[cluster][m.type, BASIS_RANK.get(m.basis, 0)] += 1
        mapping[article_id, m.start] = ids[cluster]

    entities = []
    for cluster, forms in surfaces.items():
        name = split_names.get(cluster) or _display(canonical[cluster], forms, lex)
        aliases = sorted((t for t in forms if t != name), key=lambda t: (-forms[t], t))
        entities.append(Entity(ids[cluster], name, _choose_type(votes[cluster]), aliases,
                               sum(forms.values())))
    entities.sort(key=lambda e: (-e.mentions, e.id))
    return entities, mapping


def _ids(canonical: dict[str, str]) -> dict[str, str]:
    """ "ent:" + the canonical key's slug; a clash (two keys, one slug) adds a checksum."""
    ids: dict[str, str] = {}
    taken: dict[str, str] = {}
    for root in sorted(canonical, key=lambda r: canonical[r]):
        key = canonical[root]
        ident = "ent:" + slug(key)
        if ident in taken and taken[ident] != key:
            ident += "-" + format(zlib.crc32(key.encode("utf-8")), "08x")
        taken[ident] = key
        ids[root] = ident
    return ids
