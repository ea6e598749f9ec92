"""HTML: the text a reader of the page reads, mapped back to the markup it comes from.

Read: text nodes (the ``<title>``, headings and table cells as regions of their own kind) and the
values of ``alt`` and ``title`` attributes, one region per value, mapped to the characters inside
its quotes. Not read: the content of the elements in `SKIPPED_ELEMENTS` (scripts, styles, code,
embedded SVG and MathML ...), comments, the doctype, processing instructions, CDATA sections and
every other attribute (``href``, ``src``, ``id``, ``class``, ``data-*`` ...).

A tag of an element in `INLINE_ELEMENTS` does not end a region: it is markup between two pieces,
so "Mohamed <b>Chia</b> al-Soudani" is one region that reads "Mohamed Chia al-Soudani", and a
Word-processor export that wraps every few words in a ``<span>`` reads as continuous text. Any
other tag ends the current region. Character references stay what they are: ``&nbsp;`` or
``&#39;`` is an escape piece whose reader text is the character it stands for; an unknown
reference is read as written. Whitespace is read as written.

The page is parsed by the standard library's ``html.parser``, which tolerates unclosed tags,
stray end tags, unquoted attributes and a bare ``<`` in text. An HTML file is held in memory
whole: `safe_cut` allows no cut before the end of the document.
"""

from __future__ import annotations

import html
import re
from array import array
from html.entities import html5 as NAMED_REFERENCES
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant
from typing import Iterator, NamedTuple

from .regions import (
    ESCAPE_HTML,
    ESCAPE_HTML_ATTRIBUTE,
    KIND_ATTRIBUTE,
    KIND_CELL,
    KIND_HEADING,
    KIND_PROSE,
    KIND_TITLE,
    Region,
    RegionBuilder,
)

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

# Elements whose tags sit inside running text: a name may be split by them.
INLINE_ELEMENTS = frozenset(
    "a abbr b bdi bdo cite data del dfn em font i ins label mark q s small span strong sub sup"
    " time u wbr".split()
)
# Elements whose content (and attributes) no reader of prose reads.
SKIPPED_ELEMENTS = frozenset(
    "script style code pre kbd samp var textarea template svg math noscript".split()
)
# Elements that have no end tag: never pushed on the stack of open elements.
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
READ_ATTRIBUTES = frozenset({"alt", "title"})
KIND_OF_ELEMENT = {
    "title": KIND_TITLE,
    **{f"h{level}": KIND_HEADING for level in range(1, 7)},
    "td": KIND_CELL,
    "th": KIND_CELL,
}
FEED_SIZE = 1 << 16  # characters handed to the parser at a time; regions come out as they end
_MARKUP_OPENER = re.compile("<[a-zA-Z/!?]")
_LINE_BREAK = re.compile("\n")
# A reference read without its ';' in an attribute is text when followed by one of these (HTML5).
_ATTRIBUTE_REFERENCE_STOPS = frozenset("=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def safe_cut(buffer: str, final: bool) -> int:
    """Return how much of `buffer` can be read on its own: nothing until the whole document is in."""
    return len(buffer) if final else 0


def regions(text: str, options=None, *, feed_size: int = FEED_SIZE) -> Iterator[Region]:
    """Return the regions of an HTML document in source order (a region's start offset), each
    text region followed by the attribute values of the inline tags inside it. The parser is
    handed `feed_size` characters at a time (the regions do not depend on it)."""
    reader = _Reader(text)
    for start in range(0, len(text), feed_size):
        reader.feed(text[start : start + feed_size])
        yield from reader.finished_regions()
    reader.close()
    reader.end_region()
    yield from reader.finished_regions()


def reference_length(reference: str) -> int:
    """Return how many characters at the start of a named reference (``&name...``) a decoder
    replaces: all of them for a known name, the longest legacy name without ';' otherwise
    (``&notin`` reads as "¬" then "in"), 0 for an unknown name."""
    name = reference[1:]
    if name in NAMED_REFERENCES:
        return len(reference)
    # Only the legacy names are in the table without a ';'; the shortest is two letters long.
    for end in range(len(name) - 1, 1, -1):
        if name[:end] in NAMED_REFERENCES:
            return end + 1
    return 0


def _add_reference(builder: RegionBuilder, reference: str, source: int, in_attribute: bool) -> None:
    """Add a character reference to `builder`: the part a decoder replaces as an escape piece,
    the rest literally."""
    length = len(reference) if reference.startswith("&#") else reference_length(reference)
    tail = reference[length:]
    if in_attribute and tail and tail[0] in _ATTRIBUTE_REFERENCE_STOPS:
        length, tail = 0, reference
    if length:
        builder.add_escape(html.unescape(reference[:length]), source, length)
    builder.add_literal(tail, source + length)


def attribute_region(value: str, source: int) -> Region | None:
    """Return the region of an attribute value written as `value` (without its quotes) at source
    offset `source`, or None when it holds no text."""
    builder = RegionBuilder(kind=KIND_ATTRIBUTE, escape=ESCAPE_HTML_ATTRIBUTE)
    done = 0
    # The pattern html.unescape itself finds references with.
    for found in html._charref.finditer(value):
        builder.add_literal(value[done : found.start()], source + done)
        _add_reference(builder, found.group(), source + found.start(), in_attribute=True)
        done = found.end()
    builder.add_literal(value[done:], source + done)
    return builder.build()


def read_attribute_spans(start_tag: str) -> Iterator[tuple[int, int]]:
    """Return the spans, inside the text of a start tag, of the values of its read attributes
    (inside the quotes), found with the very patterns html.parser reads attributes with."""
    at = tagfind_tolerant.match(start_tag, 1).end()
    while at < len(start_tag):
        found = attrfind_tolerant.match(start_tag, at)
        if not found:
            return
        name, rest, value = found.group(1, 2, 3)
        if rest and value and name.lower() in READ_ATTRIBUTES:
            start, end = found.span(3)
            quoted = value[0] in "'\""
            yield start + quoted, end - quoted
        at = found.end()


class _OpenElement(NamedTuple):
    """An element on the stack of open elements, with what it means for the text inside it."""

    tag: str
    kind: str
    skipped: bool


_DOCUMENT = _OpenElement("", KIND_PROSE, False)


class _Reader(HTMLParser):
    """Turns parser events into regions: text and references go into the current region, tags
    end it (or not, for inline ones), read attribute values become regions of their own."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self._text = text
        # html.parser counts lines at "\n" only.
        self._line_starts = array("q", [0])
        self._line_starts.extend(found.end() for found in _LINE_BREAK.finditer(text))
        self._open: list[_OpenElement] = []
        self._builder: RegionBuilder | None = None
        # Whitespace read before any text of a region: the region's start if text follows, else
        # nothing (whitespace between blocks is no region).
        self._leading_space: list[tuple[str, int]] = []
        self._inside: list[Region] = []  # attribute values of inline tags inside the current region
        self._finished: list[Region] = []
        self._closing = False

    def finished_regions(self) -> list[Region]:
        """Return the regions ended since the last call."""
        finished, self._finished = self._finished, []
        return finished

    def _at(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    @property
    def _here(self) -> _OpenElement:
        return self._open[-1] if self._open else _DOCUMENT

    def _current(self) -> RegionBuilder:
        if self._builder is None:
            self._builder = RegionBuilder(kind=self._here.kind, escape=ESCAPE_HTML)
            for space, at in self._leading_space:
                self._builder.add_literal(space, at)
            self._leading_space.clear()
        return self._builder

    def _in_region(self) -> bool:
        return self._builder is not None or bool(self._leading_space)

    def end_region(self) -> None:
        """End the current region: it and the attribute values inside it are finished."""
        region = self._builder.build() if self._builder is not None else None
        if region is not None and not region.text.isspace():
            self._finished.append(region)
        self._finished.extend(self._inside)
        self._inside.clear()
        self._leading_space.clear()
        self._builder = None

    def handle_data(self, data: str) -> None:
        # Text never starts with a markup opener: such data is a tag html.parser gave up on (one
        # with a NUL in its name), which HTML reads as a tag all the same.
        if _MARKUP_OPENER.match(data) or self._here.skipped:
            return
        if self._builder is None and data.isspace():
            self._leading_space.append((data, self._at()))
        else:
            self._current().add_literal(data, self._at())

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        if self._here.skipped:
            return
        at = self._at()
        length += self._text.startswith(";", at + length)
        _add_reference(self._current(), self._text[at : at + length], at, in_attribute=False)

    def handle_starttag(self, tag: str, attrs) -> None:
        self._start(tag, opens=tag not in VOID_ELEMENTS)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._start(tag, opens=False)

    def _start(self, tag: str, opens: bool) -> None:
        inline = tag in INLINE_ELEMENTS
        if not inline:
            self.end_region()
        skipped = self._here.skipped or tag in SKIPPED_ELEMENTS
        if not skipped:
            self._read_attributes(inside=inline and self._in_region())
        if opens and not inline:
            self._open.append(_OpenElement(tag, KIND_OF_ELEMENT.get(tag, self._here.kind), skipped))

    def _read_attributes(self, inside: bool) -> None:
        start_tag, at = self.get_starttag_text(), self._at()
        for start, end in read_attribute_spans(start_tag):
            region = attribute_region(start_tag[start:end], at + start)
            if region is not None and not region.text.isspace():
                (self._inside if inside else self._finished).append(region)

    def handle_endtag(self, tag: str) -> None:
        if tag in INLINE_ELEMENTS:
            return
        self.end_region()
        # A stray end tag closes nothing; an end tag closes whatever was left open inside it.
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def feed(self, data: str) -> None:
        """Read `data`, the next part of the input, as far as it goes."""
        super().feed(data)
        # html.parser stops after a "&#" without digits until more input comes; read on.
        left = None
        while self.rawdata and len(self.rawdata) != left:
            left = len(self.rawdata)
            super().feed("")

    def check_for_whole_start_tag(self, i: int) -> int:
        # A quoted attribute value whose closing quote has not been fed yet makes html.parser end
        # the tag early (on a ">" inside the value), where the whole input would not: so a start
        # tag with a quote that no later quote in the input so far matches waits for more input.
        end = super().check_for_whole_start_tag(i)
        if end > 0 and not self._closing:
            for quote in "'\"":
                last = self.rawdata.rfind(quote, i, end)
                if last >= 0 and self.rawdata.find(quote, last + 1) < 0:
                    return -1
        return end

    def close(self) -> None:
        """Read the rest of the input as the end of the document."""
        self._closing = True
        self.feed("")
        # Closing, html.parser would take all that follows a "&#" without digits or ';' after
        # it for text, tags too: it is text, and reading goes on after it.
        while self.rawdata.startswith("&#"):
            self.handle_data("&#")
            self.updatepos(0, 2)
            self.rawdata = self.rawdata[2:]
            self.feed("")
        # An unterminated comment, declaration or tag at the end of the file is no text in HTML,
        # but html.parser would read it as text.
        if self.rawdata[:1] == "<" and len(self.rawdata) > 1:
            self.rawdata = ""
        super().close()

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # html.parser raises on a marked section it does not know ("<![foo"), having moved its
        # position on; HTML reads one as a bogus comment up to the next ">".
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position
            return self.parse_bogus_comment(i, report)
