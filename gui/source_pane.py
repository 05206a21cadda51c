"""One article's original text, with its time expressions and event sentences marked.

Formatting uses ExtraSelections over a read-only QPlainTextEdit, so the text the
researcher reads is exactly the file's text (boilerplate greyed, never removed).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .colours import CERTAINTY, EVENT_SENTENCE, certainty_colour, certainty_of, translucent
from .dates import format_day
from .qt import (QColor, QFont, QLabel, QPainter, QPixmap, QPalette, QPlainTextEdit, QTextCharFormat, QTextCursor,
                 QTextEdit, QTextFormat, QVBoxLayout, QWidget, Qt, Signal, QHBoxLayout)

KIND = QTextFormat.UserProperty
CERTAINTY_TEXT = {key: text for key, text, _ in CERTAINTY}
KIND_BOILERPLATE, KIND_SENTENCE, KIND_SELECTED, KIND_TIMEX = (
    "boilerplate", "sentence", "selected", "timex")


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

    def __init__(self, article, expressions, mentions, events_at: Callable[[int], list],
                 colour, parent: QWidget | None = None):
        super().__init__(parent)
        self.article = article
        self.expressions = list(expressions)
        self.mentions = list(mentions)  # (event id, EventMention) pairs of this article
        self._events_at = events_at
        self._map = OffsetMap(article.text)
        self._selected: list[QTextEdit.ExtraSelection] = []
        self.header = QLabel()
        self.header.setTextFormat(Qt.RichText)
        self.header.setWordWrap(True)
        self.header.setContentsMargins(6, 4, 6, 2)
        swatch = colour.name()
        when = format_day(article.published) if article.published else "date unknown"
        self.header.setText(
            f"<span style='color:{swatch}'>■</span> <b>{_esc(article.title)}</b><br>"
            f"<span style='color:{self.palette().placeholderText().color().name()}'>"
            f"{_esc(article.source)} · "
            f"{when} ({_esc(article.published_basis)})</span>")
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
        for _, m in self.mentions:
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
        for t in self.expressions:
            kind = certainty_of(t.value, t.relative, t.resolved)
            fmt = QTextCharFormat()
            fmt.setBackground(translucent(certainty_colour(kind), 70))
            fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
            fmt.setUnderlineColor(translucent(certainty_colour(kind), 230))
            fmt.setToolTip(f"{t.text} → {t.value or '?'} ({CERTAINTY_TEXT[kind]})")
            self._timex.append(self._selection(t.start, t.end, fmt, KIND_TIMEX))
        return sels

    def _apply(self) -> None:
        self.text.setExtraSelections(self._base + self._selected + self._timex)

    def set_mentions(self, mentions, events_at: Callable[[int], list]) -> None:
        """New event mentions after an edit: the text and the pane stay, highlights change."""
        self.mentions = list(mentions)
        self._events_at = events_at
        self._base = self._base_selections()
        self._selected = []
        self._apply()

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
        for eid, m in self.mentions:
            if m.timex.start <= offset <= m.timex.end and m.timex.end > m.timex.start:
                return eid, m
        for eid, m in self.mentions:
            if m.sentence.start <= offset < m.sentence.end:
                return eid, m
        return None

    def _on_click(self, position: int) -> None:
        offset = self._map.to_py(position)
        for eid, m in self.mentions:
            if m.timex.start <= offset <= m.timex.end:
                self.eventClicked.emit(eid)
                return
        events = self._events_at(offset)
        if events:
            self.eventClicked.emit(events[0].id)


class CertaintyLegend(QWidget):
    """What the highlight colours in the source panes mean."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(12)
        items = [(colour, text) for _, text, colour in CERTAINTY]
        items.append((EVENT_SENTENCE, "event sentence"))
        for colour, text in items:
            layout.addWidget(_swatch(colour))
            label = QLabel(text)
            layout.addWidget(label)
            layout.addSpacing(6)
        grey = QLabel("grey text: page furniture")
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


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
