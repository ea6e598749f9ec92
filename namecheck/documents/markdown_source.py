"""Where the inline content of a Markdown block lies in the source.

markdown-it-py gives a block's inline content as one string (container markers, indentation,
heading markers and table pipes removed) and the block's line numbers, but no character offsets.
While a block rule runs, its state still knows where each line's content starts (after `> `,
list indentation ...); `record_segments` wraps the rules that make inline content so that each
inline token carries `meta["segments"]`: the stretches of its content, each the same text as a
stretch of the (normalized) source, checked character for character. A content line that cannot
be found that way ends the segments: what follows is not mapped, so never rewritten.

markdown-it-py parses a normalized copy of the text (CR LF and CR become LF, NUL becomes U+FFFD);
`SourceText` takes an offset in that copy back to the original text.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


class Segment(NamedTuple):
    """A stretch [at, end) of a block's inline content that is source text from `source` on."""

    at: int
    end: int
    source: int  # offset in the normalized source
    line: int  # the source line it lies on


class SourceText:
    """The original text of a Markdown piece, and the way back to it from the normalized copy."""

    def __init__(self, text: str):
        self.text = text
        self._shifts = _line_shifts(text) if "\r" in text else None

    def offset(self, normalized: int, line: int) -> int:
        """Return the original offset of normalized offset `normalized` on line `line`."""
        return normalized + self._shifts[line] if self._shifts else normalized

    def line_break(self, offset: int) -> str:
        """Return the line break that starts at original offset `offset`."""
        return "\r\n" if self.text.startswith("\r\n", offset) else self.text[offset]


def _line_shifts(text: str) -> list[int]:
    """Return, for each line, how many characters longer the original is before it (one per CR LF)."""
    shifts, shift = [0], 0
    for found in _LINE_BREAK_RE.finditer(text):
        shift += found.end() - found.start() - 1
        shifts.append(shift)
    return shifts


def record_segments(md: MarkdownIt) -> None:
    """Make the block rules that produce inline content record its segments on each inline token."""
    ruler = md.block.ruler
    functions = dict(zip(ruler.get_active_rules(), ruler.getRules("")))
    for name, segmenter in _SEGMENTERS.items():
        rule = functions[name]
        alt = [chain for chain in ruler.get_all_rules() if rule in ruler.getRules(chain)]
        ruler.at(name, _recording(rule, segmenter), {"alt": alt})


def _recording(rule: Callable, segmenter: Callable) -> Callable:
    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        count = len(state.tokens)
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            segmenter(state, [token for token in state.tokens[count:] if token.type == "inline"])
        return found

    return recorded


def _line_segments(state: StateBlock, tokens: list[Token]) -> None:
    """Paragraphs and setext headings: one segment a content line, each a suffix of its source
    line (the last one without its trailing white space), the line break included but the last."""
    for token in tokens:
        segments, at = [], 0
        lines = token.content.split("\n")
        for index, content_line in enumerate(lines):
            line = token.map[0] + index
            start, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
            last = index == len(lines) - 1
            text = content_line.lstrip(" \t")
            if last:
                end = start + len(state.src[start:end].rstrip(MD_TRIM_CHARS))
            source = end - len(text)
            if source < start or state.src[source:end] != text:
                break
            skipped = len(content_line) - len(text)
            segments.append(Segment(at + skipped, at + len(content_line) + (not last), source, line))
            at += len(content_line) + 1
        token.meta["segments"] = segments


def _heading_segments(state: StateBlock, tokens: list[Token]) -> None:
    """ATX headings: the content follows the `#` marks and white space."""
    for token in tokens:
        line = token.map[0]
        start, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        marks_end = start + len(state.src[start:end]) - len(state.src[start:end].lstrip("#"))
        source = marks_end + len(state.src[marks_end:end]) - len(state.src[marks_end:end].lstrip(MD_TRIM_CHARS))
        found = token.content and state.src.startswith(token.content, source)
        token.meta["segments"] = [Segment(0, len(token.content), source, line)] if found else []


def _cell_segments(state: StateBlock, tokens: list[Token]) -> None:
    """Table cells: the row is split at unescaped pipes as the table rule splits it; a backslash
    before an escaped pipe is left out of the cell's content, so a cell may have several segments."""
    rows: dict[int, list[Token]] = {}
    for token in tokens:
        rows.setdefault(token.map[0], []).append(token)
    for line, cells in rows.items():
        start, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        columns = row_columns(state.src, start, end)
        for index, token in enumerate(cells):
            spans = columns[index] if index < len(columns) else []
            text = "".join(state.src[a:b] for a, b in spans)
            segments, at = [], 0
            for a, b in spans:
                segments.append(Segment(at, at + b - a, a, line))
                at += b - a
            token.meta["segments"] = segments if token.content and text == token.content else []


def row_columns(src: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Return the cells of a table row in src[start:end] as lists of source spans, trimmed, the
    outer empty cells (a leading or trailing pipe) dropped, as markdown-it-py's table rule does."""
    row = src[start:end]
    left = len(row) - len(row.lstrip(MD_TRIM_CHARS))
    right = len(row.rstrip(MD_TRIM_CHARS))
    columns: list[list[tuple[int, int]]] = [[]]
    piece = left
    for at in range(left, right):
        if row[at] != "|":
            continue
        if at > 0 and row[at - 1] == "\\":
            columns[-1].append((start + piece, start + at - 1))
            piece = at
        else:
            columns[-1].append((start + piece, start + at))
            columns.append([])
            piece = at + 1
    columns[-1].append((start + piece, start + right))
    columns = [_trimmed(src, spans) for spans in columns]
    if columns and not columns[0]:
        columns.pop(0)
    if columns and not columns[-1]:
        columns.pop()
    return columns


def _trimmed(src: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans without the white space at the cell's two ends (and without empty spans)."""
    spans = [(a, b) for a, b in spans if a < b]
    while spans and not src[spans[0][0] : spans[0][1]].lstrip(MD_TRIM_CHARS):
        spans.pop(0)
    while spans and not src[spans[-1][0] : spans[-1][1]].rstrip(MD_TRIM_CHARS):
        spans.pop()
    if spans:
        a, b = spans[0]
        spans[0] = (b - len(src[a:b].lstrip(MD_TRIM_CHARS)), b)
        a, b = spans[-1]
        spans[-1] = (a, a + len(src[a:b].rstrip(MD_TRIM_CHARS)))
    return spans


_SEGMENTERS = {"paragraph": _line_segments, "lheading": _line_segments, "heading": _heading_segments, "table": _cell_segments}
