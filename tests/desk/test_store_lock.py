"""Single-instance guard: a second desk on the same profile is refused; a dead holder frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lapor_desk.errors import ProfileInUseError
from lapor_desk.models.lock import ProfileLock

HOLDER = """
import sys, time
from pathlib import Path
from lapor_desk.models.lock import ProfileLock
lock = ProfileLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_second_lock_in_the_same_process_is_refused(tmp_path: Path):
    with ProfileLock(tmp_path / "profile") as first:
        assert first.held
        with pytest.raises(ProfileInUseError) as caught:
            ProfileLock(tmp_path / "profile").acquire()
        error = caught.value
        assert error.pid == os.getpid()
        assert str(error).startswith("LAPOR Desk sudah terbuka untuk akun ini di jendela lain")
        assert str(os.getpid()) in str(error)
    # Released: the next desk may open the profile.
    with ProfileLock(tmp_path / "profile") as again:
        assert again.held


def test_other_profiles_are_independent(tmp_path: Path):
    with ProfileLock(tmp_path / "a"), ProfileLock(tmp_path / "b") as b:
        assert b.held


def test_lock_of_a_killed_process_is_free(tmp_path: Path):
    profile = tmp_path / "profile"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(profile)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ProfileInUseError) as caught:
            ProfileLock(profile).acquire()
        assert caught.value.pid == holder.pid
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout:
            holder.stdout.close()
    with ProfileLock(profile) as lock:
        assert lock.held
        assert lock.path.read_text().split()[0] == str(os.getpid())
