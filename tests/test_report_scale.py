"""A report over 10,000 generated documents, and the progress bar rule."""

import io
import json
import sys

from conftest import DATA
from typer.testing import CliRunner

from namecheck import cli
from namecheck.cli import app

HOUSE = ["--no-default-lexicon", "--lexicon", str(DATA / "house_only.toml")]
SPELLINGS = ["Najaf", "Nadjaf", "Basra", "Bassora", "Saddam Hussein", "Saddam Husayn"]


def test_report_over_ten_thousand_documents(tmp_path):
    corpus = tmp_path / "corpus"
    for folder in range(10):
        (corpus / f"part{folder}").mkdir(parents=True)
    expected = {spelling: 0 for spelling in SPELLINGS}
    for number in range(10_000):
        first, second = SPELLINGS[number % 6], SPELLINGS[(number * 7) % 6]
        expected[first] += 1
        expected[second] += 1
        text = f"Report {number}: officials from {first} met delegates in {second} on Monday.\n"
        (corpus / f"part{number % 10}" / f"doc{number:05}.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", *HOUSE, "--format", "json", str(corpus)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress output when stderr is not a terminal
    data = json.loads(result.stdout)
    assert data["summary"]["documents"] == 10_000
    counts = {s["spelling"]: s["count"] for e in data["entities"] for s in e["spellings"]}
    assert counts == expected


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    assert list(cli._with_progress(list(range(50)), "Reading")) == list(range(50))
    assert plain.getvalue() == ""
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(cli._with_progress(list(range(50)), "Reading")) == list(range(50))
    assert "Reading" in terminal.getvalue()
