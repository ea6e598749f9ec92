"""Where the inline content of a Markdown block lies in the source.

markdown-it-py gives a block's inline content as one string (container markers, indentation,
heading markers and table pipes removed) and the block's line numbers, but no character offsets.
While a block rule runs, its state still knows where each line's content starts (after `> `,
list indentation ...); `record_lines` wraps the rules that make inline content so that each
inline token records where its lines' content lies, from which `segments` gives the stretches of
its content, each the same text as a stretch of the (normalized) source, checked character for
character. A content line that cannot
be found that way ends the segments: what follows is not mapped, so never rewritten.

markdown-it-py parses a normalized copy of the text (CR LF and CR become LF, NUL becomes U+FFFD);
`SourceText` takes an offset in that copy back to the original text.
"""

from __future__ import annotations

import re
from operator import add
from typing import Callable, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_NORMALIZED_BREAK_RE = re.compile(r"\r\n?")  # as markdown-it-py normalizes


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
        self.normalized = text
        self._shifts = None
        if "\r" in text or "\0" in text:
            self.normalized = _NORMALIZED_BREAK_RE.sub("\n", text).replace("\0", "\ufffd")
            self._shifts = _line_shifts(text)

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


def record_lines(md: MarkdownIt) -> None:
    """Make the block rules that produce inline content record, on each inline token, where its
    lines' content starts and ends in the normalized source (`segments` reads them)."""
    ruler = md.block.ruler
    functions = dict(zip(ruler.get_active_rules(), ruler.getRules("")))
    for name in _SEGMENTERS:
        rule = functions[name]
        alt = [chain for chain in ruler.get_all_rules() if rule in ruler.getRules(chain)]
        ruler.at(name, _recording(rule, name), {"alt": alt})


def _recording(rule: Callable, name: str) -> Callable:
    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent:
            return rule(state, start_line, end_line, silent)
        count = len(state.tokens)
        if not rule(state, start_line, end_line, silent):
            return False
        cells: dict[int, int] = {}
        for token in state.tokens[count:]:
            if token.type == "inline":
                first, last = token.map
                starts = list(map(add, state.bMarks[first:last], state.tShift[first:last]))
                cell = cells[first] = cells.get(first, -1) + 1
                token.meta = {"block": name, "starts": starts, "ends": state.eMarks[first:last], "cell": cell}
        return True

    return recorded


def segments(token: Token, src: str) -> list[Segment]:
    """Return the segments of an inline token's content in the normalized source `src`."""
    return _SEGMENTERS[token.meta["block"]](token, src)


def _line_segments(token: Token, src: str) -> list[Segment]:
    """Paragraphs and setext headings: one segment a content line, each a suffix of its source
    line (the last one without its trailing white space), the line break included but the last."""
    result, at = [], 0
    lines = token.content.split("\n")
    for index, (content_line, start, end) in enumerate(zip(lines, token.meta["starts"], token.meta["ends"])):
        last = index == len(lines) - 1
        text = content_line.lstrip(" \t")
        if last:
            end = start + len(src[start:end].rstrip(MD_TRIM_CHARS))
        source = end - len(text)
        if source < start or src[source:end] != text:
            break
        skipped = len(content_line) - len(text)
        result.append(Segment(at + skipped, at + len(content_line) + (not last), source, token.map[0] + index))
        at += len(content_line) + 1
    return result


def _heading_segments(token: Token, src: str) -> list[Segment]:
    """ATX headings: the content follows the `#` marks and white space."""
    start, end = token.meta["starts"][0], token.meta["ends"][0]
    marks_end = start + len(src[start:end]) - len(src[start:end].lstrip("#"))
    source = marks_end + len(src[marks_end:end]) - len(src[marks_end:end].lstrip(MD_TRIM_CHARS))
    found = token.content and src.startswith(token.content, source)
    return [Segment(0, len(token.content), source, token.map[0])] if found else []


def _cell_segments(token: Token, src: str) -> list[Segment]:
    """Table cells: the row is split at unescaped pipes as the table rule splits it; a backslash
    before an escaped pipe is left out of the cell's content, so a cell may have several segments."""
    columns = row_columns(src, token.meta["starts"][0], token.meta["ends"][0])
    spans = columns[token.meta["cell"]] if token.meta["cell"] < len(columns) else []
    result, at = [], 0
    for a, b in spans:
        result.append(Segment(at, at + b - a, a, token.map[0]))
        at += b - a
    text = "".join(src[a:b] for a, b in spans)
    return result if token.content and text == token.content else []


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
