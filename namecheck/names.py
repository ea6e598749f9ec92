"""How the words of a name are read: articles, particles and compounds.

"Mohamed Chia al-Soudani" becomes three parts, the last one carrying the article "al";
"Abdelkader" becomes "abd" + "al" "kader"; "Nasreddine" becomes "nasr" + "al" "din". Articles
are kept beside the part they belong to, so that scoring can see them and the index key can
leave them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from .keys import Unit, coarse_key, sound_key, word_units
from .resources import romanization_rules
from .tokens import HYPHEN, SPACE


@dataclass(frozen=True)
class Part:
    """One significant word of a name, with the article written before it."""

    word: str  # folded, particles in their canonical spelling
    units: tuple[Unit, ...]
    key: str  # coarse consonant key (keys.coarse_key)
    sound_key: str  # jellyfish metaphone of the word: a second way into the index
    article: str = ""  # folded article ("al", "el", "ash" ...), "" when none
    attached: bool = False  # the article was written joined to the word (Alsudani)


@dataclass(frozen=True)
class Particles:
    articles: frozenset[str]
    spaced_articles: frozenset[str]
    attached_articles: tuple[str, ...]
    attached_min_rest: int
    lowercase: frozenset[str]
    canonical: dict
    abd_stems: tuple[str, ...]
    abd_joins: tuple[str, ...]
    din_suffixes: tuple[str, ...]
    din_min_stem: int


@lru_cache(maxsize=None)
def particles() -> Particles:
    """Return the article and particle rules of the shipped rules."""
    data = romanization_rules()["particles"]
    return Particles(
        articles=frozenset(data["articles"]),
        spaced_articles=frozenset(data["spaced_articles"]),
        attached_articles=tuple(data["attached_articles"]),
        attached_min_rest=data["attached_min_rest"],
        lowercase=frozenset(data["lowercase"]),
        canonical=dict(data["canonical"]),
        abd_stems=tuple(data["abd_stems"]),
        abd_joins=tuple(data["abd_joins"]),
        din_suffixes=tuple(sorted(data["din_suffixes"], key=len, reverse=True)),
        din_min_stem=data["din_min_stem"],
    )


def is_article(word: str, gap: str | None) -> bool:
    """Return True when a folded word, joined to the next word by `gap`, is the article."""
    rules = particles()
    if gap == HYPHEN:
        return word in rules.articles
    return gap == SPACE and word in rules.spaced_articles


@lru_cache(maxsize=None)
def _compound_patterns() -> tuple[re.Pattern, re.Pattern]:
    rules = particles()
    stems = "|".join(map(re.escape, rules.abd_stems))
    joins = "|".join(map(re.escape, rules.abd_joins))
    suffixes = "|".join(map(re.escape, rules.din_suffixes))
    abd = re.compile(rf"({stems})(?:{joins})((?:.{{3,}})?)")
    din = re.compile(rf"(.{{{rules.din_min_stem},}}?)(?:{suffixes})")
    return abd, din


def _split_word(word: str) -> list[tuple[str, str]]:
    """Split compounds into (article, word) pairs: "abdelkader" -> [("", "abd"), ("al", "kader")]."""
    abd, din = _compound_patterns()
    found = abd.fullmatch(word)
    if found:
        return [("", found.group(1)), ("al", found.group(2))]
    found = din.fullmatch(word)
    if found:
        return [("", found.group(1)), ("al", "din")]
    return [("", particles().canonical.get(word, word))]


def _part(word: str, article: str, attached: bool = False) -> Part:
    units = word_units(word)
    return Part(word, units, coarse_key(units), sound_key(word), article, attached)


@lru_cache(maxsize=65536)
def name_parts(words: tuple[str, ...], gaps: tuple[str | None, ...]) -> tuple[Part, ...]:
    """Return the parts of a name given its folded words and the gap after each word."""
    parts: list[Part] = []
    pending = ""
    for index, word in enumerate(words):
        gap = gaps[index] if index < len(gaps) else None
        if index + 1 < len(words) and is_article(word, gap):
            pending = word
            continue
        for article, piece in _split_word(word):
            if not piece:  # "Abdel Kader": the article goes with the next word
                pending = article
                continue
            parts.append(_part(piece, article or pending))
            pending = ""
    return tuple(parts)


def _without_attached_article(part: Part) -> Part | None:
    rules = particles()
    if part.article:
        return None
    for article in rules.attached_articles:
        rest = part.word[len(article) :]
        if part.word.startswith(article) and len(rest) >= rules.attached_min_rest:
            return _part(rest, article, attached=True)
    return None


def part_readings(parts: tuple[Part, ...], limit: int = 4) -> list[tuple[Part, ...]]:
    """Return the ways to read a name: as written, and with attached articles split off."""
    options = []
    for part in parts:
        split = _without_attached_article(part)
        options.append((part,) if split is None else (part, split))
    readings = []
    for combination in product(*options):
        readings.append(tuple(combination))
        if len(readings) == limit:
            break
    return readings


def name_key(parts: tuple[Part, ...]) -> str:
    """Return the index key of a name: the coarse keys of its parts, articles left out."""
    return " ".join(part.key for part in parts)


def name_sound_key(parts: tuple[Part, ...]) -> str:
    """Return the second index key of a name: the metaphone codes of its parts."""
    return "~" + " ".join(part.sound_key for part in parts)
