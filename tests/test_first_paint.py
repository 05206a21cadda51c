"""``main.py --exit-after-first-paint`` ends by itself for a project file too (the
benchmarks time opening a built project with it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui.paths import SAMPLES
from model.project import Project

ROOT = Path(__file__).resolve().parent.parent


def test_exit_after_first_paint_of_a_project(tmp_path):
    path = tmp_path / "samples.tlx"
    project = Project()
    project.update([SAMPLES], cache=None)
    project.save(path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               TIMELINE_EXPLORER_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--exit-after-first-paint",
                           str(path)], capture_output=True, text=True, env=env, cwd=str(ROOT),
                          timeout=300)
    assert done.returncode == 0, done.stderr
    painted = [line for line in done.stdout.splitlines() if line.startswith("first-paint ")]
    assert painted and painted[-1].endswith(f"events={len(project.events)}")
