"""End to end, as the README documents it: a repository of 1,000 Markdown articles with a
.gitignore, a configuration and two suppression comments, checked, fixed and checked again."""

import json
import subprocess

import pytest
from typer.testing import CliRunner

from namecheck.cli import app

ARTICLES = 1000
PLAIN = (
    "# Briefing {n}\n\nPrime Minister Mohammed Shia al-Sudani met officials in Baghdad on day {n}.\n\n"
    "The Hashd al-Shaabi said its units in Najaf stayed in place.\n"
)
# article number -> (its text, the findings check reports in it as (line, text))
PLANTED = {
    7: ("# Briefing 7\n\nMohamed Chia al-Soudani spoke in Baghdad.\n", [(3, "Mohamed Chia al-Soudani")]),
    99: ("# Briefing 99\n\nThe Hachd al-Chaabi met in Najaf.\n\nMohamed Chia el-Soudani left.\n", [(3, "Hachd al-Chaabi"), (5, "Mohamed Chia el-Soudani")]),
    # the accept list takes the outlet's name, not the city's spelling alone
    412: ("# Briefing 412\n\nThe Hewler Post reported it from Hewler.\n", [(3, "Hewler")]),
    # suppression one: a quotation on its line
    500: ("# Briefing 500\n\n> \"Mohamed Chia al-Soudani\", the poster read. <!-- namecheck: ignore -->\n", []),
    # suppression two: a region
    777: (
        "# Briefing 777\n\n<!-- namecheck: off -->\n\nHachd al-Chaabi, as the 2014 leaflet spelled it.\n\n"
        "<!-- namecheck: on -->\n\nThe Hachd al-Chaabi today.\n",
        [(9, "Hachd al-Chaabi")],
    ),
}
CONFIG = 'accept = ["Hewler Post"]\nexclude = ["archive/"]\n'


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    root = tmp_path_factory.mktemp("newsroom")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("drafts/\n*.tmp.md\n", encoding="utf-8")
    (root / "namecheck.toml").write_text(CONFIG, encoding="utf-8")
    articles = root / "articles"
    articles.mkdir()
    for n in range(ARTICLES):
        text = PLANTED.get(n, (PLAIN.format(n=n), []))[0]
        (articles / f"{n:04}.md").write_text(text, encoding="utf-8")
    (articles / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (articles / "0001.tmp.md").write_text("Mohamed Chia al-Soudani.\n", encoding="utf-8")  # ignored by .gitignore
    for folder in ("drafts", "archive"):  # ignored by .gitignore, excluded by the configuration
        (root / folder).mkdir()
        (root / folder / "old.md").write_text("Mohamed Chia al-Soudani.\n", encoding="utf-8")
    return root


def _check(root, monkeypatch, *args):
    monkeypatch.chdir(root)
    return CliRunner().invoke(app, ["check", "--format", "jsonl", *args, "."])


def test_check_reports_what_the_readme_says(newsroom, monkeypatch):
    result = _check(newsroom, monkeypatch)
    found = sorted((record["path"], record["line"], record["text"]) for record in map(json.loads, result.stdout.splitlines()))
    expected = sorted((f"./articles/{n:04}.md", line, text) for n, (_, findings) in PLANTED.items() for line, text in findings)
    assert found == expected
    assert result.exit_code == 1  # the image is skipped with a note and changes nothing
    assert result.stderr.splitlines() == [
        "namecheck: note: ./articles/photo.png: binary content (a NUL byte), not text: skipped",
    ]


def test_unused_suppressions_are_none_and_fix_then_check_is_clean(newsroom, monkeypatch):
    assert "unused-suppression" not in _check(newsroom, monkeypatch, "--report-unused-suppressions").stdout
    fixed = CliRunner().invoke(app, ["fix", "."])
    assert fixed.exit_code == 1 and "1 unsafe fix(es) not applied" in fixed.stderr  # the phonetic guess
    assert (newsroom / "articles" / "0007.md").read_text(encoding="utf-8") == "# Briefing 7\n\nMohammed Shia al-Sudani spoke in Baghdad.\n"
    left = [json.loads(line) for line in _check(newsroom, monkeypatch).stdout.splitlines()]
    assert [(r["path"], r["text"], r["safe"]) for r in left] == [("./articles/0099.md", "Mohamed Chia el-Soudani", False)]
    assert CliRunner().invoke(app, ["fix", "--unsafe-fixes", "."]).exit_code == 0
    assert _check(newsroom, monkeypatch).exit_code == 0
    assert "Mohamed Chia al-Soudani" in (newsroom / "drafts" / "old.md").read_text(encoding="utf-8")  # never touched
