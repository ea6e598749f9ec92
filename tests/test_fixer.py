import pytest
from conftest import table

from namecheck.api import fix_text
from namecheck.fixer import apply_edits, cased_like
from namecheck.models import Edit

ROWS = table("fixes.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["why"] for row in ROWS])
def test_fix_table(house_only_matcher, row):
    assert fix_text(row["text"], house_only_matcher) == row["fixed"]


@pytest.mark.parametrize(
    "surface,house,expected",
    [
        ("SOUDANI", "Sudani", "SUDANI"),
        ("Al-Soudani", "al-Sudani", "Al-Sudani"),
        ("al-Soudani", "al-Sudani", "al-Sudani"),
        ("Mohamed Chia\nal-Soudani", "Mohammed Shia al-Sudani", "Mohammed Shia\nal-Sudani"),
        ("Mohamed Chia\r\nal-Soudani", "Mohammed Shia al-Sudani", "Mohammed Shia\r\nal-Sudani"),
    ],
)
def test_replacement_takes_the_surface_casing_and_wrapping(surface, house, expected):
    assert cased_like(surface, house) == expected


def test_edits_apply_by_span_only():
    text = "ab Soudani cd Soudani"
    edits = [Edit(14, 21, "Sudani"), Edit(3, 10, "Sudani")]
    assert apply_edits(text, edits) == "ab Sudani cd Sudani"


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
