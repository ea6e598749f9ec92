"""House-style overrides: later lexicon files restate, merge and turn off entities of earlier ones."""

import tomllib

import pytest
from conftest import DATA

from namecheck.lexicon import LexiconError, build_lexicon
from namecheck.matcher import Matcher

CASES = tomllib.loads((DATA / "lexicon_overrides.toml").read_text(encoding="utf-8"))["case"]
LOADS = [case for case in CASES if "problem" not in case]
FAILS = [case for case in CASES if "problem" in case]


def files_of(case) -> list[tuple[str, str]]:
    """Return a case's sources as (path, text), named 1.toml, 2.toml ... in load order."""
    return [(f"{number}.toml", source) for number, source in enumerate(case["sources"], 1)]


def file_name(number: int) -> str:
    return f"{number}.toml" if number else ""


@pytest.mark.parametrize("case", LOADS, ids=[case["why"] for case in LOADS])
def test_restated_entities_load_as_the_table_says(case):
    lexicon = build_lexicon(files_of(case))
    entity = lexicon.loaded_entity(case["entity"])
    loaded = {
        "name": entity.name,
        "aliases": list(entity.aliases),
        "variants": [[variant.text, variant.house] for variant in entity.variants],
        "type": entity.type,
        "note": entity.note,
        "distinct": list(entity.distinct),
        "disabled": entity in lexicon.disabled,
    }
    assert {key: loaded[key] for key in loaded if key in case} == {key: case[key] for key in loaded if key in case}
    provenance = lexicon.provenance[entity.id]
    assert {field: provenance.field(field) for field in case.get("files", {})} == {
        field: file_name(number) for field, number in case.get("files", {}).items()
    }
    assert {text: provenance.variant_file(text) for text in case.get("variant_files", {})} == {
        text: file_name(number) for text, number in case.get("variant_files", {}).items()
    }
    if "enabled" in case:
        assert [e.id for e in lexicon.entities] == case["enabled"]


@pytest.mark.parametrize("case", LOADS, ids=[case["why"] for case in LOADS])
def test_restated_variants_are_fixed_to_their_new_house_spelling(case):
    lexicon = build_lexicon(files_of(case))
    matcher = Matcher(lexicon)
    for entity in lexicon.entities:
        for spelling in entity.house_spellings:
            assert matcher.match(spelling).kind == "exact", spelling
        for variant in entity.variants:
            assert matcher.match(variant.text).replacement == variant.house, variant


@pytest.mark.parametrize("case", FAILS, ids=[case["why"] for case in FAILS])
def test_override_problems_name_file_and_line(case):
    with pytest.raises(LexiconError) as caught:
        build_lexicon(files_of(case))
    matching = [p for p in caught.value.problems if case["problem"] in p.message]
    assert matching, [str(p) for p in caught.value.problems]
    assert (matching[0].path, matching[0].line) == (file_name(case["problem_file"]), case["line"])


def test_a_disabled_entity_is_not_matched():
    region = '[lexicon]\nname = "region"\n[[entity]]\nid = "hama"\nname = "Hama"\nvariants = ["Hamah"]\n'
    desk = '[lexicon]\nname = "desk"\ndisable = ["hama"]\n'
    assert Matcher(build_lexicon([("1.toml", region)])).match("Hamah").replacement == "Hama"
    lexicon = build_lexicon([("1.toml", region), ("2.toml", desk)])
    assert lexicon.entities == () and Matcher(lexicon).match("Hamah") is None
