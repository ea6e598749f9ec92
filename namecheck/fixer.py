"""Findings -> edits -> new text, applied by span, right to left.

The replacement takes the casing style of the surface (ALL CAPS stays ALL CAPS, a capital first
letter stays capital) and keeps a line break where the surface wrapped. Nothing outside the
spans changes.
"""

from __future__ import annotations

import re

from .models import Edit, Mention
from .normalize import is_all_caps

_GAP_RE = re.compile(r"[\s\-\u2010\u2011'\u2019\u02bf\u02be]+")


def _wrapped_like(surface: str, replacement: str) -> str:
    """Put the surface's line breaks into the replacement's matching spaces."""
    surface_gaps = _GAP_RE.findall(surface)
    replacement_gaps = _GAP_RE.findall(replacement)
    if len(surface_gaps) != len(replacement_gaps) or not any("\n" in gap or "\r" in gap for gap in surface_gaps):
        return replacement
    words = _GAP_RE.split(replacement)
    rebuilt = [words[0]]
    for gap, new_gap, word in zip(surface_gaps, replacement_gaps, words[1:]):
        breaks = re.search(r"\r\n|\r|\n", gap)
        rebuilt.append(breaks.group() if breaks and new_gap == " " else new_gap)
        rebuilt.append(word)
    return "".join(rebuilt)


def cased_like(surface: str, replacement: str) -> str:
    """Return `replacement` in the casing style and line wrapping of `surface`."""
    if is_all_caps(surface):
        replacement = replacement.upper()
    elif surface[:1].isupper() and replacement[:1].islower():
        replacement = replacement[0].upper() + replacement[1:]
    return _wrapped_like(surface, replacement)


def mention_edits(mentions: list[Mention]) -> list[Edit]:
    """Return the edits that put the house spelling in place of every flagged mention."""
    edits = []
    for mention in mentions:
        if mention.flagged:
            replacement = cased_like(mention.text, mention.match.replacement)
            if replacement != mention.text:
                edits.append(Edit(mention.start, mention.end, replacement))
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Return `text` with every edit applied by span; edits must not overlap."""
    ordered = sorted(edits, key=lambda edit: edit.start)
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ValueError(f"overlapping edits at {before.start}-{before.end} and {after.start}-{after.end}")
    pieces = []
    position = len(text)
    for edit in reversed(ordered):
        pieces.append(text[edit.end : position])
        pieces.append(edit.replacement)
        position = edit.start
    pieces.append(text[:position])
    return "".join(reversed(pieces))
