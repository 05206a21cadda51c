"""Shared fixtures; GUI tests run on Qt's offscreen platform."""
import os
import socket
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TIMELINE_EXPLORER_CACHE_DIR", "off")  # tests never touch the user's cache
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Autosaved recovery files of the tests go to a folder of their own, never the user's.
os.environ.setdefault("TIMELINE_EXPLORER_RECOVERY_DIR",
                      tempfile.mkdtemp(prefix="timeline-explorer-recovery-"))


import pytest  # noqa: E402  (after the environment above is set)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
