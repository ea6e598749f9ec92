"""Mentions -> edits -> new text, applied by span, right to left.

A replacement is made word by word where the surface and the house spelling have as many words:
only the words that differ are rewritten, and a separator is kept as the surface wrote it (a line
break, a no-break space, two spaces) wherever the house spelling has the same kind of separator
there. So "Mohamed Chia al-\\nSoudani" becomes "Mohammed Shia al-\\nSudani", and a name split by
markup can be fixed word by word around the markup. Where the number of words differs
("Abdelkader" / "Abd al-Qadir") the whole span is replaced, a line break kept in place of a space.
Nothing outside the edits changes.
"""

from __future__ import annotations

import re

from .casing import POSITION_START, capitalized, cased_words
from .models import Edit
from .tokens import Token, text_tokens

_WHITESPACE = " \t\u00a0\u202f\r\n"
_BREAK_RE = re.compile(r"\r\n|\r|\n")


def _split_gap(gap: str) -> tuple[str, str]:
    """Return the marks and hyphens of a separator, and its white space."""
    core = "".join(char for char in gap if char not in _WHITESPACE)
    space = "".join(char for char in gap if char in _WHITESPACE)
    return core, space


def kept_gap(old: str, new: str) -> str:
    """Return the separator to write where the surface has `old` and the house spelling `new`:
    the surface's own when they agree, else the house's marks and hyphen with the surface's white
    space (a line break is never lost)."""
    old_core, old_space = _split_gap(old)
    new_core, new_space = _split_gap(new)
    if old_core == new_core and bool(old_space) == bool(new_space):
        return old
    if new_space:
        return new_core + (old_space or new_space)
    line_break = _BREAK_RE.search(old_space)
    return new_core + (line_break.group() if line_break else "")


def rewrapped(surface: str, replacement: str) -> str:
    """Return `replacement` with the surface's first line break put in place of the space
    nearest to the same relative position (for replacements of another number of words)."""
    found = _BREAK_RE.search(surface)
    spaces = [index for index, char in enumerate(replacement) if char == " "]
    if not found or not spaces:
        return replacement
    target = found.start() / max(1, len(surface)) * len(replacement)
    nearest = min(spaces, key=lambda index: abs(index - target))
    return replacement[:nearest] + found.group() + replacement[nearest + 1 :]


def _word_edits(text: str, surface: list[Token], house: str, words: list[Token], new: list[str]) -> list[Edit]:
    edits = []
    for index, (old, word) in enumerate(zip(surface, new)):
        if old.text != word:
            edits.append(Edit(old.start, old.end, word))
        if index + 1 < len(surface):
            old_gap = text[old.end : surface[index + 1].start]
            gap = kept_gap(old_gap, house[words[index].end : words[index + 1].start])
            if gap != old_gap:
                edits.append(Edit(old.end, surface[index + 1].start, gap))
    return edits


def replacement_edits(text: str, start: int, end: int, house: str, position: str) -> list[Edit]:
    """Return the edits (offsets into `text`) that turn the name text[start:end] into the house
    spelling `house`, cased for its position (casing.POSITION_*); none when it already reads so."""
    surface = text_tokens(text, start, end)
    words = text_tokens(house, alone=True)
    new = cased_words([word.text for word in words], [token.text for token in surface], position)
    if surface and words and len(surface) == len(words) and surface[0].start == start and surface[-1].end == end:
        return _word_edits(text, surface, house, words, new)
    pieces = [house[: words[0].start]] if words else [house]
    for index, word in enumerate(words):
        pieces.append(new[index])
        pieces.append(house[word.end : words[index + 1].start] if index + 1 < len(words) else house[word.end :])
    replacement = "".join(pieces)
    if position == POSITION_START:
        replacement = capitalized(replacement)
    replacement = rewrapped(text[start:end], replacement)
    return [] if replacement == text[start:end] else [Edit(start, end, replacement)]


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
