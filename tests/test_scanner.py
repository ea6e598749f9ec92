import pytest
from conftest import table

from namecheck.scanner import scan_mentions

ROWS = table("scanner_cases.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["why"] for row in ROWS])
def test_mentions_and_spans(default_matcher, row):
    mentions = scan_mentions(row["text"], default_matcher)
    assert [m.text for m in mentions] == [m for m in row["mentions"].split("|") if m]
    for mention in mentions:
        assert row["text"][mention.start : mention.end] == mention.text


def test_house_spellings_are_mentions_but_not_flagged(default_matcher):
    (mention,) = scan_mentions("Sudani spoke.", default_matcher)
    assert mention.match.kind == "exact" and not mention.flagged
