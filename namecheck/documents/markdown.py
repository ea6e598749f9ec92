"""Markdown (CommonMark with tables, YAML front matter): the copy is read, code and URLs are not.

One region per block of inline content: a paragraph (in a list item or a block quote too), a
heading, a table cell; and the string values of title-like front-matter keys (see front_matter).
Within a region, link text and image alt text are read; emphasis marks, link and image syntax,
inline HTML tags, a line's container prefix (`> `, list indentation) are markup: jumps in the
source between pieces. Escapes and entities read as the character they stand for. Not read at all:
code (fenced, indented, inline), autolinks, link targets and titles, reference definitions, HTML
blocks and comments, the other front-matter values.

Most blocks of an article are plain paragraphs: markdown_blocks takes them for paragraphs without
markdown-it-py's block parser, which parses only the other blocks (the rule is stated there).

A large file is read in pieces cut where a top-level block starts after a blank line. So that a
piece reads as it reads inside the whole file, every link label counts as defined: a reference
definition may be in another piece, and `[text][ref]` must not read as "[text][ref]" there. The
price: bracketed text that is no link (`[sic]`) reads without its brackets, as link text would.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..positions import LineIndex
from .front_matter import front_matter_regions
from .markdown_blocks import block_tokens
from .markdown_inline import add_inline
from .markdown_source import SourceText, record_lines
from .regions import KIND_CELL, KIND_HEADING, KIND_PROSE, DocumentProblem, Region, RegionBuilder

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")
FRONT_MATTER_LIMIT = 1 << 16  # characters within which an opening `---` must be closed
# markdown-it-py's protection against runaway recursion: blocks nested this deep (a quote in a
# list in a quote ...) are not parsed, and the text inside them is not read. Said, not silent.
NESTING_LIMIT = 20
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})
NESTED_TOO_DEEPLY = f"blocks nested too deeply (quotes and lists, {NESTING_LIMIT} levels): the text inside them is not read"

_KIND_OF_BLOCK = {"heading_open": KIND_HEADING, "th_open": KIND_CELL, "td_open": KIND_CELL}
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_DEFINED = {"href": "", "title": ""}


class _EveryLabelDefined(dict):
    """Link references in which every non-empty label is defined (see the module's docstring)."""

    def __contains__(self, label) -> bool:
        return True

    def get(self, label, default=None):
        return _DEFINED if label else default


@lru_cache(maxsize=None)
def _parser(front_matter: bool = True) -> MarkdownIt:
    """Return the block parser: inline content is parsed per block, and only where needed. Front
    matter is only ever at a text's start: a stretch parsed on its own elsewhere goes without."""
    md = MarkdownIt("commonmark", {"maxNesting": NESTING_LIMIT}).enable("table")
    if front_matter:
        front_matter_plugin(md)
    md.disable(["inline", "text_join"])
    record_lines(md)
    # A link's destination is normalized when the link is parsed and again when the walk steps
    # over it (markdown_inline), and that normalization (URL parsing and encoding) costs more than
    # the rest of the link: it is a pure function of the destination, so remembered.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)
    return md


def _parse(text: str, at_start: bool) -> list[Token]:
    return _parser(at_start).parse(text, _environment())


def _environment() -> dict:
    return {"references": _EveryLabelDefined()}


class _LastCut:
    """The blocks of the buffer that safe_cut parsed last, up to its cut: a large file is read as
    safe_cut(buffer) then regions(buffer[:cut]), and those blocks are the same, so they are not
    parsed twice. Only ever the last buffer's, and given up once used."""

    last: tuple[str, int, list[Token]] = ("", 0, [])  # one tuple, replaced whole

    @classmethod
    def keep(cls, buffer: str, cut: int, tokens: list[Token]) -> None:
        cls.last = (buffer, cut, tokens)

    @classmethod
    def take(cls, text: str) -> list[Token] | None:
        (buffer, cut, tokens), cls.last = cls.last, ("", 0, [])
        return tokens if cut and len(text) == cut and buffer.startswith(text) else None


def regions(text: str, options=None) -> Iterator[Region | DocumentProblem]:
    """Return the regions of a Markdown text, in text order, and a DocumentProblem at each
    top-level block whose blocks are nested too deeply to be read."""
    md, env, source = _parser(), _environment(), SourceText(text)
    kind, said, lines = KIND_PROSE, False, None
    for token in _LastCut.take(text) or block_tokens(source.normalized, _parse):
        said = said and token.level > 0  # said once for each top-level block
        if token.type in _CONTAINERS and token.level >= NESTING_LIMIT - 1 and token.map and not said:
            said, lines = True, lines or LineIndex(text)  # only ever for such a block
            yield DocumentProblem(lines.starts[token.map[0]], NESTED_TOO_DEEPLY)
        if token.type == "front_matter":
            yield from front_matter_regions(_front_matter_lines(text, token))
        elif token.type == "inline":
            builder = RegionBuilder(kind=kind)
            add_inline(builder, token, md, env, source)
            region = builder.build()
            if region is not None:
                yield region
        elif token.nesting == 1:
            kind = _KIND_OF_BLOCK.get(token.type, KIND_PROSE)


def _front_matter_lines(text: str, token: Token) -> list[tuple[str, int]]:
    """Return the front matter's content lines (between the two marker lines) with their offsets."""
    lines, start = [], 0
    for number, found in enumerate(_LINE_BREAK_RE.finditer(text)):
        if 0 < number < token.map[1] - 1:
            lines.append((text[start : found.start()], start))
        if number >= token.map[1] - 1:
            break
        start = found.end()
    return lines


def safe_cut(buffer: str, final: bool) -> int:
    """Return how much of `buffer` can be read on its own: up to the start of its last top-level
    block that follows a blank line (that block may go on past the buffer)."""
    if final:
        return len(buffer)
    tokens = block_tokens(SourceText(buffer).normalized, _parse)
    if buffer.startswith("---") and len(buffer) < FRONT_MATTER_LIMIT and not (tokens and tokens[0].type == "front_matter"):
        return 0  # front matter not closed yet
    blocks = [(index, token.map[0]) for index, token in enumerate(tokens) if token.level == 0 and token.nesting >= 0 and token.map]
    starts = _line_starts(buffer, max((line for _, line in blocks), default=0))
    for index, line in reversed(blocks):
        if line == 0:
            break
        cut = starts[line]
        # A piece starting with `---` would read as front matter (and a buffer ending in "-" or
        # "--" at the cut may go on as "---").
        if not buffer[starts[line - 1] : cut].strip(" \t\r\n") and not "---".startswith(buffer[cut : cut + 3]):
            _LastCut.keep(buffer, cut, tokens[:index])
            return cut
    return 0


def _line_starts(text: str, last_line: int) -> list[int]:
    """Return the offsets where lines 0 to `last_line` of `text` start."""
    starts = [0]
    for found in _LINE_BREAK_RE.finditer(text):
        if len(starts) > last_line:
            break
        starts.append(found.end())
    return starts
