"""Properties of the whole pipeline on generated documents (hypothesis).

Planted variants in readable places are fixed, exactly them; variants in unreadable places
(addresses, hashtags, words with digits) stay; a second fix changes nothing; every finding's span
covers its text. On arbitrary Unicode the pipeline never fails and keeps the same laws.
"""

import os

from conftest import table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namecheck.api import check_text, fix_text
from namecheck.fixer import apply_edits

PLANTED = table("planted.csv")
FILLER = ["the", "said", "in", "and", "today", "reports", "that", "of", "met", "with"]
# Places a variant may stand where nothing may change: (prefix, suffix) around the spelling.
UNREADABLE = [
    ("https://example.org/", "-visit"),
    ("press@", ".example.org"),
    ("#", "2024"),
    ("", "24"),
    ("@", ""),
    ("/srv/", "/notes.txt"),
]
# NAMECHECK_EXAMPLES=5000 for a longer run than the suite's
SETTINGS = settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def planted_text(draw):
    """Return (text, expected fixed text) of a plain-text document with planted variants."""
    pieces, expected = [], []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["filler", "readable", "unreadable"]))
        if kind == "filler":
            word = draw(st.sampled_from(FILLER))
            pieces.append(word)
            expected.append(word)
            continue
        row = draw(st.sampled_from(PLANTED))
        if kind == "readable":
            pieces.append(row["variant"])
            expected.append(row["fixed"])
        else:
            prefix, suffix = draw(st.sampled_from(UNREADABLE))
            pieces.append(prefix + row["variant"].replace(" ", "-") + suffix)
            expected.append(pieces[-1])
    # never a bare space between two names: two capitalized words side by side read as one name
    separators = [draw(st.sampled_from([", ", "; ", " and ", ",\n", " and\r\n", " (", ") "])) for _ in pieces]
    text = "the " + "".join(p + s for p, s in zip(pieces, separators)) + "end"
    fixed = "the " + "".join(p + s for p, s in zip(expected, separators)) + "end"
    return text, fixed


@SETTINGS
@given(planted_text())
def test_exactly_the_readable_planted_variants_are_fixed(default_matcher, document):
    text, expected = document
    fixed = fix_text(text, default_matcher)
    assert fixed == expected
    assert fix_text(fixed, default_matcher) == fixed


UNICODE = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=4),
        st.sampled_from(list("  \t\r\n-'’‘ʿʾ\u00ad\u200d\u0301\u202e\u05d0\u0627😀\x00\udcff")),
        st.sampled_from(["Soudani", "Nadjaf", "al-", "Al ", "Hachd", "Mohamed", "Chia", "Sana‘a", "https://x.org/"]),
    ),
    max_size=30,
).map("".join)


@SETTINGS
@given(UNICODE)
def test_laws_hold_on_any_text(default_matcher, text):
    findings = check_text(text, default_matcher)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
    fixed = fix_text(text, default_matcher)
    assert fixed == apply_edits(text, [edit for finding in findings for edit in finding.edits])
    assert fix_text(fixed, default_matcher) == fixed
    assert [f for f in check_text(fixed, default_matcher) if f.fixable] == []
