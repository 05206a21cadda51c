"""A lock file beside a project, held by the one process writing it.

The lock is an advisory ``flock`` on ``.NAME.lock``: the kernel drops it when its holder
exits, however it exits, so a crashed writer never leaves a lock behind; the next writer
simply takes it (the file's stale contents are overwritten). The file names its holder
(process, host, command, time) so a refused writer can say who is writing. A lock file
is removed by its holder on release; a writer that locked a file that was removed
meanwhile notices (the name now leads to another file, or none) and tries again.
POSIX only, like the rest of the app's file handling.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

#: How long a second writer waits for the first before giving up with a message.
LOCK_WAIT_SECONDS = 3.0
LOCK_WAIT_ENV = "TIMELINE_EXPLORER_LOCK_WAIT"
_POLL_SECONDS = 0.05


class LockedError(Exception):
    """Another process holds the lock; the message is one line naming it."""


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    command: str
    since: str

    def describe(self) -> str:
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"process {self.pid}{where} ({self.command}, since {self.since})"


def lock_path(target: Path) -> Path:
    """The lock file of ``target``: hidden, beside it."""
    return target.with_name(f".{target.name}.lock")


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


class FileLock:
    """An exclusive lock on ``target`` (through its lock file); a context manager."""

    def __init__(self, target: str | os.PathLike, wait: float | None = None):
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.wait = wait_seconds() if wait is None else wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> FileLock:
        """Take the lock, waiting up to ``wait`` seconds; LockedError names the holder.
        OSError (a read-only folder, a full disk) passes through to the caller."""
        deadline = time.monotonic() + self.wait
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                if time.monotonic() >= deadline:
                    who = holder.describe() if holder else "another process"
                    raise LockedError(f"{self.target} is being written by another Timeline "
                                      f"Explorer: {who}; try again when it has finished")
                time.sleep(_POLL_SECONDS)
                continue
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                break
            os.close(fd)  # removed by its last holder after we opened it: try again
        self._fd = fd
        _write_holder(fd)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # a lock file left behind is harmless: it is free once we close it
        os.close(fd)

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _write_holder(fd: int) -> None:
    command = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv[:2]))
    holder = {"pid": os.getpid(), "host": socket.gethostname(),
              "command": command or "python",
              "since": datetime.now(timezone.utc).astimezone().strftime("%H:%M:%S")}
    data = json.dumps(holder).encode()
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        pass  # the lock holds without its label


def _read_holder(fd: int) -> LockHolder | None:
    try:
        value = json.loads(os.pread(fd, 4096, 0) or b"null")
        return LockHolder(int(value["pid"]), str(value["host"]), str(value["command"]),
                          str(value["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None
