"""The installed command under hostile conditions: exit statuses, output that cannot be written,
special files, outputs that would destroy inputs, file names that are not UTF-8, escape
sequences. Each runs `python -m namecheck` in a child process, as a user would."""

import json
import os
import pty
import subprocess
import sys

import pytest
from conftest import HOUSE_ONLY

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
OLD = "Saddam Husayn met Djalal Talabani in Nadjaf.\n"
NEW = "Saddam Hussein met Jalal Talabani in Najaf.\n"
GUARD_SECONDS = 300  # a FIFO opened by mistake would block: fail instead of hanging
STRICT = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # a strict UTF-8 stdout, as in a UTF-8 locale


def namecheck(*args: str, stdout=subprocess.PIPE, cwd=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "namecheck", *args]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=STRICT, cwd=cwd, timeout=GUARD_SECONDS)


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


@pytest.fixture
def long_doc(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(OLD * 2000, encoding="utf-8")  # far more findings than a pipe or a buffer holds
    return path


# Exit statuses


def test_exit_statuses_clean_findings_usage(tmp_path, doc):
    clean = tmp_path / "clean.txt"
    clean.write_text(NEW, encoding="utf-8")
    assert namecheck("check", *HOUSE, str(clean)).returncode == 0
    assert namecheck("check", *HOUSE, str(doc)).returncode == 1
    assert namecheck("check", *HOUSE, "--format", "yaml", str(doc)).returncode == 2
    assert namecheck("check", *HOUSE, str(tmp_path / "missing.txt")).returncode == 2


@pytest.mark.parametrize("size", ["short", "long"])
def test_output_that_cannot_be_written_exits_3_with_a_message(request, size):
    path = request.getfixturevalue("doc" if size == "short" else "long_doc")
    with open("/dev/full", "w") as full:
        result = namecheck("check", *HOUSE, str(path), stdout=full)
    assert result.returncode == 3
    assert b"namecheck: cannot write the output: No space left on device" in result.stderr
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr


@pytest.mark.parametrize("size", ["short", "long"])
def test_a_closed_pipe_is_quiet(request, size):
    path = request.getfixturevalue("doc" if size == "short" else "long_doc")
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first line, as with `| head -0`
    try:
        result = namecheck("check", *HOUSE, "--format", "jsonl", str(path), stdout=writer)
    finally:
        os.close(writer)
    assert result.returncode == 3
    assert result.stderr == b""


def test_report_output_file_that_cannot_be_written_exits_3(tmp_path, doc, monkeypatch):
    os.chmod(tmp_path, 0o555)
    try:
        result = namecheck("report", *HOUSE, "-o", str(tmp_path / "report.txt"), str(doc))
    finally:
        os.chmod(tmp_path, 0o755)
    assert result.returncode == 3
    assert f"report.txt: cannot write: read-only folder {tmp_path}".encode() in result.stderr


# Special files


def test_fix_skips_a_fifo_in_a_folder_with_a_note_and_fixes_the_rest(tmp_path, doc):
    os.mkfifo(tmp_path / "pipe.txt")
    result = namecheck("fix", "--unsafe-fixes", *HOUSE, str(tmp_path))
    assert result.returncode == 0
    assert f"namecheck: note: {tmp_path / 'pipe.txt'}: a FIFO (named pipe), not a regular file: skipped".encode() in result.stderr
    assert doc.read_text(encoding="utf-8") == NEW


def test_a_fifo_named_on_the_command_line_is_an_input_error_and_does_not_block(tmp_path, doc):
    os.mkfifo(tmp_path / "pipe")
    result = namecheck("check", *HOUSE, str(tmp_path / "pipe"), str(doc))
    assert result.returncode == 2
    assert b"pipe: a FIFO (named pipe), not a regular file: skipped" in result.stderr


@pytest.mark.parametrize("command", ["report", "discover"])
def test_output_onto_an_input_or_a_device_is_refused_before_any_work(tmp_path, doc, command):
    link = tmp_path / "link.txt"
    link.symlink_to(doc)
    for output in (str(doc), str(link), "/dev/null"):
        result = namecheck(command, *HOUSE, "-o", output, str(tmp_path))
        assert result.returncode == 2, result.stderr
        assert b"refusing to" in result.stderr
    assert doc.read_text(encoding="utf-8") == OLD and link.is_symlink()


def test_fix_names_a_read_only_file_and_fixes_the_others(tmp_path, doc):
    locked = tmp_path / "locked.txt"
    locked.write_text(OLD, encoding="utf-8")
    os.chmod(locked, 0o444)
    result = namecheck("fix", "--unsafe-fixes", *HOUSE, str(tmp_path))
    assert result.returncode == 2
    assert f"{locked}: cannot write: read-only file (mode 0444): left untouched".encode() in result.stderr
    assert locked.read_text(encoding="utf-8") == OLD and doc.read_text(encoding="utf-8") == NEW


# File names that are not UTF-8, and escape sequences


@pytest.fixture
def bad_name(tmp_path) -> bytes:
    raw = os.fsencode(tmp_path) + b"/bad\xff\x1b[31m.txt"
    with open(raw, "w", encoding="utf-8") as stream:
        stream.write(OLD)
    return raw


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_check_reports_a_file_name_that_is_not_utf8(bad_name, fmt):
    result = namecheck("check", *HOUSE, "--format", fmt, os.fsdecode(bad_name))
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    if fmt == "text":
        assert b"bad\\xff\\x1b[31m.txt:1:1: Saddam Husayn -> Saddam Hussein" in result.stdout
        assert b"\x1b" not in result.stdout + result.stderr
    else:
        first = json.loads(result.stdout) if fmt == "json" else json.loads(result.stdout.splitlines()[0])
        record = first["findings"][0] if fmt == "json" else first
        assert os.fsencode(record["path"]) == bad_name


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_report_covers_a_file_name_that_is_not_utf8(tmp_path, bad_name, fmt):
    result = namecheck("report", *HOUSE, "--format", fmt, str(tmp_path))
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"\x1b" not in result.stdout and b"bad" in result.stdout


def test_fix_rewrites_a_file_whose_name_is_not_utf8(bad_name):
    result = namecheck("fix", "--unsafe-fixes", *HOUSE, os.fsdecode(bad_name))
    assert result.returncode == 0 and b"bad\\xff\\x1b[31m.txt: fixed 3 spelling(s)" in result.stderr
    with open(bad_name, encoding="utf-8") as stream:
        assert stream.read() == NEW


def test_escape_sequences_in_a_document_do_not_reach_the_terminal(tmp_path):
    hostile = tmp_path / "a.txt"
    hostile.write_text("x \x1b]0;PWNED\x07\x1b[2J Nadjaf\n", encoding="utf-8")
    result = namecheck("check", *HOUSE, str(hostile))
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert b"x \\x1b]0;PWNED\\x07\\x1b[2J Nadjaf" in result.stdout


def _on_a_terminal(*args: str) -> bytes:
    """Run namecheck with its stdout on a pseudo-terminal; return what the terminal received."""
    controller, terminal = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "namecheck", *args], stdout=terminal, stderr=subprocess.DEVNULL, env=STRICT)
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    child.wait(timeout=GUARD_SECONDS)
    os.close(controller)
    return received


def test_fix_diff_escapes_on_a_terminal_and_stays_a_patch_elsewhere(tmp_path):
    hostile = tmp_path / "a.txt"
    hostile.write_text("\x1b[2J Nadjaf\n", encoding="utf-8")
    shown = _on_a_terminal("fix", "--unsafe-fixes", *HOUSE, "--diff", str(hostile))
    assert b"-\\x1b[2J Nadjaf" in shown and b"\x1b" not in shown
    piped = namecheck("fix", "--unsafe-fixes", *HOUSE, "--diff", str(hostile))
    assert b"-\x1b[2J Nadjaf" in piped.stdout


def test_fix_diff_of_a_file_whose_name_is_not_utf8_names_it_byte_for_byte(bad_name):
    result = namecheck("fix", "--unsafe-fixes", *HOUSE, "--diff", os.fsdecode(bad_name))
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert f"--- {os.fsdecode(bad_name)}".encode("utf-8", "surrogateescape") in result.stdout
