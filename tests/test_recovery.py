"""Recovery files: only those of sessions that are gone are offered."""
import os
import subprocess
import sys

from gui import recovery


def test_live_sessions_keep_their_autosaves_and_dead_ones_are_offered(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.RECOVERY_ENV, str(tmp_path))
    mine = recovery.new_recovery_file()
    assert mine.name.startswith(f"autosave-{os.getpid()}-")
    mine.write_bytes(b"x")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead = tmp_path / f"autosave-{finished.stdout.strip()}-abcdef012345.tlx"
    dead.write_bytes(b"x")
    older_style = tmp_path / "autosave-0123456789ab.tlx"
    older_style.write_bytes(b"x")
    assert set(recovery.recovery_files()) == {dead, older_style}
