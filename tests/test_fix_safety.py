"""Safe and unsafe fixes: a listed variant is fixed by default, a phonetic guess only with
--unsafe-fixes (or the configuration's unsafe-fixes); `fix --interactive` driven through a
pseudo-terminal."""

import io
import json
import sys
import tomllib

import pexpect
import pytest
from conftest import DATA
from typer.testing import CliRunner

from namecheck.api import check_text, fix_text, load_matcher
from namecheck.cli import app

LEXICON = ["--no-default-lexicon", "--lexicon", str(DATA / "fix_safety.toml")]
TEXT = "Nadjaf and Bassora.\n"


def run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_records_say_whether_the_fix_is_safe():
    findings = check_text(TEXT, load_matcher([str(DATA / "fix_safety.toml")], with_default=False))
    assert [(f.text, f.kind, f.safe, f.to_dict()["safe"]) for f in findings] == [
        ("Nadjaf", "variant", True, True),
        ("Bassora", "phonetic", False, False),
    ]


def test_an_article_in_another_case_is_a_safe_fix(default_matcher):
    finding = check_text("Officials met Al-Sudani on Monday.", default_matcher)[0]
    assert finding.kind == "case" and finding.safe


def test_fix_applies_safe_fixes_and_says_what_it_left(doc):
    result = run("fix", *LEXICON, str(doc))
    assert doc.read_text(encoding="utf-8") == "Najaf and Bassora.\n"
    assert result.exit_code == 1  # an unsafe fix is left to do
    assert "1 unsafe fix(es) not applied" in result.stderr


def test_unsafe_fixes_from_the_command_line_or_the_configuration(doc, monkeypatch):
    assert run("fix", *LEXICON, "--unsafe-fixes", str(doc)).exit_code == 0
    assert doc.read_text(encoding="utf-8") == "Najaf and Basra.\n"
    doc.write_text(TEXT, encoding="utf-8")
    (doc.parent / "namecheck.toml").write_text("unsafe-fixes = true\n", encoding="utf-8")
    monkeypatch.chdir(doc.parent)
    assert run("fix", *LEXICON, "doc.txt").exit_code == 0 and doc.read_text(encoding="utf-8") == "Najaf and Basra.\n"
    doc.write_text(TEXT, encoding="utf-8")
    assert run("fix", *LEXICON, "--no-unsafe-fixes", "doc.txt").exit_code == 1
    assert doc.read_text(encoding="utf-8") == "Najaf and Bassora.\n"


def test_fix_json_lists_only_what_was_fixed(doc):
    data = json.loads(run("fix", *LEXICON, "--format", "json", str(doc)).stdout)
    assert [record["text"] for record in data["fixed"]] == ["Nadjaf"]


def test_the_python_api_chooses_too():
    matcher = load_matcher([str(DATA / "fix_safety.toml")], with_default=False)
    assert fix_text(TEXT, matcher, unsafe_fixes=False) == "Najaf and Bassora.\n"
    assert fix_text(TEXT, matcher) == "Najaf and Basra.\n"


STORY = "".join(
    f"{name} {number}.\n"
    for number, name in enumerate(["Nadjaf", "Bassora", "Nadjaf", "Nadjaf", "Kerbala", "Kerbala", "Bassora", "Nadjaf"], 1)
)


def test_interactive_review_through_a_terminal(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    command = [sys.executable, "-m", "namecheck", "fix", "--interactive", *LEXICON, str(story)]
    child = pexpect.spawn(command[0], command[1:], cwd=str(tmp_path), env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"}, encoding="utf-8", timeout=60)
    child.logfile_read = screen = io.StringIO()
    for line, key in [(1, "y"), (2, "n"), (3, "a"), (5, "s"), (7, "x"), (7, "q")]:
        child.expect(rf"story\.txt:{line}:1: ")
        child.expect(r"\[q\] quit ")
        child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert story.read_text(encoding="utf-8").splitlines() == [
        "Najaf 1.", "Bassora 2.", "Najaf 3.", "Najaf 4.", "Kerbala 5.", "Kerbala 6.", "Bassora 7.", "Nadjaf 8.",
    ]
    assert f"accepted 'Kerbala' in {tmp_path / 'namecheck.toml'}" in screen.getvalue()
    assert "Write 'Basra' (unsafe: a phonetic guess)?" in screen.getvalue()
    assert tomllib.loads((tmp_path / "namecheck.toml").read_text(encoding="utf-8")) == {"accept": ["Kerbala"]}
    assert run("check", *LEXICON, "--format", "jsonl", str(story)).stdout.count("Kerbala") == 0


def test_interactive_needs_a_terminal(doc):
    result = run("fix", "--interactive", *LEXICON, str(doc))
    assert result.exit_code == 2 and "terminal" in result.stderr
