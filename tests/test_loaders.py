"""Files of every supported kind load into Articles; bad files become one-line problems."""
import hashlib
import os
import time
from datetime import date, datetime
from pathlib import Path

import docx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from bad_corpus import make_pdf
from model import loaders
from model.cleaning import find_boilerplate
from model.loaders import LoadError, article_id, decode_text, load_file, load_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
STORY = ("Iraq’s army retook Fallujah on Jan. 5, 2014 — officials said “today”.\n"
         "Café owners in Ramadi reopened on Monday; naïve hopes, one said.\n")


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load_error(path: Path) -> str:
    with pytest.raises(LoadError) as raised:
        load_file(path)
    return str(raised.value)


@pytest.mark.parametrize("encoded", [
    STORY.encode("utf-8"),
    b"\xef\xbb\xbf" + STORY.encode("utf-8"),
    STORY.encode("utf-16"),
    STORY.encode("utf-16-le"),
    STORY.encode("utf-16-be"),
    STORY.encode("cp1252"),
], ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "cp1252"])
def test_each_encoding_decodes_to_the_same_text(tmp_path, encoded):
    assert load_file(write(tmp_path, "story.txt", encoded)).text == STORY


def test_latin1_bytes_undefined_in_cp1252_still_decode(tmp_path):
    article = load_file(write(tmp_path, "old.txt", b"Caf\xe9 control code \x81 kept.\n"))
    assert article.text == "Café control code \x81 kept.\n"


def test_stray_byte_in_utf8_text_does_not_spoil_the_rest(tmp_path):
    data = STORY.encode("utf-8") + b"Broken \xff byte.\n"
    article = load_file(write(tmp_path, "stray.txt", data))
    assert article.text == STORY + "Broken \ufffd byte.\n"


def test_line_endings_become_newlines(tmp_path):
    article = load_file(write(tmp_path, "crlf.txt", b"First line.\r\nSecond line.\rThird.\r\n"))
    assert article.text == "First line.\nSecond line.\nThird.\n"


def test_markdown_loads_as_text(tmp_path):
    markdown = "# Fallujah falls\n\nMilitants took the city.\n"
    assert load_file(write(tmp_path, "notes.md", markdown)).text == markdown


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file_is_refused(tmp_path, content):
    assert load_error(write(tmp_path, "empty.txt", content)) == "empty file"


def test_binary_file_named_txt_is_refused(tmp_path):
    data = bytes(range(256)) * 64 + b"\x00\x01\x02PK\x03\x04"
    assert load_error(write(tmp_path, "photo.txt", data)) == "binary file, not text"


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    started = time.perf_counter()
    assert load_error(path) == "too large: 200 MB (limit 50 MB)"
    assert time.perf_counter() - started < 1


def test_single_five_megabyte_line_loads(tmp_path):
    line = "Militants seized the city on Friday and " * 130_000
    started = time.perf_counter()
    article = load_file(write(tmp_path, "one-line.txt", line))
    assert article.text == line
    assert article.boilerplate == []
    assert time.perf_counter() - started < 5


def test_unsupported_extension_is_refused(tmp_path):
    assert load_error(write(tmp_path, "story.xyz", "text")) == "unsupported file type .xyz"


def test_sample_article_fields():
    path = SAMPLES / "bbc-iraqi-forces-fight-militants-in-anbar.txt"
    article = load_file(path)
    assert article.id == "bbc-iraqi-forces-fight-militants-in-anbar"
    assert article.path == str(path)
    assert article.title == "Iraqi security forces fight militants in Anbar province"
    assert article.source == "BBC"
    assert article.text == path.read_text(encoding="utf-8")
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert article.boilerplate == find_boilerplate(article.text)
    assert article.published is None and article.published_basis == "unknown"
    assert article.metadata_date is None


@pytest.mark.parametrize("name,slug", [
    ("Café – Iraq (2014).txt", "cafe-iraq-2014"),
    ("___.txt", "article"),
    ("a" * 50 + "-" + "b" * 50 + ".txt", "a" * 50),
])
def test_article_id_is_a_short_slug(name, slug):
    assert article_id(Path(name)) == slug


# --- HTML -----------------------------------------------------------------------------------

def test_html_gives_article_text_and_metadata():
    article = load_file(FIXTURES / "broken_page.html")
    assert article.title == "Militants seize Fallujah as army regroups"
    assert article.source == "Example Wire"
    assert article.metadata_date == date(2014, 1, 3)
    assert article.published is None
    for sentence in ["Militants linked to al-Qaeda seized control of parts of Fallujah and Ramadi "
                     "on Friday, officials in Anbar province said.",
                     "Tribal leaders said they would help the army retake the police stations "
                     "that were overrun on Thursday night.",
                     "Residents described empty streets and closed shops as gunmen set up "
                     "checkpoints at the main entrances to the city."]:
        assert sentence in article.text
    for junk in ["SCRIPT TEXT", "TRACKING", "NAVIGATION MENU ITEM", "color: red", "<"]:
        assert junk not in article.text


def test_html_in_cp1252_with_declared_charset(tmp_path):
    page = ("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 reopens</title></head>"
            "<body><p>The caf\u00e9 in Ramadi reopened on Monday, its owner said.</p>"
            "</body></html>")
    article = load_file(write(tmp_path, "page.htm", page.encode("cp1252")))
    assert "The café in Ramadi reopened on Monday, its owner said." in article.text
    assert article.title == "Café reopens"


def test_html_that_looks_like_a_url_is_not_fetched(tmp_path, no_network):
    article = load_file(write(tmp_path, "link.html", "https://news.example.com/iraq"))
    assert article.text == "https://news.example.com/iraq"
    assert article.metadata_date is None


def test_html_fixture_loads_without_network(no_network):
    assert load_file(FIXTURES / "broken_page.html").metadata_date == date(2014, 1, 3)


def test_html_without_text_is_a_problem(tmp_path):
    page = "<html><body><div></div><script>x()</script></body></html>"
    path = write(tmp_path, "blank.html", page)
    assert load_error(path) == "no article text found in the page"


# --- PDF ------------------------------------------------------------------------------------

def test_pdf_text_layer_is_read(tmp_path):
    sentence = "Militants seized Fallujah on January 3, 2014."
    article = load_file(make_pdf(tmp_path / "report.pdf", sentence))
    assert article.text == sentence
    assert article.metadata_date is None


def test_pdf_without_text_layer_is_a_problem(tmp_path):
    assert load_error(make_pdf(tmp_path / "scan.pdf", None)) == "no text layer (scanned image?)"


def test_corrupt_pdf_is_a_problem(tmp_path):
    data = np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    assert load_error(write(tmp_path, "broken.pdf", data)) == "not a readable PDF"


def test_encrypted_pdf_is_a_problem(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", "Secret text about Ramadi.")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert load_error(locked) == "encrypted PDF"


def test_pdf_locked_only_against_editing_still_loads(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", "Open text about Ramadi.")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as handle:
        writer.write(handle)
    assert load_file(restricted).text == "Open text about Ramadi."


# --- Word -----------------------------------------------------------------------------------

def test_docx_paragraphs_are_read_and_file_dates_ignored(tmp_path):
    document = docx.Document()
    document.add_heading("Fallujah falls to militants", level=1)
    document.add_paragraph("Militants seized Fallujah on Friday, officials said.")
    document.add_paragraph("")
    document.add_paragraph("The army surrounded the city on Saturday.")
    document.core_properties.created = datetime(2001, 2, 3)
    document.core_properties.modified = datetime(2002, 3, 4)
    path = tmp_path / "fallujah.docx"
    document.save(path)
    article = load_file(path)
    assert article.text == ("Fallujah falls to militants\n\n"
                            "Militants seized Fallujah on Friday, officials said.\n\n"
                            "The army surrounded the city on Saturday.")
    assert article.title == "Fallujah falls to militants"
    assert article.metadata_date is None


def test_corrupt_docx_is_a_problem(tmp_path):
    assert load_error(write(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip")) == \
        "not a readable Word document"


# --- folders --------------------------------------------------------------------------------

def test_folder_with_good_and_bad_files(tmp_path):
    write(tmp_path, "b-good.txt", "Militants seized the city on Friday.\n")
    write(tmp_path, "sub/a-good.md", "The army returned on Sunday.\n")
    write(tmp_path, "sub/deeper/page.html", (FIXTURES / "broken_page.html").read_bytes())
    bad = {
        write(tmp_path, "binary.txt", b"\x00\x01\x02\x03" * 100): "binary file, not text",
        write(tmp_path, "empty.txt", b""): "empty file",
        write(tmp_path, "sub/broken.pdf", b"%PDF-1.4 garbage"): "not a readable PDF",
    }
    write(tmp_path, "ignored.xyz", "not an article")
    write(tmp_path, ".hidden.txt", "hidden")
    write(tmp_path, ".git/notes.txt", "hidden folder")

    articles, problems = load_paths([tmp_path])

    assert [a.id for a in articles] == ["b-good", "a-good", "page"]
    expected = {str(path): msg for path, msg in bad.items()}
    expected[str(tmp_path)] = "1 file of unsupported type not read: .xyz ×1"  # issue 14
    assert {p.path: p.message for p in problems} == expected


def test_explicit_unsupported_and_missing_paths_are_problems(tmp_path):
    good = write(tmp_path, "good.txt", "Fine text.\n")
    odd = write(tmp_path, "data.xyz", "whatever")
    missing = tmp_path / "nowhere.txt"
    articles, problems = load_paths([odd, missing, good])
    assert [a.id for a in articles] == ["good"]
    assert [(p.path, p.message) for p in problems] == [
        (str(odd), "unsupported file type .xyz"), (str(missing), "no such file or folder")]


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path):
    write(tmp_path, "a/story.txt", "First story.\n")
    write(tmp_path, "b/story.txt", "Second story.\n")
    write(tmp_path, "c/story.md", "Third story.\n")
    articles, _ = load_paths([tmp_path])
    assert [a.id for a in articles] == ["story", "story-2", "story-3"]


def test_a_file_given_twice_loads_once(tmp_path):
    path = write(tmp_path, "story.txt", "Only once.\n")
    articles, problems = load_paths([path, tmp_path])
    assert len(articles) == 1 and problems == []


def test_unexpected_reader_failure_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    def explode(data):
        raise RuntimeError("boom\nsecond line")
    monkeypatch.setitem(loaders._READERS, ".md", explode)
    write(tmp_path, "a.md", "text")
    write(tmp_path, "b.txt", "Still loads.\n")
    articles, problems = load_paths([tmp_path])
    assert [a.id for a in articles] == ["b"]
    assert len(problems) == 1 and "\n" not in problems[0].message
    assert "boom" in problems[0].message


def test_cancel_stops_loading(tmp_path):
    for i in range(5):
        write(tmp_path, f"story-{i}.txt", f"Story number {i}.\n")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    articles, problems = load_paths([tmp_path], cancelled=cancelled)
    assert 0 < len(articles) < 5 and problems == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_a_problem(tmp_path):
    path = write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    assert load_error(path) == "cannot read: permission denied"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_gives_text_or_a_load_error(data):
    try:
        assert isinstance(decode_text(data), str)
    except LoadError as error:
        assert str(error) == "binary file, not text"
