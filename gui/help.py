"""The Help menu: keyboard shortcuts and a short guide, both from the window's own actions."""
from __future__ import annotations

from .plain import tip
from .qt import QDialog, QDialogButtonBox, QLabel, QTextEdit, QVBoxLayout

GUIDE = """Timeline Explorer — a short guide

1. Open articles (File ▸ Open files or Open folder). Every date in them is found and each
   event is placed on the timeline; events told by several articles are merged.
2. The timeline opens on the news: the weeks around the articles' publication dates. The
   strip under it shows the whole chronology; click or drag there to move. F fits all.
3. Click an event (timeline or table): the Inspector shows its date, how each source's date
   was found, where the sources disagree, and buttons to accept, reject, rename, redate,
   categorise or annotate it. The source panes scroll to the supporting sentences; tabs of
   the articles that tell the event are marked with ●.
4. A number on the timeline stands for events too close to label: click it to zoom to them.
5. Filter by words, by outlet (the Outlets button: search, tick, All / None) and by dates:
   type dates as 3 Jan 2014, 2014-01-03, Jan 2014, 2014, 1066 or 44 BC.
6. An article's publication date anchors its relative dates ("Thursday"). Check its basis
   in the article list or the pane header, and double-click the date (or Set date…) to
   type the right one.
7. Every edit can be undone (Ctrl+Z). Save the project (Ctrl+S); export the timeline as an
   image (Ctrl+E) or the chronology as CSV, JSON, TimelineJS or TimeML (Ctrl+Shift+E).
8. View ▸ Entities (Ctrl+Shift+Y) lists the people, organisations and places named. Choose
   one or more (Ctrl+click) to see only their events; their names are marked in the text.
   View ▸ Lanes per entity (Ctrl+Shift+L) gives each chosen entity a lane of its own.

Marks: see the legend under the timeline (hover an entry for details). In the text, dates
are underlined: solid = exact day, dashed = month or year, dotted = resolved from a relative
expression, wavy = unresolved. Hover a date to see how it was found.
"""

EXTRA_KEYS = [("Wheel / pinch", "Zoom the timeline around the pointer"),
              ("Drag", "Pan the timeline"),
              ("Left / Right", "Previous / next event"),
              ("Ctrl+click, Shift+click", "Add an event to the selection (merge two)"),
              ("Double-click an article date", "Type its publication date")]


class HelpMixin:
    """Help menu of the main window."""

    def _build_help_menu(self, bar) -> None:
        menu = bar.addMenu("&Help")
        self.shortcuts_action = menu.addAction("&Keyboard shortcuts")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.guide_action = menu.addAction("Short &guide")
        self.guide_action.setShortcut("F1")
        self.guide_action.triggered.connect(self.show_guide)

    def shortcut_lines(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every action with a shortcut, then mouse gestures."""
        rows = []
        for action in self.actions():
            keys = ", ".join(k.toString() for k in action.shortcuts() if not k.isEmpty())
            if keys:
                rows.append((keys, action.text().replace("&", "").replace("…", "")))
        return sorted(set(rows), key=lambda r: r[1].lower()) + EXTRA_KEYS

    def show_shortcuts(self) -> None:
        text = "\n".join(f"{keys:<28} {what}" for keys, what in self.shortcut_lines())
        self._help_dialog("Keyboard shortcuts", text)

    def show_guide(self) -> None:
        self._help_dialog("Timeline Explorer guide", GUIDE)

    def _help_dialog(self, title: str, text: str) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        view = QTextEdit()
        view.setReadOnly(True)
        view.setPlainText(text)
        view.setLineWrapMode(QTextEdit.NoWrap)
        font = view.font()
        font.setFamily("monospace")
        view.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(640, 480)
        self.help_dialog = dialog
        dialog.show()
