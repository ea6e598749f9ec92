"""Plain text: the whole text is read; pieces are cut at blank lines.

A name may run across one line break but never across a blank line, so a cut after a blank
line never splits a name. A very long stretch without one (a file of short lines, a file on one
line) is cut at a line break, or failing that after the last space, once it passes `CUT_LIMIT`:
a name written across exactly that point would be missed, which is the price of reading an
arbitrarily long line in bounded memory.
"""

from __future__ import annotations

import re
from typing import Iterator

from .regions import Region

NAME = "text"
EXTENSIONS = (".txt", ".text")
CUT_LIMIT = 1 << 20  # characters read before a cut is forced

_BLANK_LINE_RE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_PUNCTUATED_BREAK_RE = re.compile(r"[.!?:;,)\]\"”](?:\r\n|\r|\n)")


def _last_end(pattern: re.Pattern, buffer: str, start: int = 0) -> int:
    end = 0
    for found in pattern.finditer(buffer, start):
        end = found.end()
    return end


def forced_cut(buffer: str) -> int:
    """Return a cut point in a long buffer with no blank line: after a line that ends a sentence
    or clause, after any line break, or after the last space; len(buffer) as the last resort."""
    tail = max(0, len(buffer) - CUT_LIMIT // 2)
    for finder in (
        lambda: _last_end(_PUNCTUATED_BREAK_RE, buffer, tail),
        lambda: max(buffer.rfind("\n", tail), buffer.rfind("\r", tail)) + 1,
        lambda: buffer.rfind(" ", tail) + 1,
    ):
        cut = finder()
        if cut > 0:
            return cut
    return len(buffer)


def safe_cut(buffer: str, final: bool) -> int:
    """Return how much of `buffer` can be read on its own: up to its last blank line."""
    if final:
        return len(buffer)
    tail = max(0, len(buffer) - CUT_LIMIT)
    cut = _last_end(_BLANK_LINE_RE, buffer, tail)
    if cut:
        return cut
    return forced_cut(buffer) if len(buffer) >= CUT_LIMIT else 0


def regions(text: str, options=None) -> Iterator[Region]:
    """Return the one region of a plain text: all of it."""
    if text:
        yield Region.literal(text, 0)
