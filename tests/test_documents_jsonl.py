"""The JSONL reader: string values at the chosen fields as regions, escapes mapped whole, bad lines
reported in place, and the same regions whether a file is read whole or in safe_cut pieces."""

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from namecheck.api import check_text, fix_text, scan_text
from namecheck.cli import app
from namecheck.documents import FORMAT_NAMES, DocumentProblem, ReadOptions, Region, format_of, jsonl, text_formats
from namecheck.documents.regions import ESCAPE_JSON, ESCAPE_JSON_ASCII, escaped
from namecheck.pipeline import chunks_of, scan_chunks

FIXTURES = Path(__file__).parent / "data" / "documents" / "jsonl"
RECORDS = (FIXTURES / "records.jsonl").read_bytes().decode("utf-8")
EXPECTED = tomllib.loads((FIXTURES / "regions.toml").read_text(encoding="utf-8"))
CASES = EXPECTED["case"]
CASE_IDS = [case["name"] for case in CASES]
CHECK = tomllib.loads((FIXTURES / "check.toml").read_text(encoding="utf-8"))
CHECK_OPTIONS = ReadOptions(json_fields=tuple(CHECK["options"]["json_fields"]), json_id=CHECK["options"]["json_id"])
FIXED = (FIXTURES / "records.fixed.jsonl").read_bytes().decode("utf-8")


def options_of(case: dict) -> ReadOptions:
    return ReadOptions(json_fields=tuple(case["json_fields"]), json_id=case.get("json_id"))


def regions_of(text: str, options: ReadOptions) -> list[Region]:
    return [item for item in jsonl.regions(text, options) if isinstance(item, Region)]


def line_start(text: str, line: int) -> int:
    """Offset where 1-based `line` starts."""
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    return starts[line - 1]


def read_in_pieces(text: str, options: ReadOptions, block: int) -> list:
    """Read `text` as a file is read: blocks of `block` characters, each cut where safe_cut says."""
    items, done, first_line, buffer = [], 0, 0, ""
    for at in range(0, len(text), block):
        buffer += text[at : at + block]
        cut = jsonl.safe_cut(buffer, final=at + block >= len(text))
        piece, buffer = buffer[:cut], buffer[cut:]
        for item in jsonl.regions(piece, replace(options, first_line=first_line)):
            items.append(item.shifted(done) if isinstance(item, Region) else item._replace(offset=item.offset + done))
        done += cut
        first_line += piece.count("\n")
    return items


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_regions_are_the_expected_ones(case):
    found = [
        {"record": region.record, "field": region.field, "escape": region.escape, "text": region.text}
        for region in regions_of(RECORDS, options_of(case))
    ]
    assert found == case["regions"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_every_piece_maps_into_its_string_literal(case):
    for region in regions_of(RECORDS, options_of(case)):
        inside = RECORDS[region.start : region.end]
        assert (RECORDS[region.start - 1], RECORDS[region.end]) == ('"', '"') and "\n" not in inside
        assert json.loads(f'"{inside}"') == region.text
        reader_at, source_at = 0, region.start
        for piece in region.pieces:
            assert (piece.at, piece.source) == (reader_at, source_at)
            source = RECORDS[piece.source : piece.source + piece.source_length]
            reader = region.text[piece.at : piece.at + piece.length]
            if piece.literal:
                assert source == reader and "\\" not in source
            else:
                assert source.startswith("\\") and json.loads(f'"{source}"') == reader
            reader_at, source_at = piece.at + piece.length, piece.source + piece.source_length
        assert reader_at == len(region.text)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_bad_line_is_reported_in_its_place(case):
    items = list(jsonl.regions(RECORDS, options_of(case)))
    problems = [(index, item) for index, item in enumerate(items) if isinstance(item, DocumentProblem)]
    expected = [(line_start(RECORDS, problem["line"]), problem["message"]) for problem in EXPECTED["problem"]]
    assert [(problem.offset, problem.message) for _, problem in problems] == expected
    for index, problem in problems:
        assert all(item.start < problem.offset for item in items[:index])
        assert all(item.start > problem.offset for item in items[index + 1 :])


@pytest.mark.parametrize("block", [1, 5, 64, 300, 100_000])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_pieces_cut_by_safe_cut_read_as_the_whole_file(case, block):
    options = options_of(case)
    assert read_in_pieces(RECORDS, options, block) == list(jsonl.regions(RECORDS, options))


@pytest.mark.parametrize(
    "buffer, final, cut",
    [
        ("", False, 0),
        ('{"a": "b"}', False, 0),
        ('{"a": "b"}', True, 10),
        ('{"a": "b"}\n{"c": ', False, 11),
        ('{"a": "b"}\r\n{"c": "d"}\r\n', False, 24),
        ('{"a": "b"}\r\n{"c": "d"}\r', False, 12),
        ("\n\n", False, 2),
    ],
)
def test_safe_cut_ends_at_the_last_line_break(buffer, final, cut):
    assert jsonl.safe_cut(buffer, final) == cut


@pytest.mark.parametrize(
    "line, regions",
    [
        ('["Nadjaf", {"x": "Arbil"}, 3]', [("0", "Nadjaf"), ("1.x", "Arbil")]),
        ('"Nadjaf"', [("", "Nadjaf")]),
        ('{"a": {}, "b": [], "c": [[], ["Irbil"]], "d": null}', [("c.1.0", "Irbil")]),
        ('{"a": "ends with a backslash \\\\", "b": "Arbil"}', [("a", "ends with a backslash \\"), ("b", "Arbil")]),
        ('{"a\\"b": "v", "c,d": "w", "e": "x:y"}', [('a"b', "v"), ("c,d", "w"), ("e", "x:y")]),
        ('{"a": "\\\\u00ed is not an escape"}', [("a", "\\u00ed is not an escape")]),
        ('{"a": "", "b": 1e-3, "c": true}', []),
        ("  \t ", []),
    ],
)
def test_fields_and_texts_of_odd_records(line, regions):
    assert [(region.field, region.text) for region in regions_of(line, ReadOptions())] == regions


@pytest.mark.parametrize(
    "line, json_id, record",
    [
        ('{"id": "Soudani-2024", "t": "x"}', "id", "Soudani-2024"),
        ('{"id": 12, "t": "x"}', "id", "12"),
        ('{"id": -1.50e3, "t": "x"}', "id", "-1.50e3"),
        ('{"id": true, "t": "x"}', "id", "true"),
        ('{"id": null, "t": "x"}', "id", "7"),
        ('{"id": ["a"], "t": "x"}', "id", "7"),
        ('{"id": {"n": 4}, "t": "x"}', "id.n", "4"),
        ('{"t": "x"}', "id", "7"),
        ('{"id": "a", "t": "x"}', None, "7"),
    ],
)
def test_a_record_is_named_by_its_id_or_line_number(line, json_id, record):
    options = ReadOptions(json_fields=("t",), json_id=json_id, first_line=7)
    assert [region.record for region in regions_of(line, options)] == [record]


def test_the_id_field_is_read_when_a_field_names_it():
    line = '{"id": "Nadjaf-1", "t": "Irbil"}'
    every = regions_of(line, ReadOptions(json_id="id"))
    chosen = regions_of(line, ReadOptions(json_fields=("id",), json_id="id"))
    assert [(r.record, r.field, r.text) for r in every + chosen] == [("Nadjaf-1", "t", "Irbil"), ("Nadjaf-1", "id", "Nadjaf-1")]


def test_an_id_field_is_left_alone_unless_told_otherwise(tmp_path):
    line = '{"id": "Soudani-visit", "t": "Soudani"}\n'
    assert [(r.record, r.field) for r in regions_of(line, ReadOptions())] == [("Soudani-visit", "t")]
    assert [(r.record, r.field) for r in regions_of(line, ReadOptions(json_id=""))] == [("0", "id"), ("0", "t")]
    path = tmp_path / "records.jsonl"
    path.write_text(line, encoding="utf-8")
    assert CliRunner().invoke(app, ["fix", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == '{"id": "Soudani-visit", "t": "Sudani"}\n'


def test_a_name_with_an_escaped_letter_maps_to_whole_escapes():
    region = next(r for r in regions_of(RECORDS, ReadOptions()) if r.text == "Soudaní Press")
    start, end = region.source_span(0, len("Soudaní"))
    assert RECORDS[start:end] == "Soudan\\u00ed"
    assert region.source_span(0, len("Soudan")) is not None and region.source_span(6, 7) is not None
    assert (escaped("Sudaní", region.escape), escaped("Sudaní", ESCAPE_JSON)) == ("Sudan\\u00ed", "Sudaní")
    assert region.escape == ESCAPE_JSON_ASCII


def test_the_format_is_registered():
    assert text_formats()["jsonl"] is jsonl and "jsonl" in FORMAT_NAMES
    assert [format_of(path) for path in ("a.jsonl", "b.NDJSON", "c.json")] == ["jsonl", "jsonl", "text"]


def test_check_finds_the_expected_names_with_their_record_and_field(default_matcher):
    findings = check_text(RECORDS, default_matcher, "records.jsonl", format="jsonl", options=CHECK_OPTIONS)
    keys = ("line", "column", "text", "replacement", "record", "field")
    assert [{key: getattr(finding, key) for key in keys} for finding in findings] == CHECK["finding"]
    assert all(RECORDS[finding.start : finding.end] == finding.text and finding.fixable for finding in findings)
    problems = [problem for result in scan_text(RECORDS, default_matcher, "records.jsonl", "jsonl", CHECK_OPTIONS) for problem in result.problems]
    assert problems == CHECK["problems"]


def test_fix_rewrites_the_names_and_nothing_else(default_matcher):
    fixed = fix_text(RECORDS, default_matcher, format="jsonl", options=CHECK_OPTIONS)
    assert fixed == FIXED
    assert fix_text(fixed, default_matcher, format="jsonl", options=CHECK_OPTIONS) == fixed


@pytest.mark.parametrize("chunk_size", [1, 40, 400])
def test_small_chunks_give_the_same_findings_and_fix(default_matcher, chunk_size):
    options = ReadOptions()  # records named by their line: each chunk must know where it starts
    whole = list(scan_text(RECORDS, default_matcher, "records.jsonl", "jsonl", options))
    blocks = [RECORDS[at : at + chunk_size] for at in range(0, len(RECORDS), chunk_size)]
    pieces = list(scan_chunks(chunks_of(blocks, jsonl, chunk_size), jsonl, default_matcher, "records.jsonl", options))
    assert len(pieces) > 1
    assert [f for r in pieces for f in r.findings] == [f for r in whole for f in r.findings]
    assert [p for r in pieces for p in r.problems] == [p for r in whole for p in r.problems]
    assert "".join(r.fixed_text() for r in pieces) == "".join(r.fixed_text() for r in whole)


def test_command_line_fix_of_a_jsonl_file(tmp_path):
    path = tmp_path / "records.ndjson"
    path.write_bytes(RECORDS.encode("utf-8"))
    options = [option for field in CHECK_OPTIONS.json_fields for option in ("--json-field", field)]
    result = CliRunner().invoke(app, ["fix", str(path), *options, "--json-id", CHECK_OPTIONS.json_id])
    assert result.exit_code == 2  # the bad line is an input error; the file is fixed all the same
    assert "records.ndjson: line 5: not valid JSON" in result.output
    assert path.read_bytes() == FIXED.encode("utf-8")


def test_a_record_knows_the_surnames_it_names_and_only_those():
    from namecheck.api import load_matcher

    matcher = load_matcher([str(Path(__file__).parent / "data" / "surnames_not_places.toml")], with_default=False)
    records = "".join(
        json.dumps({"id": n, "text": text}) + "\n"
        for n, text in enumerate(["Saeed Jalili lost. Jalili said he would run again.", "Jalili was quiet."], 1)
    )
    findings = check_text(records, matcher, "records.jsonl", format="jsonl")
    # the first record names the man before his surname stands alone; the second names nobody
    assert [(finding.record, finding.text) for finding in findings] == [("2", "Jalili")]
