"""Acceptance over the two real seed articles (skipped where they are not present)."""

import json
import shutil

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from namecheck.cli import app

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not present")

MUST_FLAG = {
    ("Mohamed Chia al-Soudani", "Mohammed Shia al-Sudani"),
    ("Soudani", "Sudani"),
    ("Abu Mehdi al-Mouhandis", "Abu Mahdi al-Muhandis"),
    ("Mouhandis", "Muhandis"),
    ("Hachd al-Chaabi", "Hashd al-Shaabi"),
}
# The caption writes the ayn of Shia' which the house spelling leaves out.
MAY_FLAG = {("Mohammed Shia' al-Sudani", "Mohammed Shia al-Sudani")}
NEVER_FLAG = """Trump; Kamala Harris; Iraq; Iraqi; Iran; Baghdad; Washington; Israel; Hamas; Hezbollah;
Lebanon; Gaza; Kurdistan; Erbil; Sudani; al-Sudani; Islamic State; ISIS; Quds Force; Middle East;
September; Friday; Comments""".replace("\n", " ").split("; ")


def seed_files():
    return sorted(str(path) for path in SEEDS.glob("*.txt"))


def check_records(*paths):
    result = CliRunner().invoke(app, ["check", "--format", "jsonl", *paths])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_seed_findings_are_exactly_the_french_romanizations():
    found = {(r["text"], r["replacement"]) for r in check_records(*seed_files())}
    assert MUST_FLAG <= found
    assert found <= MUST_FLAG | MAY_FLAG
    assert not {text for text, _ in found} & {word.strip() for word in NEVER_FLAG}


def _as_crlf_with_bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.mark.parametrize("variant", ["as-is", "crlf-bom"])
def test_fix_changes_exactly_the_flagged_spans(tmp_path, variant):
    copies = []
    for source in seed_files():
        data = open(source, "rb").read()
        target = tmp_path / (variant + "-" + source.rsplit("/", 1)[-1])
        target.write_bytes(data if variant == "as-is" else _as_crlf_with_bom(data))
        copies.append(str(target))
    expected = {}
    for path in copies:
        raw = open(path, "rb").read()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8")[1 if bom else 0 :]
        for record in sorted(check_records(path), key=lambda r: -r["start"]):
            assert text[record["start"] : record["end"]] == record["text"]
            text = text[: record["start"]] + record["replacement"] + text[record["end"] :]
        expected[path] = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    result = CliRunner().invoke(app, ["fix", "--unsafe-fixes", *copies])
    assert result.exit_code == 0, result.output
    for path in copies:
        assert open(path, "rb").read() == expected[path]
    assert check_records(*copies) == []


def test_seed_copy_is_left_alone_when_clean(tmp_path):
    for source in seed_files():
        shutil.copyfile(source, tmp_path / source.rsplit("/", 1)[-1])  # the content, not the read-only mode
    CliRunner().invoke(app, ["fix", "--unsafe-fixes", str(tmp_path)])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = CliRunner().invoke(app, ["fix", "--unsafe-fixes", str(tmp_path)])
    assert result.exit_code == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
