"""The app icon: the hand-drawn SVG, rendered to the PNG sizes launchers ask for."""
from __future__ import annotations

from pathlib import Path

from .paths import ICON_SVG, ICONS
from .qt import QIcon, QImage, QPainter, QSvgRenderer, Qt

SIZES = (16, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"timeline-explorer-{size}.png"


def render_pngs(directory: Path = ICONS) -> list[Path]:
    """Write timeline-explorer-<size>.png for every size (needs a QGuiApplication)."""
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        if QSvgRenderer is not None:
            QSvgRenderer(str(ICON_SVG)).render(painter)
        else:
            QIcon(str(ICON_SVG)).paint(painter, 0, 0, size, size)
        painter.end()
        path = directory / f"timeline-explorer-{size}.png"
        image.save(str(path))
        written.append(path)
    return written


def app_icon() -> QIcon:
    icon = QIcon(str(ICON_SVG))
    for size in SIZES:
        if png_path(size).exists():
            icon.addFile(str(png_path(size)))
    return icon
