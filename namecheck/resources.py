"""The matcher's own data files, shipped inside the package (namecheck/data)."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from .files import package_data_text as _data_text
from .normalize import folded_word


@lru_cache(maxsize=None)
def romanization_rules() -> dict:
    """Return the parsed rules.toml: units, sounds, costs and particles."""
    return tomllib.loads(_data_text("rules.toml"))


def _word_list(name: str) -> frozenset[str]:
    """Return the words of a list file: one lower-case word a line, "#" starting a comment line."""
    return frozenset(line for line in _data_text(name).splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=None)
def english_words() -> frozenset[str]:
    """Return ordinary English words (lower case), never reported alone as name variants: the
    word list, and the short function words and technical terms it leaves out."""
    return _word_list("english_words.txt") | _word_list("function_words.txt") | _word_list("technical_words.txt")


@lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    """Return the short English function words (lower case): prepositions, pronouns, articles."""
    return _word_list("function_words.txt")


@lru_cache(maxsize=None)
def well_known_names() -> frozenset[str]:
    """Return the names of countries, nationalities and world regions, folded (words joined by
    one space): names in their own right, whatever a lexicon lists them under."""
    return frozenset(" ".join(map(folded_word, name.split())) for name in _word_list("well_known_names.txt"))


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """Return common given names (lower case ASCII)."""
    return _word_list("given_names.txt")


@lru_cache(maxsize=None)
def abbreviations() -> frozenset[str]:
    """Return abbreviations whose full stop does not end a sentence (lower case, no final stop)."""
    return _word_list("abbreviations.txt")


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Return titles, ranks and offices written before a name (lower case)."""
    return _word_list("titles.txt")


@lru_cache(maxsize=None)
def name_nouns() -> frozenset[str]:
    """Return nouns that make a longer name of the words before them: places, buildings,
    publications (lower case)."""
    return _word_list("name_nouns.txt")


@lru_cache(maxsize=None)
def organization_nouns() -> frozenset[str]:
    """Return nouns that make an organization of the one word before them (lower case)."""
    return _word_list("organization_nouns.txt")
