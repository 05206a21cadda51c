"""The selected events, shared by the timeline, the table, the inspector and the panes.

A Qt face on the Session's selection: ``select`` goes to the Session, and every change the
Session reports is re-emitted as ``eventSelected`` for the widgets listening.
"""
from __future__ import annotations

from model.session import Session

from .qt import QObject, Signal


class Selection(QObject):
    """``event_id`` is the event shown in the inspector (the one chosen last)."""

    eventSelected = Signal(str)

    def __init__(self, parent: QObject | None = None, session: Session | None = None):
        super().__init__(parent)
        self.session = session or Session()
        self._shown = self.session.selected_event
        self.session.subscribe(self._on_change)

    @property
    def event_id(self) -> str:
        return self.session.selected_event

    def select(self, event_id: str) -> None:
        self.session.select(event_id)

    def toggle(self, event_id: str) -> None:
        self.session.toggle(event_id)

    def clear(self) -> None:
        self.session.select("")

    def _on_change(self, change) -> None:
        if "selection" in change and self.session.selected_event != self._shown:
            self._shown = self.session.selected_event
            self.eventSelected.emit(self._shown)
