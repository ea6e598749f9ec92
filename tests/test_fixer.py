import pytest
from conftest import table

from namecheck.api import fix_text
from namecheck.fixer import apply_edits, kept_gap, replacement_edits
from namecheck.models import Edit

ROWS = table("fixes.csv")
REPLACEMENTS = table("replacements.csv")
LISTED_UNDER = table("listed_under_fixes.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["why"] for row in ROWS])
def test_fix_table(house_only_matcher, row):
    assert fix_text(row["text"], house_only_matcher) == row["fixed"]


@pytest.mark.parametrize("row", REPLACEMENTS, ids=[row["why"] for row in REPLACEMENTS])
def test_replacement_edits(row):
    text = f"x {row['surface']} y"
    start, end = 2, 2 + len(row["surface"])
    edits = replacement_edits(text, start, end, row["house"], row["position"])
    assert apply_edits(text, edits) == f"x {row['fixed']} y"
    for edit in edits:
        assert start <= edit.start <= edit.end <= end


def test_only_the_words_that_differ_are_edited():
    text = "Mohamed Chia al-Soudani"
    edits = replacement_edits(text, 0, len(text), "Mohammed Shia al-Sudani", "start")
    assert [text[e.start : e.end] for e in edits] == ["Mohamed", "Chia", "Soudani"]


@pytest.mark.parametrize("row", LISTED_UNDER, ids=[row["why"] for row in LISTED_UNDER])
def test_fixed_copy_keeps_each_variant_to_the_name_it_varies(listed_under_matcher, row):
    assert fix_text(row["text"], listed_under_matcher) == row["fixed"]


@pytest.mark.parametrize(
    "old,new,kept",
    [(" ", " ", " "), ("\u00a0", " ", "\u00a0"), ("\n", " ", "\n"), ("-\n", "-", "-\n"), (" ", "-", "-"), ("' ", " ", " "), ("- ", "-", "-")],
)
def test_kept_gap(old, new, kept):
    assert kept_gap(old, new) == kept


def test_edits_apply_by_span_only():
    text = "ab Soudani cd Soudani"
    edits = [Edit(14, 21, "Sudani"), Edit(3, 10, "Sudani")]
    assert apply_edits(text, edits) == "ab Sudani cd Sudani"


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
