"""The still image: label packing, readable layout, and files that parse in every format."""
from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import matplotlib.image as mpimg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology_fixture import dense_chronology, sample_chronology
from model.chronology import Chronology
from model.exporters import ExportError
from model.render import (LabelRequest, find_dense_window, pack_labels, render_figure,
                          render_timeline)

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def chron():
    return sample_chronology()


# -- packing ------------------------------------------------------------------------------

def _check_packing(requests, placed, rows, left, right, gap, leader_gap):
    for p in placed:
        req = requests[p.index]
        assert 0 <= p.row < rows
        assert left - 1e-6 <= p.x0 and p.x1 <= right + 1e-6
        assert p.x0 - 1e-6 <= req.anchor <= p.x1 + 1e-6, "a label spans its own anchor"
        assert p.x1 - p.x0 == pytest.approx(req.width)
    for p, q in itertools.combinations(placed, 2):
        if p.row == q.row:
            assert p.x1 + gap <= q.x0 + 1e-6 or q.x1 + gap <= p.x0 + 1e-6, "boxes overlap"
        low, high = (p, q) if p.row < q.row else (q, p)
        if low.row != high.row:
            anchor = requests[high.index].anchor
            assert not (low.x0 - leader_gap + 1e-3 < anchor < low.x1 + leader_gap - 1e-3), \
                "a leader line crosses a lower label"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.floats(5, 150), st.integers(0, 3)),
                max_size=40),
       st.integers(0, 6))
def test_packed_labels_never_overlap(specs, rows):
    requests = [LabelRequest(a, w, p) for a, w, p in specs]
    placed = pack_labels(requests, rows, 0.0, 500.0, gap=4.0, leader_gap=2.0)
    _check_packing(requests, placed, rows, 0.0, 500.0, 4.0, 2.0)
    assert len({p.index for p in placed}) == len(placed)


def test_packing_builds_a_staircase_for_a_cluster():
    requests = [LabelRequest(100 + 10 * k, 120, 1) for k in range(5)]
    placed = pack_labels(requests, rows=5, left=0, right=1000)
    assert len(placed) == 5
    assert sorted(p.row for p in placed) == [0, 1, 2, 3, 4]


def test_packing_hangs_labels_left_at_the_right_edge():
    requests = [LabelRequest(960 + 8 * k, 150, 1) for k in range(4)]
    placed = pack_labels(requests, rows=4, left=0, right=1000)
    assert len(placed) == 4
    assert all(p.x1 <= 1000 for p in placed)


def test_packing_thins_the_least_important():
    requests = [LabelRequest(100, 80, 1), LabelRequest(104, 80, 5), LabelRequest(108, 80, 1)]
    placed = pack_labels(requests, rows=1, left=0, right=1000)
    assert [p.index for p in placed] == [1]


def test_events_at_one_spot_keep_the_most_important_label():
    requests = [LabelRequest(300, 50, 1), LabelRequest(300.5, 50, 3), LabelRequest(300, 50, 2)]
    placed = pack_labels(requests, rows=3, left=0, right=1000)
    assert [p.index for p in placed] == [1]


def test_no_rows_places_nothing():
    assert pack_labels([LabelRequest(10, 5, 1)], rows=0, left=0, right=100) == []


# -- layout -------------------------------------------------------------------------------

def _label_boxes(fig):
    """Window boxes of the event labels (texts kept out of the layout)."""
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if not text.get_in_layout() and text.get_text().strip():
                boxes.append((text.get_text(), text.get_window_extent(renderer)))
    return boxes


def _assert_disjoint(boxes):
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert overlap_w <= 0.5 or overlap_h <= 0.5, f"{ta!r} overlaps {tb!r}"


def test_sample_story_is_fully_labelled_without_overlap(chron):
    fig = render_figure(chron, title="Anbar")
    fig.canvas.draw()
    boxes = _label_boxes(fig)
    _assert_disjoint(boxes)
    texts = [t for t, _ in boxes]
    for event in chron.events:
        assert event.label in texts, f"{event.label} was thinned"
    assert "6 events: see detail below" in texts
    assert len(fig.axes) == 2, "the Dec 2013 - Jan 2014 cluster gets a detail panel"


def test_dense_chronology_is_thinned_not_piled(tmp_path):
    fig = render_figure(dense_chronology(600), width_in=8, height_in=4.5)
    fig.canvas.draw()
    boxes = _label_boxes(fig)
    _assert_disjoint(boxes)
    assert 5 <= len(boxes) // 2 < 600


def test_range_and_single_lane(chron):
    fig = render_figure(chron, start="2013-12-15", end="2014-01-10", lanes="single",
                        detail=None)
    (ax,) = fig.axes
    lo, hi = ax.get_xlim()
    assert mdates.num2date(lo).date().isoformat() == "2013-12-15"
    assert mdates.num2date(hi).date().isoformat() == "2014-01-10"
    fig.canvas.draw()
    texts = [t for t, _ in _label_boxes(fig)]
    assert "US forces fight battle of Fallujah" not in texts
    assert any(t.startswith("Militants seize parts of Fallujah") for t in texts)


def test_frame_input_and_bad_arguments(chron):
    fig = render_figure(chron.events_frame(), detail=None)
    assert len(fig.axes) == 1
    with pytest.raises(ValueError):
        render_figure(chron, lanes="diagonal")
    with pytest.raises(ValueError):
        render_figure(chron, start="2014-01-01", end="2013-01-01")


def test_empty_chronology_renders(tmp_path):
    path = tmp_path / "empty.png"
    render_timeline(Chronology([], {}, []), path)
    assert mpimg.imread(path).shape[2] in (3, 4)


def test_dense_window_found_for_the_typical_story():
    day = 1.0
    spans = [(12418, 12784), (13149, 13879), (13514, 13879), (15340, 15705), (15705, 16070),
             (16040, 16071), (16062, 16069), (16071, 16072), (16072, 16073), (16073, 16074),
             (16074, 16075)]
    window = find_dense_window(spans, (12300, 16120))
    assert window is not None
    lo, hi = window
    assert lo <= 16040 and hi >= 16075 and hi - lo < 60 * day
    assert find_dense_window(spans[:5], (12300, 16120)) is None


# -- files --------------------------------------------------------------------------------

def test_png_has_the_requested_size(chron, tmp_path):
    path = tmp_path / "chronology.png"
    render_timeline(chron, path, width_in=8, height_in=4.5, dpi=100)
    image = mpimg.imread(path)
    assert image.shape[:2] == (450, 800)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_keeps_labels_as_text(chron, tmp_path):
    path = tmp_path / "chronology.svg"
    render_timeline(chron, path, title="Anbar & Fallujah <2014>")
    root = ET.parse(path).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Special forces clash with militants in Fallujah & Ramadi" in texts
    assert "Anbar & Fallujah <2014>" in texts
    assert not list(root.iter(f"{SVG}image")), "few marks stay vector"


def test_same_chronology_same_svg(chron, tmp_path):
    render_timeline(chron, tmp_path / "a.svg")
    render_timeline(chron, tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_dense_marks_are_rasterised_text_is_not(tmp_path):
    path = tmp_path / "dense.svg"
    render_timeline(dense_chronology(2500), path)
    root = ET.parse(path).getroot()
    assert list(root.iter(f"{SVG}image"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "2008" in texts and "Reuters" in texts


def test_pdf_keeps_labels_as_text(chron, tmp_path):
    path = tmp_path / "chronology.pdf"
    render_timeline(chron, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert "Maliki sends reinforcements to Anbar" in text
    assert b"/FontFile2" in data or b"FontFile2" in _inflated(data), "TrueType (Type 42) font"


def _inflated(data: bytes) -> bytes:
    out = []
    for chunk in data.split(b"stream")[1:]:
        try:
            out.append(zlib.decompress(chunk.lstrip(b"\r\n")))
        except zlib.error:
            continue
    return b"".join(out)


def test_rc_params_are_left_alone(chron, tmp_path):
    before = (matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["pdf.fonttype"])
    render_timeline(chron, tmp_path / "c.svg")
    assert (matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["pdf.fonttype"]) == before


def test_unwritable_target_and_unknown_format_are_export_errors(chron, tmp_path):
    with pytest.raises(ExportError, match="cannot write"):
        render_timeline(chron, tmp_path / "missing" / "c.png")
    with pytest.raises(ExportError, match=r"\.png, \.svg or \.pdf"):
        render_timeline(chron, tmp_path / "c.bmp")


def test_rendering_never_imports_pyplot(tmp_path):
    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from chronology_fixture import sample_chronology\n"
        "from model.render import render_timeline\n"
        "render_timeline(sample_chronology(), sys.argv[3])\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(ROOT / "tests"),
                    str(tmp_path / "c.png")], check=True, timeout=120)


def test_history_and_context_render_with_window_colours(tmp_path):
    """Years BC on the axis, dated-by-context events hollow in the legend, each outlet in
    the window's colour (model.palette, in article order)."""
    from model.day import Day
    from model.palette import outlet_colours
    from model.types import Anchor, Article, Event, EventMention, Interval, Sentence, \
        TimeExpression
    text = "Fort history\nA fort stood here in 44 BC.\nWe walked past it.\n"
    arts = [Article(f"a{i}", f"/x/{i}.txt", "Fort history", f"Outlet {i}", text, f"h{i}")
            for i in range(3)]
    events = []
    for i, (start, end, kind) in enumerate([(Day.of(-43), Day.of(-43, 12, 31), "explicit"),
                                            (Day.of(1066), Day.of(1066, 12, 31), "explicit"),
                                            (Day.of(2019, 5, 2), Day.of(2019, 5, 2),
                                             "narrative")]):
        timex = TimeExpression(0, 4, "Fort", "DATE", "x")
        mention = EventMention(f"m{i}", arts[i].id, Sentence(0, 12, text[:12]), 0, 12, timex,
                               f"Event {i}", Interval(start, end, "year"), "x",
                               anchor=Anchor(kind, "x"))
        events.append(Event(f"e{i}", f"Event {i}", mention.interval, "x", [mention]))
    chron = Chronology(arts, {a.id: [] for a in arts}, events)
    fig = render_figure(chron, lanes="source", detail=None)
    fig.canvas.draw()
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    assert any(label.endswith("BC") for label in labels), labels
    legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert "dated by context" in legend
    path = tmp_path / "history.svg"
    render_timeline(chron, str(path), lanes="source")
    svg = path.read_text(encoding="utf-8").lower()
    for colour in outlet_colours(a.source for a in arts).values():
        assert colour in svg
