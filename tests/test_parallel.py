"""check --jobs: several processes give exactly the serial output, in the same order."""

import subprocess
import sys

from conftest import HOUSE_ONLY

from namecheck.parallel import default_jobs, in_order

TEXTS = [
    "Saddam Husayn met Djalal Talabani in Nadjaf.\n",
    "Nothing to see here.\n",
    "Kerbala and Bassora.\n",
    "\xff not text",
]


def _square(value: int) -> int:
    return value * value


def test_in_order_keeps_the_order_of_the_items():
    assert list(in_order(_square, range(40), 2)) == [value * value for value in range(40)]
    assert list(in_order(_square, [3], 4)) == [9]


def test_several_documents_take_every_core():
    assert default_jobs(1) == 1
    assert default_jobs(5) >= 1


def _check(folder, *options):
    command = [sys.executable, "-m", "namecheck", "check", "--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
    return subprocess.run([*command, *options, str(folder)], capture_output=True, text=True)


def test_two_processes_give_the_serial_output(tmp_path):
    for number in range(24):
        text = TEXTS[number % len(TEXTS)]
        (tmp_path / f"doc{number:02}.txt").write_bytes(text.encode("latin-1") if "\xff" in text else text.encode())
    for format in ("text", "json", "sarif"):
        serial = _check(tmp_path, "--jobs", "1", "--format", format)
        parallel = _check(tmp_path, "--jobs", "2", "--format", format)
        assert parallel.stdout == serial.stdout
        assert parallel.stderr == serial.stderr
        assert parallel.returncode == serial.returncode == 2  # the undecodable files are errors
        assert "Traceback" not in parallel.stderr
