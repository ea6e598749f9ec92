"""Runs of name-like words: capitalized words joined by spaces or hyphens, with the articles
and particles inside and before them ("al-Sudani", "Abu Mahdi al-Muhandis", "bin Salman").

This is the scanner's first pass over a text and must cost little more than a bare capitalized-
word search: one regular expression that starts at a capital letter (so the engine skips lower-
case prose at its own speed) and matches every word and gap without backtracking. What a
pattern starting at a capital cannot see is settled here for the few places it finds: a word that
continues a longer one ("iPhone"), the particles before the first capital (read backwards on a
short reversed stretch), and URLs, addresses, hashtags and paths, looked for only where a run
touches one of the characters they are made of.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import particles
from .protected import protected_spans
from .tokens import _AFTER, _BODY, _INSIDE, _LETTER, _SIGN, _WORD_CHAR, GAP, SIGNS

MAX_LEADING = 3  # particles that may lead a run (Abu Bakr is capitalized; "al-", "bin", "ibn al-" are not)
_LOOK_BACK = 40  # characters read backwards for leading particles
# Characters a URL, an address, a hashtag or a path puts right beside a word.
_BEFORE_PROTECTED = frozenset("@#/\\:.")
_AFTER_PROTECTED = frozenset("@/\\:.")
_GAP_CHARACTERS = frozenset(" \t\u00a0\u202f-\u2010\u2011\n\r")
_WORD_CHAR_RE = re.compile(_WORD_CHAR)
_BODY_RE = re.compile(_BODY)


@lru_cache(maxsize=None)
def _particle_words() -> frozenset[str]:
    rules = particles()
    return rules.lowercase | rules.articles


@lru_cache(maxsize=None)
def _run_pattern() -> re.Pattern:
    """A capitalized word, then words and particles joined by gaps. The first character is a
    plain character class, which the engine looks for at its own speed."""
    names = "|".join(sorted(map(re.escape, _particle_words()), key=len, reverse=True))
    particle = rf"(?>{names}){_AFTER}"
    rest = rf"(?:{_INSIDE}|{_SIGN}(?={_LETTER}))*+(?:\u2018(?!{_WORD_CHAR}))?{_AFTER}"
    capital = rf"(?:[^\W\d_a-z]|\u2019{_LETTER}){rest}"
    return re.compile(rf"{capital}(?>{GAP}(?:{capital}|{particle}))*+")


@lru_cache(maxsize=None)
def _leading_pattern() -> re.Pattern:
    """Gaps and particles before a run, read on the reversed text ("-la" for "al-")."""
    names = "|".join(sorted((re.escape(word[::-1]) for word in _particle_words()), key=len, reverse=True))
    space, line_break, hyphen = "[ \\t\\u00a0\\u202f]", r"(?:\n\r|\n|\r)", "[-\\u2010\\u2011]"
    gap = (
        rf"(?:(?:{space}{{0,3}}{line_break})?{space}{{0,3}}{hyphen}{space}{{0,3}}"
        rf"|(?:{space}{{0,3}}{line_break})?{space}{{1,4}}|{space}{{0,3}}{line_break})"
    )
    boundary = rf"(?!{_WORD_CHAR})(?!{_SIGN}{_WORD_CHAR})"
    return re.compile(rf"(?:{gap}(?:{names}){boundary}){{1,{MAX_LEADING}}}")


def _inside_a_word(text: str, start: int) -> bool:
    """Return True when text[start] continues a word: a letter, digit, mark or inner sign before it."""
    if start == 0:
        return False
    if _WORD_CHAR_RE.match(text, start - 1):
        return True
    return text[start - 1] in SIGNS and start > 1 and bool(_WORD_CHAR_RE.match(text, start - 2))


def _with_leading_particles(text: str, start: int) -> int:
    """Return where a run starting at `start` really starts: before the particles that lead it."""
    if start == 0 or text[start - 1] not in _GAP_CHARACTERS:
        return start
    window = text[max(0, start - _LOOK_BACK) : start][::-1]
    found = _leading_pattern().match(window)
    return start - found.end() if found else start


def _cut_at_protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the pieces of a run outside the URLs, addresses, hashtags and paths it touches."""
    pieces = [(start, end)]
    for first, last in protected_spans(text, start, end):
        pieces = [piece for a, b in pieces for piece in ((a, min(b, first)), (max(a, last), b)) if piece[0] < piece[1]]
    trimmed = []
    for a, b in pieces:
        while a < b and text[a] in _GAP_CHARACTERS:
            a += 1
        while b > a and text[b - 1] in _GAP_CHARACTERS:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def name_run_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the runs of name-like words of a text, in text order."""
    run = _run_pattern()
    spans = []
    position = 0
    while True:
        found = run.search(text, position)
        if found is None:
            return spans
        start, end = found.span()
        if _inside_a_word(text, start):
            # the capital continues a word ("iPhone"): the run, if any, begins after that word
            word = _BODY_RE.match(text, start)
            position = word.end() if word else start + 1
            continue
        position = end
        start = _with_leading_particles(text, start)
        if (start and text[start - 1] in _BEFORE_PROTECTED) or text[end : end + 1] in _AFTER_PROTECTED:
            spans.extend(_cut_at_protected(text, start, end))
        else:
            spans.append((start, end))

