"""Publication dates of wire stories and saved pages, and page text kept whole."""
import hashlib

from model.loaders import load_paths
from model.publication import assign_publication_date
from model.types import Article


def article(text):
    return Article(id="a", path="a.txt", title=text.split("\n")[0], source="x", text=text,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())


def test_wire_dateline_dates_the_story():
    text = ("Shares slide as lender warns\n\nLONDON, March 12, 2024 (Reuters) - Shares in the "
            "lender fell 8 percent on Tuesday after it warned that profits would shrink. The "
            "bank was founded on June 3, 1862 in the city.")
    dated = assign_publication_date(article(text))
    assert dated.published.isoformat() == "2024-03-12" and dated.published_basis == "text"


def test_numeric_datelines():
    for line, day in (("Posted 23.01.2019 09:40", "2019-01-23"),
                      ("Updated: 22/11/2020", "2020-11-22")):
        text = f"Harbour plan approved\n{line}\n\nThe council approved the harbour plan."
        assert assign_publication_date(article(text)).published.isoformat() == day


def test_saved_page_keeps_its_short_content_lines(tmp_path):
    items = "".join(f"<li>{d} – {c}</li>" for d, c in [
        ("12 May", "Leeds"), ("14 May", "York"), ("17 May", "Hull"), ("20 May", "Durham")])
    page = (f"<html><head><title>Spring tour dates</title>"
            f"<meta property='article:published_time' content='2023-04-02'></head><body>"
            f"<article><h1>Spring tour dates</h1><p>The band announced a spring tour of the "
            f"north on Monday, with four concerts in small halls.</p><ul>{items}</ul>"
            f"<p>Σήμερα ανακοινώθηκε η περιοδεία.</p>"
            f"<p>Tickets go on sale next week at the venues.</p></article></body></html>")
    (tmp_path / "tour.html").write_text(page, encoding="utf-8")
    articles, problems = load_paths([tmp_path])
    assert not problems
    text = articles[0].text
    for line in ("Leeds", "York", "Hull", "Durham", "Σήμερα"):
        assert line in text
    assert articles[0].boilerplate == []
