"""documents/regions.py: where the reader text of a region comes from in the source."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from namecheck.documents.regions import Piece, Region

# A piece: its length in the reader text, whether it is the source as written, the source it
# spans when it is not (an escape, an entity), and the markup skipped before it.
PIECES = st.lists(
    st.tuples(st.integers(1, 5), st.booleans(), st.integers(1, 6), st.sampled_from([0, 0, 2])),
    min_size=1,
    max_size=6,
)


@st.composite
def regions(draw) -> Region:
    pieces, at, source = [], 0, draw(st.integers(0, 3))
    for length, literal, escape_length, skipped in draw(PIECES):
        source += skipped
        source_length = length if literal else escape_length
        pieces.append(Piece(at, length, source, source_length, literal))
        at, source = at + length, source + source_length
    barriers = tuple(sorted(draw(st.sets(st.integers(1, max(1, at - 1)), max_size=2)))) if at > 1 else ()
    return Region("x" * at, tuple(pieces), barriers=barriers)


@given(regions(), st.data())
def test_a_literal_shift_moves_every_span_inside_as_source_span_does(region, data):
    start = data.draw(st.integers(0, len(region.text) - 1))
    end = data.draw(st.integers(start + 1, len(region.text)))
    shift = region.literal_shift(start, end)
    if shift is None:
        return
    for first in range(start, end + 1):
        for last in range(first, end + 1):
            assert region.source_span(first, last) == (first + shift, last + shift)


def test_a_span_across_markup_or_an_escape_has_no_literal_shift():
    # "ab" as written, "c" from an escape of 5 source characters, then 3 of markup, "de" as written
    region = Region("abcde", (Piece(0, 2, 10, 2, True), Piece(2, 1, 12, 5, False), Piece(3, 2, 20, 2, True)))
    assert region.literal_shift(0, 1) == 10 and region.literal_shift(3, 5) == 17
    assert region.literal_shift(1, 3) is None and region.literal_shift(2, 3) is None
    # a span ending where the next piece starts: an insertion there goes where that piece starts
    assert region.literal_shift(0, 2) is None and region.source_span(2, 2) == (12, 12)
