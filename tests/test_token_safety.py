"""Names are whole words, never parts of addresses, identifiers or longer words (issue table)."""

import pytest
from conftest import table

from namecheck.api import check_text, fix_text
from namecheck.protected import protected_spans

ROWS = table("token_safety.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["why"] for row in ROWS])
def test_flagged_spans_are_whole_words_outside_addresses(default_matcher, row):
    findings = check_text(row["text"], default_matcher)
    assert [f.text for f in findings] == [text for text in row["flagged"].split("|") if text]
    for finding in findings:
        assert row["text"][finding.start : finding.end] == finding.text


def test_the_reproduction_changes_nothing_but_names(default_matcher):
    text = (
        "Reporters at Kurdistan24 and #Nadjaf2024 said Mosul2024 was calm; write to "
        "press@Soudani.iq or see https://example.com/Soudani-visit.\n"
    )
    assert fix_text(text, default_matcher) == text


@pytest.mark.parametrize(
    "text,protected",
    [
        ("mail a.b@Soudani.iq now", ["a.b@Soudani.iq"]),
        ("(see https://x.org/a).", ["https://x.org/a"]),
        ("C:\\Users\\Soudani and ~/Soudani", ["C:\\Users\\Soudani", "~/Soudani"]),
        ("e.g. this, i.e. that", []),
        ("and/or Iraq/Syria", []),
    ],
)
def test_protected_spans(text, protected):
    assert [text[a:b] for a, b in protected_spans(text)] == protected


def test_separators_inside_a_name_survive_a_fix(default_matcher):
    assert fix_text("Mohamed\u00a0Chia al-\nSoudani spoke.", default_matcher) == "Mohammed\u00a0Shia al-\nSudani spoke."
    assert fix_text("Hizbol\u00adlah said.", default_matcher) == "Hezbollah said."
