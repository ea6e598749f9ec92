"""Words of a text with their spans, and how each word is joined to the next one.

A name may only run across words joined by a space (at most one line break), a hyphen, or an
ayn mark before a space ("Shia' al-Sudani"). Anything else (a comma, a full stop, a possessive)
ends the run.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Word characters (letters, digits, ayn and hamza marks, combining accents), and apostrophes
# standing between two of them (Ja'afari). Digits are kept in words so that "F16" stays whole.
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+(?:['\u2019][\w\u0300-\u036f]+)*")
_APOSTROPHES = "'\u2019"

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
    if gap == " ":
        return SPACE
    if gap == "-":
        return HYPHEN
    if not gap or len(gap) > _MAX_GAP:
        return None
    if _SPACE_GAP_RE.fullmatch(gap):
        return SPACE
    if _HYPHEN_GAP_RE.fullmatch(gap):
        return HYPHEN
    return None


def text_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the words of `text` (or of text[start:end]) in order, a trailing possessive 's left out."""
    spans = []
    for found in _WORD_RE.finditer(text, start, len(text) if end is None else end):
        start, end = found.span()
        if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in _APOSTROPHES:
            end -= 2
        spans.append((start, end))
    tokens = []
    last = len(spans) - 1
    for index, (start, end) in enumerate(spans):
        gap = gap_kind(text[end : spans[index + 1][0]]) if index < last else None
        tokens.append(Token(start, end, text[start:end], gap))
    return tokens


_WORD = r"[\w\u0300-\u036f]+(?:['\u2019][\w\u0300-\u036f]+)*"
_GAP = (
    r"(?:['\u2019\u02bf\u02be]?[ \t\u00a0]*(?:\r\n|\r|\n)?[ \t\u00a0]*"
    r"|[ \t\u00a0]*[-\u2010\u2011][ \t\u00a0]*(?:\r\n|\r|\n)?[ \t\u00a0]*)"
)


def run_pattern(particles: frozenset[str]) -> re.Pattern:
    """Return a pattern for runs of name-like words: capitalized words and lower-case particles.

    It lets the scanner skip lower-case prose at the regular-expression engine's speed; words
    it lets through are still checked one by one (a non-ASCII lower-case initial passes here).
    """
    particle = "(?:" + "|".join(sorted(map(re.escape, particles), key=len, reverse=True)) + r")(?![\w\u0300-\u036f'\u2019])"
    capital = rf"(?=[^\W\d_a-z]){_WORD}"
    return re.compile(rf"(?<![\w'\u2019])(?:{particle}{_GAP})*{capital}(?:{_GAP}(?:{capital}|{particle}))*")
