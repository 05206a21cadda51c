"""Qt table models that read the chronology in place (no copying into item models)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from .colours import FLAG, REJECTED, category_colour, source_colour
from .dates import format_interval
from .qt import (QAbstractTableModel, QColor, QDate, QFont, QModelIndex, QSortFilterProxyModel, Qt,
                 Signal)

SORT_ROLE = Qt.UserRole + 1
ID_ROLE = Qt.UserRole + 2


class _HeaderedTableModel(QAbstractTableModel):
    """Column count and horizontal headers from the subclass's HEADERS."""

    HEADERS: list[str] = []

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.HEADERS[section]
        return None


class EventsTableModel(_HeaderedTableModel):
    """The events DataFrame as rows: date, event, sources, flags."""

    HEADERS = ["Date", "Event", "Sources", "Flags"]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self._dates: list[str] = []

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self._dates = [format_interval(r.start, r.end, r.granularity, r.approximate)
                       for r in self.frame.itertuples()]
        n = len(self.frame)
        self._rejected = (self.frame["status"] == "rejected").tolist() \
            if "status" in self.frame else [False] * n
        categories = self.frame["category"].fillna("").astype(str).tolist() \
            if "category" in self.frame else [""] * n
        colours = {c: category_colour(c) for c in set(categories)}
        self._categories = [colours[c] for c in categories]
        self.endResetModel()

    def _get(self, row: int, column: str, default=""):
        return self.frame.at[row, column] if column in self.frame else default

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.frame)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == ID_ROLE:
            return self.frame.at[row, "id"]
        if role == Qt.DisplayRole:
            if col == 0:
                return self._dates[row]
            return str(self.frame.at[row, ("label", "sources", "flags")[col - 1]])
        if role == SORT_ROLE:
            if col == 0:
                return int(self.frame.at[row, "start"])
            if col == 2:
                return int(self.frame.at[row, "n_sources"])
            return str(self.frame.at[row, ("label", "sources", "flags")[col - 1]]).lower()
        if role == Qt.ToolTipRole:
            tip = str(self.frame.at[row, "label"])
            if self.frame.at[row, "derived"]:
                tip += "\nDate derived from a relative expression"
            if self.frame.at[row, "flags"]:
                tip += f"\nSources disagree: {self.frame.at[row, 'flags']}"
            if self._get(row, "category"):
                tip += f"\nCategory: {self._get(row, 'category')}"
            if self._get(row, "note"):
                tip += f"\nNote: {self._get(row, 'note')}"
            if self._rejected[row]:
                tip += "\nRejected (Edit ▸ Accept event brings it back)"
            return tip
        if role == Qt.ForegroundRole:
            if self._rejected[row]:
                return QColor(REJECTED)
            return QColor(FLAG) if col == 3 else None
        if role == Qt.DecorationRole and col == 1:
            return self._categories[row]
        if role == Qt.FontRole:
            italic = col == 0 and bool(self.frame.at[row, "approximate"]
                                       or self.frame.at[row, "derived"])
            if italic or self._rejected[row]:
                font = QFont()
                font.setItalic(italic)
                font.setStrikeOut(self._rejected[row])
                return font
        return None

    def row_of(self, event_id: str) -> int:
        hits = self.frame.index[self.frame["id"] == event_id] if len(self.frame) else []
        return int(hits[0]) if len(hits) else -1


class EventsFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's sort keys and shows only the events the filters let through."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._allowed: set[str] | None = None

    def set_allowed(self, ids: set[str] | None) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.9
            self._allowed = ids
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self._allowed = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if self._allowed is None:
            return True
        model = self.sourceModel()
        return model.data(model.index(source_row, 0), ID_ROLE) in self._allowed


class ArticlesTableModel(_HeaderedTableModel):
    """Articles with their publication date; editing the date asks for a rebuild."""

    HEADERS = ["Title", "Outlet", "Published", "Basis"]
    dateEdited = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.articles = []

    def set_articles(self, articles) -> None:
        self.beginResetModel()
        self.articles = list(articles)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.articles)

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemIsEditable if index.column() == 2 else base

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        a, col = self.articles[index.row()], index.column()
        if role == ID_ROLE:
            return a.id
        if role == Qt.DisplayRole:
            if col == 2:
                return a.published.isoformat() if a.published else "unknown"
            return (a.title, a.source, None, a.published_basis)[col]
        if role == Qt.EditRole and col == 2:
            d = a.published or date.today()
            return QDate(d.year, d.month, d.day)
        if role == Qt.DecorationRole and col == 1:
            return source_colour(index.row())
        if role == Qt.ToolTipRole:
            if col == 2:
                return (f"{a.published_evidence or a.published_basis}\n"
                        "Double-click to set the publication date yourself")
            return f"{a.title}\n{a.path}"
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or index.column() != 2 or not isinstance(value, QDate):
            return False
        self.dateEdited.emit(self.articles[index.row()].id, value.toPython())
        return True
