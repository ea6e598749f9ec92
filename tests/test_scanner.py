import pytest
from conftest import DATA, table

from namecheck.api import check_text, load_matcher
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


SURNAMES = table("surnames_not_places.csv")


@pytest.mark.parametrize("row", SURNAMES, ids=[row["why"] for row in SURNAMES])
def test_a_place_written_like_a_surname_is_the_surname_after_a_given_name_or_title(row):
    matcher = load_matcher([str(DATA / "surnames_not_places.toml")], with_default=False)
    flagged = [finding.text for finding in check_text(row["text"], matcher, "story.txt")]
    assert flagged == [text for text in row["flagged"].split("|") if text]


def test_a_surname_inside_a_full_name_found_is_nobody_elses(default_matcher):
    # probing "Chia al-Soudani" inside the full name must not make al-Soudani another man's surname
    found = check_text("Soudani visits Nadjaf. Mohamed Chia al-Soudani arrived on Monday.", default_matcher, "story.txt")
    assert [f.text for f in found] == ["Soudani", "Nadjaf", "Mohamed Chia al-Soudani"]
