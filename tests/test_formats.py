"""formats.py: every output format from one registry; SARIF validated against the official
2.1.0 schema, GitHub annotations escaped."""

import json
import re

import jsonschema
import pytest
from conftest import DATA, HOUSE_ONLY, table
from typer.testing import CliRunner

from namecheck.annotations import escaped_message, escaped_property
from namecheck.cli import app
from namecheck.formats import CHECK, DISCOVER, FIX, FORMATS, MATCH, REPORT, formats_for

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
SCHEMA = json.loads((DATA / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TEXT = "Saddam Husayn met Djalal\nTalabani today.\nNadjaf is far. namecheck: ignore\nKarbala is here. namecheck: ignore\n"
COMMANDS = (CHECK, FIX, MATCH, REPORT, DISCOVER)


def run(*args, input=None, env=None):
    return CliRunner().invoke(app, list(args), input=input, env=env)


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _help_formats(command: str) -> list[str]:
    help_text = re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", run(command, "--help", env={"COLUMNS": "200"}).stdout))
    return re.findall(r"(\w+) \(", help_text.split("Output format:")[1].split(" --")[0])


@pytest.mark.parametrize("command", COMMANDS)
def test_the_registry_drives_the_help(command):
    assert _help_formats(command) == list(formats_for(command))


def test_every_registered_format_serves_a_command():
    assert all(format.commands for format in FORMATS)
    assert list(formats_for(CHECK)) == ["text", "jsonl", "json", "sarif", "github"]


@pytest.mark.parametrize("name", list(formats_for(CHECK)))
def test_every_check_format_writes_every_finding(doc, name):
    result = run("check", *HOUSE, "--format", name, "--report-unused-suppressions", str(doc))
    assert result.exit_code == 1
    for text in ("Saddam Husayn", "Djalal", "namecheck: ignore"):
        assert text in result.stdout
    assert "Nadjaf" not in result.stdout  # suppressed


def test_cli_names_no_format():
    source = (DATA.parent.parent / "namecheck" / "cli.py").read_text(encoding="utf-8")
    for format in FORMATS:
        assert f'"{format.name}"' not in source, format.name


def test_sarif_is_valid_and_complete(doc, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"Nadjaf \xff")
    result = run("check", *HOUSE, "--format", "sarif", "--report-unused-suppressions", str(doc), str(tmp_path / "bad.txt"))
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    sarif_run = log["runs"][0]
    assert [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]] == ["variant", "phonetic", "case", "unused-suppression"]
    first, wrapped, unused = sarif_run["results"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 14, "charOffset": 0, "charLength": 13, "snippet": {"text": "Saddam Husayn"}}
    assert first["properties"]["safe"] is False and first["ruleId"] == "phonetic"
    change = first["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == doc.as_uri()
    for replacement in change["replacements"]:
        deleted = replacement["deletedRegion"]
        assert TEXT[deleted["charOffset"] : deleted["charOffset"] + deleted["charLength"]] in "Saddam Husayn"
    wrapped_region = wrapped["locations"][0]["physicalLocation"]["region"]
    assert (wrapped_region["startLine"], wrapped_region["endLine"], wrapped_region["endColumn"]) == (1, 2, 9)
    assert unused["ruleId"] == "unused-suppression" and unused["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert sarif_run["invocations"][0]["executionSuccessful"] is False
    assert "bad.txt" in sarif_run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_of_a_clean_run_and_of_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a b.txt").write_text("Saddam Hussein.\n", encoding="utf-8")
    log = json.loads(run("check", *HOUSE, "--format", "sarif", "a b.txt").stdout)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    (tmp_path / "a b.txt").write_text("Nadjaf.\n", encoding="utf-8")
    log = json.loads(run("check", *HOUSE, "--format", "sarif", "a b.txt").stdout)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.txt"


ESCAPES = table("github_escapes.csv")


def _decoded(cell: str) -> str:
    return cell.replace("\\n", "\n").replace("\\r", "\r").replace("\\x1b", "\x1b")


@pytest.mark.parametrize("case", ESCAPES, ids=[case["why"] for case in ESCAPES])
def test_github_escaping(case):
    assert escaped_message(_decoded(case["text"])) == case["message"]
    assert escaped_property(_decoded(case["text"])) == case["property"]


def test_github_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b.txt").write_text(TEXT, encoding="utf-8")
    lines = run("check", *HOUSE, "--format", "github", "a,b.txt").stdout.splitlines()
    assert lines[0].startswith("::warning file=a%2Cb.txt,line=1,col=1,endLine=1,endColumn=14,title=namecheck%3A write Saddam Hussein::")
    assert re.search(r"::Saddam Husayn -> Saddam Hussein \[saddam-hussein, phonetic, 0\.\d\d, unsafe fix\]$", lines[0])
    assert lines[1].startswith("::warning file=a%2Cb.txt,line=1,col=19,endLine=2,endColumn=9,")
    assert len(lines) == 2


@pytest.mark.parametrize("command,name", [(c, n) for c in (REPORT, DISCOVER) for n in formats_for(c)])
def test_document_formats(doc, command, name):
    result = run(command, *HOUSE, "--format", name, str(doc))
    assert result.exit_code == 0 and result.stdout.strip()
    if name == "json":
        json.loads(result.stdout)


@pytest.mark.parametrize("name", list(formats_for(MATCH)))
def test_match_formats(name):
    result = run("match", *HOUSE, "--format", name, "Nadjaf", "Iran")
    assert result.exit_code == 0 and "Nadjaf" in result.stdout


@pytest.mark.parametrize("name", list(formats_for(FIX)))
def test_fix_formats(doc, name):
    result = run("fix", *HOUSE, "--unsafe-fixes", "--format", name, str(doc))
    assert result.exit_code == 0
    assert "Saddam Hussein met Jalal\nTalabani" in doc.read_text(encoding="utf-8")
    if name == "json":
        assert json.loads(result.stdout)["summary"] == {"files_changed": 1, "errors": 0}
