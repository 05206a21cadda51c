"""The inspector: everything about the selected event, so its date can be checked in seconds.

Label, interval and granularity; each mention with its outlet, sentence and how its date
was found (the anchor's explanation, with a link to the expression it counts from);
claims side by side where sources disagree; entities; note and category; the edit
buttons. Everything from the articles is shown as plain text.
"""
from __future__ import annotations

from model.types import Event

from .dates import format_interval
from .plain import plain_label
from .qt import (QAction, QFont, QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, Qt,
                 QToolButton, QVBoxLayout, QWidget, Signal)

#: Mentions listed one by one; the rest are counted.
MAX_MENTIONS = 40
#: The edit buttons' short names (the menus keep the long ones).
SHORT = {"&Accept event": "Accept", "&Reject event": "Reject", "Re&name…": "Rename…",
         "Change &date…": "Date…", "&Category…": "Category…", "&Note…": "Note…"}
ANCHOR_WORDS = {"explicit": "stated in the text", "narrative": "dated by the story",
                "publication": "dated by the publication date",
                "relative": "counted from another date", "duration": "counted from a duration",
                "derived": "derived from another event"}


class Inspector(QWidget):
    """Shows one event; ``showText`` asks the window to open an article at a span."""

    showText = Signal(str, int, int)

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event inspector")
        self.body = QWidget()
        self.lines = QVBoxLayout(self.body)
        self.lines.setContentsMargins(8, 6, 8, 6)
        self.lines.setSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.body)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 2, 6, 4)
        buttons.setSpacing(2)
        self.buttons = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonTextOnly)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        self._button_row = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.event: Event | None = None
        self.texts: list[str] = []
        self.show_event(None, {})

    def set_actions(self, actions: list[QAction]) -> None:
        """The edit buttons: the window's own actions (enabled as the selection allows)."""
        for action in actions:
            button = QToolButton()
            button.setText(SHORT.get(action.text(), action.text().replace("&", "")))
            button.setToolTip(action.toolTip())
            button.setAccessibleName(action.text().replace("&", "").replace("…", ""))
            button.setEnabled(action.isEnabled())
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            self._button_row.insertWidget(self._button_row.count() - 1, button)
            self.buttons.append(button)

    # content ------------------------------------------------------------------
    def _clear(self) -> None:
        self.texts = []
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
            elif item.layout() is not None:
                _delete_layout(item.layout())

    def _text(self, text: str, bold: bool = False, muted: bool = False, indent: int = 0,
              layout=None) -> QLabel:
        label = plain_label(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        if muted:
            label.setEnabled(False)
        label.setContentsMargins(indent, 0, 0, 0)
        (layout or self.lines).addWidget(label)
        self.texts.append(text)
        return label

    def _heading(self, text: str) -> None:
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        line.setFrameShadow(QFrame.Sunken)
        self.lines.addWidget(line)
        self._text(text, bold=True)

    def show_event(self, event: Event | None, articles: dict) -> None:
        """``articles``: article id -> Article, for outlets, titles and dates."""
        self.event = event
        self._clear()
        if event is None:
            self._text("Select an event in the timeline or the table to see how its date "
                       "was found and which sources tell it.", muted=True)
            self.lines.addStretch(1)
            return
        interval = event.interval
        self._text(event.label, bold=True)
        self._text(f"{format_interval(interval.start, interval.end, interval.granularity, interval.approximate)}"
                   f"  ·  precision: {interval.granularity}"
                   + ("  ·  approximate" if interval.approximate else ""))
        state = {"proposed": "proposed by extraction", "accepted": "accepted by you",
                 "rejected": "rejected by you"}.get(event.status, event.status)
        extra = [state]
        if event.manual:
            extra.append("added by you")
        if event.derived:
            extra.append("date derived from a relative expression")
        if _by_context(event):
            extra.append("dated by context")
        self._text(" · ".join(extra), muted=True)
        self._text(f"Category: {event.category or '(none)'}")
        self._text(f"Note: {event.note or '(none)'}")
        if event.flags:
            self._text("⚠ " + "; ".join(event.flags))
        self._mentions(event, articles)
        if event.claims:
            self._claims(event, articles)
        if event.entities:
            self._heading("Entities")
            self._text(", ".join(f"{e.name} ({e.type})" for e in event.entities))
        self.lines.addStretch(1)

    def _mentions(self, event: Event, articles: dict) -> None:
        outlets = {m.article_id for m in event.mentions}
        self._heading(f"Sources ({len(outlets)} article{'s' * (len(outlets) != 1)}, "
                      f"{len(event.mentions)} mention{'s' * (len(event.mentions) != 1)})")
        for m in event.mentions[:MAX_MENTIONS]:
            article = articles.get(m.article_id)
            outlet = article.source if article is not None else m.article_id
            title = article.title if article is not None else ""
            self._text(f"{outlet} — {title}" if title else outlet, bold=True)
            self._text(f"“{' '.join(m.sentence.text.split())}”", indent=8)
            how = self._how_dated(m)
            row = QHBoxLayout()
            row.setContentsMargins(8, 0, 0, 4)
            self._text(how, muted=False, layout=row).setIndent(0)
            link = QToolButton()
            link.setText("Show")
            link.setAutoRaise(True)
            link.setToolTip("Show this date in its article")
            link.setAccessibleName(f"Show the date in {outlet}")
            start, end = (m.timex.start, m.timex.end) if m.timex.end > m.timex.start \
                else (m.sentence.start, m.sentence.end)
            link.clicked.connect(lambda _=False, a=m.article_id, s=start, e=end:
                                 self.showText.emit(a, s, e))
            row.addWidget(link, 0, Qt.AlignTop)
            self.lines.addLayout(row)
        if len(event.mentions) > MAX_MENTIONS:
            self._text(f"… and {len(event.mentions) - MAX_MENTIONS} more mentions", muted=True)

    @staticmethod
    def _how_dated(m) -> str:
        anchor = m.anchor
        said = f"Date: “{m.timex.text}” → {m.value}" if m.timex.text else f"Date: {m.value}"
        if anchor is None:
            return said + (" (derived)" if m.derived else "")
        kind = ANCHOR_WORDS.get(anchor.kind, anchor.kind)
        explanation = anchor.explanation or (f"from “{anchor.text}”" if anchor.text else "")
        return f"{said} — {kind}" + (f": {explanation}" if explanation else "")

    def _claims(self, event: Event, articles: dict) -> None:
        self._heading("Sources disagree")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        for column, name in enumerate(("Claim", "Source", "In the text")):
            header = plain_label(name)
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        for row, claim in enumerate(event.claims, 1):
            article = articles.get(claim.article_id)
            cells = (f"{claim.kind}: {claim.value}",
                     article.source if article is not None else claim.article_id,
                     " ".join(claim.sentence.split()))
            for column, text in enumerate(cells):
                label = plain_label(text)
                label.setWordWrap(column == 2)
                label.setTextInteractionFlags(Qt.TextSelectableByMouse)
                label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
                grid.addWidget(label, row, column)
                self.texts.append(text)
        grid.setColumnStretch(2, 1)
        self.lines.addLayout(grid)


def _by_context(event: Event) -> bool:
    anchors = [m.anchor for m in event.mentions]
    return bool(anchors) and all(a is not None and a.kind in ("narrative", "publication")
                                 for a in anchors)


def _delete_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().setParent(None)
            item.widget().deleteLater()
        elif item.layout() is not None:
            _delete_layout(item.layout())
    layout.deleteLater()
