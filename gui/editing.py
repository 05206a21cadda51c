"""The researcher's edits: each one a Decision (model.edits) wrapped in an undoable command.

The window's project does the work (``apply`` / ``undo_last``); this module only asks what
the researcher wants, builds the Decision and tells the views what changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from model.edits import Anchor, Decision, describe, interval_payload, mention_anchor
from model.timevalue import value_interval
from model.types import Interval

from .edit_dialogs import CategoryDialog, EventDialog
from .plain import tip
from .qt import (QAction, QDialog, QInputDialog, QKeySequence, QLineEdit, QMenu, Qt,
                 QUndoCommand)
from .tables import ID_ROLE

LABEL_MAX = 80


@dataclass
class Edit:
    """One entry of the undo stack: the decision and the event selected before and after."""

    decision: Decision
    before: str
    after: str | None


def command_text(decision: Decision) -> str:
    text = describe(decision)
    return text[:1].upper() + text[1:]


class EditingMixin:
    """Edit actions of the main window (mixed into MainWindow)."""

    # asking (tests replace these) ---------------------------------------------------------
    def ask_label(self, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Rename event", "Event:", QLineEdit.Normal,
                                        current)
        return text.strip() if ok and text.strip() else None

    def ask_interval(self, interval: Interval, label: str) -> Interval | None:
        dialog = EventDialog("Change date", interval, context=label, parent=self)
        return dialog.interval() if dialog.exec() == QDialog.Accepted else None

    def ask_category(self, current: str) -> str | None:
        dialog = CategoryDialog(current, self)
        return dialog.category() if dialog.exec() == QDialog.Accepted else None

    def ask_note(self, current: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, "Note", "Note on this event:", current)
        return text if ok else None

    def ask_new_event(self, label: str, interval: Interval,
                      context: str) -> tuple[str, Interval] | None:
        dialog = EventDialog("Create event", interval, label=label, context=context, parent=self)
        if dialog.exec() != QDialog.Accepted:
            return None
        return dialog.event_label(), dialog.interval()

    # the actions ------------------------------------------------------------------------------
    def _build_edit_actions(self) -> None:
        a = self._action
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        # The toolbar keeps short names; what would be undone is in the tooltip.
        self.undo_tool = QAction("Undo", self)
        self.undo_tool.triggered.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_tool.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.undo_tool.setToolTip(tip(f"Undo {text} (Ctrl+Z)")))
        self.redo_tool = QAction("Redo", self)
        self.redo_tool.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canRedoChanged.connect(self.redo_tool.setEnabled)
        self.undo_stack.redoTextChanged.connect(
            lambda text: self.redo_tool.setToolTip(tip(f"Redo {text} (Ctrl+Shift+Z)")))
        for action in (self.undo_tool, self.redo_tool):
            action.setEnabled(False)
        self.accept_action = a("&Accept event", self.accept_event, "Ctrl+Return",
                               "Keep this event in the chronology (also brings a rejected "
                               "one back)")
        self.reject_action = a("&Reject event", self.reject_event, "Delete",
                               "Leave this event out of the chronology (Delete)")
        self.rename_action = a("Re&name…", self.rename_event, "F2", "Change the event's label")
        self.redate_action = a("Change &date…", self.redate_event, "Ctrl+D",
                               "Change the event's dates, precision and approximation")
        self.category_action = a("&Category…", self.set_category, "Ctrl+K",
                                 "Give the event a category (and its colour)")
        self.note_action = a("&Note…", self.edit_note, "Ctrl+Shift+N",
                             "Write a note on the event")
        self.merge_action = a("&Merge selected events", self.merge_selected, "Ctrl+M",
                              "Merge the second selected event into the first")
        self.create_action = a("Create event from &selection…", self.create_event_from_selection,
                               "Ctrl+Shift+A", "A new event citing the text selected in an "
                               "article")
        self.event_actions = [self.accept_action, self.reject_action, self.rename_action,
                              self.redate_action, self.category_action, self.note_action]
        self.events_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_edit_actions())

    def _fill_edit_menu(self, menu: QMenu) -> None:
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        menu.addActions(self.event_actions)
        menu.addSeparator()
        menu.addActions([self.merge_action, self.create_action])

    def event_menu(self, parent=None) -> QMenu:
        """The context menu of an event (chronology table and timeline)."""
        self._update_edit_actions()
        menu = QMenu(parent or self)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.addActions(self.event_actions)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.addSeparator()
        menu.addActions([self.undo_action, self.redo_action])
        return menu

    def _update_edit_actions(self) -> None:
        event = self.current_event()
        for action in self.event_actions:
            action.setEnabled(event is not None)
        if event is not None:
            self.accept_action.setEnabled(event.status != "accepted")
            self.reject_action.setEnabled(event.status != "rejected")
        self.merge_action.setEnabled(len(self.selected_event_ids()) == 2)

    # which event --------------------------------------------------------------------------------
    def current_event(self):
        eid = self.selection.event_id
        if not eid or self.project is None or self.chronology is None:
            return None
        try:
            return self.chronology.event(eid)
        except KeyError:
            return None

    def selected_event_ids(self) -> list[str]:
        """The events selected in the chronology table, in the order they were selected."""
        rows = self.events_view.selectionModel().selectedRows() \
            if self.events_view.selectionModel() else []
        ids = [self.events_proxy.data(index, ID_ROLE) for index in rows]
        return list(dict.fromkeys(i for i in ids if i))

    # the undo stack ------------------------------------------------------------------------------
    # The QUndoStack holds plain commands (their text is the menu entry) and the window follows
    # its index: moving forward applies the next decisions, moving back takes them back. (Python
    # overrides of QUndoCommand.redo/undo corrupt None's reference count in PySide6 6.12.)
    def _init_undo(self) -> None:
        self.edits: list[Edit] = []
        self._applied = 0
        self._clearing = False
        self.undo_stack.indexChanged.connect(self._follow_undo_stack)

    def clear_undo(self) -> None:
        self._clearing = True
        try:
            self.undo_stack.clear()
        finally:
            self._clearing = False
        self.edits, self._applied = [], 0

    def push_decision(self, decision: Decision, after: str | None = None) -> None:
        """Apply ``decision`` as an undoable command; ``after``: the event to select then."""
        if self.project is None:
            return
        if self.is_busy():
            self.status_label.setText("Please wait until the current job finishes")
            return
        del self.edits[self.undo_stack.index():]
        self.edits.append(Edit(decision, self.selection.event_id, after))
        self.undo_stack.push(QUndoCommand(command_text(decision)))

    def _follow_undo_stack(self, index: int) -> None:
        if self._clearing or self.project is None:
            return
        session = self.session
        if session.project is not self.project:
            session.set_project(self.project)
        while self._applied < index:
            edit = self.edits[self._applied]
            if session.next_decision is edit.decision:
                change = session.redo()
            else:
                change = session.apply(edit.decision, edit.after)
            self._applied += 1
            self._edited(change, edit.after, edit.decision.kind in ("split", "add"))
        while self._applied > index:
            self._applied -= 1
            change = session.undo()
            self._edited(change, self.edits[self._applied].before, False)
        self._update_title()

    def _decide(self, kind: str, event, **payload) -> None:
        self.push_decision(Decision(kind, self.project.anchors(event.id), payload=payload),
                           event.id)

    def accept_event(self) -> None:
        event = self.current_event()
        if event is not None:
            self._decide("accept", event)

    def reject_event(self) -> None:
        event = self.current_event()
        if event is not None and event.status != "rejected":
            self._decide("reject", event)

    def _ask_and_decide(self, kind: str, field: str, ask) -> None:
        """Ask for a new value of the current event's ``field``; a changed one is a decision."""
        event = self.current_event()
        if event is None:
            return
        value = ask(getattr(event, field))
        if value is not None and value != getattr(event, field):
            self._decide(kind, event, **{field: value})

    def rename_event(self) -> None:
        self._ask_and_decide("rename", "label", self.ask_label)

    def redate_event(self) -> None:
        event = self.current_event()
        if event is None:
            return
        interval = self.ask_interval(event.interval, event.label)
        if interval is not None and interval != event.interval:
            self._decide("redate", event, **interval_payload(interval))

    def set_category(self) -> None:
        self._ask_and_decide("category", "category", self.ask_category)

    def edit_note(self) -> None:
        self._ask_and_decide("note", "note", self.ask_note)

    def merge_selected(self) -> None:
        """Merge the second selected event into the first (the first one stays)."""
        ids = self.selected_event_ids()
        if self.project is None or len(ids) != 2:
            return
        first, second = ids
        self.push_decision(Decision("merge", self.project.anchors(first),
                                    self.project.anchors(second)), first)

    def split_mention(self, mention) -> None:
        """Make one mention of a merged event an event of its own."""
        hashes = {a.id: a.content_hash for a in self.project.articles}
        self.push_decision(Decision("split", (mention_anchor(mention, hashes),)))

    def set_publication_date(self, article_id: str, published: date | None) -> None:
        """The researcher corrected an article's date: an undoable decision."""
        if self.project is None:
            return
        article = self.project.article_by_id(article_id)
        self.push_decision(Decision(
            "publication", (Anchor(article.content_hash, 0, 0),),
            payload={"published": published.isoformat() if published else None}),
            self.selection.event_id)

    # from the source panes --------------------------------------------------------------------
    def pane_with_selection(self):
        panes = [self.tabs.currentWidget()] + list(self.panes.values())
        focus = self.focusWidget()
        panes = [p for p in self.panes.values() if focus is not None and focus is p.text] + panes
        return next((p for p in panes if p is not None and p.selected_span()), None)

    def create_event_from_selection(self, pane=None) -> None:
        pane = pane or self.pane_with_selection()
        span = pane.selected_span() if pane is not None else None
        if self.project is None or not span or span[0] == span[1]:
            self.status_label.setText("Select the passage in an article first")
            return
        start, end = span
        article = pane.article
        quoted = article.text[start:end]
        label = " ".join(quoted.split())
        if len(label) > LABEL_MAX:
            label = label[:LABEL_MAX].rsplit(" ", 1)[0] + "…"
        label = re.sub(r"^[^\w]+", "", label) or label
        answer = self.ask_new_event(label[:1].upper() + label[1:], self._date_in(pane, start, end),
                                    " ".join(quoted.split())[:300])
        if answer is None:
            return
        label, interval = answer
        self.push_decision(Decision("add", (Anchor(article.content_hash, start, end),),
                                    payload={"label": label, **interval_payload(interval)}))

    @staticmethod
    def _date_in(pane, start: int, end: int) -> Interval:
        """A date found in the selection, else the article's publication date, else today."""
        for t in pane.expressions:
            if t.start < end and start < t.end:
                interval = value_interval(t.value, t.mod) if t.type in ("DATE", "TIME") else None
                if interval is not None:
                    return interval
        day = pane.article.published or date.today()
        return Interval(day, day, "day")

    def pane_menu_actions(self, pane, offset: int, parent=None) -> list[QAction]:
        """What the source pane's context menu adds at ``offset``: split, create."""
        actions = []
        hit = pane.mention_at(offset)
        split = QAction("Split mention into its own event", parent or pane)
        split.setEnabled(False)
        if hit is not None and self.project is not None:
            eid, mention = hit
            try:
                n = len(self.chronology.event(eid).mentions)
            except KeyError:
                n = 0
            split.setEnabled(n > 1)
            split.triggered.connect(lambda _=False, m=mention: self.split_mention(m))
        actions.append(split)
        create = QAction("Create event from selection…", parent or pane)
        create.setEnabled(bool(pane.selected_span()) and self.project is not None)
        create.triggered.connect(lambda _=False, p=pane: self.create_event_from_selection(p))
        actions.append(create)
        return actions

    def _on_pane_menu(self, pane, menu: QMenu, offset: int) -> None:
        menu.addSeparator()
        menu.addActions(self.pane_menu_actions(pane, offset, menu))

    # context menus -----------------------------------------------------------------------------
    def _on_table_menu(self, pos) -> None:
        index = self.events_view.indexAt(pos)
        if index.isValid() and index.row() not in {i.row() for i in
                                                   self.events_view.selectionModel().selectedRows()}:
            self.events_view.selectRow(index.row())
        if self.current_event() is None:
            return
        self.event_menu(self.events_view).exec(self.events_view.viewport().mapToGlobal(pos))

    def _on_timeline_menu(self, event_id: str, global_pos) -> None:
        self.selection.select(event_id)
        self.event_menu(self.timeline).exec(global_pos)
