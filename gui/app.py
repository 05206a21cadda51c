"""Starting the application: the QApplication, the window, the first load, screenshots."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .paths import SAMPLES

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_TIMEOUT_MS = 180_000


def create_app(argv: Sequence[str] | None = None):
    """The QApplication with the names QSettings and desktops use."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # matplotlib only renders exports off-thread
    from .icons import app_icon
    from .qt import QApplication
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setOrganizationName("TimelineExplorer")
    app.setApplicationName("Timeline Explorer")
    app.setApplicationDisplayName("Timeline Explorer")
    app.setDesktopFileName("timeline-explorer")
    app.setWindowIcon(app_icon())
    return app


def run(files: Sequence[str], screenshot: str | None = None) -> int:
    """Open ``files`` (the sample articles when none) and run until the window closes."""
    app = create_app()
    from .main_window import MainWindow
    from .qt import QTimer
    window = MainWindow()
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    # A screenshot never waits for a question; otherwise offer what a crash left unsaved.
    if screenshot or not window.offer_recovery():
        projects = [f for f in files if str(f).endswith(".tlx")]
        if projects:
            window.open_project_path(projects[0])
        else:
            window.load(list(files) or [str(SAMPLES)])
    if not screenshot:
        return app.exec()
    outcome = {"code": 1}

    def save() -> None:
        window.repaint()
        outcome["code"] = 0 if window.grab().save(screenshot) and window.chronology else 1
        app.quit()

    def when_idle(busy: bool) -> None:
        if not busy:
            QTimer.singleShot(50, save)

    window.busyChanged.connect(when_idle)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, save)
    app.exec()
    return outcome["code"]
