import pytest
from conftest import DATA, table

from namecheck.api import load_matcher
from namecheck.cache import FormLists
from namecheck.matcher import score_parts

ROWS = table("phonetic_house_only.csv")
LISTED_UNDER = table("listed_under.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["query"] for row in ROWS])
def test_unlisted_romanizations_with_house_spellings_only(house_only_matcher, row):
    found = house_only_matcher.match(row["query"])
    if not row["entity"]:
        assert found is None, f"{row['query']} should not match ({row['why']})"
        return
    assert found is not None, f"{row['query']} should match ({row['why']})"
    assert (found.entity_id, found.replacement, found.kind) == (row["entity"], row["replacement"], "phonetic")
    assert 0.0 < found.score < 1.0


def test_house_spelling_is_exact(house_only_matcher):
    found = house_only_matcher.match("Jalal Talabani")
    assert (found.kind, found.score, found.flagged) == ("exact", 1.0, False)


def test_marks_and_accents_on_a_house_spelling_are_flagged_with_a_high_score(house_only_matcher):
    found = house_only_matcher.match("Ṭāriq ʿAzīz")
    assert found.kind == "phonetic" and found.replacement == "Tariq Aziz" and found.score > 0.9


def test_explain_lists_keys_candidates_and_reason(house_only_matcher):
    explanation = house_only_matcher.explain("Iraqi")
    assert explanation.keys == ("rk", "~IRK")
    assert [c.form.text for c in explanation.candidates] == ["Iraq"]
    assert explanation.candidates[0].verdict == "suffix: a name plus a suffix is another name"
    assert explanation.match is None


def test_min_score_changes_the_decision():
    from namecheck.api import load_matcher
    from conftest import HOUSE_ONLY

    strict = load_matcher([str(HOUSE_ONLY)], with_default=False, threshold=0.95)
    assert strict.match("Bassora") is None
    assert strict.match("Saddam Hussain") is not None


@pytest.mark.parametrize("row", LISTED_UNDER, ids=[row["query"] for row in LISTED_UNDER])
def test_a_variant_is_replaced_by_the_house_spelling_it_is_listed_under(listed_under_matcher, row):
    found = listed_under_matcher.match(row["query"])
    assert found is not None, row["why"]
    assert (found.kind, found.replacement) == (row["kind"], row["replacement"]), row["why"]
    if row["closer_to"]:  # the case proves the list decides: by sound alone the other spelling would win
        query = listed_under_matcher.parts_of(row["query"])
        listed, closer = (listed_under_matcher.parts_of(row[key]) for key in ("replacement", "closer_to"))
        assert score_parts(query, closer, identical=False)[0] > score_parts(query, listed, identical=False)[0]


JOINED_NAMES = table("joined_names.csv")


@pytest.mark.parametrize("cached", [False, True], ids=["built", "cached"])
@pytest.mark.parametrize("row", JOINED_NAMES, ids=[row["query"] for row in JOINED_NAMES])
def test_a_name_is_found_written_as_one_word_or_as_several(row, cached, tmp_path, monkeypatch):
    monkeypatch.setenv("NAMECHECK_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2 if cached else 1):  # the second load reads the cache file the first wrote
        matcher = load_matcher([str(DATA / "joined_names.toml")], with_default=False, cache=cached)
    assert isinstance(matcher.index.phonetic, FormLists) == cached
    found = matcher.match(row["query"])
    assert found is not None and found.replacement == row["house"], row["why"]


def test_the_forms_of_several_words_are_filed_apart_in_the_order_of_every_form():
    index = load_matcher([str(DATA / "joined_names.toml")], with_default=False).index
    several = {key: forms for key, forms in index.phonetic.items() if key.startswith("+")}
    assert several
    for key, forms in several.items():
        every = index.phonetic["=" + key[1:]]
        assert forms == [form for form in every if len(form.parts) > 1]
