"""The problem families of real news copy, as general rules (tests/data/families.csv).

Each row is a passage written for the test, the spellings that must be flagged with what a fix
writes for each, and the family (issue: matching on real news copy) it belongs to.
"""

from pathlib import Path

import pytest
from conftest import DATA, table

from namecheck.api import check_text, fix_text, load_matcher

ROWS = table("families.csv")


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([str(DATA / "families.toml")], with_default=False)


def _pairs(cell: str) -> list[tuple[str, str]]:
    return [tuple(pair.split("=>")) for pair in cell.split("|") if pair]


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['family']}: {row['why']}" for row in ROWS])
def test_family(matcher, row):
    findings = check_text(row["text"], matcher)
    assert [(f.text, f.replacement) for f in findings] == _pairs(row["flagged"])
    fixed = fix_text(row["text"], matcher)
    assert check_text(fixed, matcher) == []
