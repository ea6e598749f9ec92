"""Lint of the real-copy benchmark's data (benchmarks/data/real_copy): the passages, their
annotations, their tags and the list of coverage gaps, checked against the default lexicon.

The annotations are the benchmark's answer key, so they are held to what the benchmark promises:
every expected surface is in its passage, in order, as whole words; every entity exists; every
expected replacement is a house spelling of its entity, up to case and separators.
"""

import csv
import re
import sys
import tomllib
from pathlib import Path

import pytest

from namecheck.api import load_lexicon

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import real_copy  # noqa: E402

DATA = real_copy.DATA
TABLES = real_copy.passage_tables()
TAGS = tomllib.loads(real_copy.TAGS.read_text(encoding="utf-8"))
ENTITIES = {entity.id: entity for entity in load_lexicon().entities}
PASSAGE_KEYS = {"id", "style", "families", "text", "expect", "note"}
ENTRY_KEYS = {"surface", "fix", "entity", "occurrence"}
REQUIRED_PASSAGE_KEYS = PASSAGE_KEYS - {"note"}
REQUIRED_ENTRY_KEYS = ENTRY_KEYS - {"occurrence"}
MIN_PASSAGES = 250
MIN_PER_ISSUE_FAMILY = 3  # passages with findings to flag, and as many traps without any
SEPARATORS = re.compile(r"[\s\-]+")


def spelling_key(spelling: str) -> str:
    """Return a spelling folded for case and separators (spaces, line breaks, hyphens)."""
    return SEPARATORS.sub("", spelling).casefold()


def table_id(table: dict) -> str:
    return table.get("id", "?")


def test_enough_passages_with_unique_ids():
    ids = [table_id(table) for table in TABLES]
    assert len(ids) >= MIN_PASSAGES
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("table", TABLES, ids=table_id)
def test_passage_keys_and_tags(table):
    assert REQUIRED_PASSAGE_KEYS <= set(table) <= PASSAGE_KEYS, set(table) ^ PASSAGE_KEYS
    assert table["style"] in TAGS["styles"]
    assert table["families"] and set(table["families"]) <= set(TAGS["families"]), table["families"]
    for entry in table["expect"]:
        assert REQUIRED_ENTRY_KEYS <= set(entry) <= ENTRY_KEYS, entry
    if "clean" in table["families"]:
        assert table["expect"] == [], "a clean passage expects no finding"


@pytest.mark.parametrize("table", TABLES, ids=table_id)
def test_surfaces_are_whole_words_in_order(table):
    text = table["text"]
    expected = real_copy.expected_findings(text, table["expect"])  # raises when out of order
    previous_end = 0
    for found in expected:
        assert text[found.start : found.end] == found.surface
        assert found.start >= previous_end, f"{found.surface!r} overlaps the previous finding"
        before, after = text[found.start - 1 : found.start], text[found.end : found.end + 1]
        assert not (before.isalnum() or before == "_"), f"{found.surface!r} starts inside a word"
        assert not (after.isalnum() or after == "_"), f"{found.surface!r} ends inside a word"
        previous_end = found.end


@pytest.mark.parametrize("table", TABLES, ids=table_id)
def test_replacements_are_house_spellings_of_existing_entities(table):
    for entry in table["expect"]:
        assert entry["fix"] != entry["surface"], f"{entry['surface']!r}: nothing to fix"
        for entity_id in entry["entity"].split("|"):
            assert entity_id in ENTITIES, f"unknown entity {entity_id}"
            house = {spelling_key(spelling) for spelling in ENTITIES[entity_id].house_spellings}
            assert spelling_key(entry["fix"]) in house, f"{entry['fix']!r} is no house spelling of {entity_id}"


def test_every_issue_family_has_findings_and_traps():
    for family, about in TAGS["families"].items():
        if "issue" not in about:
            continue
        tagged = [table for table in TABLES if family in table["families"]]
        flagged = sum(1 for table in tagged if table["expect"])
        assert flagged >= MIN_PER_ISSUE_FAMILY, f"{family}: {flagged} passages with findings"
        assert len(tagged) - flagged >= MIN_PER_ISSUE_FAMILY, f"{family}: {len(tagged) - flagged} traps"


def test_coverage_gaps_name_passages_that_hold_them():
    texts = {table_id(table): table["text"] for table in TABLES}
    with open(DATA / "coverage_gaps.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    for row in rows:
        assert row["house"] and row["kind"] and row["what"], row
        for passage_id in row["passages"].split():
            assert row["written"] in texts[passage_id], f"{row['written']!r} not in {passage_id}"
