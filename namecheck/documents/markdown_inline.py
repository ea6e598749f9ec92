"""The reader text of a Markdown block's inline content, piece by piece, mapped to the source.

markdown-it-py's inline tokens carry no offsets, so their content is found again in the block's
content, walking forward: text must stand exactly at the walk's position; markup the reader does
not read (emphasis marks, code spans, inline HTML, link and image syntax, autolinks) is stepped
over by running markdown-it-py's own rule for it in validation mode at that position, so that it
ends where the parser ended it. The first token that is not where it must be ends the region:
what follows is not mapped (a wrong map would make a fix rewrite the wrong characters).

A block without any inline markup character is read line by line without inline parsing; it
gives the same pieces the walk would.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .markdown_source import Segment, SourceText, segments
from .regions import RegionBuilder

# Where an inline rule of the CommonMark preset can match (line breaks aside): a backslash before
# ASCII punctuation or a line break, a backtick, an emphasis mark, `&` before a name or `#`, `<`
# before a letter, `/`, `!` or `?`, a bracket. Anywhere else every rule fails and the text reads
# as written.
_MARKUP_RE = re.compile(r"\\[!-/:-@\[-`{-~\n]|[`*_\[]|&[#A-Za-z]|<[A-Za-z/!?]")
_EMPHASIS = ("em_open", "em_close", "strong_open", "strong_close")
_SKIPPED_BY_RULE = {"code_inline": "backticks", "html_inline": "html_inline"}


class Lost(Exception):
    """A token is not where the walk expects it: the rest of the block is not mapped."""


def add_inline(builder: RegionBuilder, token: Token, md: MarkdownIt, env: dict, source: SourceText) -> None:
    """Add the reader text of an inline token (a block's inline content) to `builder`."""
    if not token.content:
        return
    if not _MARKUP_RE.search(token.content):
        if not _add_verbatim(builder, token, source):
            add_plain(builder, token.content, segments(token, source.normalized), source)
        return
    found = segments(token, source.normalized)
    if not found:
        return
    children: list[Token] = []
    md.inline.parse(token.content, md, env, children)
    walk = _Walk(builder, token.content, found, source, StateInline(token.content, md, env, []))
    try:
        walk.children(children, 0, len(token.content))
    except Lost:
        pass


def _add_verbatim(builder: RegionBuilder, token: Token, source: SourceText) -> bool:
    """Add a paragraph without markup that reads exactly as its source runs (no container prefix,
    indentation or spaces at a line break) as one piece, the common case made cheap."""
    content = token.content
    if token.meta["block"] != "paragraph" or source.normalized is not source.text:
        return False
    if " \n" in content or "\n " in content or "\n\t" in content:
        return False
    start = token.meta["starts"][0]
    if not source.text.startswith(content, start):
        return False
    builder.add_literal(content, start)
    return True


def add_plain(builder: RegionBuilder, content: str, segments: list[Segment], source: SourceText) -> None:
    """Add content without inline markup: each line without the spaces before its break, then
    the source's line break."""
    for segment in segments:
        line = content[segment.at : segment.end]
        if not line.endswith("\n"):
            _add_literal(builder, segment, segment.at, len(line), source)
            continue
        _add_literal(builder, segment, segment.at, len(line[:-1].rstrip(" ")), source)
        _add_break(builder, segment, segment.end - 1, source)


def _add_literal(builder: RegionBuilder, segment: Segment, at: int, length: int, source: SourceText) -> None:
    start = source.offset(segment.source + at - segment.at, segment.line)
    builder.add_literal(source.text[start : start + length], start)


def _add_break(builder: RegionBuilder, segment: Segment, at: int, source: SourceText) -> None:
    start = source.offset(segment.source + at - segment.at, segment.line)
    builder.add_literal(source.line_break(start), start)


class _Walk:
    """Walks a block's inline tokens over its content, adding what a reader reads to a builder."""

    def __init__(self, builder: RegionBuilder, content: str, segments: list[Segment], source: SourceText, state: StateInline):
        self.builder, self.content, self.segments, self.source, self.state = builder, content, segments, source, state
        self.rules = dict(zip(state.md.inline.ruler.get_active_rules(), state.md.inline.ruler.getRules("")))
        self.segment_index = 0

    def children(self, tokens: list[Token], cursor: int, maximum: int) -> int:
        """Walk `tokens` from content offset `cursor`, rules stopping at `maximum`; return where they end."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "link_open":
                index, cursor = self.link(tokens, index, cursor, maximum)
                continue
            if token.type == "text":
                cursor = self.text(token.content, cursor)
            elif token.type == "text_special":
                cursor = self.special(token, cursor)
            elif token.type in ("softbreak", "hardbreak"):
                cursor = self.line_break(cursor)
            elif token.type in _EMPHASIS:
                cursor = self.expect(token.markup, cursor)
            elif token.type in _SKIPPED_BY_RULE:
                cursor = self.skip_by_rule(_SKIPPED_BY_RULE[token.type], cursor, maximum)
            elif token.type == "image":
                cursor = self.image(token, cursor, maximum)
            else:
                raise Lost(token.type)
            index += 1
        return cursor

    def expect(self, text: str, cursor: int) -> int:
        """Return the offset after `text`, which must stand at `cursor`."""
        if not text or not self.content.startswith(text, cursor):
            raise Lost(text)
        return cursor + len(text)

    def segment(self, at: int, length: int) -> Segment:
        """Return the segment holding content [at, at + length)."""
        while self.segment_index < len(self.segments) and self.segments[self.segment_index].end <= at:
            self.segment_index += 1
        if self.segment_index == len(self.segments):
            raise Lost("unmapped line")
        found = self.segments[self.segment_index]
        if at < found.at or at + length > found.end:
            raise Lost("outside a segment")
        return found

    def text(self, text: str, cursor: int) -> int:
        """Add text that stands in the source as it reads."""
        if not text:  # what is left of a delimiter run that became emphasis
            return cursor
        end = self.expect(text, cursor)
        while cursor < end:  # a table cell with an escaped pipe has several segments on one line
            segment = self.segment(cursor, 1)
            length = min(end, segment.end) - cursor
            _add_literal(self.builder, segment, cursor, length, self.source)
            cursor += length
        return end

    def special(self, token: Token, cursor: int) -> int:
        """Add a backslash escape or an entity: the character it stands for, mapped as a whole."""
        end = self.expect(token.markup, cursor)
        if token.content == token.markup:
            return self.text(token.content, cursor)
        segment = self.segment(cursor, len(token.markup))
        start = self.source.offset(segment.source + cursor - segment.at, segment.line)
        self.builder.add_escape(token.content, start, len(token.markup))
        return end

    def line_break(self, cursor: int) -> int:
        """Add the source's line break; the spaces or backslash before it and the next line's
        indentation are not read."""
        while self.content.startswith(" ", cursor):
            cursor += 1
        if self.content.startswith("\\\n", cursor):
            cursor += 1
        self.expect("\n", cursor)
        _add_break(self.builder, self.segment(cursor, 1), cursor, self.source)
        cursor += 1
        while self.content.startswith((" ", "\t"), cursor):
            cursor += 1
        return cursor

    def skip_by_rule(self, name: str, cursor: int, maximum: int) -> int:
        """Return where the construct at `cursor` ends, by markdown-it-py's rule `name`."""
        self.state.pos, self.state.posMax = cursor, maximum
        if not self.rules[name](self.state, True) or self.state.pos <= cursor:
            raise Lost(name)
        return self.state.pos

    def link(self, tokens: list[Token], index: int, cursor: int, maximum: int) -> tuple[int, int]:
        """Walk a link from its link_open at `index`: its text is read, its syntax and target are
        not; an autolink is not read at all. Return the index and offset after it."""
        close = next((i for i in range(index + 1, len(tokens)) if tokens[i].type == "link_close"), None)
        if close is None:
            raise Lost("link_close")
        if tokens[index].markup == "autolink":
            return close + 1, self.skip_by_rule("autolink", cursor, maximum)
        end = self.skip_by_rule("link", cursor, maximum)
        label_end = self.label_end(cursor, maximum, nested_links=False)
        if self.children(tokens[index + 1 : close], cursor + 1, label_end) != label_end:
            raise Lost("link text")
        return close + 1, end

    def image(self, token: Token, cursor: int, maximum: int) -> int:
        """Walk an image: its alt text is read, its syntax and source are not."""
        end = self.skip_by_rule("image", cursor, maximum)
        label_end = self.label_end(cursor + 1, maximum, nested_links=True)
        if self.children(token.children or [], self.expect("![", cursor), label_end) != label_end:
            raise Lost("image alt text")
        return end

    def label_end(self, bracket: int, maximum: int, nested_links: bool) -> int:
        """Return the offset of the `]` that closes the label opened at `bracket`."""
        self.state.posMax = maximum
        end = self.state.md.helpers.parseLinkLabel(self.state, bracket, not nested_links)
        if end < 0:
            raise Lost("label")
        return end
