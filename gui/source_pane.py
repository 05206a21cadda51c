"""One article's original text, with its time expressions and event sentences marked.

Formatting uses ExtraSelections over a read-only QPlainTextEdit, so the text the
researcher reads is exactly the file's text (boilerplate greyed, never removed).

When the views are filtered (words, outlets, entities...), a pane keeps the whole text —
it is the evidence, and what surrounds a sentence is how a reader checks its date — but
marks and answers clicks only for the events the timeline and the table still show, so
a marked sentence is always one that can be found there. The chosen entities' names are
marked too, so that the researcher asking "what happened to them?" finds them in the text.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .colours import (CERTAINTY, DATE_INK, DATE_TINT, ENTITY_INK, ENTITY_TINT, EVENT_SENTENCE,
                      certainty_of, certainty_style, translucent)
from .dates import format_day
from .plain import plain_label, tip
from .qt import (QColor, QFont, QHBoxLayout, QLabel, QPainter, QPalette, QPixmap,
                 QPainterPath, QPen, QPlainTextEdit, QTextCharFormat, QTextCursor, QTextEdit, QTextFormat,
                 QToolButton, QVBoxLayout, QWidget, Qt, Signal)

KIND = QTextFormat.UserProperty
CERTAINTY_TEXT = {key: text for key, text, _ in CERTAINTY}
KIND_BOILERPLATE, KIND_SENTENCE, KIND_SELECTED, KIND_TIMEX, KIND_ENTITY = (
    "boilerplate", "sentence", "selected", "timex", "entity")


class OffsetMap:
    """Python string offsets ↔ QTextDocument positions (UTF-16 units differ beyond the BMP)."""

    def __init__(self, text: str):
        wide = np.fromiter((ord(c) > 0xFFFF for c in text), dtype=bool, count=len(text)) \
            if any(ord(c) > 0xFFFF for c in text) else None
        self._extra = None if wide is None else np.concatenate([[0], np.cumsum(wide)])

    def to_qt(self, offset: int) -> int:
        if self._extra is None:
            return offset
        return offset + int(self._extra[min(offset, len(self._extra) - 1)])

    def to_py(self, position: int) -> int:
        if self._extra is None:
            return position
        qt_positions = np.arange(len(self._extra)) + self._extra
        return int(np.searchsorted(qt_positions, position, side="right") - 1)


class _Text(QPlainTextEdit):
    clickedAt = Signal(int)
    #: The standard context menu (copy, select all) and the document position clicked.
    menuAt = Signal(object, int)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        self.menuAt.emit(menu, self.cursorForPosition(event.pos()).position())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and not self.textCursor().hasSelection():
            self.clickedAt.emit(self.cursorForPosition(event.position().toPoint()).position())


class SourcePane(QWidget):
    """Header (title, outlet, date) above the article's text."""

    eventClicked = Signal(str)
    #: (pane, menu, offset): the window adds its edit actions to the pane's context menu.
    menuRequested = Signal(object, object, int)
    #: The researcher asked to set this article's publication date (article id).
    setDateRequested = Signal(str)

    def __init__(self, article, expressions, mentions, events_at: Callable[[int], list],
                 colour, parent: QWidget | None = None):
        super().__init__(parent)
        self.article = article
        self.expressions = list(expressions)
        self.mentions = list(mentions)  # (event id, EventMention) pairs of this article
        self._events_at = events_at
        #: The events the views show (None: every event): only they are marked.
        self._shown: frozenset[str] | None = None
        self._map = OffsetMap(article.text)
        self._selected: list[QTextEdit.ExtraSelection] = []
        self._entities: list[QTextEdit.ExtraSelection] = []
        self._entity_spans: list[tuple] = []
        self._entity_names: dict[str, str] = {}
        swatch = QLabel()
        pix = QPixmap(12, 12)
        pix.fill(colour)
        swatch.setPixmap(pix)
        swatch.setAlignment(Qt.AlignTop)
        self.title_label = plain_label(article.title)
        self.title_label.setWordWrap(True)
        bold = QFont(self.title_label.font())
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.date_label = plain_label(self.date_line())
        self.date_label.setWordWrap(True)
        self.date_label.setEnabled(False)
        self.date_label.setToolTip(tip(self.date_evidence()))
        set_date = QToolButton()
        set_date.setText("Set date…")
        set_date.setToolTip("Set this article's publication date yourself")
        set_date.setAccessibleName(f"Set the publication date of {article.title}")
        set_date.clicked.connect(lambda: self.setDateRequested.emit(self.article.id))
        header = QWidget()
        row = QHBoxLayout(header)
        row.setContentsMargins(6, 4, 6, 2)
        row.addWidget(swatch)
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addWidget(self.title_label)
        lines.addWidget(self.date_label)
        row.addLayout(lines, 1)
        row.addWidget(set_date, 0, Qt.AlignTop)
        self.header = header
        self.text = _Text()
        self.text.setReadOnly(True)
        self.text.setPlainText(article.text)
        self.text.setAccessibleName(f"Source text: {article.title}")
        self.text.setFrameShape(QPlainTextEdit.NoFrame)
        self.text.document().setDocumentMargin(10)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.text.setFont(font)
        self.text.clickedAt.connect(self._on_click)
        self.text.menuAt.connect(
            lambda menu, position: self.menuRequested.emit(self, menu, self._map.to_py(position)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.text)
        self._base = self._base_selections()
        self._apply()

    def date_line(self) -> str:
        a = self.article
        when = format_day(a.published) if a.published else "date unknown"
        return f"{a.source} · published {when} ({a.published_basis})"

    def date_evidence(self) -> str:
        a = self.article
        return (f"Publication date: {format_day(a.published) if a.published else 'unknown'}\n"
                f"Basis: {a.published_basis}\n"
                f"Evidence: {a.published_evidence or 'none recorded'}")

    # formatting -------------------------------------------------------------
    def _selection(self, start: int, end: int, fmt: QTextCharFormat, kind: str):
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.KeepAnchor)
        sel.cursor = cursor
        fmt.setProperty(KIND, kind)
        sel.format = fmt
        return sel

    def _base_selections(self) -> list:
        sels = []
        grey = self.palette().color(QPalette.Disabled, QPalette.Text)
        for start, end in self.article.boilerplate:
            fmt = QTextCharFormat()
            fmt.setForeground(grey)
            sels.append(self._selection(start, end, fmt, KIND_BOILERPLATE))
        seen = set()
        for _, m in self.shown_mentions():
            key = (m.sentence.start, m.sentence.end)
            if key in seen:
                continue
            seen.add(key)
            fmt = QTextCharFormat()
            fmt.setBackground(translucent(EVENT_SENTENCE, 40))
            fmt.setUnderlineStyle(QTextCharFormat.DotLine)
            fmt.setUnderlineColor(translucent(EVENT_SENTENCE, 220))
            sels.append(self._selection(m.sentence.start, m.sentence.end, fmt, KIND_SENTENCE))
        self._timex = []
        explained = {(m.timex.start, m.timex.end): m for _, m in self.mentions
                     if m.anchor is not None and m.anchor.explanation}
        for t in self.expressions:
            kind = certainty_of(t.value, t.relative, t.resolved)
            fmt = QTextCharFormat()
            fmt.setBackground(translucent(DATE_TINT, 45))
            fmt.setUnderlineStyle(certainty_style(kind))
            fmt.setUnderlineColor(QColor(DATE_INK))
            lines = [f"{t.text} → {t.value or '?'} ({CERTAINTY_TEXT[kind]})"]
            mention = explained.get((t.start, t.end))
            if mention is not None:
                lines.append(f"How it was dated: {mention.anchor.explanation}")
            fmt.setToolTip(tip(*lines))
            self._timex.append(self._selection(t.start, t.end, fmt, KIND_TIMEX))
        return sels

    def _apply(self) -> None:
        self.text.setExtraSelections(self._base + self._selected + self._entities
                                     + self._timex)

    def set_mentions(self, mentions, events_at: Callable[[int], list]) -> None:
        """New event mentions after an edit: the text and the pane stay, highlights change."""
        self.mentions = list(mentions)
        self._events_at = events_at
        self._base = self._base_selections()
        self._selected = []
        self._apply()

    def shown_mentions(self) -> list:
        """(event id, mention) pairs of the events the views show."""
        if self._shown is None:
            return self.mentions
        return [(eid, m) for eid, m in self.mentions if eid in self._shown]

    def set_shown(self, event_ids) -> None:
        """Mark only these events' sentences (None: every event's)."""
        shown = None if event_ids is None else frozenset(event_ids)
        if shown != self._shown:
            self._shown = shown
            self._base = self._base_selections()
            self._apply()

    def set_entity_spans(self, spans, names: dict[str, str] | None = None) -> None:
        """Mark the names at ``spans`` [(start, end, entity id)]: bold, tinted, with the
        entity's name as tooltip (plain text formats only; the text itself is untouched)."""
        names = names or {}
        spans = [tuple(span) for span in spans]
        if spans == self._entity_spans and not any(names.get(i) != self._entity_names.get(i)
                                                    for _, _, i in spans):
            return  # unchanged: a filter typed letter by letter re-marks nothing
        self._entity_spans, self._entity_names = spans, dict(names)
        marks = []
        for start, end, entity_id in spans:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(ENTITY_INK))
            fmt.setBackground(translucent(ENTITY_TINT, 60))
            fmt.setFontWeight(QFont.Bold)
            fmt.setToolTip(tip(f"Entity: {names.get(entity_id, entity_id)}"))
            marks.append(self._selection(start, end, fmt, KIND_ENTITY))
        self._entities = marks
        self._apply()

    def entity_text(self) -> list[str]:
        """The text under the entity marks, in order."""
        return [s.cursor.selectedText() for s in self.text.extraSelections()
                if s.format.property(KIND) == KIND_ENTITY]

    # selection --------------------------------------------------------------
    def mentions_of(self, event_id: str) -> list:
        return [m for eid, m in self.mentions if eid == event_id]

    def show_event(self, event_id: str) -> bool:
        """Highlight and scroll to the sentences supporting ``event_id``; False if none here."""
        found = self.mentions_of(event_id)
        self._selected = []
        for m in found:
            fmt = QTextCharFormat()
            fmt.setBackground(translucent(EVENT_SENTENCE, 150))
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(translucent("#b8860b", 255))
            self._selected.append(self._selection(m.sentence.start, m.sentence.end, fmt,
                                                  KIND_SELECTED))
        self._apply()
        if found:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.to_qt(found[0].sentence.start))
            self.text.setTextCursor(cursor)
            self.text.centerCursor()
        return bool(found)

    def selected_text(self) -> list[str]:
        """The text under the current event's highlight (what the researcher sees marked)."""
        return [s.cursor.selectedText() for s in self.text.extraSelections()
                if s.format.property(KIND) == KIND_SELECTED]

    def position_of(self, offset: int) -> int:
        return self._map.to_qt(offset)

    def selected_span(self) -> tuple[int, int] | None:
        """The researcher's text selection as string offsets, or None."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.to_py(cursor.selectionStart()), self._map.to_py(cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select ``article.text[start:end]`` and scroll it into the middle of the view."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def mention_at(self, offset: int):
        """(event id, mention) whose date is at ``offset``, else whose sentence holds it."""
        shown = self.shown_mentions()
        for eid, m in shown:
            if m.timex.start <= offset <= m.timex.end and m.timex.end > m.timex.start:
                return eid, m
        for eid, m in shown:
            if m.sentence.start <= offset < m.sentence.end:
                return eid, m
        return None

    def _on_click(self, position: int) -> None:
        offset = self._map.to_py(position)
        for eid, m in self.shown_mentions():
            if m.timex.start <= offset <= m.timex.end:
                self.eventClicked.emit(eid)
                return
        events = [e for e in self._events_at(offset)
                  if self._shown is None or e.id in self._shown]
        if events:
            self.eventClicked.emit(events[0].id)


class CertaintyLegend(QWidget):
    """What the highlight colours in the source panes mean."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(4)
        layout.addWidget(QLabel("Dates:"))
        for _, text, style in CERTAINTY:
            layout.addWidget(_underline_swatch(style))
            layout.addWidget(QLabel(text))
            layout.addSpacing(4)
        layout.addWidget(_swatch(EVENT_SENTENCE))
        layout.addWidget(QLabel("event"))
        grey = QLabel("grey: page furniture")
        grey.setEnabled(False)
        layout.addWidget(grey)
        layout.addStretch(1)
        self.setAccessibleName("Highlight colour legend")


def _swatch(colour: str) -> QLabel:
    pix = QPixmap(18, 12)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.fillRect(0, 0, 18, 10, translucent(colour, 90))
    p.fillRect(0, 10, 18, 2, QColor(colour))
    p.end()
    label = QLabel()
    label.setPixmap(pix)
    return label


def _underline_swatch(style) -> QLabel:
    """A short grey tint with the underline style of one certainty class, as drawn in text."""
    pix = QPixmap(22, 14)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.fillRect(0, 0, 22, 11, translucent(DATE_TINT, 60))
    pen = QPen(QColor(DATE_INK), 1.4)
    pen.setStyle({QTextCharFormat.DashUnderline: Qt.DashLine,
                  QTextCharFormat.DotLine: Qt.DotLine}.get(style, Qt.SolidLine))
    p.setPen(pen)
    if style == QTextCharFormat.WaveUnderline:
        path = QPainterPath()
        path.moveTo(0, 12)
        for x in range(0, 22, 4):
            path.quadTo(x + 1, 10, x + 2, 12)
            path.quadTo(x + 3, 14, x + 4, 12)
        p.drawPath(path)
    else:
        p.drawLine(0, 12, 22, 12)
    p.end()
    label = QLabel()
    label.setPixmap(pix)
    return label
