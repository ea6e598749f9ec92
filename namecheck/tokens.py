"""Words of a text with their spans, and how each word is joined to the next one.

A word is a run of letters, combining marks and invisible format characters (a soft hyphen or a
zero-width joiner inside "Hezbol­lah" belongs to the word), with apostrophes and ayn or hamza signs
between letters ("Sana‘a", "Ja'afar"). A name is only ever made of whole words: a word touching a
digit ("Kurdistan24", "Mosul2024") is no name-like word at all, so a span never starts or ends
inside a run of letters, digits, marks or inner apostrophes.

Signs at the edges of a word are read by what they can be in running text: a left quotation mark
right after a letter ("Magṭa‘ said") is an ayn sign, and a right quotation mark right before a
letter at a word's start ("’Ain") is an apostrophe, but an ASCII quote at either edge may open
or close a quotation ("said 'Qasim ...'") and stays outside the word. A name given alone (a
lexicon spelling, a query) may carry any sign at either edge.

A name may only run across words joined by a space (at most one line break), a hyphen, or an
ayn sign before a space ("Shia' al-Sudani"). Anything else (a comma, a full stop, a possessive)
ends the run.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Apostrophes and ayn/hamza signs as writers type them: ASCII, curly quotes, modifier letters,
# grave and acute accents used as apostrophes.
SIGNS = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4"
# Invisible format characters that may stand inside a word without splitting it: soft hyphen,
# zero-width space, non-joiner, joiner, word joiner, zero-width no-break space.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

_LETTER = r"[^\W\d_]"
# A character that continues a word: a letter, a combining mark or an invisible character.
_INSIDE = rf"(?:{_LETTER}|[{_MARKS}{INVISIBLE}])"
_SIGN = f"[{re.escape(SIGNS)}]"
_WORD_CHAR = rf"[\w{_MARKS}{INVISIBLE}]"  # letters, digits, marks, invisible characters
_WORD_CHAR_OR_SIGN = rf"[\w{_MARKS}{INVISIBLE}{re.escape(SIGNS)}]"
# The body of a word: letters, marks and invisible characters, a sign only between letters.
_BODY = rf"{_LETTER}(?:{_INSIDE}|{_SIGN}(?={_LETTER}))*+"
# Nothing that would make this a piece of a longer word may touch it on either side.
_BEFORE = rf"(?<!{_WORD_CHAR})(?<!{_WORD_CHAR}{_SIGN})"
_AFTER = rf"(?!{_WORD_CHAR})(?!{_SIGN}{_WORD_CHAR})"
# In running text: ’ may open a word, ‘ may close one (see the module's docstring).
# (Not when another sign stands beside it: "’’Ain", "Soudani‘‘" are quotes, whatever they quote.)
TEXT_WORD = rf"(?:(?<!{_SIGN})\u2019(?={_LETTER}))?{_BODY}(?:\u2018(?!{_WORD_CHAR_OR_SIGN}))?"
_TEXT_WORD_RE = re.compile(rf"{_BEFORE}{TEXT_WORD}{_AFTER}")
# A name given alone: any sign at either edge.
_ALONE_WORD_RE = re.compile(rf"{_SIGN}*(?:{_BODY}){_SIGN}*")

_SPACE = "[ \\t\\u00a0\\u202f]"
_BREAK = r"(?:\r\n|\r|\n)"
_HYPHEN = "[-\u2010\u2011]"
# How two words of a name may be joined: an optional sign, then spaces with at most one line
# break, or a hyphen with optional spaces and line break. Written so that each character of a
# gap can be matched in one way only: the scan stays linear whatever the input.
GAP = (
    rf"{_SIGN}?(?:{_SPACE}{{0,3}}+{_HYPHEN}{_SPACE}{{0,3}}+(?:{_BREAK}{_SPACE}{{0,3}}+)?"
    rf"|{_SPACE}{{1,4}}+(?:{_BREAK}{_SPACE}{{0,3}}+)?|{_BREAK}{_SPACE}{{0,3}}+)"
)
_SPACE_GAP_RE = re.compile(rf"{_SIGN}?(?:{_SPACE}{{1,4}}(?:{_BREAK}{_SPACE}{{0,3}})?|{_BREAK}{_SPACE}{{0,3}})")
_HYPHEN_GAP_RE = re.compile(rf"{_SIGN}?{_SPACE}{{0,3}}{_HYPHEN}{_SPACE}{{0,3}}(?:{_BREAK}{_SPACE}{{0,3}})?")
_POSSESSIVE_RE = re.compile(r"['\u2019][sS]$")

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
    if _SPACE_GAP_RE.fullmatch(gap):
        return SPACE
    if _HYPHEN_GAP_RE.fullmatch(gap):
        return HYPHEN
    return None


def _word_spans(text: str, start: int, end: int, alone: bool) -> list[tuple[int, int]]:
    pattern = _ALONE_WORD_RE if alone else _TEXT_WORD_RE
    spans = []
    for found in pattern.finditer(text, start, end):
        first, last = found.span()
        if last - first > 2 and _POSSESSIVE_RE.search(text, last - 2, last):
            last -= 2
        spans.append((first, last))
    return spans


def text_tokens(text: str, start: int = 0, end: int | None = None, alone: bool = False) -> list[Token]:
    """Return the words of `text` (or of text[start:end]) in order, a trailing possessive 's left out.

    With `alone`, the text is a name given by itself (a lexicon spelling, a query): signs at the
    edges of its words belong to them.
    """
    spans = _word_spans(text, start, len(text) if end is None else end, alone)
    tokens = []
    last = len(spans) - 1
    for index, (first, stop) in enumerate(spans):
        gap = gap_kind(text[stop : spans[index + 1][0]]) if index < last else None
        tokens.append(Token(first, stop, text[first:stop], gap))
    return tokens


def run_pattern(particles: frozenset[str]) -> re.Pattern:
    """Return a pattern for runs of name-like words: capitalized words and lower-case particles.

    It lets the scanner skip lower-case prose at the regular-expression engine's speed; words
    it lets through are still checked one by one (a non-ASCII lower-case initial passes here).
    Up to three particles may lead a run (al-, bin, abu); every part is matched without
    backtracking, so a long stretch of particles or spaces costs linear time.
    """
    names = "|".join(sorted(map(re.escape, particles), key=len, reverse=True))
    particle = rf"{_BEFORE}(?>{names}){_AFTER}"
    capital = rf"{_BEFORE}(?=[^\W\d_a-z]|\u2019){TEXT_WORD}{_AFTER}"
    return re.compile(rf"(?>{particle}{GAP}){{0,3}}{capital}(?>{GAP}(?:{capital}|{particle}))*+")
