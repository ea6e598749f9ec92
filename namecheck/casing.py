"""Where a name stands in its text, and the case its replacement takes there.

The house spelling decides the case of a replacement in the middle of a sentence: "Mr Al Soudani"
becomes "Mr al-Sudani" when the house writes "al-Sudani", just as "Mohamed Chia Al Soudani" becomes
"Mohammed Shia al-Sudani", so one fixed article never ends with both. At the start of a sentence
the first letter takes a capital; in a heading, a title or a title-case headline a word keeps the
capital its surface had; a surface written in capitals stays in capitals.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .documents.regions import KIND_HEADING, KIND_TITLE
from .normalize import is_all_caps, is_capitalized
from .resources import abbreviations

POSITION_MID = "mid"  # in the middle of a sentence: the house spelling as it is
POSITION_START = "start"  # the first words of a sentence: a capital first letter
POSITION_TITLE = "title"  # a heading or a title-case line: each word capitalized as it was
POSITION_CAPS = "caps"  # written in capitals: capitals

_OPENERS = " \t\u00a0\"'“‘«([{*_—–-•"
_ENDS = ".!?…"
_LINE_BREAKS = "\r\n"
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
# Words a title-case headline leaves in lower case.
_MINOR_WORDS = frozenset(
    "a an the and or nor but of in on at to for by with from as into onto over after upon than via vs "
    "al el bin ibn ben bint abu de la le du des van von der".split()
)
MAX_HEADLINE = 160  # characters: a longer line is prose


def _headline_around(text: str, start: int) -> str:
    """Return the line around `start` if it is no longer than a headline, else "" (most lines
    of prose are longer: they are known to be without reading on to their end)."""
    floor = max(0, start - MAX_HEADLINE)
    first = max(text.rfind("\n", floor, start), text.rfind("\r", floor, start)) + 1
    if first == 0 and floor > 0:
        return ""  # no line break in the headline's length before the name
    ceiling = min(len(text), first + MAX_HEADLINE + 1)
    ends = [found for found in (text.find("\n", start, ceiling), text.find("\r", start, ceiling)) if found >= 0]
    if ends:
        return text[first : min(ends)]
    return text[first:ceiling] if ceiling == len(text) else ""


@lru_cache(maxsize=16384)
def is_title_case_line(line: str) -> bool:
    """Return True for a headline written in title case: three or more words beyond the minor
    ones, every one of them capitalized."""
    if len(line) > MAX_HEADLINE:
        return False
    words = [word for word in _WORD_RE.findall(line) if word.lower() not in _MINOR_WORDS]
    return len(words) >= 3 and all(word[0].isupper() for word in words)


def _ends_sentence(text: str, stop: int) -> bool:
    """Return True when the full stop (or ! ? …) at text[stop] ends a sentence: not after an
    abbreviation ("Mr.", "Gen.", "U.S.") or an initial ("J.")."""
    if text[stop] != ".":
        return True
    first = stop
    while first > 0 and (text[first - 1].isalpha() or text[first - 1] == "."):
        first -= 1
    word = text[first:stop].lower()
    return not (len(word) == 1 or word in abbreviations())


def _line_breaks_before(text: str, index: int) -> tuple[int, int]:
    """Walk back from `index` over line breaks and spaces; return (line breaks, new index)."""
    breaks = 0
    while index > 0 and text[index - 1] in "\r\n \t":
        char = text[index - 1]
        if char == "\n" or (char == "\r" and text[index : index + 1] != "\n"):
            breaks += 1
        index -= 1
    return breaks, index


_QUOTES = "\"“«‘'"
# A dateline before the first sentence of a story: "BAGHDAD (AP) — ", "Baghdad (INA) - ".
DATELINE_REACH = 60  # characters from a line's start a dateline may take
_DATELINE_RE = re.compile(r"[A-Z][A-Za-z'’. -]{1,40}(?:\([^()\n]{1,20}\))?\s*[—–-]\s*$")


def _headline_before(text: str, index: int) -> bool:
    """Return True when the line that ends at `index` is a headline (title case or capitals)."""
    floor = max(0, index - MAX_HEADLINE - 1)
    first = max(text.rfind("\n", floor, index), text.rfind("\r", floor, index), floor - 1) + 1
    if index - first > MAX_HEADLINE:
        return False
    line = text[first:index].strip()
    return bool(line) and (is_title_case_line(line) or is_all_caps(line))


def starts_sentence(text: str, start: int) -> bool:
    """Return True when text[start:] begins a sentence: at the start of the text or of a
    quotation, after a full stop that ends one, a dateline, a headline or a blank line."""
    index = start
    while index > 0 and text[index - 1] in _OPENERS:
        index -= 1
    if index < start and any(char in _QUOTES for char in text[index:start]) and (index == 0 or text[index - 1] in ",:"):
        return True  # a quotation begins ("he said: "Al Sudani is ...")
    floor = max(0, start - DATELINE_REACH - 1)
    line_start = max(text.rfind("\n", floor, start), text.rfind("\r", floor, start), floor - 1) + 1
    if start - line_start <= DATELINE_REACH and _DATELINE_RE.fullmatch(text, line_start, start):
        return True
    if index > 0 and text[index - 1] in _LINE_BREAKS:
        breaks, index = _line_breaks_before(text, index)
        if breaks >= 2 or (index > 0 and _headline_before(text, index)):
            return True  # a blank line: a new paragraph; or the line above is a headline
    if index == 0:
        return True
    return text[index - 1] in _ENDS and _ends_sentence(text, index - 1)


def case_position(text: str, start: int, end: int, kind: str) -> str:
    """Return the position (POSITION_*) of the name text[start:end] in a region of `kind`."""
    if is_all_caps(text[start:end]):
        return POSITION_CAPS
    if kind in (KIND_HEADING, KIND_TITLE) or is_title_case_line(_headline_around(text, start)):
        return POSITION_TITLE
    return POSITION_START if starts_sentence(text, start) else POSITION_MID


def capitalized(word: str) -> str:
    """Return `word` with its first letter in upper case (leading marks skipped)."""
    for index, char in enumerate(word):
        if char.isalpha() and char.lower() != char.upper():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def cased_words(house_words: list[str], surface_words: list[str], position: str) -> list[str]:
    """Return the words of a house spelling as they are written at `position`, beside the words
    of the surface they replace (lined up one to one when there are as many)."""
    if position == POSITION_CAPS:
        return [word.upper() for word in house_words]
    words = list(house_words)
    if position == POSITION_TITLE and len(surface_words) == len(words):
        return [capitalized(word) if is_capitalized(old) else word for word, old in zip(words, surface_words)]
    if position in (POSITION_START, POSITION_TITLE) and words:
        words[0] = capitalized(words[0])
    return words
