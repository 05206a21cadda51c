"""The one current event, shared by the timeline, the table and the source panes."""
from __future__ import annotations

from .qt import QObject, Signal


class Selection(QObject):
    """Holds the selected event id; every view listens to ``eventSelected``."""

    eventSelected = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.event_id = ""

    def select(self, event_id: str) -> None:
        if event_id != self.event_id:
            self.event_id = event_id
            self.eventSelected.emit(event_id)

    def clear(self) -> None:
        self.select("")
