"""Where autosaved recovery files live (Qt-free): one ``.tlx`` per window with unsaved edits.

A recovery file is a complete project file (model.project.write_project) that also names
the project it belongs to, so ``Project.recover`` can put the researcher back where they were.

Its name carries a unique session id (and, for reading by eye, the process id). Whether
its session is still running is told by a lock the session holds on ``NAME.lock`` for as
long as it lives: the kernel drops the lock when the process ends, however it ends, so a
crashed session's edits are offered at the next start even when its process id has been
reused (after a reboot), and a running session's are never offered to another window.
"""
from __future__ import annotations

import fcntl
import os
import secrets
from pathlib import Path

RECOVERY_ENV = "TIMELINE_EXPLORER_RECOVERY_DIR"
SUFFIX = ".tlx"
LOCK_SUFFIX = ".lock"

#: The recovery files this process's windows hold, with the open file of each one's lock.
_claims: dict[Path, int] = {}


def recovery_dir() -> Path:
    """The folder for recovery files (``$TIMELINE_EXPLORER_RECOVERY_DIR`` overrides it)."""
    folder = os.environ.get(RECOVERY_ENV)
    if not folder:
        from platformdirs import user_state_dir
        folder = str(Path(user_state_dir("timeline-explorer", appauthor=False)) / "recovery")
    return Path(folder)


def new_recovery_file() -> Path:
    """A fresh name for this window's autosaves (the folder is made when first written):
    ``autosave-PID-SESSION.tlx``, the session id unique to this window."""
    return recovery_dir() / f"autosave-{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"


def _lock_of(path: Path) -> Path:
    return path.with_suffix(LOCK_SUFFIX)


def claim(path: Path) -> bool:
    """Hold ``path``'s session lock for this window; False if a running session holds it."""
    path = Path(path)
    if path in _claims:
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(_lock_of(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return True  # no lock can be kept here; the autosave itself will say if it fails
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _claims[path] = fd
    return True


def _release(path: Path) -> None:
    fd = _claims.pop(Path(path), None)
    if fd is not None:
        os.close(fd)


def _session_running(path: Path) -> bool:
    """True if the session that wrote ``path`` is still running (it is not a leftover)."""
    if path in _claims:
        return True
    lock = _lock_of(path)
    if lock.exists():
        return _lock_held(lock)
    return _legacy_owner_running(path)


def _lock_held(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing also drops the lock if we took it
    return False


def _legacy_owner_running(path: Path) -> bool:
    """For a file written before sessions held locks: its process id, the only clue."""
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
    except OSError:
        return True
    return True


def recovery_files() -> list[Path]:
    """Recovery files left by sessions that did not end cleanly, newest first."""
    folder = recovery_dir()
    try:
        found = [p for p in folder.glob(f"*{SUFFIX}")
                 if p.is_file() and not _session_running(p)]
        for lock in folder.glob(f"*{LOCK_SUFFIX}"):
            if not lock.with_suffix(SUFFIX).exists() and not _lock_held(lock):
                lock.unlink(missing_ok=True)  # a session that ended before autosaving
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []


def remove(path: Path | None) -> None:
    """Delete a recovery file and its session lock (the session's edits are safe)."""
    if path is None:
        return
    path = Path(path)
    for leftover in (path, _lock_of(path)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass
    _release(path)
