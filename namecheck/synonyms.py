"""The lexicon as search-engine synonyms: each house spelling with the variants that it replaces.

A corpus normalized by namecheck holds house spellings; a reader still types the variants. A
synonym rule per house spelling, `Soudani, Al-Soudani => Sudani` (Solr's explicit mapping, which
Elasticsearch and OpenSearch read too), maps a query typed with a listed variant onto the house
spelling, so that it finds the normalized documents.

Homonyms (several entities sharing a house spelling, such as the two Tripolis) make one rule:
the lexicon lets a variant be listed under only one house spelling, so every variant of a shared
spelling maps to that spelling whichever entity is meant, and the rule names all the entities
(in the json format and in a comment). Variants that differ only in letter case are listed
once, since search analyzers lower-case before they look synonyms up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .lexicon import Lexicon

FORMATS = ("solr-synonyms", "elasticsearch-synonyms", "json")
FILTER_NAME = "namecheck_names"


@dataclass(frozen=True)
class SynonymRule:
    """A house spelling, the entities that use it, and the variants that it replaces."""

    house: str
    entities: tuple[str, ...]
    variants: tuple[str, ...]

    def to_dict(self) -> dict:
        """Return the rule as the json format writes it."""
        return {"house": self.house, "entities": list(self.entities), "variants": list(self.variants)}


def synonym_rules(lexicon: Lexicon) -> list[SynonymRule]:
    """Return one rule per house spelling that has variants, sorted by house spelling."""
    entities: dict[str, list[str]] = {}
    variants: dict[str, dict[str, str]] = {}  # house -> casefolded variant -> variant as listed
    for entity in lexicon.entities:
        for house in entity.house_spellings:
            entities.setdefault(house, []).append(entity.id)
        for variant in entity.variants:
            variants.setdefault(variant.house, {}).setdefault(variant.text.casefold(), variant.text)
    rules = []
    for house, listed in variants.items():
        kept = tuple(text for key, text in listed.items() if key != house.casefold())
        if kept:
            rules.append(SynonymRule(house, tuple(dict.fromkeys(entities[house])), kept))
    return sorted(rules, key=lambda rule: (rule.house.casefold(), rule.house))


def _escaped(text: str) -> str:
    """Return a spelling as the synonym syntax writes it: its separators escaped."""
    return text.replace("\\", "\\\\").replace(",", "\\,").replace("=>", "=\\>")


def rule_line(rule: SynonymRule) -> str:
    """Return a rule in the Solr synonym syntax: `variant, variant => house`."""
    return ", ".join(map(_escaped, rule.variants)) + " => " + _escaped(rule.house)


def solr_synonyms(lexicon: Lexicon) -> str:
    """Return a synonyms file (Solr syntax, read by Solr, Elasticsearch and OpenSearch) for the lexicon."""
    rules = synonym_rules(lexicon)
    lines = [f"# namecheck: {len(rules)} house spellings, each with the variant spellings it replaces"]
    for rule in rules:
        if len(rule.entities) > 1:
            lines.append(f"# {rule.house}: shared by {', '.join(rule.entities)}")
        lines.append(rule_line(rule))
    return "\n".join(lines) + "\n"


def elasticsearch_synonyms(lexicon: Lexicon) -> str:
    """Return the analysis settings of a synonym_graph token filter holding the rules inline,
    for an Elasticsearch or OpenSearch index (see the README for the analyzer around it)."""
    rules = [rule_line(rule) for rule in synonym_rules(lexicon)]
    settings = {"analysis": {"filter": {FILTER_NAME: {"type": "synonym_graph", "synonyms": rules}}}}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def json_synonyms(lexicon: Lexicon) -> str:
    """Return the rules as JSON: house spelling, entities and variants of each."""
    rules = synonym_rules(lexicon)
    shared = sum(1 for rule in rules if len(rule.entities) > 1)
    summary = {"rules": len(rules), "variants": sum(len(rule.variants) for rule in rules), "shared": shared}
    return json.dumps({"synonyms": [rule.to_dict() for rule in rules], "summary": summary}, ensure_ascii=False, indent=1) + "\n"


def exported_synonyms(lexicon: Lexicon, format: str) -> str:
    """Return the lexicon's synonyms in one of FORMATS."""
    writers = {"solr-synonyms": solr_synonyms, "elasticsearch-synonyms": elasticsearch_synonyms, "json": json_synonyms}
    if format not in writers:
        raise ValueError(f"unknown synonym format {format!r} (one of {', '.join(FORMATS)})")
    return writers[format](lexicon)
