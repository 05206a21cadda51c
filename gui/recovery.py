"""Where autosaved recovery files live (Qt-free): one ``.tlx`` per window with unsaved edits.

A recovery file is a complete project file (model.project.write_project) that also names
the project it belongs to, so ``Project.recover`` can put the researcher back where they were.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

RECOVERY_ENV = "TIMELINE_EXPLORER_RECOVERY_DIR"
SUFFIX = ".tlx"


def recovery_dir() -> Path:
    """The folder for recovery files (``$TIMELINE_EXPLORER_RECOVERY_DIR`` overrides it)."""
    folder = os.environ.get(RECOVERY_ENV)
    if not folder:
        from platformdirs import user_state_dir
        folder = str(Path(user_state_dir("timeline-explorer", appauthor=False)) / "recovery")
    return Path(folder)


def new_recovery_file() -> Path:
    """A fresh name for this window's autosaves (the folder is made when first written).

    The name carries the process id, so a second running copy of the app never offers
    (or deletes) the live autosave of the first."""
    return recovery_dir() / f"autosave-{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"


def _owner_running(path: Path) -> bool:
    """True if the process that wrote ``path`` is still running (it is not a leftover)."""
    parts = path.stem.split("-")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def recovery_files() -> list[Path]:
    """Recovery files left by sessions that did not end cleanly, newest first."""
    folder = recovery_dir()
    try:
        found = [p for p in folder.glob(f"*{SUFFIX}") if p.is_file() and not _owner_running(p)]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def remove(path: Path | None) -> None:
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
