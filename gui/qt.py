"""The one place the GUI imports Qt from, so the binding can change in one file."""
from PySide6.QtCore import (QAbstractTableModel, QByteArray, QDate, QEvent, QItemSelectionModel,
                            QMimeData, QModelIndex, QObject, QPoint, QPointF, QRect, QRectF,
                            QRunnable, QSettings, QSize, QSortFilterProxyModel, Qt, QThreadPool,
                            QTimer, QUrl, Signal, Slot)
from PySide6.QtGui import (QAction, QActionGroup, QBrush, QColor, QDesktopServices,
                           QDragEnterEvent, QDropEvent, QFont, QFontMetrics, QFontMetricsF, QIcon,
                           QImage, QKeySequence, QLinearGradient, QMouseEvent, QNativeGestureEvent,
                           QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF,
                           QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat,
                           QTextTableFormat, QUndoCommand, QUndoStack,
                           QWheelEvent)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QDateEdit,
                               QDialog, QDialogButtonBox, QDockWidget, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QFrame, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QLineEdit,
                               QListWidget, QListWidgetItem, QMainWindow, QMenu, QMessageBox,
                               QPlainTextEdit, QProgressBar, QPushButton, QRadioButton,
                               QScrollArea, QSizePolicy, QSpinBox, QSplitter, QStackedWidget,
                               QStyle, QStyledItemDelegate, QTableView, QTabWidget, QTextEdit,
                               QToolBar, QToolButton, QToolTip, QVBoxLayout, QWidget,
                               QWidgetAction, QGridLayout, QRubberBand, QTextBrowser,
                               QTableWidget, QTableWidgetItem)

try:
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # QtSvg is optional; icons then fall back to QPainter drawing
    QSvgRenderer = None

__all__ = [name for name in dir() if name.startswith("Q") or name in ("Qt", "Signal", "Slot")]
