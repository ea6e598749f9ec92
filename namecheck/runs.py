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
from .tokens import _AFTER, _INSIDE, _LETTER, _SIGN, _WORD_CHAR, _WORD_CHAR_OR_SIGN, GAP

MAX_LEADING = 3  # particles that may lead a run (Abu Bakr is capitalized; "al-", "bin", "ibn al-" are not)
_LOOK_BACK = 40  # characters read backwards for leading particles
# Characters a URL, an address, a hashtag or a path puts right beside a word.
_BEFORE_PROTECTED = frozenset("@#/\\:.")
_AFTER_PROTECTED = frozenset("@/\\:.")
# Every character a run may start with (a letter other than an ASCII lower-case one, or the
# apostrophe \u2019) lies in these ranges: no letter is below \u00aa but A-Z and a-z.
FIRST_CHARACTER = "[A-Z\u00aa-\U0010ffff]"
_GAP_CHARACTERS = frozenset(" \t\u00a0\u202f-\u2010\u2011\n\r")


@lru_cache(maxsize=None)
def _particle_words() -> frozenset[str]:
    rules = particles()
    return rules.lowercase | rules.articles


@lru_cache(maxsize=8)
def _run_pattern(connectors: frozenset[str] = frozenset()) -> re.Pattern:
    """A capitalized word, then words and particles joined by gaps. The first character is a
    plain character class, which the engine looks for at its own speed. `connectors` are the
    lower-case words a lexicon's names hold inside them ("in the" of "al-Qaeda in the Arabian
    Peninsula", the ezafe "e" of "Mujahedin-e Khalq"): a run goes on across them too."""
    names = "|".join(sorted(map(re.escape, _particle_words() | connectors), key=len, reverse=True))
    particle = rf"(?>{names}){_AFTER}"
    # ASCII letters first, many at a time: the same characters as _INSIDE takes one by one
    rest = rf"(?:[a-zA-Z]++|{_INSIDE}|{_SIGN}(?={_LETTER}))*+(?:\u2018(?!{_WORD_CHAR_OR_SIGN}))?{_AFTER}"
    # the run's first character is looked for as a plain set of ranges (a superset of both
    # openings), so the engine skips to it at its own speed; the lookbehinds after it keep the
    # real openings only, and a capital inside a word ("iPhone") from starting a run
    inside = rf"(?<!{_WORD_CHAR}[\s\S])(?<!{_WORD_CHAR}{_SIGN}[\s\S])"
    opening = rf"(?:(?<=[^\W\d_a-z]){inside}|(?<=\u2019){inside}(?<!{_SIGN}\u2019){_LETTER})"
    capital = rf"{FIRST_CHARACTER}{opening}{rest}"
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


@lru_cache(maxsize=None)
def _particle_endings() -> frozenset[str]:
    """A particle with the separators that most often follow it ("al-", "bin ", "al-\\n"): the
    text before a run ends with one of these whenever a particle leads it in the usual way."""
    gaps = (" ", "-", "\u00a0", "\n", "\u2010", "\u2011", "- ", "-\n", " -", " - ", "\r\n", "-\r\n")
    return frozenset(word + gap for word in _particle_words() for gap in gaps)


@lru_cache(maxsize=None)
def _particle_last_pairs() -> frozenset[str]:
    """The two characters before the last one before a run that a particle leads: the end of
    the particle and the start of its gap ("al" of "al ", "l-" of "al- ")."""
    return frozenset(ending[-3:-1] for ending in _particle_endings())


def _with_leading_particles(text: str, start: int) -> int:
    """Return where a run starting at `start` really starts: before the particles that lead it.
    The caller has seen a gap character right before `start`, and one of the particle endings'
    last pairs before that."""
    tail = text[start - 8 : start] if start >= 8 else text[:start]
    endings = _particle_endings()
    if not (
        tail[-3:] in endings or tail[-4:] in endings or tail[-5:] in endings
        or tail[-6:] in endings or tail[-7:] in endings or tail[-8:] in endings
    ):
        return start  # the word before is no particle: the usual case, settled without a pattern
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


def _touches_protected(text: str, start: int, end: int) -> bool:
    """Return True when a run touches a character of a URL, an address, a hashtag or a path
    ("/Soudani", "@Soudani", "www.Soudani", "Soudani.iq")."""
    before = text[start - 1] if start else ""
    if before and before in _BEFORE_PROTECTED and (before != "." or (start > 1 and text[start - 2].isalnum())):
        return True
    after = text[end : end + 1]
    return bool(after) and after in _AFTER_PROTECTED and (after not in ".:" or text[end + 1 : end + 2].isalnum() or text[end + 1 : end + 2] == "/")


def name_run_spans(text: str, connectors: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Return the spans of the runs of name-like words of a text, in text order; `connectors`
    are lower-case words that may stand inside a name besides the particles."""
    spans = []
    gap_characters, before_protected, after_protected = _GAP_CHARACTERS, _BEFORE_PROTECTED, _AFTER_PROTECTED
    # every particle ending is three characters or more: most runs are settled by this pair
    last_pairs = _particle_last_pairs()
    for found in _run_pattern(connectors).finditer(text):
        start, end = found.span()
        if start > 2 and text[start - 1] in gap_characters and text[start - 3 : start - 1] in last_pairs:
            start = _with_leading_particles(text, start)
        if (start and text[start - 1] in before_protected) or text[end : end + 1] in after_protected:
            if _touches_protected(text, start, end):
                spans.extend(_cut_at_protected(text, start, end))
                continue
        spans.append((start, end))
    return spans
