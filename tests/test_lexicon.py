import tomllib
from dataclasses import replace
from datetime import date

import pytest
from conftest import DATA, table

from namecheck.api import load_lexicon
from namecheck.lexicon import LexiconError, build_lexicon, entity_toml, is_findable, spelling_key, toml_string
from namecheck.matcher import Matcher
from namecheck.models import Entity, Variant

CASES = tomllib.loads((DATA / "lexicon_problems.toml").read_text(encoding="utf-8"))["case"]
AS_OF = tomllib.loads((DATA / "lexicon_as_of.toml").read_text(encoding="utf-8"))["case"]
HOMONYMS = tomllib.loads((DATA / "lexicon_homonyms.toml").read_text(encoding="utf-8"))["case"]
SYNTAX = tomllib.loads((DATA / "lexicon_syntax.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", SYNTAX, ids=[case["why"] for case in SYNTAX])
def test_each_variant_belongs_to_the_house_spelling_it_is_listed_under(case):
    (entity,) = build_lexicon([("ok.toml", case["source"])]).entities
    assert entity.aliases == tuple(case["aliases"])
    assert entity.variants == tuple(Variant(text, house) for text, house in case["variants"])
    for house in entity.house_spellings:
        assert entity.variants_of(house) == tuple(text for text, listed in case["variants"] if listed == house)


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_problems_are_reported_with_file_entity_and_line(case):
    problem = _problem_of(case["source"], case["expect"])
    assert (problem.path, problem.line, problem.entity) == ("broken.toml", case["line"], case["entity"])


def test_every_problem_is_reported_not_just_the_first():
    source = '[lexicon]\nname = "x"\n[[entity]]\nid = "a"\n[[entity]]\nid = "B B"\nname = "b"\n'
    with pytest.raises(LexiconError) as caught:
        build_lexicon([("two.toml", source)])
    assert len(caught.value.problems) == 2


def test_a_valid_lexicon_loads():
    source = '[lexicon]\nname = "x"\n[[entity]]\nid = "a"\ntype = "place"\nname = "Najaf"\nvariants = ["Nadjaf"]\n'
    lexicon = build_lexicon([("ok.toml", source)])
    assert [e.id for e in lexicon.entities] == ["a"]
    assert lexicon.entity("a").variants == (Variant("Nadjaf", "Najaf"),)


def test_written_entities_load_back_unchanged():
    awkward = Entity("x", "other", "Sanaa", ("Sana",), (Variant("Sana'a", "Sanaa"), Variant("Sanah", "Sana")), (), 'a "quoted"\\ note\non two lines')
    for entity in (*load_lexicon().entities, replace(awkward, source="x.toml")):
        (loaded,) = build_lexicon([(entity.source, '[lexicon]\nname = "x"\n' + entity_toml(entity))]).entities
        assert loaded == entity


@pytest.mark.parametrize("case", AS_OF, ids=[case["why"] for case in AS_OF])
def test_as_of_is_kept_per_file(case):
    dated = f'[lexicon]\nname = "x"\n{case["header"]}\n[[entity]]\nid = "a"\nname = "Najaf"\n'
    undated = '[lexicon]\nname = "y"\n[[entity]]\nid = "b"\nname = "Karbala"\n'
    lexicon = build_lexicon([("dated.toml", dated), ("undated.toml", undated)])
    expected = {"dated.toml": date.fromisoformat(case["expect"])} if case["expect"] else {}
    assert lexicon.as_of == expected


def _problem_of(source: str, expect: str):
    """Return the first problem whose message holds `expect`, loading `source` as broken.toml."""
    with pytest.raises(LexiconError) as caught:
        build_lexicon([("broken.toml", source)])
    matching = [p for p in caught.value.problems if expect in p.message]
    assert matching, [str(p) for p in caught.value.problems]
    return matching[0]


@pytest.mark.parametrize("case", [c for c in HOMONYMS if not c["problem"]], ids=lambda c: c["why"])
def test_homonyms_share_house_spellings_and_their_variants(case):
    lexicon = build_lexicon([("ok.toml", case["source"])])
    for spelling in case["shared"]:
        for owner in case["owners"]:
            assert spelling_key(spelling) in {spelling_key(h) for h in lexicon.entity(owner).house_spellings}
    matcher = Matcher(lexicon)
    for spelling in case["shared"]:
        found = matcher.match(spelling)
        assert (found.kind, found.entity_id in case["owners"]) == ("exact", True), spelling
    for entity in lexicon.entities:
        for variant in entity.variants:
            if variant.text not in case["shared"]:
                assert matcher.match(variant.text).replacement == variant.house, variant


@pytest.mark.parametrize("case", [c for c in HOMONYMS if c["problem"]], ids=lambda c: c["why"])
def test_variants_claimed_by_homonyms_under_other_spellings_are_refused(case):
    problem = _problem_of(case["source"], case["problem"])
    assert (problem.entity, problem.line) == (case["entity"], case["line"])


@pytest.mark.parametrize("row", table("lexicon_signs.csv"), ids=lambda row: row["why"])
def test_ayn_and_hamza_signs_stand_anywhere_in_a_word(row):
    spelling = row["spelling"]
    source = f'[lexicon]\nname = "x"\n[[entity]]\nid = "a"\nname = "Other Name"\naliases = [{toml_string(spelling)}]\n'
    assert is_findable(spelling) == (row["findable"] == "true")
    assert spelling_key(spelling) == tuple(row["key"].split())
    if row["findable"] == "true":
        found = Matcher(build_lexicon([("ok.toml", source)])).match(spelling)
        assert (found.entity_id, found.kind) == ("a", "exact")
    else:
        assert _problem_of(source, "cannot stand in a name").entity == "a"


def test_loading_leaves_the_cycle_collector_as_it_found_it():
    import gc

    broken = '[lexicon]\nname = "x"\n[[entity]]\nid = "a"\n'
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            build_lexicon([("ok.toml", broken + 'name = "A"\n')])
            with pytest.raises(LexiconError):
                build_lexicon([("broken.toml", broken)])
            assert gc.isenabled() == enabled
        finally:
            gc.enable()
