"""Normalizing a corpus file: the same bytes from one process or several, records in order,
rejects numbered in the input and never dropped, and no output left behind by a failed run."""

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import corpus_lines
from namecheck import load_matcher, normalize_file
from namecheck.batch import normalize_line
from namecheck.batch_run import RunSettings, parse_size
from namecheck.cli import app

DATA = Path(__file__).parent / "data" / "normalize"
LEXICON = str(DATA / "lexicon.toml")


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([LEXICON], with_default=False)


@pytest.fixture(scope="module")
def lines(matcher):
    return corpus_lines(1500, matcher.lexicon, broken_every=211)


@pytest.fixture
def corpus(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def expected_rejects(lines) -> list[int]:
    return [number for number, raw in enumerate(lines, 1) if raw.startswith((b'{"id": "broken"', b"[", b'{"body": "\xff'))]


def test_several_processes_write_the_bytes_of_one(corpus, tmp_path, matcher):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = normalize_file(str(corpus), str(one), matcher, settings=RunSettings(partition_size=5000))
    second = normalize_file(str(corpus), str(two), matcher, settings=RunSettings(jobs=2, partition_size=5000))
    assert one.read_bytes() == two.read_bytes()
    assert first.tally == second.tally and first.tally.records > 1400


def test_records_keep_their_order_and_unchanged_ones_their_bytes(corpus, tmp_path, matcher, lines):
    out = tmp_path / "out.jsonl"
    result = normalize_file(str(corpus), str(out), matcher, settings=RunSettings(partition_size=7000))
    rejected = set(expected_rejects(lines))
    kept = [raw for number, raw in enumerate(lines, 1) if number not in rejected]
    written = out.read_bytes().splitlines(keepends=True)
    assert len(written) == len(kept)
    unchanged = 0
    for before, after in zip(kept, written):
        done = normalize_line(before.decode("utf-8"), matcher)
        assert after == done.text.encode("utf-8")
        if not done.annotations:
            assert after == before
            unchanged += 1
        else:
            assert json.loads(after)["id"] == json.loads(before)["id"]
    assert unchanged > 10 and result.tally.records == len(kept) - lines.count(b"\n")


def test_rejects_are_numbered_in_the_input_whatever_the_parts(corpus, tmp_path, matcher, lines):
    numbers = expected_rejects(lines)
    for size, jobs in ((3000, 1), (20000, 2)):
        rejects = tmp_path / f"rejects-{size}.jsonl"
        result = normalize_file(str(corpus), str(tmp_path / "o.jsonl"), matcher, rejects=str(rejects),
                                settings=RunSettings(jobs=jobs, partition_size=size))  # fmt: skip
        found = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
        assert [reject["line"] for reject in found] == numbers and result.tally.rejects == len(numbers)
        for reject in found:
            assert reject["error"] and lines[reject["line"] - 1].decode("utf-8", "backslashreplace").rstrip("\n") == reject["text"]


def test_rejects_go_beside_the_output_only_when_there_are_some(tmp_path, matcher):
    clean, dirty = tmp_path / "clean.jsonl", tmp_path / "dirty.jsonl"
    clean.write_text('{"body": "Nadjaf"}\n')
    dirty.write_text('{"body": "Nadjaf"}\n{oops\n')
    assert normalize_file(str(clean), str(tmp_path / "a.jsonl"), matcher).rejects_path is None
    result = normalize_file(str(dirty), str(tmp_path / "b.jsonl"), matcher)
    assert result.rejects_path == str(tmp_path / "b.jsonl.rejects.jsonl")
    assert json.loads(Path(result.rejects_path).read_text())["line"] == 2
    assert sorted(os.listdir(tmp_path)) == ["a.jsonl", "b.jsonl", "b.jsonl.rejects.jsonl", "clean.jsonl", "dirty.jsonl"]


def test_a_failed_run_leaves_no_output(corpus, tmp_path, matcher, monkeypatch):
    import namecheck.batch_run as batch_run

    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return normalize_line(*args)

    monkeypatch.setattr(batch_run, "normalize_line", failing)
    (tmp_path / "out.jsonl").write_bytes(b"old\n")
    with pytest.raises(RuntimeError):
        normalize_file(str(corpus), str(tmp_path / "out.jsonl"), matcher, rejects=str(tmp_path / "r.jsonl"))
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl"] and (tmp_path / "out.jsonl").read_bytes() == b"old\n"


@pytest.mark.parametrize(
    "text, size", [("64MB", 64_000_000), ("64MiB", 64 << 20), ("500k", 500_000), ("1048576", 1 << 20), ("1.5GB", 1_500_000_000)]
)
def test_sizes_are_read_with_their_units(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "12 parsecs", "0", "-5MB"])
def test_a_size_that_is_none_is_refused(text):
    with pytest.raises(ValueError, match="not a size"):
        parse_size(text)


def test_the_command_writes_the_output_and_a_summary(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "body": "Soudani in Nadjaf"}\n{"id": "b", "body": "calm"}\n[1]\n')
    result = CliRunner().invoke(app, ["normalize", str(source), "-o", str(tmp_path / "out.jsonl"),
                                      "--no-default-lexicon", "-l", LEXICON, "--json-id", "id"])  # fmt: skip
    assert result.exit_code == 1  # a record was rejected
    out = (tmp_path / "out.jsonl").read_text().splitlines()
    assert json.loads(out[0])["body"] == "Sudani in Najaf" and out[1] == '{"id": "b", "body": "calm"}'
    assert "2 record(s), 2 name(s), 1 record(s) changed, 1 rejected" in result.stderr
    assert "MB/s" in result.stderr and "out.jsonl.rejects.jsonl" in result.stderr


def test_the_command_refuses_to_write_over_its_input(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"body": "Soudani"}\n')
    result = CliRunner().invoke(app, ["normalize", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "is also an input" in result.stderr and source.read_text() == '{"body": "Soudani"}\n'


def test_the_command_names_an_unreadable_input(tmp_path):
    result = CliRunner().invoke(app, ["normalize", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2 and "missing.jsonl" in result.stderr and os.listdir(tmp_path) == []


def test_a_scheduler_without_the_dask_engine_is_refused(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"body": "Soudani"}\n')
    result = CliRunner().invoke(app, ["normalize", str(source), "-o", str(tmp_path / "o.jsonl"), "--scheduler", "tcp://h:1"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl"]
