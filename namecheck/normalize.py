"""Folding of words for comparison: ASCII letters, lower case, no ayn or hamza marks.

Folding is only ever applied to single words whose span is already known, so the folded text
needs no offset map: spans always come from the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

from .tokens import INVISIBLE, SIGNS

# Letters unidecode spells with symbols: the schwa of Azerbaijani and Kurdish spellings (Hillə);
# invisible format characters inside a word (a soft hyphen) are no part of its spelling.
_BEFORE_UNIDECODE = str.maketrans({"\u0259": "e", "\u018f": "E", **{ch: None for ch in INVISIBLE}})

# Ayn, hamza and apostrophes, as written and as they come out of unidecode (ʿ -> ', ʾ -> `).
MARKS = SIGNS
_DROP_MARKS = str.maketrans("", "", MARKS)


@lru_cache(maxsize=65536)
def folded_word(word: str) -> str:
    """Return `word` as lower-case ASCII without marks: "Sūdānī" -> "sudani", "Shia'" -> "shia"."""
    return unidecode(word.translate(_BEFORE_UNIDECODE)).translate(_DROP_MARKS).lower()


_MARKS_AS_APOSTROPHE = str.maketrans({mark: "'" for mark in MARKS})
_INVISIBLE = str.maketrans({ch: None for ch in INVISIBLE})


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


_HYPHEN_AT_LINE_END_RE = re.compile(r"[-\u2010\u2011][ \t\u00a0]*(?:\r\n|\r|\n)\s*")
_SPACES_RE = re.compile(r"\s+")


def surface_signature(text: str) -> str:
    """Return a spelling with case, spacing and line breaks folded; marks, letters and a stray
    space beside a hyphen ("al- Sudani") kept; invisible format characters (a soft hyphen)
    dropped. A hyphen that ends a line joins the words as a plain hyphen does."""
    text = _HYPHEN_AT_LINE_END_RE.sub("-", text.translate(_INVISIBLE).strip())
    return _SPACES_RE.sub(" ", text).replace("\u2010", "-").replace("\u2011", "-").casefold()
