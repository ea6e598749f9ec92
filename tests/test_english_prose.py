"""English prose against a gazetteer's look-alikes (tests/data/english_prose.csv over
tests/data/english_prose.toml): each rule with what it refuses and a real spelling it still accepts."""

import pytest
from conftest import DATA, table

from namecheck.api import check_text, load_matcher

ROWS = table("english_prose.csv")
MATCHER = load_matcher([str(DATA / "english_prose.toml")], with_default=False)


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['rule']}: {row['text'][:40]}" for row in ROWS])
def test_english_prose_table(row):
    flags = [f"{f.text} -> {f.replacement}" for f in check_text(row["text"], MATCHER)]
    assert flags == [flag for flag in row["flags"].split("|") if flag], row["why"]


def test_every_rule_refuses_and_accepts():
    kinds = {}
    for row in ROWS:
        kinds.setdefault(row["rule"], set()).add(bool(row["flags"]))
    assert all(seen == {True, False} for seen in kinds.values())


@pytest.mark.parametrize(
    ("query", "rule"),
    [("Cls", "no-vowel"), ("Call The", "english-join"), ("Boolean", "english-word"), ("Bruce", "given-name")],
)
def test_explain_names_the_rule(query, rule):
    explanation = MATCHER.explain(query)
    verdicts = [explanation.reason, *(candidate.verdict for candidate in explanation.candidates)]
    assert explanation.match is None and any(verdict.startswith(rule) for verdict in verdicts)
