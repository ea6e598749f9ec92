"""selection.py and the walk: .gitignore files (in a git repository or not), exclude and include
globs, and files whose content is not text."""

import os
import subprocess

import pytest
from conftest import HOUSE_ONLY
from typer.testing import CliRunner

from namecheck.cli import app
from namecheck.config import Globs
from namecheck.files import binary_content, walk_paths
from namecheck.selection import IgnoreFiles, matches

HOUSE = ["--no-default-lexicon", "--lexicon", str(HOUSE_ONLY)]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def _tree(root, files: dict) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _checked(root, *args) -> tuple[list[str], object]:
    result = CliRunner().invoke(app, ["check", *HOUSE, "--format", "jsonl", *args, str(root)])
    return sorted({os.path.relpath(line.split('"path": "')[1].split('"')[0], root) for line in result.stdout.splitlines()}), result


TREE = {
    ".gitignore": "build/\n*.bak\n!keep.bak\n/top.txt\n",
    "a.txt": "Nadjaf.\n",
    "top.txt": "Nadjaf.\n",
    "old.bak": "Nadjaf.\n",
    "keep.bak": "Nadjaf.\n",
    "build/out.txt": "Nadjaf.\n",
    "docs/top.txt": "Nadjaf.\n",
    "docs/.gitignore": "*.txt\n!b.txt\n",
    "docs/b.txt": "Nadjaf.\n",
    "docs/c.txt": "Nadjaf.\n",
}
TAKEN = ["a.txt", "docs/b.txt", "keep.bak"]


@pytest.mark.parametrize("repository", [True, False], ids=["in a git repository", "not in one"])
def test_gitignore_files_are_honoured(tmp_path, repository):
    _tree(tmp_path, TREE)
    if repository:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    taken, result = _checked(tmp_path)
    assert taken == TAKEN and result.exit_code == 1


def test_gitignore_files_above_the_walked_folder_count_in_a_repository(tmp_path):
    _tree(tmp_path, {".gitignore": "drafts/\n", "desk/drafts/x.txt": "Nadjaf.\n", "desk/y.txt": "Nadjaf.\n"})
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("y.txt\n", encoding="utf-8")
    assert _checked(tmp_path / "desk")[0] == []
    (tmp_path / ".gitignore").write_text("drafts/\n!y.txt\n", encoding="utf-8")  # .gitignore outranks info/exclude
    assert _checked(tmp_path / "desk")[0] == ["y.txt"]


def test_a_file_named_on_the_command_line_is_taken_even_when_ignored(tmp_path):
    _tree(tmp_path, TREE)
    result = CliRunner().invoke(app, ["check", *HOUSE, str(tmp_path / "old.bak")])
    assert result.exit_code == 1


def test_exclude_and_include_globs(tmp_path, monkeypatch):
    _tree(tmp_path, {"a.txt": "Nadjaf.\n", "b.md": "Nadjaf.\n", "drafts/c.txt": "Nadjaf.\n", "n/drafts/d.txt": "Nadjaf.\n"})
    monkeypatch.chdir(tmp_path)
    assert _checked(tmp_path, "--exclude", "drafts/")[0] == ["a.txt", "b.md"]
    assert _checked(tmp_path, "--exclude", "/drafts")[0] == ["a.txt", "b.md", "n/drafts/d.txt"]
    assert _checked(tmp_path, "--include", "*.txt")[0] == ["a.txt", "drafts/c.txt", "n/drafts/d.txt"]
    (tmp_path / "namecheck.toml").write_text('exclude = ["n/"]\ninclude = ["*.txt"]\n', encoding="utf-8")
    assert _checked(tmp_path)[0] == ["a.txt", "drafts/c.txt"]
    assert _checked(tmp_path, "--include", "*.md")[0] == ["b.md"]  # the command line's include replaces the file's
    assert _checked(tmp_path, "--exclude", "drafts/")[0] == ["a.txt"]  # its exclude adds to the file's


def test_a_named_file_that_is_excluded_is_left_out_and_said_so_with_verbose(tmp_path, monkeypatch):
    _tree(tmp_path, {"namecheck.toml": 'exclude = ["*.bak"]\n', "x.bak": "Nadjaf.\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", *HOUSE, "-v", "x.bak"])
    assert result.exit_code == 0 and "x.bak: excluded by '*.bak': left out" in result.stderr


def test_binary_files_in_a_walk_are_skipped_with_a_note_and_change_no_status(tmp_path):
    _tree(tmp_path, {"a.txt": "Nadjaf.\n", "photo.jpg.txt": PNG, "noise": bytes(range(1, 32)) * 40})
    taken, result = _checked(tmp_path)
    assert taken == ["a.txt"] and result.exit_code == 1
    notes = [line for line in result.stderr.splitlines() if line.startswith("namecheck: note:")]
    assert notes == [
        f"namecheck: note: {tmp_path / 'noise'}: binary content (control bytes), not text: skipped",
        f"namecheck: note: {tmp_path / 'photo.jpg.txt'}: binary content (a NUL byte), not text: skipped",
    ]
    assert "skipped" not in CliRunner().invoke(app, ["check", *HOUSE, "-q", str(tmp_path)]).stderr


def test_text_that_is_not_utf8_is_still_read_and_reported(tmp_path):
    _tree(tmp_path, {"latin1.txt": "Nadjaf caf\xe9 au lait.\n".encode("latin-1")})
    assert binary_content(str(tmp_path / "latin1.txt")) is None
    assert CliRunner().invoke(app, ["check", *HOUSE, str(tmp_path)]).exit_code == 2


def test_a_word_document_is_not_taken_for_binary(tmp_path):
    _tree(tmp_path, {"story.docx": b"PK\x03\x04\x00\x00" + bytes(100)})
    walk = walk_paths([str(tmp_path)], binary_suffixes=(".docx",))
    assert walk.files == (str(tmp_path / "story.docx"),) and walk.skipped == ()


def test_deeper_gitignore_wins_and_folders_match_with_a_slash(tmp_path):
    ignore = IgnoreFiles()
    ignore.add(str(tmp_path), "*.txt\nbuild/\n")
    ignore.add(str(tmp_path / "a"), "!keep.txt\n")
    assert ignore.ignored(str(tmp_path / "a" / "x.txt"), False)
    assert not ignore.ignored(str(tmp_path / "a" / "keep.txt"), False)
    assert ignore.ignored(str(tmp_path / "build"), True) and not ignore.ignored(str(tmp_path / "build"), False)
    assert matches((Globs(str(tmp_path), ("*.md",)),), str(tmp_path / "x" / "y.md"), False) == "*.md"
