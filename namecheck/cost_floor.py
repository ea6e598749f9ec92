"""A lower bound on the alignment cost of two words (distance.word_cost), cheap enough to run
before the alignment: most forms the index proposes for a query are far from it, and a word
whose cost provably leaves it below the part floor needs no alignment at all.

Why the bound holds. An alignment consumes every unit of both words by one move: a substitution
(one unit of each word), an addition or a drop (one unit), or a diphthong split into a vowel and
a glide (one unit of one word, two of the other). Give each unit of word `a` a charge: what
dropping it at its place costs, no more than the cheapest split it may take part in (the doubled
cost for a diphthong; for a unit that may be read as a diphthong's vowel or glide, when the other
word holds a diphthong, its cheapest such reading). Then cut the costs into levels of STEP: at
level w a unit is heavy when its charge reaches w, and two units are close when their
substitution costs less than w. The close substitutions of an alignment keep the words' order,
so they match at most as many heavy units as the longest common subsequence of the heavy units
and the other word, with closeness as equality; every other heavy unit sits in a move costing at
least w. Summed over the levels, no move is charged more than it costs: a drop at most its
charge, a substitution at most its cost, a split at most its two readings plus the doubled
cost. The same holds with the words' roles swapped; the bound is the larger of the two.

The subsequences of all levels are computed at once, bit-parallel (Hyyrö's algorithm, which
holds for any match relation): each level is a lane of one integer, a spare bit between lanes
swallowing the carries, so a word costs a few integer operations per unit of the other word.
"""

from __future__ import annotations

from functools import lru_cache
from .distance import _GLIDES_OF, _VOWELS_OF, _pair_costs, _unit_costs, edit_costs
from .keys import Unit

# Charges and costs are counted in levels of this size: every cost of rules.toml is a multiple
# of it, so the bound loses nothing to rounding down.
STEP = 0.05
# Float sums of the same costs may differ in their last bits from the alignment's own sums.
_MARGIN = 1e-6
_ROLE_SOUNDS = frozenset().union(*_VOWELS_OF.values(), *_GLIDES_OF.values())


@lru_cache(maxsize=None)
def _level_count() -> int:
    """The number of levels: up to the dearest single edit (no charge exceeds it)."""
    costs = edit_costs()
    return round(max(costs.consonant, costs.final_vowel, costs.vowel_change) / STEP)


@lru_cache(maxsize=None)
def _levels_below(cost: float) -> int:
    """Return how many levels a cost reaches (levels w with w <= cost)."""
    return max(0, min(_level_count(), int(cost / STEP + 1e-9)))


def _splits(unit: Unit) -> bool:
    return unit.readings[0][0] in _GLIDES_OF


@lru_cache(maxsize=None)
def _split_role_cost(unit: Unit) -> float:
    """Return the cheapest reading of a unit as a diphthong's vowel or glide (inf when none)."""
    return min((cost for sound, cost in unit.readings if sound in _ROLE_SOUNDS), default=float("inf"))


@lru_cache(maxsize=32768)
def _charges(units: tuple[Unit, ...]) -> bytes:
    """Return a word's charge levels as the other word of a pair, in one small object (a scan
    keeps tens of thousands): a level per unit when the other word holds no diphthong, then a
    level per unit when it holds one that may be split into units of this word, then whether
    this word holds a diphthong (0 or 1)."""
    doubled = edit_costs().doubled
    plain, split = [], []
    for unit, dropped in zip(units, _unit_costs(units)[0]):
        if _splits(unit):
            dropped = min(dropped, doubled)
        plain.append(_levels_below(dropped))
        split.append(_levels_below(min(dropped, _split_role_cost(unit))))
    pack = bytes if _level_count() < 256 else tuple  # bytes: a byte per unit
    return pack(plain + split + [any(map(_splits, units))])


@lru_cache(maxsize=None)
def _layout(length: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the lanes of a word of `length` units: for each level c, the bits of the lanes
    below c (lanes_upto[c]), and for each unit, its bit in every lane (columns[i]). Bit
    lane * (length + 1) + i stands for unit i at that lane's level."""
    count, width = _level_count(), length + 1
    lane = (1 << length) - 1
    lanes_upto = tuple(sum(lane << (k * width) for k in range(c)) for c in range(count + 1))
    columns = tuple(sum(1 << (k * width + i) for k in range(count)) for i in range(length))
    return lanes_upto, columns


class _Pattern:
    """A word laid out in lanes, one per level, for the bit-parallel subsequences (_layout)."""

    __slots__ = ("units", "lanes_upto", "every", "columns", "heavy", "splits", "close")

    def __init__(self, units: tuple[Unit, ...]):
        self.units = units
        self.lanes_upto, self.columns = _layout(len(units))
        self.every = self.lanes_upto[-1]
        charges, length = _charges(units), len(units)
        # [other_splits]: the bits of the levels each unit's charge reaches
        self.heavy = tuple(
            sum(column & self.lanes_upto[level] for column, level in zip(self.columns, levels))
            for levels in (charges[:length], charges[length : 2 * length])
        )
        self.splits = charges[-1]
        self.close = ({}, {})  # [final]: unit of the other word -> close_bits

    def close_bits(self, other: Unit, final: bool) -> int:
        """Return the bits where substituting a unit of this word by `other` costs less than the
        lane's level; `final` when `other` ends its word (an edit there is a suffix)."""
        last = len(self.units) - 1
        found = 0
        for index, unit in enumerate(self.units):
            inner, at_end = _pair_costs(unit, other)
            # close in the lanes above the levels the substitution's cost reaches
            reached = _levels_below(at_end if final or index == last else inner)
            found |= self.columns[index] & ~self.lanes_upto[reached]
        self.close[final][other] = found
        return found


@lru_cache(maxsize=4096)
def _pattern(units: tuple[Unit, ...]) -> _Pattern:
    return _Pattern(units)


def word_cost_floor(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> float:
    """Return a lower bound on word_cost(a, b), never above it (see the module's docstring)."""
    pattern, charges, length = _pattern(a), _charges(b), len(b)
    heavy = pattern.heavy[charges[-1]]
    levels = charges[length * pattern.splits : length * (pattern.splits + 1)]
    every, lanes_upto, close = pattern.every, pattern.lanes_upto, pattern.close[False]
    mine = theirs = every  # a zero bit is a unit matched in that lane's subsequence
    last = len(b) - 1
    for index, unit in enumerate(b):
        if index == last:
            close = pattern.close[True]
        bits = close.get(unit)
        if bits is None:
            bits = pattern.close_bits(unit, index == last)
        matched = mine & bits & heavy
        mine = ((mine + matched) | (mine - matched)) & every
        matched = theirs & bits & lanes_upto[levels[index]]
        theirs = ((theirs + matched) | (theirs - matched)) & every
    lanes = _level_count() * len(a)
    # unmatched heavy units, summed over the levels: the heavy ones less the matched ones
    own = mine.bit_count() - lanes + heavy.bit_count()
    other = theirs.bit_count() - lanes + sum(levels)
    return max(0.0, STEP * max(own, other) - _MARGIN)
