"""Regions: the stretches of a document that a reader reads, each mapped back to its source.

A format module (markdown, html, jsonl ...) turns source text into regions. A region's `text`
is what a reader sees (entities and escapes decoded, markup left out); its `pieces` say where
each stretch of that text comes from in the source, so that a span found in the region maps back
to an exact span of the source, and a replacement is written into the source in the region's own
escaping.

Pieces are of two kinds:
- literal: the reader text equals the source text there, character for character;
- escape: a short stretch of reader text that the source writes otherwise ("&amp;" for "&",
  "\\u00ed" for "í"); it maps as a whole and cannot be cut.
Source that a reader does not read (a tag inside a paragraph, a quote marker at a line start)
lies between two pieces: a jump in source offsets. A reader span that crosses such a jump has no
single source span that could be rewritten without touching the markup: `source_span` says so.
"""

from __future__ import annotations

import html
import json
from bisect import bisect_right
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import NamedTuple

# How a replacement is written into the source of a region.
ESCAPE_NONE = "none"
ESCAPE_HTML = "html"  # HTML text: & < > escaped
ESCAPE_HTML_ATTRIBUTE = "html-attribute"  # HTML attribute value: quotes escaped too
ESCAPE_JSON = "json"  # inside a JSON string literal, non-ASCII written as is
ESCAPE_JSON_ASCII = "json-ascii"  # inside a JSON string literal, non-ASCII as \u escapes
ESCAPE_YAML_SINGLE = "yaml-single"  # inside a single-quoted YAML scalar: a quote is doubled

# What kind of text a region holds: prose, or text whose capitalization is its own (a heading
# or a title is written in title case, so a capital there says nothing about a sentence start).
KIND_PROSE = "prose"
KIND_HEADING = "heading"
KIND_TITLE = "title"
KIND_ATTRIBUTE = "attribute"
KIND_CELL = "cell"


class Piece(NamedTuple):
    """A stretch of a region's reader text and the source text it comes from."""

    at: int  # offset in the region's reader text
    length: int  # length in the reader text
    source: int  # absolute offset in the source text
    source_length: int  # length in the source text
    literal: bool  # reader text == source text here, character for character


def escaped(text: str, escape: str) -> str:
    """Return `text` written as the source writes it under the escaping `escape`."""
    if escape == ESCAPE_NONE:
        return text
    if escape == ESCAPE_HTML:
        return html.escape(text, quote=False)
    if escape == ESCAPE_HTML_ATTRIBUTE:
        return html.escape(text, quote=True)
    # The json module's own string encoders, as json.dumps uses them, without its per-call set-up.
    if escape == ESCAPE_JSON:
        return json.encoder.encode_basestring(text)[1:-1]
    if escape == ESCAPE_JSON_ASCII:
        return json.encoder.encode_basestring_ascii(text)[1:-1]
    if escape == ESCAPE_YAML_SINGLE:
        return text.replace("'", "''")
    raise ValueError(f"unknown escaping {escape!r}")


@dataclass(frozen=True)
class Region:
    """A stretch of a document a reader reads, and where each part of it comes from."""

    text: str
    pieces: tuple[Piece, ...]  # in reader order, covering text exactly
    kind: str = KIND_PROSE
    escape: str = ESCAPE_NONE
    record: str | None = None  # JSONL: the record's id (or its 0-based line number)
    field: str | None = None  # JSONL: the dotted path of the string value
    # Reader offsets that a rewritten span may not straddle although the source runs on there
    # (a boundary between two differently formatted runs of a Word paragraph).
    barriers: tuple[int, ...] = ()
    _starts: tuple[int, ...] = dataclass_field(default=(), repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_starts", tuple(piece.at for piece in self.pieces))

    @classmethod
    def literal(cls, text: str, source: int, **options) -> "Region":
        """Return a region whose text is the source text from offset `source` on, unchanged."""
        return cls(text, (Piece(0, len(text), source, len(text), True),), **options)

    @property
    def start(self) -> int:
        """The source offset where the region starts."""
        return self.pieces[0].source if self.pieces else 0

    @property
    def end(self) -> int:
        """The source offset where the region ends."""
        last = self.pieces[-1] if self.pieces else None
        return last.source + last.source_length if last else 0

    def _piece_at(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def source_start(self, offset: int) -> int:
        """Return the source offset where the reader text at `offset` starts."""
        if offset >= len(self.text):
            return self.end
        piece = self.pieces[self._piece_at(offset)]
        return piece.source + (offset - piece.at if piece.literal else 0)

    def source_end(self, offset: int) -> int:
        """Return the source offset where the reader text before `offset` ends."""
        if offset <= 0:
            return self.start
        piece = self.pieces[self._piece_at(offset - 1)]
        return piece.source + (offset - piece.at if piece.literal else piece.source_length)

    def literal_shift(self, start: int, end: int) -> int | None:
        """Return source offset minus reader offset, the same at every offset from `start` to
        `end` (both included) when one literal piece holds them and no barrier falls between;
        None otherwise. Every span inside is then rewritten at its shifted offsets."""
        index = self._piece_at(start)
        piece = self.pieces[index]
        if not piece.literal or start < piece.at or (end >= piece.at + piece.length and index + 1 < len(self.pieces)):
            return None
        if self.barriers and any(start < barrier < end for barrier in self.barriers):
            return None
        return piece.source - piece.at

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the source span of reader text [start, end), or None when it cannot be
        rewritten as one span: it crosses markup the reader does not read, or cuts an escape."""
        if start >= end:
            point = self.source_start(start)
            return point, point
        if self.barriers and any(start < barrier < end for barrier in self.barriers):
            return None
        first, last = self._piece_at(start), self._piece_at(end - 1)
        for index in range(first, last):
            here, after = self.pieces[index], self.pieces[index + 1]
            if here.source + here.source_length != after.source:
                return None
        head, tail = self.pieces[first], self.pieces[last]
        if not head.literal and start != head.at:
            return None
        if not tail.literal and end != tail.at + tail.length:
            return None
        return self.source_start(start), self.source_end(end)

    def shifted(self, offset: int) -> "Region":
        """Return the region with its source offsets moved by `offset` (a chunk's place in its file)."""
        pieces = tuple(piece._replace(source=piece.source + offset) for piece in self.pieces)
        return Region(self.text, pieces, self.kind, self.escape, self.record, self.field, self.barriers)


class DocumentProblem(NamedTuple):
    """Something a reader could not read (a JSONL line that is not JSON), at a source offset."""

    offset: int
    message: str

    def shifted(self, offset: int) -> "DocumentProblem":
        """Return the problem with its source offset moved by `offset`, as Region.shifted does."""
        return DocumentProblem(self.offset + offset, self.message)


class RegionBuilder:
    """Builds a region piece by piece, in reader order."""

    def __init__(self, **options):
        self.options = options
        self._texts: list[str] = []
        self._pieces: list[Piece] = []  # the finished pieces
        self._barriers: list[int] = []
        self._length = 0
        # The last literal piece, which the next literal text extends when it follows it in the
        # source (a paragraph comes line by line): where it starts in the reader text and the source.
        self._open: tuple[int, int] | None = None

    def __len__(self) -> int:
        return self._length

    def add_literal(self, text: str, source: int) -> None:
        """Add reader text that the source writes the same way, starting at source offset `source`."""
        length = len(text)
        if not length:
            return
        if self._open is None or self._open[1] + self._length - self._open[0] != source:
            self._close()
            self._open = (self._length, source)
        self._texts.append(text)
        self._length += length

    def add_escape(self, text: str, source: int, source_length: int) -> None:
        """Add reader text that the source writes as `source_length` other characters at `source`."""
        if not text:
            return
        self._close()
        self._pieces.append(Piece(self._length, len(text), source, source_length, False))
        self._texts.append(text)
        self._length += len(text)

    def _close(self) -> None:
        if self._open is not None:
            self._pieces.append(self._open_piece())
            self._open = None

    def _open_piece(self) -> Piece:
        at, source = self._open
        return Piece(at, self._length - at, source, self._length - at, True)

    def add_barrier(self) -> None:
        """Mark the current end of the reader text as a point no rewritten span may straddle."""
        if self._length and (not self._barriers or self._barriers[-1] != self._length):
            self._barriers.append(self._length)

    def build(self) -> Region | None:
        """Return the region built so far, or None when it holds no text."""
        if not self._length:
            return None
        pieces = (*self._pieces, self._open_piece()) if self._open is not None else tuple(self._pieces)
        return Region("".join(self._texts), pieces, barriers=tuple(self._barriers), **self.options)
