"""YAML front matter of a Markdown file: the string values a reader reads.

Only simple one-line `key: value` scalars at the top level are read, and only for keys that hold
copy (a title, a description); everything else (dates, slugs, URLs, lists, nested maps, block
scalars) is metadata, and a fix must never touch it. A quoted value maps its escapes back to the
source (`''` in single quotes, backslash escapes in double quotes), so that a fix writes the
replacement in the value's own quoting.
"""

from __future__ import annotations

import re
from typing import Iterator

from .regions import ESCAPE_JSON, ESCAPE_NONE, ESCAPE_YAML_SINGLE, KIND_PROSE, KIND_TITLE, Region, RegionBuilder

# Keys whose string values are copy. A title is written in title case; the others are prose.
TITLE_KEYS = ("title",)
PROSE_KEYS = ("subtitle", "description", "summary", "excerpt", "caption", "alt")

_ENTRY_RE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+(?P<value>\S.*?)[ \t]*$")
# A plain scalar starting with one of these is not a simple string (flow collection, block
# scalar, anchor, alias, tag, directive, reserved indicator).
_NOT_PLAIN = "[]{}|>&*!%@`#"
_PLAIN_COMMENT_RE = re.compile(r"[ \t]+#")
_DOUBLE_QUOTED_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", " ": " "}
_HEX_ESCAPE_RE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_TRAILING_COMMENT_RE = re.compile(r"[ \t]*(?:#.*)?$")


def kind_of_key(key: str) -> str | None:
    """Return the region kind of a front-matter key's value, or None when it is not read."""
    key = key.lower()
    if key in TITLE_KEYS:
        return KIND_TITLE
    return KIND_PROSE if key in PROSE_KEYS else None


def front_matter_regions(lines: list[tuple[str, int]]) -> Iterator[Region]:
    """Return the regions of the front matter's content lines, each given with its source offset."""
    for line, offset in lines:
        entry = _ENTRY_RE.match(line)
        kind = entry and kind_of_key(entry["key"])
        if not kind:
            continue
        region = value_region(entry["value"], offset + entry.start("value"), kind)
        if region is not None:
            yield region


def value_region(value: str, source: int, kind: str) -> Region | None:
    """Return the region of one scalar value written at `source`, or None when it is not a
    simple one-line string."""
    if value[0] == "'":
        return _single_quoted(value, source, kind)
    if value[0] == '"':
        return _double_quoted(value, source, kind)
    if value[0] in _NOT_PLAIN or value.startswith(("- ", "? ", ": ")):
        return None
    comment = _PLAIN_COMMENT_RE.search(value)
    text = value[: comment.start()] if comment else value
    return Region.literal(text, source, kind=kind, escape=ESCAPE_NONE)


def _single_quoted(value: str, source: int, kind: str) -> Region | None:
    builder = RegionBuilder(kind=kind, escape=ESCAPE_YAML_SINGLE)
    at = 1
    while at < len(value):
        quote = value.find("'", at)
        if quote < 0:
            return None
        builder.add_literal(value[at:quote], source + at)
        if value.startswith("''", quote):
            builder.add_escape("'", source + quote, 2)
            at = quote + 2
            continue
        return builder.build() if _TRAILING_COMMENT_RE.fullmatch(value, quote + 1) else None
    return None


def _double_quoted(value: str, source: int, kind: str) -> Region | None:
    builder = RegionBuilder(kind=kind, escape=ESCAPE_JSON)
    at = 1
    while at < len(value):
        stop = min((i for i in (value.find('"', at), value.find("\\", at)) if i >= 0), default=-1)
        if stop < 0:
            return None
        builder.add_literal(value[at:stop], source + at)
        if value[stop] == '"':
            return builder.build() if _TRAILING_COMMENT_RE.fullmatch(value, stop + 1) else None
        decoded, length = _decoded_escape(value, stop)
        if decoded is None:
            return None
        builder.add_escape(decoded, source + stop, length)
        at = stop + length
    return None


def _decoded_escape(value: str, at: int) -> tuple[str | None, int]:
    """Return the character a backslash escape at `at` stands for and its length in the source."""
    simple = _DOUBLE_QUOTED_ESCAPES.get(value[at + 1 : at + 2])
    if simple is not None:
        return simple, 2
    hexadecimal = _HEX_ESCAPE_RE.match(value, at)
    if hexadecimal is None:
        return None, 0
    code = int(next(group for group in hexadecimal.groups() if group), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, 0
    return chr(code), hexadecimal.end() - at
