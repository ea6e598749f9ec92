"""JSON Lines: one JSON record a line; the string values at the chosen fields are read.

A region is one string value (never a key), its reader text the decoded string. Without chosen
fields every string value is read, except the value of the id field, which names the record (a
fix would rename it). Characters the literal writes as they are map one to one into the line;
each escape (``\\"``, ``\\u00ed``, a surrogate pair) maps as a whole, so a fix replaces only
whole escapes and writes its replacement the way the literal writes its text (non-ASCII as
``\\u`` escapes when the literal does so).

Each line is validated with the json module first; the literals and the paths that lead to them
are then found by a tokenizer that only looks at string literals and the structural characters
(scalars hold none of ``"{}[]:,`` and are skipped over), which is enough for JSON known to be valid.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from json.decoder import scanstring
from typing import Iterator

from . import ReadOptions
from .regions import ESCAPE_JSON, ESCAPE_JSON_ASCII, KIND_PROSE, DocumentProblem, Piece, Region, RegionBuilder

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")

# A string literal (escapes skipped over as pairs; group 1 its inside) with the colon that makes
# it a key (group 2), or a structural character. Colons only ever follow keys.
TOKEN_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"(\s*:)?|[{}\[\],]')
# One escape as the reader sees it: a surrogate pair is one character, so one escape.
_ESCAPE_RE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.")
_BLANK = " \t\r"


def safe_cut(buffer: str, final: bool) -> int:
    """Return how much of `buffer` can be read on its own: up to its last line break."""
    if final:
        return len(buffer)
    return buffer.rfind("\n") + 1


def regions(text: str, options: ReadOptions | None = None) -> Iterator[Region | DocumentProblem]:
    """Return the regions of JSONL `text`: one per string value at the chosen fields, in text
    order, and a DocumentProblem at the start of each line that is not valid JSON (its message
    names no line: whoever places the offset in the document does)."""
    options = options or ReadOptions()
    fields, json_id, number = tuple(options.json_fields), options.json_id, options.first_line
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip(_BLANK):
            yield from _line_regions(line, start, number, fields, json_id)
        start = end + 1
        number += 1


def _line_regions(line: str, offset: int, number: int, fields: tuple[str, ...], json_id: str | None):
    """Yield the regions of one line (at source `offset`, 0-based line `number`), or its problem."""
    try:
        # Numbers are kept as their JSON text, which is what a numeric id is named by.
        record = json.loads(line, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as error:
        yield DocumentProblem(offset, f"not valid JSON: {error.msg} (column {error.colno})")
        return
    except RecursionError:
        yield DocumentProblem(offset, "not valid JSON: nested too deeply")
        return
    name = None
    for path, start, end in _value_literals(line):
        if fields and not selected(path, fields):
            continue
        field = _dotted(path)
        if not fields and field == json_id:
            continue  # an identifier, not copy: a fix would rename the record
        if name is None:
            name = _record_name(record, json_id, number)
        region = _literal_region(line, start, end, offset, name, field)
        if region is not None:
            yield region


def _value_literals(line: str) -> Iterator[tuple[tuple, int, int]]:
    """Yield (path, start, end) for each string value of a line of valid JSON: the keys and
    indexes that lead to it, and the span of the literal between its quotes."""
    path: list = []  # per open container: its current key (None before the first), or index
    for token in TOKEN_RE.finditer(line):
        if token.lastindex:  # a string literal
            if token.group(2):
                path[-1] = decoded_key(line, token.start(1), token.end(1))
            else:
                yield tuple(path), token.start(1), token.end(1)
            continue
        char = line[token.start()]
        if char == "{":
            path.append(None)
        elif char == "[":
            path.append(0)
        elif char == ",":
            if path[-1].__class__ is int:  # the next element of an array
                path[-1] += 1
        else:  # "}" or "]"
            path.pop()


@lru_cache(maxsize=4096)
def _dotted(path: tuple) -> str:
    """Return the dotted path of a value, array indexes included (records repeat their paths)."""
    return ".".join(map(str, path))


def decoded_key(line: str, start: int, end: int) -> str:
    """Return the decoded key whose literal's inside spans line[start:end]."""
    key = line[start:end]
    return scanstring(line, start)[0] if "\\" in key else key


def selected(path: tuple, fields: tuple[str, ...]) -> bool:
    """Return whether a dotted field selects the value at `path`: its keys with or without the
    array indexes (arrays are transparent) equal the field or continue it."""
    keys = ".".join(part for part in path if isinstance(part, str))
    full = ".".join(map(str, path))
    for field in fields:
        for dotted in (keys, full):
            if dotted == field or dotted.startswith(field) and dotted[len(field)] == ".":
                return True
    return False


def _record_name(record, json_id: str | None, number: int) -> str:
    """Return the record's name: the value at the dotted path `json_id` when it is a string,
    number or boolean (numbers as their JSON text), else the 0-based line number."""
    if not json_id:
        return str(number)
    value = record
    for key in json_id.split("."):
        if not isinstance(value, dict) or key not in value:
            return str(number)
        value = value[key]
    if isinstance(value, bool):
        return json.dumps(value)
    return value if isinstance(value, str) else str(number)


def _literal_region(line: str, start: int, end: int, offset: int, record: str, field: str) -> Region | None:
    """Return the region of the string literal line[start:end] (inside its quotes), or None
    when the string is empty."""
    text = line[start:end]
    if not text:
        return None
    if "\\" not in text:
        return Region(text, (Piece(0, len(text), offset + start, len(text), True),), KIND_PROSE, ESCAPE_JSON, record, field)
    escapes = [(found.start(), found.end(), _decoded(found.group())) for found in _ESCAPE_RE.finditer(line, start, end)]
    # A \u escape of a non-ASCII character: the writer escapes everything beyond ASCII.
    ascii_escapes = any(line[first + 1] == "u" and not text.isascii() for first, _, text in escapes)
    builder = RegionBuilder(escape=ESCAPE_JSON_ASCII if ascii_escapes else ESCAPE_JSON, record=record, field=field)
    at = start
    for first, last, text in escapes:
        builder.add_literal(line[at:first], offset + at)
        builder.add_escape(text, offset + first, last - first)
        at = last
    builder.add_literal(line[at:end], offset + at)
    return builder.build()


@lru_cache(maxsize=4096)
def _decoded(escape: str) -> str:
    """Return the character(s) a JSON escape stands for."""
    return scanstring(escape + '"', 0)[0]
