"""Qt table models that read the chronology in place (no copying into item models)."""
from __future__ import annotations

import pandas as pd

from model.typed_dates import DateTextError, parse_date

from .colours import FLAG, REJECTED, category_colour, source_colour
from .dates import day_number, format_day, format_interval
from .plain import tip
from .qt import (QAbstractTableModel, QColor, QDate, QFont, QModelIndex, QSortFilterProxyModel, Qt,
                 Signal)

SORT_ROLE = Qt.UserRole + 1
ID_ROLE = Qt.UserRole + 2


class _HeaderedTableModel(QAbstractTableModel):
    """Column count and horizontal headers from the subclass's HEADERS."""

    HEADERS: list[str] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sort_keys: dict[int, list] = {}
        self.modelReset.connect(self._sort_keys.clear)
        self.dataChanged.connect(self._sort_keys.clear)

    def sort_keys(self, column: int) -> list:
        """Every row's SORT_ROLE value in ``column``, asked once per reset: sorting
        compares rows n log n times, and thousands of rows each asked twice per
        comparison made opening a large project slow."""
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = [self.data(self.index(row, column), SORT_ROLE)
                                              for row in range(self.rowCount())]
        return keys

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
        self._ids: list[str] = []

    def set_frame(self, frame: pd.DataFrame, dates: list[str] | None = None) -> None:
        """Show ``frame``; ``dates``: its rows' dates already written out (else here)."""
        frame = frame.reset_index(drop=True)
        if dates is None:
            dates = [format_interval(r.start, r.end, r.granularity, r.approximate)
                     for r in frame.itertuples()]
        self.beginResetModel()
        self.frame = frame
        self._dates = list(dates)
        self._starts = [day_number(v) for v in self.frame["start"]] if n_rows(self.frame) else []
        self._ids = self.frame["id"].tolist() if n_rows(self.frame) else []
        self._row_of = {eid: i for i, eid in enumerate(self._ids)}
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
            return self._ids[row]
        if role == Qt.DisplayRole:
            if col == 0:
                return self._dates[row]
            return str(self.frame.at[row, ("label", "sources", "flags")[col - 1]])
        if role == SORT_ROLE:
            if col == 0:
                return self._starts[row]
            if col == 2:
                return int(self.frame.at[row, "n_sources"])
            return str(self.frame.at[row, ("label", "sources", "flags")[col - 1]]).lower()
        if role == Qt.ToolTipRole:
            lines = [str(self.frame.at[row, "label"])]
            if self.frame.at[row, "derived"]:
                lines.append("Date derived from a relative expression")
            if self._get(row, "context", False):
                lines.append("Dated by context (the story or the publication date)")
            if self.frame.at[row, "flags"]:
                lines.append(f"Sources disagree: {self.frame.at[row, 'flags']}")
            if self._get(row, "category"):
                lines.append(f"Category: {self._get(row, 'category')}")
            if self._get(row, "note"):
                lines.append(f"Note: {self._get(row, 'note')}")
            if self._rejected[row]:
                lines.append("Rejected (Edit ▸ Accept event brings it back)")
            return tip(*lines)
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
        return self._row_of.get(event_id, -1)


class _KeyedSortProxy(QSortFilterProxyModel):
    """Compares rows by the source model's sort keys, computed once per column.

    Rows the source already gives in the order asked for (the events come in date order)
    are left in that order: Qt would still compare them n log n times, each comparison a
    call into Python (seconds for an archive's tables). ``sortColumn``/``sortOrder`` say
    the order shown either way."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._wanted: tuple[int, Qt.SortOrder] = (-1, Qt.AscendingOrder)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._sort_again)
        model.dataChanged.connect(self._sort_again)

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self._wanted = (column, order)
        if column >= 0 and self._in_order(column, order):
            super().sort(-1)
        else:
            super().sort(column, order)

    def sortColumn(self) -> int:
        return self._wanted[0]

    def sortOrder(self) -> Qt.SortOrder:
        return self._wanted[1]

    def _sort_again(self, *changed) -> None:
        """After the source changed: its rows may now be in order, or no longer."""
        column, order = self._wanted
        if column >= 0 and (super().sortColumn() < 0 or self._in_order(column, order)):
            self.sort(column, order)

    def _in_order(self, column: int, order: Qt.SortOrder) -> bool:
        model = self.sourceModel()
        if model is None or column >= model.columnCount():
            return False
        keys = model.sort_keys(column)
        try:
            if order == Qt.AscendingOrder:
                return all(a <= b for a, b in zip(keys, keys[1:]))
            return all(a >= b for a, b in zip(keys, keys[1:]))
        except TypeError:  # keys that do not compare: let Qt sort them
            return False

    def lessThan(self, left, right) -> bool:
        keys = self.sourceModel().sort_keys(left.column())
        return keys[left.row()] < keys[right.row()]


class EventsFilterProxy(_KeyedSortProxy):
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


def n_rows(frame) -> int:
    return len(frame) if "id" in frame else 0


class ArticlesTableModel(_HeaderedTableModel):
    """Articles with their publication date; editing the date asks for a rebuild."""

    HEADERS = ["Title", "Outlet", "Published", "Basis"]
    dateEdited = Signal(str, object)
    #: A typed date that is not one: (article id, why).
    dateRejected = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.articles = []
        self.colour_of: dict[str, int] = {}

    def set_articles(self, articles, colour_of: dict[str, int] | None = None) -> None:
        self.beginResetModel()
        self.articles = list(articles)
        self.colour_of = colour_of or {}
        self.endResetModel()

    def row_of(self, article_id: str) -> int:
        return next((i for i, a in enumerate(self.articles) if a.id == article_id), -1)

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
                return format_day(a.published) if a.published else "unknown"
            return (a.title, a.source, None, a.published_basis)[col]
        if role == SORT_ROLE:
            if col == 2:
                return day_number(a.published) if a.published else -10 ** 9
            return str((a.title, a.source, None, a.published_basis)[col]).lower()
        if role == Qt.EditRole and col == 2:
            return format_day(a.published) if a.published else ""
        if role == Qt.DecorationRole and col == 1:
            return source_colour(self.colour_of.get(a.source, index.row()))
        if role == Qt.ToolTipRole:
            if col in (2, 3):
                return tip(f"Basis: {a.published_basis}",
                           f"Evidence: {a.published_evidence or 'none recorded'}",
                           "Double-click the date to type the publication date yourself")
            return tip(a.title, a.path)
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or index.column() != 2:
            return False
        article = self.articles[index.row()]
        if isinstance(value, QDate):
            self.dateEdited.emit(article.id, value.toPython())
            return True
        text = str(value or "").strip()
        if not text:
            self.dateEdited.emit(article.id, None)
            return True
        try:
            typed = parse_date(text)
        except DateTextError as error:
            self.dateRejected.emit(article.id, str(error))
            return False
        if typed.granularity != "day":
            self.dateRejected.emit(article.id, f"“{text}” is not one day; type the day too")
            return False
        day = typed.start.to_date()
        if day is None:
            self.dateRejected.emit(article.id, "A publication date must be AD 1 or later")
            return False
        self.dateEdited.emit(article.id, day)
        return True


class ArticlesFilterProxy(_KeyedSortProxy):
    """Sorts the articles by the model's sort keys and finds them by title or outlet."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterKeyColumn(-1)
