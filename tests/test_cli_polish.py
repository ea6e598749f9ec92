"""The command line's manners: --version, -h, -q, -v, clean help text, NO_COLOR and FORCE_COLOR
with colour drawn by rich."""

import re
import subprocess
import sys

import pytest
from conftest import HOUSE_ONLY, table
from typer.testing import CliRunner

from namecheck.cli import app
from namecheck.terminal import color_wanted

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
COMMANDS = [["check"], ["fix"], ["match"], ["report"], ["discover"], ["config"], ["lexicon", "validate"]]


def run(*args, env=None):
    return CliRunner().invoke(app, list(args), env=env)


def test_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"namecheck {version('namecheck')}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_is_clean(command):
    short, long = run(*command, "-h", env={"COLUMNS": "160"}), run(*command, "--help", env={"COLUMNS": "160"})
    assert short.exit_code == 0 and short.stdout == long.stdout
    assert not re.search(r"<\w+(\[\w+\])?>", short.stdout), short.stdout  # no <bool>, <list[str]>
    assert "Usage:" in short.stdout and "[OPTIONS]" in short.stdout


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Nadjaf.\n", encoding="utf-8")
    (tmp_path / "image.bin").write_bytes(b"\x00\x01\x02")
    return path


def test_quiet_keeps_findings_and_drops_summary_and_notes(doc):
    loud, quiet = run("check", *HOUSE, str(doc.parent)), run("check", *HOUSE, "-q", str(doc.parent))
    assert loud.stdout == quiet.stdout and "Nadjaf" in quiet.stdout
    assert "1 file(s) checked" in loud.stderr and "image.bin" in loud.stderr
    assert quiet.stderr == "" and quiet.exit_code == loud.exit_code == 1


def test_verbose_names_the_configuration(doc, monkeypatch):
    monkeypatch.chdir(doc.parent)
    (doc.parent / "namecheck.toml").write_text("min-score = 0.8\n", encoding="utf-8")
    result = run("check", *HOUSE, "-v", "doc.txt")
    assert f"namecheck: note: 1 file(s) with {doc.parent / 'namecheck.toml'}" in result.stderr


COLORS = table("colors.csv")


@pytest.mark.parametrize("case", COLORS, ids=[case["why"] for case in COLORS])
def test_color_wanted(case):
    environ = {key: "1" for key in ("NO_COLOR", "FORCE_COLOR") if case[key]}
    environ.update({key: "" for key in ("NO_COLOR", "FORCE_COLOR") if key not in environ and "empty " + key in case["why"]})
    assert color_wanted(environ, case["terminal"] == "yes") is (case["color"] == "yes")


def test_force_color_paints_through_rich_and_no_color_wins(doc):
    def check(**env):
        clean = {key: value for key, value in __import__("os").environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
        command = [sys.executable, "-m", "namecheck", "check", *HOUSE, str(doc)]
        return subprocess.run(command, capture_output=True, text=True, env={**clean, **env}).stdout

    painted = check(FORCE_COLOR="1")
    assert "\x1b[1m" in painted and "\x1b[31mNadjaf\x1b[0m" in painted
    assert "\x1b[" not in check(FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b[" not in check()
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted) == check()
