"""The inspector: everything about the selected event, so its date can be checked in seconds.

Label, interval and granularity; each mention with its outlet, sentence and how its date
was found (the anchor's explanation, with a link to the expression it counts from);
claims side by side where sources disagree; entities; note and category; the edit
buttons. Everything from the articles is shown as plain text.
"""
from __future__ import annotations

from model.types import Event

from .dates import format_interval
from .qt import (QAction, QFont, QFrame, QGridLayout, QSizePolicy, QTextBlockFormat,
                 QTextBrowser, QTextCharFormat, QTextCursor, QTextTableFormat, QToolButton,
                 QVBoxLayout, QWidget, Signal)

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
    """Shows one event; ``showText`` asks the window to open an article at a span.

    The text is built with QTextCursor.insertText (never parsed as HTML), so whatever an
    article says is shown as written; "Show" links are anchors set on the char format.
    """

    showText = Signal(str, int, int)

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event inspector")
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setFrameShape(QFrame.NoFrame)
        self.body.setAccessibleName("About the selected event")
        self.body.anchorClicked.connect(lambda url: self.open_link(url.toString()))
        buttons = QGridLayout()
        buttons.setContentsMargins(6, 2, 6, 4)
        buttons.setSpacing(2)
        self.buttons = []
        self._button_row = buttons
        self.set_actions(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.event: Event | None = None
        self.texts: list[str] = []
        self.links: list[str] = []
        self.show_event(None, {})

    def set_actions(self, actions: list[QAction]) -> None:
        """The edit buttons: the window's own actions (enabled as the selection allows)."""
        for action in actions:
            button = QToolButton()
            button.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            button.setText(SHORT.get(action.text(), action.text().replace("&", "")))
            button.setToolTip(action.toolTip())
            button.setAccessibleName(action.text().replace("&", "").replace("…", ""))
            button.setEnabled(action.isEnabled())
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            n = len(self.buttons)
            self._button_row.addWidget(button, n // 3, n % 3)
            self.buttons.append(button)

    def open_link(self, href: str) -> None:
        """A "Show" link: ``show:<start>:<end>:<article id>``."""
        kind, start, end, article_id = href.split(":", 3)
        if kind == "show":
            self.showText.emit(article_id, int(start), int(end))

    # content ------------------------------------------------------------------
    def _write(self, text: str, bold: bool = False, muted: bool = False, indent: int = 0,
               italic: bool = False) -> None:
        block = QTextBlockFormat()
        block.setLeftMargin(indent)
        block.setBottomMargin(2)
        if self._cursor.position() > 0:
            self._cursor.insertBlock(block)
        else:
            self._cursor.setBlockFormat(block)
        self._cursor.insertText(text, self._format(bold, muted, italic))
        self.texts.append(text)

    def _format(self, bold=False, muted=False, italic=False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Bold if bold else QFont.Normal)
        fmt.setFontItalic(italic)
        if muted:
            fmt.setForeground(self.palette().placeholderText())
        return fmt

    def _link(self, text: str, href: str) -> None:
        fmt = self._format()
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
        fmt.setForeground(self.palette().link())
        fmt.setFontUnderline(True)
        self._cursor.insertText("  ", self._format())
        self._cursor.insertText(text, fmt)
        self.links.append(href)

    def _heading(self, text: str) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(8)
        self._cursor.insertBlock(block)
        self._cursor.insertText(text, self._format(bold=True))
        self.texts.append(text)

    def show_event(self, event: Event | None, articles: dict) -> None:
        """``articles``: article id -> Article, for outlets, titles and dates."""
        self.event = event
        self.texts, self.links = [], []
        self.body.clear()
        self._cursor = QTextCursor(self.body.document())
        if event is None:
            self._write("Select an event in the timeline or the table to see how its date "
                        "was found and which sources tell it.", muted=True)
            return
        interval = event.interval
        self._write(event.label, bold=True)
        self._write(f"{format_interval(interval.start, interval.end, interval.granularity, interval.approximate)}"
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
        self._write(" · ".join(extra), muted=True)
        self._write(f"Category: {event.category or '(none)'}")
        self._write(f"Note: {event.note or '(none)'}")
        if event.flags:
            self._write("⚠ " + "; ".join(event.flags))
        self._mentions(event, articles)
        if event.claims:
            self._claims(event, articles)
        if event.entities:
            self._heading("Entities")
            self._write(", ".join(f"{e.name} ({e.type})" for e in event.entities))
        self.body.moveCursor(QTextCursor.Start)

    def _mentions(self, event: Event, articles: dict) -> None:
        n_articles = len({m.article_id for m in event.mentions})
        self._heading(f"Sources ({n_articles} article{'s' * (n_articles != 1)}, "
                      f"{len(event.mentions)} mention{'s' * (len(event.mentions) != 1)})")
        for m in event.mentions[:MAX_MENTIONS]:
            article = articles.get(m.article_id)
            outlet = article.source if article is not None else m.article_id
            title = article.title if article is not None else ""
            self._write(f"{outlet} — {title}" if title else outlet, bold=True)
            self._write(f"“{' '.join(m.sentence.text.split())}”", indent=10, italic=True)
            self._write(self._how_dated(m), indent=10)
            start, end = (m.timex.start, m.timex.end) if m.timex.end > m.timex.start \
                else (m.sentence.start, m.sentence.end)
            self._link("Show", f"show:{start}:{end}:{m.article_id}")
        if len(event.mentions) > MAX_MENTIONS:
            self._write(f"… and {len(event.mentions) - MAX_MENTIONS} more mentions", muted=True)

    @staticmethod
    def _how_dated(m) -> str:
        anchor = m.anchor
        said = f"Date: “{m.timex.text}” → {m.value}" if m.timex.text else f"Date: {m.value}"
        if anchor is None:
            return said + (" (derived)" if m.derived else "")
        if anchor.explanation:  # the model's own line says how, in words
            return f"{said} — {anchor.explanation}"
        kind = ANCHOR_WORDS.get(anchor.kind, anchor.kind)
        return f"{said} — {kind}" + (f": from “{anchor.text}”" if anchor.text else "")

    def _claims(self, event: Event, articles: dict) -> None:
        self._heading("Sources disagree")
        table_format = QTextTableFormat()
        table_format.setCellPadding(3)
        table_format.setBorder(0.5)
        table = self._cursor.insertTable(len(event.claims) + 1, 3, table_format)
        for column, name in enumerate(("Claim", "Source", "In the text")):
            table.cellAt(0, column).firstCursorPosition().insertText(name, self._format(True))
        for row, claim in enumerate(event.claims, 1):
            article = articles.get(claim.article_id)
            cells = (f"{claim.kind}: {claim.value}",
                     article.source if article is not None else claim.article_id,
                     " ".join(claim.sentence.split()))
            for column, text in enumerate(cells):
                table.cellAt(row, column).firstCursorPosition().insertText(text, self._format())
                self.texts.append(text)
        self._cursor.movePosition(QTextCursor.End)


def _by_context(event: Event) -> bool:
    anchors = [m.anchor for m in event.mentions]
    return bool(anchors) and all(a is not None and a.kind in ("narrative", "publication")
                                 for a in anchors)


