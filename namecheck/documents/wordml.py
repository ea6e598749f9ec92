"""WordprocessingML: the paragraphs of one XML part of a Word package, each character of their
text mapped to the bytes of the part that write it.

A part (the body, a header, a footer, the footnotes) is read with expat, which reports the byte
offset of every event: a paragraph's text is kept as chunks, each a stretch of one w:t element's
text with the bytes that write it, so that a fix rewrites those bytes and no others.

Read, in document order: the text of w:t elements (also inside hyperlinks, smart tags, content
controls, simple fields, inserted text and the display text of fields), w:tab and w:ptab as a tab,
w:br (of any type) and w:cr as a line break, w:noBreakHyphen as "-" and w:softHyphen as U+00AD.
Not read: deleted and moved-away text (w:del, w:moveFrom, w:delText), field instructions, ruby
guide text, the fallback copy of a drawing (mc:Fallback, which repeats the text of a text box)
and the separator notes of the footnotes and endnotes parts. Paragraphs are listed in the order
they start, so the paragraphs of a text box follow the paragraph that anchors it.

A barrier lies between two stretches of a paragraph that a single rewrite may not join: runs
whose formatting (w:rPr) differs, runs in different hyperlinks, insertions or fields, and the
two sides of anything in a run that is not text (a footnote mark, a picture, a field character).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import NamedTuple
from xml.parsers import expat

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006 "
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math "
R_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
XML_SPACE = "http://www.w3.org/XML/1998/namespace space"

P, R, T, RPR, PPR, PSTYLE, TC = (_W + name for name in ("p", "r", "t", "rPr", "pPr", "pStyle", "tc"))
# Run content that stands for a character of text.
ATOMS = {
    _W + "tab": "\t",
    _W + "ptab": "\t",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
    _W + "softHyphen": "\u00ad",
}
# Run content that is neither text nor anything a rewrite could move past.
_QUIET = {RPR, T, _W + "delText", _W + "instrText", _W + "lastRenderedPageBreak"} | set(ATOMS)
# Elements between a paragraph and its runs that a rewrite may not move text into or out of.
_CONTAINERS = {
    _W + name for name in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "customXml", "fldSimple", "dir", "bdo")
}
# Elements whose content a reader does not see as text of the document.
_SKIPPED = {_W + "del", _W + "moveFrom", _W + "rt", _MC + "Fallback"}
_NOTES = {_W + "footnote", _W + "endnote"}
_REFERENCES = {_W + "headerReference", _W + "footerReference"}


class Chunk(NamedTuple):
    """A stretch of a paragraph's text and the bytes of the part that write it."""

    at: int  # offset in the paragraph's text
    text: str
    start: int  # byte offsets in the part (a tab or break: where its element starts, twice)
    end: int
    element: int  # index of its w:t in WordPart.elements; -1 for a tab or break, never rewritten
    literal: bool  # the bytes are the text in the part's encoding (no entity or character reference)


class TextElement(NamedTuple):
    """A w:t element: where its start tag ends, and whether it keeps leading and trailing spaces."""

    tag_end: int
    preserves_space: bool


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph: its text, the chunks that write it, and where a rewrite may not cross."""

    text: str
    chunks: tuple[Chunk, ...]
    barriers: tuple[int, ...]  # offsets in text, between two differently formatted stretches
    style: str | None  # the paragraph style's id
    in_cell: bool  # inside a table cell


@dataclass(frozen=True)
class WordPart:
    """The paragraphs of one XML part, and the header and footer references it makes."""

    paragraphs: tuple[WordParagraph, ...]
    elements: tuple[TextElement, ...]
    references: tuple[str, ...]  # relationship ids of w:headerReference/w:footerReference, in order
    codec: str = "utf-8"  # the encoding the part is written in


def _bom_codec(data: bytes) -> str:
    """The codec of a part by its byte-order mark; UTF-8 (the XML default) without one."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    return "utf-8"


def _written_as(raw: bytes, text: str, codec: str) -> bool:
    """Whether `raw` is `text` itself in `codec`, not a reference to it or a normalized line end."""
    try:
        return raw == text.encode(codec)
    except UnicodeEncodeError:  # a character the encoding lacks: a character reference
        return False


class _ParagraphBuilder:
    """The text, chunks and barriers of one open paragraph, and the state of its open run."""

    def __init__(self, depth: int, in_cell: bool):
        self.depth = depth
        self.in_cell = in_cell
        self.style: str | None = None
        self.texts: list[str] = []
        self.chunks: list[Chunk] = []
        self.barriers: list[int] = []
        self.length = 0
        self.containers: list[tuple[int, int]] = []  # (element depth, id) of open containers
        self.objects = 0  # things met that are not text; text on two sides of one never joins
        self.run_format: tuple = ()
        self.format_tokens: list | None = None  # while inside a run's w:rPr
        self.format_depth = 0
        self.last_key: tuple | None = None

    def write(self, text: str, start: int, end: int, element: int, literal: bool) -> None:
        """Append a stretch of text, with a barrier first if its formatting differs."""
        key = (self.run_format, tuple(ident for _, ident in self.containers), self.objects)
        if self.length and key != self.last_key and (not self.barriers or self.barriers[-1] != self.length):
            self.barriers.append(self.length)
        self.last_key = key
        self.chunks.append(Chunk(self.length, text, start, end, element, literal))
        self.texts.append(text)
        self.length += len(text)

    def paragraph(self) -> WordParagraph:
        """Return the finished paragraph."""
        return WordParagraph("".join(self.texts), tuple(self.chunks), tuple(self.barriers), self.style, self.in_cell)


class _PartReader:
    """Expat handlers that collect the paragraphs of one part."""

    def __init__(self, data: bytes):
        self.data = data
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._characters
        self.parser.CommentHandler = self._other
        self.parser.ProcessingInstructionHandler = self._other
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.XmlDeclHandler = self._declaration
        self.codec = _bom_codec(data)
        self.stack: list[str] = []
        self.skip_depth = 0  # depth of the skipped element being passed over; 0 when reading
        self.slots: list[WordParagraph | None] = []
        self.open: list[tuple[int, _ParagraphBuilder]] = []  # (slot, builder)
        self.tag_ends: list[int] = []  # of the w:t elements, by index
        self.space_kept: list[bool] = []
        self.references: list[str] = []
        self.cells = 0
        self.ids = count()
        self.text_element: int | None = None  # the open w:t being read
        self.tag_end_awaited = False
        self.pending: tuple[str, int] | None = None  # text and start of a chunk whose end is next

    def read(self) -> WordPart:
        """Parse the part; raise ValueError when it is not well-formed XML."""
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as error:
            raise ValueError(f"malformed XML: {error}") from None
        elements = tuple(map(TextElement, self.tag_ends, self.space_kept))
        return WordPart(tuple(self.slots), elements, tuple(self.references), self.codec)

    @property
    def paragraph(self) -> _ParagraphBuilder | None:
        return self.open[-1][1] if self.open else None

    def _flush(self) -> int:
        """Close what the previous event left open (a chunk, a w:t start tag); return the offset."""
        index = self.parser.CurrentByteIndex
        if self.tag_end_awaited:
            self.tag_ends[-1] = index
            self.tag_end_awaited = False
        if self.pending is not None:
            text, start = self.pending
            literal = _written_as(self.data[start:index], text, self.codec)
            self.paragraph.write(text, start, index, self.text_element, literal)
            self.pending = None
        return index

    def _skipped(self, name: str, attrs: dict) -> bool:
        if name in _NOTES:
            return attrs.get(_W + "type", "normal") != "normal"
        return name in _SKIPPED

    def _start(self, name: str, attrs: dict) -> None:
        index = self._flush()
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(name)
        if self.skip_depth:
            return
        if self._skipped(name, attrs):
            self.skip_depth = len(self.stack)
            return
        paragraph = self.paragraph
        if paragraph is not None and paragraph.format_tokens is not None:
            paragraph.format_tokens.append((name, tuple(sorted(attrs.items()))))
        elif name == P:
            self.open.append((len(self.slots), _ParagraphBuilder(len(self.stack), self.cells > 0)))
            self.slots.append(None)
        elif name == TC:
            self.cells += 1
        elif name in _REFERENCES:
            self.references.append(attrs.get(R_ID, ""))
        elif paragraph is not None:
            self._start_in_paragraph(paragraph, name, parent, attrs, index)

    def _start_in_paragraph(self, paragraph: _ParagraphBuilder, name: str, parent: str, attrs: dict, index: int) -> None:
        if parent == R:
            self._start_in_run(paragraph, name, attrs, index)
        elif name == R:
            paragraph.run_format = ()
        elif name == PSTYLE and parent == PPR and len(self.stack) == paragraph.depth + 2:
            paragraph.style = attrs.get(_W + "val")
        elif name in _CONTAINERS:
            paragraph.containers.append((len(self.stack), next(self.ids)))
        elif name == _M + "oMath":
            paragraph.objects += 1

    def _start_in_run(self, paragraph: _ParagraphBuilder, name: str, attrs: dict, index: int) -> None:
        if name == RPR:
            paragraph.format_tokens = []
            paragraph.format_depth = len(self.stack)
        elif name == T:
            self.text_element = len(self.tag_ends)
            self.tag_ends.append(-1)
            self.space_kept.append(attrs.get(XML_SPACE) == "preserve")
            self.tag_end_awaited = True
        elif name in ATOMS:
            paragraph.write(ATOMS[name], index, index, -1, False)
        elif name not in _QUIET:
            paragraph.objects += 1

    def _end(self, name: str) -> None:
        self._flush()
        depth = len(self.stack)
        self.stack.pop()
        if self.skip_depth:
            if depth == self.skip_depth:
                self.skip_depth = 0
            return
        paragraph = self.paragraph
        if paragraph is not None and paragraph.format_tokens is not None:
            if depth == paragraph.format_depth:
                paragraph.run_format, paragraph.format_tokens = tuple(paragraph.format_tokens), None
            else:
                paragraph.format_tokens.append(("/",))
        elif name == P:
            slot, builder = self.open.pop()
            self.slots[slot] = builder.paragraph()
        elif name == TC:
            self.cells -= 1
        elif name == T:
            self.text_element = None
        elif paragraph is not None and paragraph.containers and paragraph.containers[-1][0] == depth:
            paragraph.containers.pop()

    def _characters(self, text: str) -> None:
        index = self._flush()
        if self.text_element is not None and not self.skip_depth:
            self.pending = (text, index)

    def _other(self, *_) -> None:
        self._flush()

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding and self.codec == "utf-8" and not self.data.startswith(b"\xef\xbb\xbf"):
            self.codec = encoding.lower()

    def _doctype(self, *_) -> None:
        raise ValueError("a document type declaration is not allowed in a Word part")


def read_part(data: bytes) -> WordPart:
    """Return the paragraphs of one WordprocessingML part (the bytes of word/document.xml, a
    header, a footer, the footnotes ...); raise ValueError when it is not well-formed XML.

    Example: read_part(zip.read("word/document.xml")).paragraphs[0].text
    """
    return _PartReader(data).read()
