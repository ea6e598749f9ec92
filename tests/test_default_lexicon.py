"""Data tests of the default lexicon, in the manner of a spelling dictionary's own lint.

Each lint collects its findings as (check, spelling, entity) and compares them with the known
failures listed in tests/data/default_lexicon_known_failures.csv, both ways: a new finding fails,
and so does a listed one that no longer occurs (the list must say what is true today).
"""

import tomllib

import pytest
from conftest import table

from namecheck.api import check_text, load_lexicon
from namecheck.files import default_lexicon_dir, lexicon_files
from namecheck.lexicon import spelling_key
from namecheck.models import HOUSE_ROLES
from namecheck.normalize import folded_word
from namecheck.resources import english_words, given_names

LEXICON = load_lexicon()
ENTITIES = LEXICON.entities
KNOWN = table("default_lexicon_known_failures.csv")

REQUIRED = {
    "mohammed-shia-al-sudani": ("Mohammed Shia al-Sudani", {"al-Sudani", "Sudani"}),
    "abu-mahdi-al-muhandis": ("Abu Mahdi al-Muhandis", {"al-Muhandis", "Muhandis"}),
    "popular-mobilization-forces": ("Hashd al-Shaabi", {"Popular Mobilization Forces"}),
    "qassem-soleimani": ("Qassem Soleimani", {"Soleimani"}),
    "ahmed-al-sharaa": ("Ahmed al-Sharaa", {"al-Sharaa", "Sharaa", "Abu Mohammed al-Golani", "Golani"}),
    "yahya-sinwar": ("Yahya Sinwar", {"Sinwar"}),
    "hosni-mubarak": ("Hosni Mubarak", {"Mubarak"}),
    "houthis": ("Houthis", {"Ansar Allah"}),
}
LOOK_ALIKES = [("Sudan", "Sudani"), ("Iran", "Iraq"), ("Hama", "Hamas"), ("Baghdad", "al-Baghdadi")]
MIN_ENTITIES = 400


def known(check: str) -> set[tuple[str, str]]:
    return {(row["spelling"], row["entity"]) for row in KNOWN if row["check"] == check}


def assert_as_known(check: str, found: set[tuple[str, str]]) -> None:
    """Fail on findings not listed as known failures, and on listed ones that no longer occur."""
    expected = known(check)
    new, gone = sorted(found - expected), sorted(expected - found)
    assert not new, f"{check}: new findings {new}"
    assert not gone, f"{check}: listed as known failures but no longer found {gone}"


def test_size_and_files():
    assert len(ENTITIES) >= MIN_ENTITIES
    for path in lexicon_files(default_lexicon_dir()):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["lexicon"]["name"] == path.stem
        ids = [entity["id"] for entity in data["entity"]]
        assert ids == sorted(ids), f"{path.name}: entities not sorted by id"


def test_every_file_states_the_one_as_of_date_of_the_notes():
    files = lexicon_files(default_lexicon_dir())
    assert sorted(LEXICON.as_of) == sorted(str(path) for path in files)
    assert len(set(LEXICON.as_of.values())) == 1


def test_every_entity_has_a_note():
    for entity in ENTITIES:
        assert entity.note.strip(), entity.id


def test_known_failures_are_explained():
    for row in KNOWN:
        assert row["reason"].strip(), row
        LEXICON.entity(row["entity"])  # raises KeyError for an entity that does not exist


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


def test_house_spellings_are_found_exactly_and_never_flagged(default_matcher):
    missed = set()
    for entity in ENTITIES:
        for spelling in entity.house_spellings:
            found = default_matcher.match(spelling)
            if found is None or found.kind != "exact" or entity.id not in found.entities:
                missed.add((spelling, entity.id))
            assert check_text(f"Yesterday {spelling} was in the news.", default_matcher) == [], spelling
    assert_as_known("house-spelling-not-exact", missed)


def test_every_variant_resolves_to_the_house_spelling_it_is_listed_under(default_matcher):
    for entity in ENTITIES:
        for variant in entity.variants:
            found = default_matcher.match(variant.text)
            assert found is not None and entity.id in found.entities, variant
            assert (found.kind, found.replacement) == ("variant", variant.house), variant


def test_distinct_spellings_never_resolve_to_the_entity(default_matcher):
    for entity in ENTITIES:
        for spelling in entity.distinct:
            found = default_matcher.match(spelling)
            assert found is None or found.entity_id != entity.id, (entity.id, spelling)


def _spellings(entity) -> tuple[str, ...]:
    return (*entity.house_spellings, *(variant.text for variant in entity.variants))


def _near_other_entities(matcher) -> set[tuple[str, str]]:
    """Return (spelling, entity) for every spelling of an entity that the matcher accepts for
    another entity; the matcher refuses a spelling that the other entity lists as distinct. A
    spelling both entities list (a surname shared by relatives, and its variants) is meant."""
    found = set()
    for entity in ENTITIES:
        own = {spelling_key(text) for text in _spellings(entity)}
        for spelling in _spellings(entity):
            for candidate in matcher.phonetic_candidates(spelling):
                if candidate.form.entity_id != entity.id and spelling_key(candidate.form.text) not in own:
                    found.add((spelling, entity.id))
    return found


def test_no_spelling_is_within_matching_distance_of_another_entity(default_matcher):
    """Two entities within matching distance make every spelling between them a guess: a house
    spelling or variant that the matcher accepts for another entity is a failure unless that
    entity's `distinct` keeps them apart."""
    assert_as_known("near-other-entity", _near_other_entities(default_matcher))


def _without_articles(matcher, spelling: str) -> tuple[str, ...]:
    return tuple(part.word for part in matcher.parts_of(spelling))


def test_no_entity_has_two_house_spellings_of_one_name(default_matcher):
    """An alias is another name; a second spelling of the same name is a variant. The same name
    with or without its article ("al-Sudani", "Sudani") is a short form, not a second spelling."""
    found = set()
    for entity in ENTITIES:
        for spelling in entity.house_spellings:
            bare = _without_articles(default_matcher, spelling)
            for candidate in default_matcher.phonetic_candidates(spelling):
                form = candidate.form
                if form.entity_id == entity.id and form.role in HOUSE_ROLES and form.text != spelling:
                    if _without_articles(default_matcher, form.text) != bare:
                        found.add((spelling, entity.id))
    assert_as_known("two-house-spellings", found)


def _is_lone_word(spelling: str) -> bool:
    return " " not in spelling and "-" not in spelling and not spelling.isupper()


def test_no_variant_is_an_english_word_or_a_lone_given_name():
    """A variant is always flagged: one that is an ordinary word or a given name would rewrite
    other people's names and plain English ("Riad Salameh", "Rafa Nadal")."""
    found = set()
    for entity in ENTITIES:
        for variant in entity.variants:
            if _is_lone_word(variant.text):
                word = folded_word(variant.text)
                if word in english_words() or word in given_names():
                    found.add((variant.text, entity.id))
    assert_as_known("common-word-variant", found)


def test_no_alias_is_a_lone_given_name_or_an_english_word():
    for entity in ENTITIES:
        for alias in entity.aliases:
            if _is_lone_word(alias):
                word = folded_word(alias)
                assert word not in given_names(), (entity.id, alias)
                assert word not in english_words(), (entity.id, alias)


@pytest.mark.parametrize("name", ["english_words.txt", "given_names.txt"])
def test_word_lists_are_one_lower_case_word_a_line(name):
    from namecheck.files import package_data_text

    for line in package_data_text(name).splitlines():
        assert line.startswith("#") or (line == line.strip().lower() and line.isalpha()), (name, line)
