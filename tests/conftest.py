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
