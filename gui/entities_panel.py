"""The entities of the chronology (people, organisations, places...): name, type and how
many events they take part in, searchable and sortable; choosing one shows only its events
in the timeline, the table and the panes."""
from __future__ import annotations

from collections import Counter

from .plain import tip
from .qt import (QAbstractItemView, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, Qt,
                 QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, Signal)

ENTITY_ROLE = Qt.UserRole + 20


class _Count(QTableWidgetItem):
    """Sorts by number, not by text."""

    def __lt__(self, other) -> bool:
        return int(self.text()) < int(other.text())


class EntitiesPanel(QWidget):
    """``entityChosen(id)``: show only that entity's events ("" shows every event)."""

    entityChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a person, organisation or place…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find an entity")
        self.search.textChanged.connect(self._search)
        self.show_all = QPushButton("All events")
        self.show_all.setToolTip("Stop filtering by entity")
        self.show_all.clicked.connect(self.clear_choice)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Type", "Events"])
        self.table.setAccessibleName("Entities")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.chosen = ""

    def set_events(self, events) -> None:
        """Every entity of ``events`` with the number of events it takes part in."""
        counts: Counter = Counter()
        info: dict[str, tuple[str, str]] = {}
        for e in events:
            for ref in dict((r.id, r) for r in getattr(e, "entities", []) or []).values():
                counts[ref.id] += 1
                info.setdefault(ref.id, (ref.name, ref.type))
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(counts))
        for row, (eid, n) in enumerate(counts.most_common()):
            name, kind = info[eid]
            cells = [QTableWidgetItem(name), QTableWidgetItem(kind), _Count(str(n))]
            for column, cell in enumerate(cells):
                cell.setData(ENTITY_ROLE, eid)
                cell.setToolTip(tip(f"{name} ({kind}): {n} event{'s' * (n != 1)}"))
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        self.table.sortItems(2, Qt.DescendingOrder)
        self.table.blockSignals(False)
        if self.chosen and self.chosen not in counts:
            self.clear_choice()
        self._search(self.search.text())

    def _search(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text().lower()
            self.table.setRowHidden(row, not all(w in name for w in words))

    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        chosen = self.table.item(rows[0].row(), 0).data(ENTITY_ROLE) if rows else ""
        if chosen != self.chosen:
            self.chosen = chosen
            self.entityChosen.emit(chosen)

    def choose(self, entity_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(ENTITY_ROLE) == entity_id:
                self.table.selectRow(row)
                return

    def clear_choice(self) -> None:
        self.table.clearSelection()
        if self.chosen:
            self.chosen = ""
            self.entityChosen.emit("")
