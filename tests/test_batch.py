"""Records normalized: chosen values rewritten through fix's pipeline, annotations with spans in
the value as read and as written, records without names byte for byte as read, and the same
answers for a JSON line and for the dict it holds."""

import json
import tomllib
from pathlib import Path

import pytest

from corpus import corpus_lines
from namecheck import load_matcher, normalize_records
from namecheck.api import fix_text
from namecheck.batch import BatchOptions, normalize_line, normalize_record, top_level_value_span
from namecheck.documents import ReadOptions

DATA = Path(__file__).parent / "data" / "normalize"
CASES = tomllib.loads((DATA / "lines.toml").read_text(encoding="utf-8"))["case"]


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([str(DATA / "lexicon.toml")], with_default=False)


def options_of(case: dict) -> BatchOptions:
    return BatchOptions(tuple(case.get("fields", ())), case.get("json_id"))


def annotation_text(annotation: dict) -> str:
    a = annotation
    return f"{a['field']} {a['start']} {a['end']} {a['text']} => {a['house']} {a['kind']} {a['normalized_start']} {a['normalized_end']}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_line_is_normalized_as_expected(case, matcher):
    line = case["line"] + "\n"
    done = normalize_line(line, matcher, options_of(case))
    if "error" in case:
        assert case["error"] in done.error and done.text == line and not done.record
        return
    assert done.error is None
    if case.get("same"):
        assert done.text is line
        return
    assert done.text.endswith("\n") and not done.text.endswith("\n\n")
    record = json.loads(done.text)
    names = record.pop("_names")
    assert record == json.loads(case["expected"])
    assert [annotation_text(a) for a in names] == case["names"]
    assert done.changed == (case["expected"] != case["line"].replace('"_names": [{"house": "Nadjaf"}], ', ""))
    if "entities" in case:
        assert names[0]["entities"] == case["entities"]


def test_only_the_annotations_are_added_to_a_line(matcher):
    line = '{"a": 1,  "body" : "Soudani",\t"n": [1.50, true, null]}  \r\n'
    done = normalize_line(line, matcher)
    assert done.text.startswith('{"a": 1,  "body" : "Sudani",\t"n": [1.50, true, null],"_names":[')
    assert done.text.endswith("}]}  \r\n")


def test_an_ascii_line_gets_ascii_annotations_and_a_raw_one_raw(matcher):
    escaped = normalize_line('{"body": "Nadjaf, \\u00e9"}', matcher).text
    raw = normalize_line('{"body": "Nadjaf, é", "x": "Trablous é"}', matcher).text
    assert escaped.isascii() and json.loads(escaped)["body"] == "Najaf, é"
    assert not raw.isascii() and json.loads(raw)["x"] == "Tripoli é"


def test_a_fixed_value_is_what_fix_writes(matcher):
    # the same pipeline and edits as `fix` on the same JSONL line
    for raw in corpus_lines(300, matcher.lexicon):
        line = raw.decode("utf-8")
        done = normalize_line(line, matcher)
        if done.record and done.changed:
            fixed = fix_text(line, matcher, "jsonl", ReadOptions())
            assert json.loads(done.text) == {**json.loads(fixed), "_names": json.loads(done.text)["_names"]}


def test_annotation_spans_hold_the_names_before_and_after(matcher):
    checked = 0
    for raw in corpus_lines(400, matcher.lexicon):
        line = raw.decode("utf-8")
        done = normalize_line(line, matcher)
        if not done.annotations:
            continue
        before, after = json.loads(line), json.loads(done.text)
        for annotation in done.annotations:
            old, new = value_at(before, annotation.field), value_at(after, annotation.field)
            assert old[annotation.start : annotation.end] == annotation.text
            written = new[annotation.normalized_start : annotation.normalized_end]
            assert written == annotation.text if annotation.kind == "exact" else written.casefold() == annotation.house.casefold()
            checked += 1
    assert checked > 100


def value_at(record, field: str):
    for key in field.split("."):
        record = record[int(key)] if isinstance(record, list) else record[key]
    return record


def test_a_dict_record_is_normalized_as_its_json_line(matcher):
    lines = [raw.decode("utf-8") for raw in corpus_lines(400, matcher.lexicon) if raw.strip()]
    options = BatchOptions(json_id="id")
    records = list(normalize_records([json.loads(line) for line in lines], matcher, json_id="id"))
    for line, record in zip(lines, records, strict=True):
        expected = json.loads(normalize_line(line, matcher, options).text)
        assert record == {**expected, "_names": expected.get("_names", [])}


def test_a_dict_record_is_left_as_it_was(matcher):
    record = {"body": "Nadjaf", "tags": ["Soudani"], "_names": ["old"]}
    copy = json.loads(json.dumps(record))
    new = normalize_record(record, matcher, BatchOptions(fields=("tags",)))
    assert record == copy
    assert new == {"body": "Nadjaf", "tags": ["Sudani"], "_names": [
        {"field": "tags.0", "start": 0, "end": 7, "text": "Soudani", "normalized_start": 0, "normalized_end": 6,
         "entity": "mohammed-shia-al-sudani", "entities": ["mohammed-shia-al-sudani"], "house": "Sudani",
         "kind": "variant", "score": 1.0}]}  # fmt: skip


@pytest.mark.parametrize(
    "body, key, expected",
    [
        ('{"a": 1, "k": [1, {"k": 2}]}', "k", "[1, {\"k\": 2}]"),
        ('{"a": {"k": 1}}', "k", None),
        ('{"k": "x", "k": 3}', "k", "3"),
        ('{"\\u006b": {"b": "}"} }', "k", '{"b": "}"}'),
    ],
)
def test_a_top_level_value_is_found_by_its_key(body, key, expected):
    span = top_level_value_span(body, key)
    assert (body[span[0] : span[1]] if span else None) == expected


def test_a_records_values_are_one_document_as_a_dict_and_as_a_line():
    matcher = load_matcher([str(Path(__file__).parent / "data" / "surnames_not_places.toml")], with_default=False)
    # the body names the man: the title's lone surname is his, not the town Jalali, in either form
    record = {"id": 1, "title": "Jalili was quiet.", "body": "Saeed Jalili lost the runoff."}
    line = json.dumps(record) + "\n"
    assert normalize_line(line, matcher).text == line
    assert normalize_record(record, matcher) == {**record, "_names": []}
    alone = {"id": 2, "title": "Jalili was quiet."}
    assert normalize_record(alone, matcher)["title"] == "Jalālī was quiet."
