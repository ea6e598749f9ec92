"""Romanization-aware edit cost between two words, and the similarity it gives.

A weighted Levenshtein alignment over units: a substitution costs what the cheapest shared
reading of the two units costs; edits that no convention explains cost what rules.toml [costs]
says. Position matters: a vowel added at the end of a word is a suffix (Iraq / Iraqi), not a
spelling habit, and costs as much as a consonant.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .keys import Unit
from .resources import romanization_rules


_DIPHTHONGS = frozenset({"AY", "AW"})
# A diphthong may be written as its vowel and a glide letter: aw as "av" or "ow" as "ov" in
# German and Slavic spellings (Lavrov / Lawrow), ay as "aj" before a vowel.
# Written as two vowels, a diphthong is a hiatus (Qaida / Qaeda, Said / Saeed, Taiz / Taez): the
# second vowel reads as the diphthong's glide.
_GLIDES_OF = {"AW": frozenset({"W", "V", "U"}), "AY": frozenset({"Y", "I"})}
_VOWELS_OF = {"AW": frozenset({"A", "U"}), "AY": frozenset({"A", "I"})}
# The high vowel whose glide bridges a hiatus after it: i-y-a, u-w-a.
_HIGH_VOWEL_OF = {"Y": "I", "W": "U"}



@dataclass(frozen=True)
class Costs:
    consonant: float
    vowel_change: float
    final_vowel: float
    mute_e: float
    initial_vowel: float
    inner_vowel: float
    vowel_beside_vowel: float
    diphthong: float
    glide: float
    hiatus_glide: float
    doubled: float
    final_h: float
    marks: float
    article: float
    allowance_per_unit: float


@lru_cache(maxsize=None)
def edit_costs() -> Costs:
    """Return the edit costs of the shipped rules."""
    return Costs(**romanization_rules()["costs"])


def _shared_cost(a: Unit, b: Unit) -> float | None:
    best = None
    for sound, cost in a.readings:
        for other, other_cost in b.readings:
            if sound == other and (best is None or cost + other_cost < best):
                best = cost + other_cost
    return best


def _substitution_cost(a: Unit, b: Unit, final: bool, costs: Costs) -> float:
    if a.text == b.text:
        return 0.0
    shared = _shared_cost(a, b)
    if shared is not None:
        return shared
    if a.vowel and b.vowel:
        return costs.final_vowel if final else costs.vowel_change
    return costs.consonant


def _indel_cost(units: tuple[Unit, ...], index: int, costs: Costs) -> float:
    """Cost of adding or dropping units[index] (the other word lacks it)."""
    unit = units[index]
    last = index == len(units) - 1
    if index > 0 and unit.readings[0][0] == units[index - 1].readings[0][0]:
        return costs.doubled  # the same sound written twice (Hassan / Hasan); the first of a run costs in full
    if index > 0 and unit.glide and unit.readings[0][0] in _GLIDES_OF.get(units[index - 1].readings[0][0], ()):
        return costs.doubled  # a doubled glide after its diphthong (Hayya / Haya, Nawwaf / Nawaf)
    if unit.text == "h" and last and index > 0 and units[index - 1].vowel:
        return costs.final_h
    if unit.text == "h" and index > 0 and units[index - 1].text.endswith("h"):
        return costs.final_h  # an h after sh, kh, th written once (Mashhad / Mashad)
    if unit.glide:
        if last:
            return costs.final_vowel
        return costs.hiatus_glide if _bridges_hiatus(units, index) else costs.glide
    if unit.readings[0][0] in _DIPHTHONGS:
        return costs.final_vowel if last else costs.diphthong
    if unit.vowel:
        if last and unit.text == "e" and index > 0 and not units[index - 1].vowel:
            return costs.mute_e
        if last:
            return costs.final_vowel
        if index == 0:
            return costs.initial_vowel
        beside = units[index - 1].vowel or units[index + 1].vowel
        return costs.vowel_beside_vowel if beside else costs.inner_vowel
    return costs.consonant




def _bridges_hiatus(units: tuple[Unit, ...], index: int) -> bool:
    """Return True when the glide at `index` stands between a high vowel of its own kind and
    another vowel: the glide a reader hears there anyway (Ziyad / Ziad, Ruwaida / Ruaida)."""
    glide = units[index].readings[0][0]
    before = units[index - 1].readings[0][0] if index else ""
    return units[index + 1].vowel and not units[index + 1].glide and _HIGH_VOWEL_OF.get(glide) == before


def _split_cost(diphthong: Unit, vowel: Unit, glide: Unit, costs: Costs) -> float | None:
    """Cost of reading one diphthong unit as a vowel unit followed by a glide unit, or None."""
    sound = diphthong.readings[0][0]
    if sound not in _GLIDES_OF:
        return None
    vowel_cost = min((cost for s, cost in vowel.readings if s in _VOWELS_OF[sound]), default=None)
    glide_cost = min((cost for s, cost in glide.readings if s in _GLIDES_OF[sound]), default=None)
    if vowel_cost is None or glide_cost is None:
        return None
    return costs.doubled + vowel_cost + glide_cost


@lru_cache(maxsize=None)
def _pair_costs(a: Unit, b: Unit) -> tuple[float, float]:
    """Return the cost of substituting `a` by `b` inside a word and at its end: worked out once
    per pair of units, not at every cell of every alignment."""
    costs = edit_costs()
    return _substitution_cost(a, b, False, costs), _substitution_cost(a, b, True, costs)


@lru_cache(maxsize=None)
def _cached_split_cost(diphthong: Unit, vowel: Unit, glide: Unit) -> float | None:
    return _split_cost(diphthong, vowel, glide, edit_costs())


@lru_cache(maxsize=4096)
def _unit_costs(units: tuple[Unit, ...]) -> tuple[tuple[float, ...], tuple[bool, ...]]:
    """Return what dropping each unit of a word costs, and which units are diphthongs that may
    be read as a vowel and a glide (see _split_cost): the same forms are aligned again and again."""
    costs = edit_costs()
    indels = tuple(_indel_cost(units, index, costs) for index in range(len(units)))
    return indels, tuple(unit.readings[0][0] in _GLIDES_OF for unit in units)




@lru_cache(maxsize=131072)
def word_cost(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> float:
    """Return the cheapest alignment cost turning unit sequence `a` into `b`."""
    delete, a_splits = _unit_costs(a)
    insert, b_splits = _unit_costs(b)
    rows = [[0.0]]
    for j in range(len(b)):
        rows[0].append(rows[0][-1] + insert[j])
    for i in range(1, len(a) + 1):
        above, unit, dropped = rows[i - 1], a[i - 1], delete[i - 1]
        pairs = [_pair_costs(unit, other) for other in b]
        last_row = i == len(a)
        row = [above[0] + dropped]
        left = row[0]
        for j in range(1, len(b) + 1):
            inner, final = pairs[j - 1]
            # the smallest of the three moves, compared inline: this cell is the scan's hottest code
            best = above[j - 1] + (final if last_row or j == len(b) else inner)
            other = above[j] + dropped
            if other < best:
                best = other
            other = left + insert[j - 1]
            if other < best:
                best = other
            if j >= 2 and a_splits[i - 1]:
                split = _cached_split_cost(unit, b[j - 2], b[j - 1])
                if split is not None:
                    best = min(best, above[j - 2] + split)
            if i >= 2 and b_splits[j - 1]:
                split = _cached_split_cost(b[j - 1], a[i - 2], unit)
                if split is not None:
                    best = min(best, rows[i - 2][j - 1] + split)
            row.append(best)
            left = best
        rows.append(row)
    return rows[-1][-1]


def allowance(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> float:
    """Return the edit budget of a pair of words: longer words may differ more."""
    return edit_costs().allowance_per_unit * max(len(a), len(b), 1)


def similarity(cost: float, budget: float) -> float:
    """Return a score in [0, 1]: 1 for no cost, 0 when the cost uses the whole budget."""
    return max(0.0, 1.0 - cost / budget)
