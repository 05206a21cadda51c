"""Full-text search: every word of a query, phrases kept together, exact spans to jump to."""
import hashlib

from model.search import TextIndex
from model.types import Article


def article(ident, text):
    return Article(id=ident, path=f"{ident}.txt", title=text.split("\n")[0], source=ident,
                   text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())


ARTICLES = [
    article("a", "Bridge closed\n\nThe old bridge closed on Monday after inspectors found cracks."),
    article("b", "Council votes\n\nThe council voted to repair the bridge. Repairs start in May."),
    article("c", "Weather\n\nRain is expected all week."),
]


def test_every_word_must_match_and_spans_point_at_the_words():
    hits = TextIndex(ARTICLES).search("bridge repair")
    assert {h.article_id for h in hits} == {"b"}
    text = ARTICLES[1].text
    assert [text[h.start:h.end] for h in hits] == ["repair", "bridge", "Repairs"]
    assert hits[0].context == "The council voted to repair the bridge. Repairs start in May."


def test_quoted_phrase_and_accents_and_fts_syntax_are_plain_text():
    index = TextIndex(ARTICLES + [article("d", "Café\n\nThe café in the old bridge reopened.")])
    hits = index.search('"old bridge"')
    assert sorted({h.article_id for h in hits}) == ["a", "d"]
    assert {h.article_id for h in index.search("cafe")} == {"d"}
    assert index.search('NEAR( AND "') == []
    assert index.search("   ") == []
