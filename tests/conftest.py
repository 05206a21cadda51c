"""Shared fixtures; GUI tests run on Qt's offscreen platform."""
import os
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

# PySide6 6.12.0 on Python 3.11 drops one reference to None / True / False on many calls
# (processEvents, signal emission; 6.11 does not, and 3.12 makes these objects immortal),
# so a long GUI test session would abort with "deallocating None". References added here
# (never given back, so that interpreter shutdown does not crash either) keep the counts far
# from zero until the binding is fixed or pinned.
if sys.version_info < (3, 12):
    import ctypes

    import PySide6
    if PySide6.__version__.startswith("6.12."):
        for _immortal in (None, True, False):
            ctypes.c_ssize_t.from_address(id(_immortal)).value += 1 << 30
