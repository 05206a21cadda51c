"""The entities of the chronology (people, organisations, places...): name, type and how
many events they take part in, searchable and sortable; choosing one or more (Ctrl+click)
shows only their events in the timeline, the table and the panes.

The choice itself lives in the Session's filters: the panel asks for it with
``entitiesChosen`` and shows it again with ``show_choice`` when the Session changes."""
from __future__ import annotations

from collections import Counter

from .plain import tip
from .qt import (QAbstractItemView, QHBoxLayout, QHeaderView, QItemSelectionModel, QLineEdit,
                 QPushButton, Qt, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, Signal)

ENTITY_ROLE = Qt.UserRole + 20


class _Count(QTableWidgetItem):
    """Sorts by number, not by text."""

    def __lt__(self, other) -> bool:
        return int(self.text()) < int(other.text())


class EntitiesPanel(QWidget):
    """``entitiesChosen(ids)``: show only these entities' events (none: every event)."""

    entitiesChosen = Signal(tuple)

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
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setToolTip("Ctrl+click to choose several entities")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._chosen)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        #: The ids chosen, in the order the researcher chose them.
        self.chosen: tuple[str, ...] = ()

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
        if any(eid not in counts for eid in self.chosen):
            self.choose(*(eid for eid in self.chosen if eid in counts))
        else:
            self.show_choice(self.chosen)
        self._search(self.search.text())

    def _search(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text().lower()
            self.table.setRowHidden(row, not all(w in name for w in words))

    def _row_ids(self) -> dict[str, int]:
        return {self.table.item(row, 0).data(ENTITY_ROLE): row
                for row in range(self.table.rowCount())}

    def _chosen(self) -> None:
        selected = {self.table.item(index.row(), 0).data(ENTITY_ROLE)
                    for index in self.table.selectionModel().selectedRows()}
        chosen = tuple(eid for eid in self.chosen if eid in selected)
        chosen += tuple(sorted(selected.difference(chosen), key=self._row_ids().get))
        if chosen != self.chosen:
            self.chosen = chosen
            self.entitiesChosen.emit(chosen)

    def show_choice(self, entity_ids) -> None:
        """Select the rows of ``entity_ids`` without asking for them again (the Session
        already holds this choice)."""
        rows = self._row_ids()
        chosen = tuple(eid for eid in entity_ids if eid in rows)
        self.table.blockSignals(True)
        self.table.clearSelection()
        model = self.table.selectionModel()
        for eid in chosen:
            index = self.table.model().index(rows[eid], 0)
            model.select(index, QItemSelectionModel.Select | QItemSelectionModel.Rows)
        self.table.blockSignals(False)
        self.table.viewport().update()
        self.chosen = chosen

    def choose(self, *entity_ids: str) -> None:
        """Choose exactly these entities (none: every event)."""
        self.show_choice(entity_ids)
        self.entitiesChosen.emit(self.chosen)

    def clear_choice(self) -> None:
        self.table.clearSelection()
        if self.chosen:
            self.chosen = ()
            self.entitiesChosen.emit(())
