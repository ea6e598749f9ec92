"""Interruptions: SIGINT and SIGTERM clean up and exit 130 with a message; SIGKILL loses nothing.

These tests run the command in a child process and signal it. A small harness (HARNESS) wraps
os.fsync in the child: after the n-th temporary file is flushed it leaves a marker and waits,
so the signal lands while a temporary file exists, whatever the speed of the machine.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import HOUSE_ONLY

from namecheck.interrupt import Interrupted, signals_raise_interrupted

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
OLD = "Saddam Husayn met Djalal Talabani in Nadjaf.\n"
NEW = "Saddam Hussein met Jalal Talabani in Najaf.\n"
GUARD_SECONDS = 300  # only so that a broken test cannot hang the suite

HARNESS = """
import os, signal, stat, sys
from pathlib import Path

marker, wait_after = Path(sys.argv[1]), int(sys.argv[2])
real_fsync, flushed = os.fsync, []

def fsync(handle):
    real_fsync(handle)
    if stat.S_ISREG(os.fstat(handle).st_mode):
        flushed.append(handle)
        if len(flushed) == wait_after:
            marker.write_text("a temporary file is written, not yet renamed")
            while True:
                signal.pause()

os.fsync = fsync
# As a command typed at a terminal: a suite started as a background job hands its children
# SIGINT ignored, and namecheck rightly leaves an ignored signal ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.argv = ["namecheck", *sys.argv[3:]]
from namecheck.cli import main
main()
"""


def _corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = [folder / f"doc-{number:04d}.txt" for number in range(count)]
    for path in paths:
        path.write_text(OLD, encoding="utf-8")
    return paths


def _start_held(folder: Path, marker: Path, wait_after: int) -> subprocess.Popen:
    """Start `fix` on `folder` in a child that stops while writing its `wait_after`-th file."""
    command = [sys.executable, "-c", HARNESS, str(marker), str(wait_after), "fix", "--unsafe-fixes", *HOUSE, str(folder)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + GUARD_SECONDS
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.01)
    return child


def _temporaries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_writing_removes_the_temporary_file_and_exits_130(tmp_path, signal_number):
    paths = _corpus(tmp_path / "docs", 10)
    child = _start_held(tmp_path / "docs", tmp_path / "marker", wait_after=3)
    assert len(_temporaries(tmp_path / "docs")) == 1
    child.send_signal(signal_number)
    out, err = child.communicate(timeout=GUARD_SECONDS)
    assert child.returncode == 130
    name = signal.Signals(signal_number).name
    assert f"namecheck: interrupted ({name}): files already written are complete" in err
    assert "Traceback" not in err
    assert _temporaries(tmp_path / "docs") == []
    assert [path.read_text(encoding="utf-8") for path in paths] == [NEW] * 2 + [OLD] * 8


def _old_or_new(paths: list[Path]) -> tuple[int, int]:
    contents = [path.read_text(encoding="utf-8") for path in paths]
    assert set(contents) <= {OLD, NEW}, "a file is neither the old text nor the new"
    return contents.count(OLD), contents.count(NEW)


def test_sigkill_while_fixing_1000_files_leaves_each_old_or_new_and_the_next_run_cleans_up(tmp_path):
    folder = tmp_path / "docs"
    paths = _corpus(folder, 1000)
    child = _start_held(folder, tmp_path / "marker", wait_after=400)
    child.kill()
    child.communicate(timeout=GUARD_SECONDS)
    assert _temporaries(folder) != []  # the kill left one behind, as a kill does
    assert _old_or_new(paths) == (601, 399)
    again = subprocess.run([sys.executable, "-m", "namecheck", "fix", "--unsafe-fixes", *HOUSE, str(folder)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _old_or_new(paths) == (0, 1000)
    assert _temporaries(folder) == []


def test_sigkill_after_a_short_delay_leaves_each_file_old_or_new(tmp_path):
    folder = tmp_path / "docs"
    paths = _corpus(folder, 1000)
    command = [sys.executable, "-m", "namecheck", "fix", "--unsafe-fixes", *HOUSE, str(folder)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + GUARD_SECONDS
    while paths[0].read_text(encoding="utf-8") == OLD and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    child.kill()
    child.wait()
    _old_or_new(paths)
    subprocess.run(command, capture_output=True, check=True)
    assert _old_or_new(paths) == (0, 1000)
    assert _temporaries(folder) == []


def test_the_first_signal_raises_interrupted_and_the_handlers_come_back():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as raised:
        with signals_raise_interrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pause()  # the signal may arrive a moment after kill returns
    assert raised.value.signal_name == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_ignored_signal_stays_ignored():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with signals_raise_interrupted():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, previous)
