"""Data tests of the default lexicon, in the manner of a spelling dictionary's own lint."""

import tomllib

import pytest

from namecheck.api import check_text, load_lexicon
from namecheck.files import default_lexicon_dir, lexicon_files
from namecheck.normalize import folded_word
from namecheck.resources import english_words, given_names

LEXICON = load_lexicon()
ENTITIES = LEXICON.entities

REQUIRED = {
    "mohammed-shia-al-sudani": ("Mohammed Shia al-Sudani", {"al-Sudani", "Sudani"}),
    "abu-mahdi-al-muhandis": ("Abu Mahdi al-Muhandis", {"al-Muhandis", "Muhandis"}),
    "popular-mobilization-forces": ("Hashd al-Shaabi", {"Popular Mobilization Forces"}),
    "qassem-soleimani": ("Qassem Soleimani", {"Soleimani"}),
}
LOOK_ALIKES = [("Sudan", "Sudani"), ("Iran", "Iraq"), ("Hama", "Hamas"), ("Baghdad", "al-Baghdadi")]


def test_size_and_files():
    assert len(ENTITIES) >= 150
    for path in lexicon_files(default_lexicon_dir()):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["lexicon"]["name"] == path.stem
        ids = [entity["id"] for entity in data["entity"]]
        assert ids == sorted(ids), f"{path.name}: entities not sorted by id"


@pytest.mark.parametrize("entity_id", sorted(REQUIRED))
def test_required_house_spellings(entity_id):
    name, aliases = REQUIRED[entity_id]
    entity = LEXICON.entity(entity_id)
    assert entity.name == name
    assert aliases <= set(entity.aliases)


@pytest.mark.parametrize("a,b", LOOK_ALIKES)
def test_look_alikes_are_separate_entities(default_matcher, a, b):
    first, second = default_matcher.match(a), default_matcher.match(b)
    assert first.kind == second.kind == "exact"
    assert first.entity_id != second.entity_id


def test_house_spellings_are_never_flagged(default_matcher):
    for entity in ENTITIES:
        for spelling in entity.house_spellings:
            found = default_matcher.match(spelling)
            assert (found.entity_id, found.kind) == (entity.id, "exact"), spelling
            assert check_text(f"Yesterday {spelling} was in the news.", default_matcher) == [], spelling


def test_every_variant_resolves_to_the_house_spelling_it_is_listed_under(default_matcher):
    for entity in ENTITIES:
        for variant in entity.variants:
            found = default_matcher.match(variant.text)
            assert found is not None and found.entity_id == entity.id, variant
            assert (found.kind, found.replacement) == ("variant", variant.house), variant


def test_distinct_spellings_never_resolve_to_the_entity(default_matcher):
    for entity in ENTITIES:
        for spelling in entity.distinct:
            found = default_matcher.match(spelling)
            assert found is None or found.entity_id != entity.id, (entity.id, spelling)


def test_no_alias_is_a_lone_given_name_or_an_english_word():
    for entity in ENTITIES:
        for alias in entity.aliases:
            word = folded_word(alias)
            if " " in alias or "-" in alias or alias.isupper():
                continue
            assert word not in given_names(), (entity.id, alias)
            assert word not in english_words(), (entity.id, alias)


@pytest.mark.parametrize("name", ["english_words.txt", "given_names.txt"])
def test_word_lists_are_one_lower_case_word_a_line(name):
    from namecheck.files import package_data_text

    for line in package_data_text(name).splitlines():
        assert line.startswith("#") or (line == line.strip().lower() and line.isalpha()), (name, line)
