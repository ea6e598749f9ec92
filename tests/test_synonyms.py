"""The lexicon as synonyms: every format parsed back gives each variant its house spelling,
homonyms make one rule naming every entity, and the command writes the formats."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from namecheck import load_lexicon
from namecheck.cli import app
from namecheck.synonyms import FORMATS, exported_synonyms, synonym_rules

LEXICON = str(Path(__file__).parent / "data" / "normalize" / "lexicon.toml")


def parsed_solr(text: str) -> dict[str, str]:
    """Return variant -> house spelling from the explicit mappings of a Solr synonyms text."""
    mapping = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        left, right = re.split(r"(?<!\\)=>", line)
        house = right.strip().replace("\\,", ",")
        for variant in re.split(r"(?<!\\),", left):
            mapping[variant.strip().replace("\\,", ",")] = house
    return mapping


def parsed(text: str, format: str) -> dict[str, str]:
    if format == "solr-synonyms":
        return parsed_solr(text)
    data = json.loads(text)
    if format == "elasticsearch-synonyms":
        return parsed_solr("\n".join(data["analysis"]["filter"]["namecheck_names"]["synonyms"]))
    return {variant: rule["house"] for rule in data["synonyms"] for variant in rule["variants"]}


def listed_variants(lexicon) -> dict[str, str]:
    return {variant.text: variant.house for entity in lexicon.entities for variant in entity.variants}


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("with_default", [False, True])
def test_every_variant_maps_to_its_house_spelling(format, with_default):
    lexicon = load_lexicon([LEXICON] if not with_default else [], with_default=with_default)
    expected = listed_variants(lexicon)
    found = parsed(exported_synonyms(lexicon, format), format)
    folded = {variant.casefold(): house for variant, house in expected.items()}
    assert {variant.casefold(): house for variant, house in found.items()} == folded


def test_a_shared_house_spelling_is_one_rule_naming_every_entity():
    lexicon = load_lexicon([LEXICON], with_default=False)
    [tripoli] = [rule for rule in synonym_rules(lexicon) if rule.house == "Tripoli"]
    assert tripoli.entities == ("tripoli-libya", "tripoli-lebanon") and tripoli.variants == ("Trablous", "Tarabulus")
    solr = exported_synonyms(lexicon, "solr-synonyms")
    assert "# Tripoli: shared by tripoli-libya, tripoli-lebanon\nTrablous, Tarabulus => Tripoli\n" in solr


def test_the_command_writes_a_synonyms_file(tmp_path):
    out = tmp_path / "synonyms.txt"
    result = CliRunner().invoke(app, ["lexicon", "export", "--no-default-lexicon", "-l", LEXICON, "-o", str(out)])
    assert result.exit_code == 0
    assert parsed_solr(out.read_text()) == listed_variants(load_lexicon([LEXICON], with_default=False))
    shown = CliRunner().invoke(app, ["lexicon", "export", "-f", "json", "--no-default-lexicon", "-l", LEXICON])
    assert json.loads(shown.stdout)["summary"] == {"rules": 5, "variants": 8, "shared": 1}
