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


@lru_cache(maxsize=131072)
def word_cost(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> float:
    """Return the cheapest alignment cost turning unit sequence `a` into `b`."""
    costs = edit_costs()
    delete = [_indel_cost(a, i, costs) for i in range(len(a))]
    insert = [_indel_cost(b, j, costs) for j in range(len(b))]
    rows = [[0.0]]
    for j in range(len(b)):
        rows[0].append(rows[0][-1] + insert[j])
    for i in range(1, len(a) + 1):
        row = [rows[i - 1][0] + delete[i - 1]]
        for j in range(1, len(b) + 1):
            final = i == len(a) or j == len(b)
            best = min(
                rows[i - 1][j - 1] + _substitution_cost(a[i - 1], b[j - 1], final, costs),
                rows[i - 1][j] + delete[i - 1],
                row[j - 1] + insert[j - 1],
            )
            if j >= 2:
                split = _split_cost(a[i - 1], b[j - 2], b[j - 1], costs)
                if split is not None:
                    best = min(best, rows[i - 1][j - 2] + split)
            if i >= 2:
                split = _split_cost(b[j - 1], a[i - 2], a[i - 1], costs)
                if split is not None:
                    best = min(best, rows[i - 2][j - 1] + split)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def allowance(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> float:
    """Return the edit budget of a pair of words: longer words may differ more."""
    return edit_costs().allowance_per_unit * max(len(a), len(b), 1)


def similarity(cost: float, budget: float) -> float:
    """Return a score in [0, 1]: 1 for no cost, 0 when the cost uses the whole budget."""
    return max(0.0, 1.0 - cost / budget)
