"""config.py and `namecheck config`: keys, problems with file and line, where each setting comes
from, and how per-folder configurations combine in one run."""

import json
import tomllib

import pytest
from conftest import DATA, HOUSE_ONLY
from typer.testing import CliRunner

from namecheck.cli import app
from namecheck.config import KEYS, ConfigError, merged_settings, parse_config, with_accepted_spelling

PROBLEMS = tomllib.loads((DATA / "config_problems.toml").read_text(encoding="utf-8"))["case"]


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


@pytest.mark.parametrize("case", PROBLEMS, ids=[case["why"] for case in PROBLEMS])
def test_problems_name_the_file_and_line(case):
    with pytest.raises(ConfigError) as raised:
        parse_config(case["text"], case["file"])
    assert case["problem"] in str(raised.value)


def test_the_keys_are_spelled_as_documented():
    assert list(KEYS) == ["lexicons", "default-lexicon", "min-score", "exclude", "include", "accept", "format", "unsafe-fixes"]


def test_a_pyproject_without_the_table_is_no_configuration():
    assert parse_config('[project]\nname = "x"\n', "pyproject.toml") is None


def test_the_command_line_wins_and_extends_lists(tmp_path):
    config = parse_config('min-score = 0.8\nlexicons = ["desk.toml"]\naccept = ["Hewler Post"]\n', str(tmp_path / "namecheck.toml"))
    settings = merged_settings(config, {"min-score": 0.9, "lexicons": ["more.toml"], "unsafe-fixes": None}, str(tmp_path))
    assert settings["min-score"] == 0.9 and settings.sources["min-score"] == "command line"
    assert settings["lexicons"] == (str(tmp_path / "desk.toml"), "more.toml")
    assert settings.sources["lexicons"] == f"{tmp_path / 'namecheck.toml'}:2 + command line"
    assert settings["accept"] == ("Hewler Post",) and settings.sources["accept"] == f"{tmp_path / 'namecheck.toml'}:3"
    assert settings["unsafe-fixes"] is False and settings.sources["unsafe-fixes"] == "default"


def test_accepting_a_spelling_keeps_the_file_and_makes_the_table(tmp_path):
    kept = with_accepted_spelling('# desk settings\nmin-score = 0.8  # strict\n', "namecheck.toml", "Hewler Post")
    assert kept.startswith("# desk settings\nmin-score = 0.8  # strict\n")
    assert tomllib.loads(kept)["accept"] == ["Hewler Post"]
    pyproject = with_accepted_spelling('[project]\nname = "x"\n', "pyproject.toml", "Bagdad")
    assert tomllib.loads(pyproject)["tool"]["namecheck"]["accept"] == ["Bagdad"]
    assert with_accepted_spelling(kept, "namecheck.toml", "Hewler Post") == kept


@pytest.fixture
def desk(tmp_path):
    """A repository whose root and one sub-folder have configurations of their own."""
    (tmp_path / "namecheck.toml").write_text(
        f'default-lexicon = false\nlexicons = ["{HOUSE_ONLY}"]\naccept = ["Nadjaf"]\n', encoding="utf-8"
    )
    (tmp_path / "strict").mkdir()
    (tmp_path / "strict" / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.namecheck]\ndefault-lexicon = false\nlexicons = ["{HOUSE_ONLY}"]\nmin-score = 0.9\n',
        encoding="utf-8",
    )
    for folder in (tmp_path, tmp_path / "strict"):
        (folder / "a.txt").write_text("Nadjaf and Bassora.\n", encoding="utf-8")
    return tmp_path


def test_each_file_takes_the_configuration_above_it(desk, monkeypatch):
    monkeypatch.chdir(desk)
    records = [json.loads(line) for line in run("check", "--format", "jsonl", ".").stdout.splitlines()]
    found = {(record["path"], record["text"]) for record in records}
    # the root accepts Nadjaf; strict/ has its own configuration (no accept list, min-score 0.9: Nadjaf scores 0.91, Bassora 0.86)
    assert found == {("./a.txt", "Bassora"), ("./strict/a.txt", "Nadjaf")}


def test_command_line_options_win_over_every_file(desk, monkeypatch):
    monkeypatch.chdir(desk)
    records = [json.loads(line) for line in run("check", "--format", "jsonl", "--min-score", "0.75", ".").stdout.splitlines()]
    assert {(r["path"], r["text"]) for r in records} == {("./a.txt", "Bassora"), ("./strict/a.txt", "Nadjaf"), ("./strict/a.txt", "Bassora")}


def test_config_command_shows_each_setting_and_its_source(desk, monkeypatch):
    monkeypatch.chdir(desk)
    shown = run("config", "strict", "--unsafe-fixes").stdout.splitlines()
    assert shown[0] == f"# configuration: {desk / 'strict' / 'pyproject.toml'}"
    assert f"min-score       = 0.9  # {desk / 'strict' / 'pyproject.toml'}:7" in shown
    assert "unsafe-fixes    = true  # command line" in shown
    assert 'accept          = []  # default' in shown
    data = json.loads(run("config", "a.txt", "--json").stdout)
    assert data["config"] == str(desk / "namecheck.toml")
    assert {record["key"]: record["value"] for record in data["settings"]}["accept"] == ["Nadjaf"]


def test_a_bad_configuration_stops_the_run_before_any_output(desk, monkeypatch):
    monkeypatch.chdir(desk)
    (desk / "strict" / "namecheck.toml").write_text("min-score = 0.8\nacept = []\n", encoding="utf-8")
    result = run("check", ".")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{desk / 'strict' / 'namecheck.toml'}:2: unknown key 'acept'" in result.stderr


def test_the_configured_format_is_checked(desk, monkeypatch):
    monkeypatch.chdir(desk)
    (desk / "namecheck.toml").write_text(f'default-lexicon = false\nlexicons = ["{HOUSE_ONLY}"]\nformat = "jsonl"\n', encoding="utf-8")
    assert json.loads(run("check", "a.txt").stdout.splitlines()[0])["text"] == "Nadjaf"
    assert run("check", "--format", "text", "a.txt").stdout.startswith("a.txt:1:1:")
    (desk / "namecheck.toml").write_text('format = "yaml"\n', encoding="utf-8")
    result = run("check", "a.txt")
    assert result.exit_code == 2 and f"{desk / 'namecheck.toml'}:1: unknown format 'yaml'" in result.stderr
