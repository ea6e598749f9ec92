"""Romanization units of a word and its coarse index key.

A folded word is cut into units ("dsch", "sch", "ch", "c" ...), longest first; each unit reads as
one or more sounds (rules.toml). The coarse key keeps one class letter per consonant sound and
drops vowels and glides, so that every romanization of a name lands in the same index bucket:
"mohamed chia al-soudani" and "mohammed shia al-sudani" both key to "mhmd s sdn".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import jellyfish

from .resources import romanization_rules


# What must follow a unit written with a trailing mark: no vowel ("_"), a consonant ("-"), the
# end of the word ("$").
_FOLLOWED_BY = {"_": "(?![aeiouy])", "-": "(?=[^aeiouy])", "$": "$"}
_MARKS = "".join(_FOLLOWED_BY)


def _units_pattern(keys: list[str]) -> re.Pattern:
    """Return one pattern matching the longest unit at a position, grouped by first letter.

    A unit written with a trailing "_" is read as a unit only where no vowel follows (ej_:
    Sergej); with a trailing "-" only where a consonant follows (aj-: Kajseri, but the j of
    Najaf and of Siraj is a j); with a trailing "$" only at the end of a word (ie$: Milwaukie).
    """
    by_first: dict[str, list[str]] = {}
    for key in keys:
        text = key.rstrip(_MARKS)
        rest = re.escape(text[1:]) + _FOLLOWED_BY.get(key[-1], "")
        by_first.setdefault(text[0], []).append(rest)
    groups = []
    for first, rests in sorted(by_first.items()):
        longer = sorted((rest for rest in rests if rest), key=len, reverse=True)
        tail = f"(?:{'|'.join(longer)})?" if longer else ""
        groups.append(re.escape(first) + tail)
    return re.compile("|".join(groups))


@dataclass(frozen=True)
class Unit:
    text: str
    readings: tuple[tuple[str, float], ...]  # (sound, cost), cheapest first
    vowel: bool  # its first reading is a vowel or a glide
    glide: bool  # its first reading is y, w or v
    coarse: str  # coarse class letter, "" for vowels and glides
    alternate: str | None = None  # the class of a reading in another bucket (j read as y: "")
    # every other bucket a spelling of this unit may stand in: its own readings' classes and the
    # classes of the units that can be read as one of its consonants (g read as j: Golani / Jolani)
    alternates: tuple[str, ...] = ()

    # Units are the keys of the alignment's caches, hashed millions of times: by identity, in C,
    # instead of every field in Python. The unit table makes one unit per text; an equal unit
    # made elsewhere only misses a cache (its answer is computed again, the same).
    __hash__ = object.__hash__


_GLIDES = frozenset({"Y", "W", "V"})


class UnitTable:
    """The units of rules.toml, ready for segmenting words."""

    def __init__(self, rules: dict):
        sounds = rules["sounds"]
        vowels = frozenset(sounds["vowels"])
        classes = sounds["classes"]
        self.units: dict[str, Unit] = {}
        for key, readings in rules["units"].items():
            text = key.rstrip(_MARKS)
            ordered = tuple(sorted(readings.items(), key=lambda item: item[1]))
            first = next(iter(readings))
            buckets = ["" if sound in vowels else classes[sound] for sound in readings]
            self.units[text] = Unit(
                text=text,
                readings=ordered,
                vowel=first in vowels,
                glide=first in _GLIDES,
                coarse=buckets[0],
                alternate=next((b for b in buckets if b != buckets[0]), None),
            )
        self._add_shared_buckets(vowels, classes)
        self._unit_re = _units_pattern(list(rules["units"]))

    def _add_shared_buckets(self, vowels: frozenset, classes: dict) -> None:
        """Give every unit the buckets of the units that share one of its consonant sounds.

        The index files a form under its units' first classes only; a query unit that another
        spelling's unit can be read as (j for the g of Golani, read as j) must look in that
        unit's bucket too, or the cheap equivalence is never scored. Vowel sounds are left
        out: every vowel and glide lands in no bucket.
        """
        sounds = {text: {sound for sound, _ in unit.readings if sound not in vowels} for text, unit in self.units.items()}
        for text, unit in self.units.items():
            own = [classes[sound] for sound in sounds[text]] + [""] * any(s in vowels for s, _ in unit.readings)
            shared = [other.coarse for name, other in self.units.items() if sounds[name] & sounds[text] and other.coarse]
            found = tuple(dict.fromkeys(b for b in (*own, *shared) if b != unit.coarse and not (unit.vowel and b)))
            self.units[text] = replace(unit, alternates=found)

    def segment(self, word: str) -> tuple[Unit, ...]:
        """Cut a folded word into units, longest match first; unknown characters are skipped."""
        return tuple(map(self.units.__getitem__, self._unit_re.findall(word)))


@lru_cache(maxsize=None)
def unit_table() -> UnitTable:
    """Return the unit table built from the shipped rules."""
    return UnitTable(romanization_rules())


@lru_cache(maxsize=4096)
def word_units(word: str) -> tuple[Unit, ...]:
    """Return the units of a folded word: "hachd" -> (h, a, ch, d)."""
    return unit_table().segment(word)


def _ends_in_h(unit: Unit) -> bool:
    return len(unit.text) > 1 and unit.text.endswith("h")


def _key_units(units: tuple[Unit, ...]) -> list[Unit]:
    """Return the units a key is read from: a final h after a vowel, and an h after sh, kh, th
    (written once or twice it is one sound for the index: Mashhad / Mashad), left out."""
    if len(units) > 1 and units[-1].text == "h" and units[-2].vowel:
        units = units[:-1]
    return [unit for index, unit in enumerate(units) if unit.text != "h" or not index or not _ends_in_h(units[index - 1])]


def _squeezed(classes) -> str:
    """Return a key from class letters: a letter repeated in a row written once, then vowels
    ("") left out, so that a vowel between two equal letters keeps both (Baba: "bb")."""
    key, last = "", None
    for letter in classes:
        if letter != last:
            key += letter
            last = letter
    return key or "_"


def run_together(keys: list[str] | tuple[str, ...]) -> str:
    """Return the index key of words read as one word, given their keys: the keys run together,
    a class repeated across a word boundary written once (Ram Allah and Ramallah: "=rml")."""
    return "=" + _squeezed("".join([key for key in keys if key != "_"]))


def coarse_key(units: tuple[Unit, ...]) -> str:
    """Return the index key of a word's units: consonant classes, doubled letters written once."""
    return _squeezed([unit.coarse for unit in _key_units(units)])


def word_keys(units: tuple[Unit, ...]) -> tuple[str, tuple[str, ...]]:
    """Return the index key of a word's units and its alternate keys: one ambiguous unit at a
    time read in each of the other buckets it may stand in (Sulejmanija read with y for j,
    Youcef with s for c), then, with two ambiguous units or more, all of them read the other
    way at once (Fajes for Fayez: j and s)."""
    kept = _key_units(units)
    classes = [unit.coarse for unit in kept]
    key = _squeezed(classes)
    ambiguous = {unit.text: unit.alternates for unit in units if unit.alternates}
    if not ambiguous:
        return key, ()
    others = []
    for text, buckets in ambiguous.items():
        places = [index for index, unit in enumerate(kept) if unit.text == text]
        for bucket in buckets if places else ():  # a unit left out reads as the key itself
            read = classes.copy()
            for index in places:
                read[index] = bucket
            others.append(_squeezed(read))
    if len(ambiguous) > 1:
        others.append(_squeezed([unit.coarse if unit.alternate is None else unit.alternate for unit in kept]))
    return key, tuple(dict.fromkeys(other for other in others if other != key))


@lru_cache(maxsize=4096)
def sound_key(word: str) -> str:
    """Return jellyfish's metaphone code of a folded word: "youcef" -> "YSF", like "youssef"."""
    return jellyfish.metaphone(word) or "_"


def alternate_keys(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """Return the alternate keys of a word's units (see word_keys)."""
    return word_keys(units)[1]
