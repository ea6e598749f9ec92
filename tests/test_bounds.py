"""The scan's work is bounded per word, whatever the input (counted, not timed).

The matcher counts the windows of text the scanner asks about (`Matcher.windows`, remembered
answers included) and the spellings it decides afresh; on hostile inputs both grow linearly
with the text and stay within a few windows per word.
"""

import random

import pytest
from conftest import table

from namecheck.api import check_text, load_matcher
from namecheck.pipeline import CONTEXT_WIDTH

ROWS = table("pathological.csv")
SEPARATORS = {"space": " ", "hyphen": "-", "newline": "\n"}
MAX_WINDOWS_PER_WORD = 4


def _text(row: dict, count: int) -> str:
    rng = random.Random(7)
    return SEPARATORS[row["separator"]].join(rng.choice(row["words"].split()) for _ in range(count))


def _work(text: str) -> tuple[int, int]:
    matcher = load_matcher()
    check_text(text, matcher)
    return matcher.windows, matcher.decisions


@pytest.mark.parametrize("row", ROWS, ids=[row["why"] for row in ROWS])
def test_windows_per_word_are_bounded_and_grow_linearly(row):
    small, large = _work(_text(row, 4000)), _work(_text(row, 8000))
    assert small[0] <= MAX_WINDOWS_PER_WORD * 4000
    assert large[0] <= MAX_WINDOWS_PER_WORD * 8000
    assert large[0] <= 2.2 * small[0] + 10
    assert large[1] <= 2.2 * small[1] + 10


def test_a_finding_on_a_very_long_line_keeps_a_bounded_context():
    line = "word " * 200_000 + "Nadjaf" + " tail" * 200_000
    (finding,) = check_text(line, load_matcher())
    assert len(finding.context) <= 2 * CONTEXT_WIDTH + len("Nadjaf")
    assert finding.context[finding.context_column :].startswith("Nadjaf")
