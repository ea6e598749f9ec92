"""End-to-end tests of the command line, in process (CliRunner) and as the installed script."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HOUSE_ONLY
from typer.testing import CliRunner

from namecheck.cli import app

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
TEXT = "Saddam Husayn met Djalal Talabani in Nadjaf.\n"


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


def written(folder: Path, name: str, text: str) -> Path:
    """Return the path of a UTF-8 file `name` written in `folder` with `text`."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def doc(tmp_path):
    return written(tmp_path, "doc.txt", TEXT)


def test_check_exit_codes(tmp_path, doc):
    clean = tmp_path / "clean.txt"
    clean.write_text("Saddam Hussein met Jalal Talabani.\n", encoding="utf-8")
    assert run("check", *HOUSE, str(clean)).exit_code == 0
    assert run("check", *HOUSE, str(doc)).exit_code == 1
    assert run("check", *HOUSE, str(tmp_path / "missing.txt")).exit_code == 2
    assert run("check").exit_code == 2


def test_check_text_format_shows_location_change_and_underline(doc, house_only_matcher):
    result = run("check", *HOUSE, str(doc))
    first = result.stdout.splitlines()[:3]
    score = house_only_matcher.match("Saddam Husayn").score
    assert first[0] == f"{doc}:1:1: Saddam Husayn -> Saddam Hussein [saddam-hussein, phonetic, {score:.2f}]"
    assert first[1].strip() == TEXT.strip()
    assert first[2].strip() == "^" * len("Saddam Husayn")
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_check_jsonl_contract(doc):
    records = [json.loads(line) for line in run("check", *HOUSE, "--format", "jsonl", str(doc)).stdout.splitlines()]
    assert [r["text"] for r in records] == ["Saddam Husayn", "Djalal Talabani", "Nadjaf"]
    for record in records:
        assert list(record) == ["path", "line", "column", "start", "end", "text", "replacement", "entity", "entities", "kind", "score", "safe"]
        assert TEXT[record["start"] : record["end"]] == record["text"]
        assert record["path"] == str(doc)
    assert records[2]["column"] == TEXT.index("Nadjaf") + 1


def test_check_json_has_records_and_summary(doc):
    data = json.loads(run("check", *HOUSE, "--format", "json", str(doc)).stdout)
    assert len(data["findings"]) == 3
    assert data["summary"] == {"files": 1, "findings": 3, "errors": 0}


def test_check_reads_stdin():
    result = run("check", *HOUSE, "--format", "jsonl", "-", input=TEXT)
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0])["path"] == "-"


def test_check_walks_folders_and_reports_bad_files_but_goes_on(tmp_path, doc):
    (tmp_path / "bad.txt").write_bytes(b"Nadjaf \xff\xfe")
    result = run("check", *HOUSE, "--format", "jsonl", str(tmp_path))
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "not UTF-8" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_fix_rewrites_in_place(doc):
    assert run("fix", "--unsafe-fixes", *HOUSE, str(doc)).exit_code == 0
    assert doc.read_text(encoding="utf-8") == "Saddam Hussein met Jalal Talabani in Najaf.\n"


def test_fix_diff_writes_nothing(doc):
    result = run("fix", "--unsafe-fixes", *HOUSE, "--diff", str(doc))
    assert result.exit_code == 1
    assert "-Saddam Husayn met Djalal Talabani in Nadjaf." in result.stdout
    assert "+Saddam Hussein met Jalal Talabani in Najaf." in result.stdout
    assert doc.read_text(encoding="utf-8") == TEXT


def test_fix_stdin_to_stdout():
    result = run("fix", "--unsafe-fixes", *HOUSE, "-", input=TEXT)
    assert result.exit_code == 0
    assert result.stdout == "Saddam Hussein met Jalal Talabani in Najaf.\n"


def test_fix_refuses_undecodable_file_and_leaves_it_untouched(tmp_path, doc):
    bad = tmp_path / "latin1.txt"
    data = "Nadjaf caf\xe9\n".encode("latin-1")
    bad.write_bytes(data)
    result = run("fix", "--unsafe-fixes", *HOUSE, str(bad), str(doc))
    assert result.exit_code == 2
    assert "latin1.txt" in result.stderr
    assert bad.read_bytes() == data
    assert "Najaf" in doc.read_text(encoding="utf-8")  # the other file was still fixed


def test_match_jsonl_contract(house_only_matcher):
    result = run("match", *HOUSE, "--format", "jsonl", "Nadjaf", "Iran", "Jalal Talabani")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    score = round(house_only_matcher.match("Nadjaf").score, 4)
    assert records[0] == {
        "query": "Nadjaf", "entity": "najaf", "name": "Najaf", "kind": "phonetic", "score": score, "entities": ["najaf"], "ambiguous": False,
    }
    assert records[1] == {"query": "Iran", "entity": None, "name": None, "kind": None, "score": None, "entities": [], "ambiguous": False}
    assert records[2]["kind"] == "exact"


def test_match_reads_names_from_stdin():
    result = run("match", *HOUSE, "--format", "json", "-", input="Nadjaf\n\nKerbala\n")
    data = json.loads(result.stdout)
    assert [m["name"] for m in data["matches"]] == ["Najaf", "Karbala"]
    assert data["summary"] == {"queries": 2, "matched": 2}


def test_match_explain_shows_steps():
    out = run("match", *HOUSE, "--explain", "Iraqi").stdout
    assert "folded:     iraqi" in out
    assert "keys:       rk | ~IRK" in out
    assert "'Iraq' (name of iraq) score" in out and "a name plus a suffix is another name" in out
    assert "decision:   Iraqi: no match" in out


def test_min_score_option():
    assert json.loads(run("match", *HOUSE, "--format", "jsonl", "--min-score", "0.9", "Bassora").stdout)["entity"] is None


def test_lexicon_validate(tmp_path):
    assert run("lexicon", "validate").exit_code == 0
    broken = tmp_path / "broken.toml"
    broken.write_text('[lexicon]\nname = "b"\n[[entity]]\nid = "x"\nname = "Mesopotamia"\nvariants = ["Iraq"]\n', encoding="utf-8")
    result = run("lexicon", "validate", str(broken))
    assert result.exit_code == 1
    assert "broken.toml:3: [x] variant 'Iraq' is a house spelling of 'iraq'" in result.stderr


@pytest.mark.parametrize(
    "content, status, message",
    [
        (b'[lexicon]\nname = "x"\n# caf\xe9\n', 2, "bad.toml:3: lexicon is not UTF-8 text"),
        (b'[lexicon]\nname = "x"\na = ' + b"[" * 100_000 + b"\n", 1, "bad.toml: TOML nested too deeply"),
        (b'[lexicon]\nname = "x"\n' + b".".join([b"a"] * 100_000) + b" = 1\n", 1, "bad.toml:3: a key or table name of more than"),
        (b'[lexicon]\nname = 3\n[[entity]]\nid = "a"\nname = ["A"]\n', 1, "bad.toml:3: [a] 'name' must be a string, not an array"),
    ],
    ids=["not UTF-8", "nested arrays", "dotted key", "wrong types"],
)
def test_lexicon_faults_are_reported_without_a_traceback(tmp_path, content, status, message):
    (tmp_path / "bad.toml").write_bytes(content)
    for command in (["lexicon", "validate", "--no-default-lexicon"], ["match", "--no-default-lexicon", "--lexicon"]):
        result = run(*command, str(tmp_path / "bad.toml"), *(["Najaf"] if command[0] == "match" else []))
        assert result.exit_code == (status if command[0] == "lexicon" else 2)
        assert message in result.stderr and "Traceback" not in result.stderr


def test_an_empty_lexicon_folder_is_an_error(tmp_path, doc):
    empty = tmp_path / "lexicons"
    empty.mkdir()
    result = run("check", "--lexicon", str(empty), str(doc))
    assert result.exit_code == 2 and f"{empty}: no lexicon files" in result.stderr


def test_broken_lexicon_makes_check_fail_with_a_message(tmp_path, doc):
    broken = tmp_path / "broken.toml"
    broken.write_text("[lexicon\n", encoding="utf-8")
    result = run("check", "--lexicon", str(broken), str(doc))
    assert result.exit_code == 2
    assert "TOML syntax error" in result.stderr and "Traceback" not in result.stderr


def test_installed_script_and_module_run_with_the_default_lexicon(tmp_path):
    # Run outside the source tree, so the installed package must find its own lexicon.
    doc = tmp_path / "story.txt"
    doc.write_text("The Hachd al-Chaabi met in Nadjaf.\n", encoding="utf-8")
    script = Path(sys.executable).with_name("namecheck")
    for command in ([str(script)], [sys.executable, "-m", "namecheck"]):
        result = subprocess.run([*command, "check", str(doc)], capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "Hachd al-Chaabi -> Hashd al-Shaabi" in result.stdout


def test_text_format_shows_a_window_of_a_long_line(tmp_path):
    doc = tmp_path / "long.txt"
    line = "word " * 60 + "Nadjaf" + " tail" * 60
    doc.write_text(line + "\n", encoding="utf-8")
    shown, underline = run("check", *HOUSE, str(doc)).stdout.splitlines()[1:3]
    assert len(shown) < 120 and shown.strip().startswith("…") and shown.endswith("…")
    assert shown[underline.index("^") : underline.index("^") + 6] == "Nadjaf"
    assert underline.strip() == "^" * 6


def test_match_explain_of_a_multi_word_name_lists_parts_and_candidates():
    out = run("match", "--explain", "Abou Mehdi el-Mouhandis").stdout
    assert "part:       el- mouhandis  units [m ou h a n d i s]  key mhnds" in out
    assert "candidate:  'Abu Mahdi al-Muhandis' (name of abu-mahdi-al-muhandis)" in out
    assert "decision:   Abou Mehdi el-Mouhandis -> Abu Mahdi al-Muhandis" in out


def test_min_score_on_check_and_fix(doc):
    from namecheck.api import load_matcher

    names = ("Saddam Husayn", "Djalal Talabani", "Nadjaf")
    for cut in ("0.85", "0.9", "0.91", "0.92", "0.95"):
        strict_matcher = load_matcher([str(HOUSE_ONLY)], with_default=False, threshold=float(cut))
        expected = [name for name in names if strict_matcher.match(name)]
        if 0 < len(expected) < len(names):
            break
    assert 0 < len(expected) < len(names)  # some cut falls between the scores
    strict = run("check", *HOUSE, "--format", "jsonl", "--min-score", cut, str(doc))
    assert [json.loads(line)["text"] for line in strict.stdout.splitlines()] == expected
    run("fix", "--unsafe-fixes", *HOUSE, "--min-score", cut, str(doc))
    fixed = doc.read_text(encoding="utf-8")
    assert [name in fixed for name in names] == [name not in expected for name in names]


DESK = """[lexicon]
name = "desk"
as-of = 2026-11-01

[[entity]]
id = "mohammed-shia-al-sudani"
name = "Mohamed Chia al-Soudani"
aliases = ["al-Soudani", "Soudani"]

[[entity]]
id = "hama"
disabled = true
"""


@pytest.fixture
def desk(tmp_path):
    return written(tmp_path, "desk.toml", DESK)


def test_a_desk_lexicon_restates_house_spellings_for_check_and_fix(tmp_path, desk):
    story = written(tmp_path, "story.txt", "Mohammed Shia al-Sudani met Mohamed Chia al-Soudani; Sudani and al-Sudani spoke in Hamah.\n")
    assert "Hamah" in run("check", str(story)).stdout  # a variant of the default lexicon's Hama, which the desk turns off
    result = run("check", "--lexicon", str(desk), "--format", "jsonl", str(story))
    found = [(record["text"], record["replacement"], record["kind"]) for record in map(json.loads, result.stdout.splitlines())]
    assert found == [
        ("Mohammed Shia al-Sudani", "Mohamed Chia al-Soudani", "variant"),
        ("Sudani", "Soudani", "variant"),
        ("al-Sudani", "al-Soudani", "variant"),
    ]
    assert run("fix", "--lexicon", str(desk), str(story)).exit_code == 0
    expected = "Mohamed Chia al-Soudani met Mohamed Chia al-Soudani; Soudani and al-Soudani spoke in Hamah.\n"
    assert story.read_text(encoding="utf-8") == expected
    assert run("check", "--lexicon", str(desk), str(story)).exit_code == 0


def test_lexicon_show_prints_each_field_with_its_file(desk):
    result = run("lexicon", "show", "mohammed-shia-al-sudani", str(desk))
    assert result.exit_code == 0
    lines = {line.split()[0] + " " + line.split()[1]: line for line in result.stdout.splitlines()[1:-1]}
    assert lines["name Mohamed"].endswith(str(desk)) and lines["alias Soudani"].endswith(str(desk))
    assert lines["type person"].endswith("iraq.toml") and lines["variant Sudani"].endswith("iraq.toml")
    assert lines["disabled no"].endswith("(default)")
    assert result.stdout.splitlines()[-1].endswith("desk.toml:5")
    record = json.loads(run("lexicon", "show", "--format", "json", "hama", str(desk)).stdout)
    assert (record["disabled"], record["files"]["disabled"], record["files"]["name"].endswith("syria.toml")) == (True, str(desk), True)
    assert [place["file"] for place in record["stated"]][-1] == str(desk)


def test_lexicon_show_of_an_unknown_id_exits_2():
    result = run("lexicon", "show", "no-such-entity")
    assert result.exit_code == 2 and "no entity 'no-such-entity'" in result.stderr


def test_match_says_a_spelling_homonyms_share_is_ambiguous(tmp_path):
    lexicon = tmp_path / "tripolis.toml"
    lexicon.write_text(
        '[lexicon]\nname = "x"\n'
        '[[entity]]\nid = "tripoli-lebanon"\nname = "Tripoli"\nvariants = ["Trablous"]\n'
        '[[entity]]\nid = "tripoli-libya"\nname = "Tripoli"\nvariants = ["Trablous", "Tarabulus"]\n',
        encoding="utf-8",
    )
    chosen = ("--no-default-lexicon", "--lexicon", str(lexicon))
    records = [json.loads(line) for line in run("match", *chosen, "--format", "jsonl", "Tripoli", "Tarabulus").stdout.splitlines()]
    assert [(r["entity"], r["entities"], r["ambiguous"]) for r in records] == [
        ("tripoli-lebanon", ["tripoli-lebanon", "tripoli-libya"], True),
        ("tripoli-libya", ["tripoli-libya"], False),
    ]
    assert "ambiguous: tripoli-lebanon, tripoli-libya" in run("match", *chosen, "Trablous").stdout
