"""Words of a text with their spans, and how each word is joined to the next one.

A name may only run across words joined by a space (at most one line break), a hyphen, or an
ayn mark before a space ("Shia' al-Sudani"). Anything else (a comma, a full stop, a possessive)
ends the run.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Letters (with combining marks) and apostrophes or ayn marks standing between two letters.
_LETTER = r"[^\W\d_\u02bc\u02bf\u02be]|[\u0300-\u036f]"
_WORD_RE = re.compile(rf"(?:[\u02bf\u02be])?(?:{_LETTER})(?:{_LETTER}|[\u02bf\u02be]|['\u2019](?={_LETTER}))*")
_POSSESSIVE_RE = re.compile(r"['\u2019][sS]$")

_SPACE_GAP_RE = re.compile(r"['\u2019\u02bf\u02be]?[ \t\u00a0]*(?:\r\n|\r|\n)?[ \t\u00a0]*")
_HYPHEN_GAP_RE = re.compile(r"[ \t\u00a0]*[-\u2010\u2011][ \t\u00a0]*(?:\r\n|\r|\n)?[ \t\u00a0]*")
_MAX_GAP = 8

SPACE = " "
HYPHEN = "-"


class Token(NamedTuple):
    start: int
    end: int
    text: str
    gap: str | None  # how it joins the next token: SPACE, HYPHEN, or None (it does not)


def gap_kind(gap: str) -> str | None:
    """Return SPACE, HYPHEN or None for the text that separates two words."""
    if not gap or len(gap) > _MAX_GAP:
        return None
    if _SPACE_GAP_RE.fullmatch(gap):
        return SPACE
    if _HYPHEN_GAP_RE.fullmatch(gap):
        return HYPHEN
    return None


def text_tokens(text: str) -> list[Token]:
    """Return the words of `text` in order, a trailing possessive 's left out of each."""
    spans = []
    for found in _WORD_RE.finditer(text):
        start, end = found.span()
        if _POSSESSIVE_RE.search(found.group()) and end - start > 2:
            end -= 2
        spans.append((start, end))
    tokens = []
    for index, (start, end) in enumerate(spans):
        gap = None
        if index + 1 < len(spans):
            gap = gap_kind(text[end : spans[index + 1][0]])
        tokens.append(Token(start, end, text[start:end], gap))
    return tokens
