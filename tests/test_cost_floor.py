"""The lower bound on a word's alignment cost (cost_floor.py) never exceeds the alignment itself,
agrees with a plain level-by-level computation, and leaves every decision as it was: a candidate
it refuses scores below the part floor when judged in full, and a scan finds the same with or
without it."""

import os
import random

import pytest
from conftest import table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namecheck import matcher as matcher_module
from namecheck.api import check_text, load_matcher
from namecheck.cost_floor import STEP, word_cost_floor
from namecheck.distance import _GLIDES_OF, _VOWELS_OF, _pair_costs, _unit_costs, edit_costs, word_cost
from namecheck.guards import PART_FLOOR
from namecheck.keys import unit_table, word_units
from namecheck.matcher import below_part_floor, score_parts
from namecheck.names import part_readings
from namecheck.resources import english_words

EXAMPLES = int(os.environ.get("NAMECHECK_EXAMPLES", "60")) * 5
UNITS = sorted(unit_table().units.values(), key=lambda unit: unit.text)
unit_words = st.lists(st.sampled_from(UNITS), max_size=9).map(tuple)


def _lexicon_words(matcher) -> list[str]:
    spellings = {s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))}
    return sorted({part.word for spelling in spellings for part in matcher.parts_of(spelling)})


# --- a second, plain computation of the same bound: each level on its own -----------------


def _levels(cost: float) -> int:
    top = round(max(edit_costs().consonant, edit_costs().final_vowel, edit_costs().vowel_change) / STEP)
    return max(0, min(top, int(cost / STEP + 1e-9)))


def _charge(units, index: int, other) -> float:
    unit, charge = units[index], _unit_costs(units)[0][index]
    if unit.readings[0][0] in _GLIDES_OF:
        charge = min(charge, edit_costs().doubled)
    if any(u.readings[0][0] in _GLIDES_OF for u in other):
        roles = set().union(*_VOWELS_OF.values(), *_GLIDES_OF.values())
        charge = min([charge] + [cost for sound, cost in unit.readings if sound in roles])
    return charge


def _close(a, i: int, b, j: int, level: int) -> bool:
    inner, final = _pair_costs(a[i], b[j])
    return _levels(final if i == len(a) - 1 or j == len(b) - 1 else inner) < level


def _unmatched(heavy: list[int], other_length: int, close) -> int:
    """Heavy units left over by the longest order-keeping matching of close units (plain LCS)."""
    rows = [[0] * (other_length + 1) for _ in range(len(heavy) + 1)]
    for x, i in enumerate(heavy, 1):
        for j in range(1, other_length + 1):
            rows[x][j] = rows[x - 1][j - 1] + 1 if close(i, j - 1) else max(rows[x - 1][j], rows[x][j - 1])
    return len(heavy) - rows[-1][-1]


def _reference_floor(a, b) -> float:
    sides = []
    for mine, theirs, close in ((a, b, lambda i, j, k: _close(a, i, b, j, k)), (b, a, lambda i, j, k: _close(a, j, b, i, k))):
        charges = [_levels(_charge(mine, i, theirs)) for i in range(len(mine))]
        total = 0
        for level in range(1, 1 + max(charges, default=0)):
            heavy = [i for i, reached in enumerate(charges) if reached >= level]
            total += _unmatched(heavy, len(theirs), lambda i, j: close(i, j, level))
        sides.append(total)
    return max(0.0, STEP * max(sides) - 1e-6)


# --- the bound ---------------------------------------------------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(unit_words, unit_words)
def test_floor_never_exceeds_the_alignment_of_any_units(a, b):
    assert word_cost_floor(a, b) <= word_cost(a, b)


@settings(max_examples=EXAMPLES, deadline=None)
@given(unit_words, unit_words)
def test_floor_is_the_level_by_level_computation(a, b):
    assert word_cost_floor(a, b) == pytest.approx(_reference_floor(a, b), abs=1e-9)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_floor_never_exceeds_the_alignment_of_lexicon_words(default_matcher, data):
    words = _lexicon_words(default_matcher)
    a, b = (word_units(data.draw(st.sampled_from(words))) for _ in range(2))
    assert word_cost_floor(a, b) <= word_cost(a, b)


@pytest.mark.parametrize(
    "a, b",
    [("sabah", "kep"), ("rachid", "aarshot"), ("brian", "birni"), ("husain", "hosaena"), ("deen", "diwaniya")],
)
def test_floor_is_positive_for_far_words(a, b):
    assert 0 < word_cost_floor(word_units(a), word_units(b)) <= word_cost(word_units(a), word_units(b))


# split diphthongs (ai read as aa and y) cost less than dropping either unit: the bound must know
@pytest.mark.parametrize(
    "a, b", [("hassan", "hasan"), ("husayn", "hussein"), ("ziyad", "ziad"), ("qaida", "qaeda"), ("dubai", "dubaay"), ("husaayn", "hussain")]
)
def test_floor_is_no_more_than_a_close_spelling_costs(a, b):
    assert word_cost_floor(word_units(a), word_units(b)) <= word_cost(word_units(a), word_units(b))
    assert word_cost_floor(word_units(b), word_units(a)) <= word_cost(word_units(b), word_units(a))


# --- the decisions -----------------------------------------------------------------------


def _queries(matcher) -> list[str]:
    rng = random.Random(5)
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    english = sorted(word.capitalize() for word in english_words() if word.isalpha() and len(word) > 3)
    planted = [row["variant"] for row in table("planted.csv")]
    return planted + rng.sample(names, 150) + rng.sample(english, 150)


def test_candidates_refused_before_alignment_score_below_the_part_floor(default_matcher):
    refused = floored = 0
    for query in _queries(default_matcher):
        explanation = default_matcher.explain(query)
        if not explanation.parts:
            continue
        for reading, form_parts, _ in default_matcher.index.candidates(part_readings(explanation.parts)):
            below = min(score_parts(reading, form_parts, identical=False)[2]) < PART_FLOOR
            refused += below
            if below_part_floor(reading, form_parts):
                assert below, (query, reading, form_parts)
                floored += 1
    # the bound is worth its cost only when it catches most of what the part floor refuses
    assert refused and floored >= refused / 2


def _text(matcher) -> str:
    rng = random.Random(8)
    queries = _queries(matcher)
    words = sorted(word for word in english_words() if word.isalpha() and 3 <= len(word) <= 8)[:1500]
    sentences = []
    for _ in range(400):
        picked = [rng.choice(queries) if rng.random() < 0.2 else rng.choice(words) for _ in range(rng.randint(5, 12))]
        sentences.append(" ".join(picked).capitalize() + ".")
    return " ".join(sentences)


def test_scan_finds_the_same_with_and_without_the_floor(default_matcher, monkeypatch):
    text = _text(default_matcher)
    with_floor = [finding.to_dict() for finding in check_text(text, load_matcher())]
    monkeypatch.setattr(matcher_module, "below_part_floor", lambda query, form: False)
    without = [finding.to_dict() for finding in check_text(text, load_matcher())]
    assert with_floor and with_floor == without
