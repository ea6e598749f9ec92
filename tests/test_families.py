"""The problem families of real news copy, as general rules (tests/data/families.csv).

Each row is a passage written for the test, the spellings that must be flagged with what a fix
writes for each, and the family (issue: matching on real news copy) it belongs to.
"""


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


@pytest.mark.parametrize(
    "text,entity",
    [
        ("Mojtaba Khamenei was chosen. Khamenei spoke on Friday.", "mojtaba-khamenei"),
        ("Ali Khamenei was killed. Chamenei had spoken before.", "ali-khamenei"),
    ],
)
def test_a_shared_spelling_stands_for_the_relative_the_document_named(matcher, text, entity):
    from namecheck.api import scan_text

    mentions = [m for result in scan_text(text, matcher, every=True) for _, m in result.mentions]
    assert mentions[-1].match.entities[0] == entity
    assert set(mentions[-1].match.entities) == {"ali-khamenei", "mojtaba-khamenei"}


def test_a_shared_spelling_names_every_entity_when_the_document_names_none(matcher):
    (finding,) = check_text("Chamenei spoke on Friday.", matcher)
    assert set(finding.entities) == {"ali-khamenei", "mojtaba-khamenei"}
