"""Documents as regions of text: one module a format, all behind one registry.

A text format module (text, markdown, html, jsonl) provides:

- ``NAME`` and ``EXTENSIONS`` (lower case, with the dot);
- ``safe_cut(buffer: str, final: bool) -> int``: how much of ``buffer`` (the unread rest of a
  document, starting at a point where an earlier cut was made) can be read on its own, so that a
  large file is read in pieces with bounded memory: a position where no region, name or construct
  of the format is cut; 0 when more text is needed; ``len(buffer)`` when ``final``;
- ``regions(text: str, options: ReadOptions) -> Iterator[Region]``: the regions of ``text`` (a
  whole document, or a piece that ``safe_cut`` allowed), in text order, their source offsets
  relative to ``text``. A stretch it cannot read (a JSONL line that is not JSON) is yielded
  in place as a ``DocumentProblem``, never dropped silently.

Word files are not text: ``docx`` reads the package and offers the same regions over a text of
its paragraphs (see that module).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType

from .regions import DocumentProblem, Piece, Region, RegionBuilder


# The field that names a JSONL record unless told otherwise: an identifier, so never read as copy
# (a fix would rename the record) unless fields are chosen. "" names records by their line.
DEFAULT_JSON_ID = "id"


@dataclass(frozen=True)
class ReadOptions:
    """What a reader is told about a document beyond its text."""

    json_fields: tuple[str, ...] = ()  # JSONL: dotted paths of the fields to read; () for every string
    json_id: str | None = DEFAULT_JSON_ID  # JSONL: the field that names a record (never rewritten)
    # The 0-based number of the text's first line in its document, when the text is a piece of
    # it that safe_cut allowed: JSONL names a record without an id by its line.
    first_line: int = 0


# The text formats in the order the help lists them, each the name of its module. A module is
# imported when its format is first asked about: checking plain text never loads the Markdown
# or HTML parsers (a sixth of the command's start-up).
TEXT_FORMAT_NAMES = ("text", "markdown", "html", "jsonl")


def text_format(name: str) -> ModuleType | None:
    """Return the module of one text format, or None for a name that is no text format."""
    return importlib.import_module(f"{__name__}.{name}") if name in TEXT_FORMAT_NAMES else None


def text_formats() -> dict[str, ModuleType]:
    """Return the text format modules by name, in the order the help lists them."""
    return {name: text_format(name) for name in TEXT_FORMAT_NAMES}


FORMAT_NAMES = ("text", "markdown", "html", "jsonl", "docx")


def format_of(path: str, explicit: str | None = None) -> str:
    """Return the format of a document: `explicit` when given, else by the file's extension."""
    if explicit:
        return explicit
    extension = os.path.splitext(path)[1].lower()
    if extension == ".docx":
        return "docx"
    for name in TEXT_FORMAT_NAMES:
        if extension in text_format(name).EXTENSIONS:
            return name
    return "text"


__all__ = ["DocumentProblem", "FORMAT_NAMES", "Piece", "ReadOptions", "Region", "RegionBuilder", "TEXT_FORMAT_NAMES", "format_of", "text_format", "text_formats"]
