"""Edits to a Word paragraph's text, written into the bytes of the w:t elements that hold it.

A replacement of paragraph text [start, end) is written run by run: within one w:t it changes
that w:t's text; across several runs of the same formatting it goes into the first and the text
of the others is cut away, so no run is added or removed and every run keeps its formatting. A
tab or line break inside the span is kept where the replacement has the same character, so that
"al-<w:br/>Soudani" can become "al-<w:br/>Sudani". Only the replaced characters' bytes change,
and a w:t whose new text starts or ends with a space gains xml:space="preserve", without which
Word would drop that space.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple
from xml.sax.saxutils import escape

from .wordml import Chunk, WordParagraph, WordPart

_PRESERVE = ' xml:space="preserve"'
# Characters that a w:t cannot hold: breaks and tabs are elements of their own, and XML 1.0
# has no other control characters.
_UNWRITABLE_RE = re.compile("[\x00-\x1f\ufffe\uffff]")
_ATOM_NAMES = {"\t": "tab", "\n": "line break", "-": "non-breaking hyphen", "\u00ad": "soft hyphen"}


class ChunkChange(NamedTuple):
    """New text for chunk.text[start:end]."""

    chunk: Chunk
    start: int
    end: int
    replacement: str


class ByteEdit(NamedTuple):
    """Replace data[start:end] of a part with `data`."""

    start: int
    end: int
    data: bytes


def _touched(chunks: Iterable[Chunk], start: int, end: int) -> list[Chunk]:
    if start == end:  # an insertion goes into the first text chunk that reaches the point
        return [chunk for chunk in chunks if chunk.element >= 0 and chunk.at <= start <= chunk.at + len(chunk.text)][:1]
    return [chunk for chunk in chunks if chunk.at < end and chunk.at + len(chunk.text) > start]


def _segments(chunks: list[Chunk]) -> list[Chunk | list[Chunk]]:
    """Group consecutive text chunks; a tab or break stands alone."""
    segments: list = []
    for chunk in chunks:
        if chunk.element < 0:
            segments.append(chunk)
        elif segments and isinstance(segments[-1], list):
            segments[-1].append(chunk)
        else:
            segments.append([chunk])
    return segments


def _split_replacement(segments: list, replacement: str) -> list[str]:
    """Return the part of `replacement` for each segment: a tab or break keeps its character,
    the text groups get what lies between; raise ValueError when that cannot be done."""
    parts = [""] * len(segments)
    position = 0
    for index, segment in enumerate(segments):
        if isinstance(segment, list):
            continue
        found = replacement.find(segment.text, position)
        if found < 0:
            raise ValueError(f"the replacement {replacement!r} drops a {_ATOM_NAMES[segment.text]}")
        _give(parts, segments, index - 1, replacement[position:found])
        parts[index], position = segment.text, found + len(segment.text)
    _give(parts, segments, len(segments) - 1, replacement[position:])
    return parts


def _give(parts: list[str], segments: list, index: int, text: str) -> None:
    if index >= 0 and isinstance(segments[index], list):
        parts[index] = text
    elif text:
        raise ValueError(f"no run to write {text!r} into next to a tab or break")


def _group_changes(group: list[Chunk], start: int, end: int, text: str) -> list[ChunkChange]:
    """The first chunk takes `text`, the others lose their part of the span; an entity or a
    normalized line ending is rewritten whole, never cut."""
    if _UNWRITABLE_RE.search(text):
        raise ValueError(f"{text!r} holds a character that cannot be written into a run's text")
    changes = []
    for number, chunk in enumerate(group):
        cut_start, cut_end = max(start - chunk.at, 0), min(end - chunk.at, len(chunk.text))
        new = text if number == 0 else ""
        if not chunk.literal and (cut_start, cut_end) != (0, len(chunk.text)):
            new = chunk.text[:cut_start] + new + chunk.text[cut_end:]
            cut_start, cut_end = 0, len(chunk.text)
        changes.append(ChunkChange(chunk, cut_start, cut_end, new))
    return changes


def paragraph_changes(paragraph: WordParagraph, start: int, end: int, replacement: str) -> list[ChunkChange]:
    """Return the changes to a paragraph's chunks that replace its text [start, end) with
    `replacement`; raise ValueError when the span crosses a barrier or the replacement cannot be
    written without moving a tab or break.

    Example: paragraph_changes(paragraph, 4, 11, "Sudani") on "Mr. Soudani" in one run gives one
    change of chunk 0's characters 4 to 11.
    """
    if not 0 <= start <= end <= len(paragraph.text):
        raise ValueError(f"span {start}-{end} is outside the paragraph")
    if any(start < barrier < end for barrier in paragraph.barriers):
        raise ValueError(f"{paragraph.text[start:end]!r} runs across differently formatted text")
    segments = _segments(_touched(paragraph.chunks, start, end))
    if not segments:
        raise ValueError("no run holds text at this point")
    changes = []
    for segment, text in zip(segments, _split_replacement(segments, replacement)):
        if isinstance(segment, list):
            changes.extend(_group_changes(segment, start, end, text))
    return changes


def _byte_edit(change: ChunkChange, codec: str) -> ByteEdit:
    chunk = change.chunk
    if chunk.literal:
        start = chunk.start + len(chunk.text[: change.start].encode(codec))
        end = chunk.start + len(chunk.text[: change.end].encode(codec))
    else:
        start, end = chunk.start, chunk.end
    # A character the part's encoding lacks is written as a character reference.
    return ByteEdit(start, end, escape(change.replacement).encode(codec, "xmlcharrefreplace"))


def _changed_text(chunks: list[Chunk], changes: dict[int, list[ChunkChange]]) -> str:
    texts = []
    for chunk in chunks:
        text = chunk.text
        for change in sorted(changes.get(chunk.start, ()), key=lambda change: change.start, reverse=True):
            text = text[: change.start] + change.replacement + text[change.end :]
        texts.append(text)
    return "".join(texts)


def _space_keepers(data: bytes, part: WordPart, changes: list[ChunkChange]) -> list[ByteEdit]:
    """xml:space="preserve" for each changed w:t whose new text starts or ends with a space."""
    by_start: dict[int, list[ChunkChange]] = {}
    for change in changes:
        by_start.setdefault(change.chunk.start, []).append(change)
    touched = {change.chunk.element for change in changes}
    chunks_of: dict[int, list[Chunk]] = {}
    for paragraph in part.paragraphs:
        for chunk in paragraph.chunks:
            if chunk.element in touched:
                chunks_of.setdefault(chunk.element, []).append(chunk)
    keepers = []
    for element, chunks in chunks_of.items():
        text, tag = _changed_text(chunks, by_start), part.elements[element]
        if text and (text[0].isspace() or text[-1].isspace()) and not tag.preserves_space:
            close, empty = ">".encode(part.codec), "/>".encode(part.codec)
            at = tag.tag_end - len(close)
            if data[at : tag.tag_end] != close or data[tag.tag_end - len(empty) : tag.tag_end] == empty:
                raise ValueError("cannot find the end of a w:t start tag")
            keepers.append(ByteEdit(at, at, _PRESERVE.encode(part.codec)))
    return keepers


def part_byte_edits(data: bytes, part: WordPart, changes: list[ChunkChange]) -> list[ByteEdit]:
    """Return the byte edits of a part (its bytes `data`, read as `part`) that make `changes`."""
    return [_byte_edit(change, part.codec) for change in changes] + _space_keepers(data, part, changes)


def rewritten(data: bytes, edits: Iterable[ByteEdit]) -> bytes:
    """Return `data` with the byte edits made; raise ValueError when two of them overlap."""
    pieces, position = [], 0
    for edit in sorted(set(edits)):
        if edit.start < position:
            raise ValueError(f"overlapping edits at byte {edit.start}")
        pieces += [data[position : edit.start], edit.data]
        position = edit.end
    pieces.append(data[position:])
    return b"".join(pieces)
