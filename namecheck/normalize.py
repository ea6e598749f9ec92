"""Folding of words for comparison: ASCII letters, lower case, no ayn or hamza marks.

Folding is only ever applied to single words whose span is already known, so the folded text
needs no offset map: spans always come from the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# Letters unidecode spells with symbols: the schwa of Azerbaijani and Kurdish spellings (Hillə).
_BEFORE_UNIDECODE = str.maketrans({"\u0259": "e", "\u018f": "E"})

# Ayn, hamza and apostrophes as they come out of unidecode (ʿ -> ', ʾ -> `).
MARKS = "'`\u2019\u2018\u02bf\u02be\u00b4"
_DROP_MARKS = str.maketrans("", "", MARKS)


@lru_cache(maxsize=65536)
def folded_word(word: str) -> str:
    """Return `word` as lower-case ASCII without marks: "Sūdānī" -> "sudani", "Shia'" -> "shia"."""
    return unidecode(word.translate(_BEFORE_UNIDECODE)).translate(_DROP_MARKS).lower()


_MARKS_AS_APOSTROPHE = str.maketrans({mark: "'" for mark in MARKS})


@lru_cache(maxsize=65536)
def spelled_word(word: str) -> str:
    """Return `word` as lower-case ASCII with its marks kept as apostrophes: "Hala'ib" -> "hala'ib".

    Romanization units never span a mark: the ai of "hala'ib" is two vowels, not a diphthong.
    """
    return unidecode(word.translate(_BEFORE_UNIDECODE)).translate(_MARKS_AS_APOSTROPHE).lower()


def is_capitalized(word: str) -> bool:
    """Return True when the word starts with an upper-case letter (after any leading marks)."""
    stripped = word.lstrip(MARKS)
    return bool(stripped) and stripped[0].isupper()


def is_all_caps(text: str) -> bool:
    """Return True when the text has two or more letters and all of them are upper case."""
    return text.isupper() and sum(1 for ch in text if ch.isalpha()) >= 2


def surface_signature(text: str) -> str:
    """Return a spelling with case, spacing and line breaks folded; marks and letters kept."""
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r" ?[-\u2010\u2011] ?", "-", text).casefold()
