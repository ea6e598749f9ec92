"""Word documents (.docx): the text of their paragraphs as regions, and fixes written into runs.

A Word file is a zip package of XML parts. python-docx (the optional extra ``namecheck[docx]``)
opens the package: it checks that the file is a Word document and tells which parts hold the
body, the headers and footers and the notes, and what each paragraph style is called. The text
of those parts is read with expat (``wordml``), which knows the bytes behind every character, so
that a fix rewrites the text of the edited w:t elements and nothing else: every other zip entry
is copied unchanged, and an edited part keeps every byte outside the replaced characters.

``DocxText.text`` holds one paragraph a line ("\\n" between paragraphs, an empty line for an
empty paragraph), in reading order: the body (paragraphs, tables and nested tables in document
order, a text box after the paragraph that anchors it), then the headers and footers of each
section in the order the section names them (each part once), then the footnotes, then the
endnotes. A tab is "\\t" and a line, page or column break "\\n", so a paragraph with a break
takes two lines. ``regions()`` gives one region a non-empty paragraph, its pieces mapping into
``text``: a heading, a title or subtitle, a table cell or prose, with a barrier wherever two
runs differ in formatting (see ``wordml``): a name whose words lie in differently formatted runs
can still be fixed word by word, one with a word cut by a change of formatting cannot.
"""

from __future__ import annotations

import io
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property
from typing import Iterator, NamedTuple

from ..models import Edit
from .regions import KIND_CELL, KIND_HEADING, KIND_PROSE, KIND_TITLE, Region, RegionBuilder
from .wordml import WordParagraph, WordPart, read_part
from .wordml_edits import ChunkChange, paragraph_changes, part_byte_edits, rewritten

NAME = "docx"
EXTENSIONS = (".docx",)
INSTALL_HINT = "pip install 'namecheck[docx]'"
# What the parts of a Word file may unpack to, all together: a real article with its pictures is a
# few MB, and a small file that unpacks to gigabytes (a zip bomb) would exhaust memory. The sizes
# are the ones the archive declares, and the zip reader stops at a part's declared size.
UNPACKED_LIMIT = 512 * 1024 * 1024
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


class DocxUnavailable(ImportError):
    """Word files cannot be read: python-docx is not installed."""


class DocxError(ValueError):
    """Bytes that are not a readable Word document; the message says why."""


class _Paragraph(NamedTuple):
    member: str  # the zip entry of its part
    at: int  # offset of its text in DocxText.text
    kind: str
    content: WordParagraph


def _python_docx():
    try:
        import docx
    except ImportError:
        raise DocxUnavailable(f"reading Word files needs python-docx: {INSTALL_HINT}") from None
    return docx


@dataclass(frozen=True)
class DocxText:
    """The paragraphs of a Word document as text, and the package they were read from."""

    text: str
    package: bytes = dataclass_field(repr=False)
    _paragraphs: tuple[_Paragraph, ...] = dataclass_field(repr=False)
    _parts: dict[str, tuple[bytes, WordPart]] = dataclass_field(repr=False)  # zip entry -> bytes, contents

    def regions(self) -> Iterator[Region]:
        """Return one region a non-empty paragraph, in reading order, mapping into `text`."""
        for paragraph in self._paragraphs:
            text, at = paragraph.content.text, 0
            builder = RegionBuilder(kind=paragraph.kind)
            for barrier in paragraph.content.barriers:
                builder.add_literal(text[at:barrier], paragraph.at + at)
                builder.add_barrier()
                at = barrier
            builder.add_literal(text[at:], paragraph.at + at)
            region = builder.build()
            if region is not None:
                yield region

    def refusal(self, edit: Edit) -> str | None:
        """Return why `fixed` would refuse `edit` (it crosses a paragraph end or differently
        formatted runs, or drops a tab or break), or None when it can be made."""
        try:
            self._changes(edit)
        except ValueError as error:
            return str(error)
        return None

    def fixed(self, edits: list[Edit]) -> bytes:
        """Return the package with `edits` (spans of `text`) made in the runs that hold them,
        every run keeping its formatting; raise ValueError for an edit that crosses a paragraph
        end or a barrier, or for overlapping edits. Unedited zip entries keep their bytes.

        Example: read_docx(data).fixed([Edit(0, 7, "Sudani")])
        """
        if not edits:
            return self.package
        changes: dict[str, list[ChunkChange]] = {}
        end = 0
        for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
            if edit.start < end:
                raise ValueError(f"edits overlap at {edit.start}")
            member, edit_changes = self._changes(edit)
            changes.setdefault(member, []).extend(edit_changes)
            end = edit.end
        replaced = {}
        for member, member_changes in changes.items():
            data, part = self._parts[member]
            replaced[member] = rewritten(data, part_byte_edits(data, part, member_changes))
        return _repacked(self.package, replaced)

    @cached_property
    def _starts(self) -> list[int]:
        return [paragraph.at for paragraph in self._paragraphs]

    def _changes(self, edit: Edit) -> tuple[str, list[ChunkChange]]:
        index = bisect_right(self._starts, edit.start) - 1
        if index < 0:
            raise ValueError(f"edit at {edit.start} is outside the text")
        paragraph = self._paragraphs[index]
        if edit.end > paragraph.at + len(paragraph.content.text):
            raise ValueError(f"edit {edit.start}-{edit.end} runs across the end of a paragraph")
        start, end = edit.start - paragraph.at, edit.end - paragraph.at
        return paragraph.member, paragraph_changes(paragraph.content, start, end, edit.replacement)


def _repacked(package: bytes, replaced: dict[str, bytes]) -> bytes:
    """Return the zip `package` with the entries named in `replaced` holding new bytes; the
    other entries keep their bytes, and every entry its name, place, date and compression."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            data = replaced.get(info.filename)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            copy.create_system, copy.comment = info.create_system, info.comment
            target.writestr(copy, source.read(info) if data is None else data)
        target.comment = source.comment
    return output.getvalue()


def _opened_document(data: bytes):
    """Return the python-docx Document of `data`; raise DocxError naming what is wrong."""
    docx = _python_docx()
    try:
        _refuse_a_bomb(data)
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        detail = "" if "not a zip file" in str(error) else f" ({error})"  # a damaged entry is named
        raise DocxError(f"not a Word document: not a zip archive{detail}") from None
    except KeyError as error:
        raise DocxError(f"not a Word document: {error.args[0]}") from None
    except SyntaxError as error:  # lxml's XMLSyntaxError
        raise DocxError(f"corrupt XML in the Word document: {error}") from None
    except DocxError:
        raise
    except ValueError as error:  # python-docx names the stream, then the content type
        content_type = str(error).rpartition(" content type is ")[2] or str(error)
        raise DocxError(f"not a Word document: its main part is {content_type}") from None


def _refuse_a_bomb(data: bytes) -> None:
    """Raise DocxError when the parts of the archive in `data` unpack to more than UNPACKED_LIMIT."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > UNPACKED_LIMIT:
        raise DocxError(
            f"refused: the Word document unpacks to {unpacked / 2**20:,.0f} MB, more than the "
            f"{UNPACKED_LIMIT / 2**20:,.0f} MB namecheck reads (a zip bomb?)"
        )


def _style_kinds(document) -> dict[str, str]:
    """Return the region kind of each heading, title and subtitle paragraph style, by style id."""
    from docx.enum.style import WD_STYLE_TYPE

    kinds = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        base, depth = style, 0
        while base is not None and depth < 16:  # a base chain may loop in a damaged file
            name = (base.name or "").lower()
            if name.startswith("heading"):
                kinds[style.style_id] = KIND_HEADING
                break
            if name in ("title", "subtitle"):
                kinds[style.style_id] = KIND_TITLE
                break
            base, depth = base.base_style, depth + 1
    return kinds


def _story_members(document, body: WordPart) -> list[str]:
    """Return the zip entries of the headers and footers (each once, in the order the sections
    name them), then of the footnotes and endnotes."""
    members: list[str] = []
    rels = document.part.rels
    for rid in body.references:
        rel = rels.get(rid)
        if rel is not None and not rel.is_external:
            members.append(rel.target_part.partname.membername)
    for reltype in (_FOOTNOTES, _ENDNOTES):
        notes = [rel for rel in rels.values() if rel.reltype == reltype and not rel.is_external]
        members += [rel.target_part.partname.membername for rel in notes]
    return list(dict.fromkeys(members))


def _read_parts(data: bytes, members: list[str]) -> dict[str, tuple[bytes, WordPart]]:
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in members:
            raw = package.read(member)
            try:
                parts[member] = (raw, read_part(raw))
            except ValueError as error:
                raise DocxError(f"corrupt XML in the Word document: {member}: {error}") from None
    return parts


def read_docx(data: bytes) -> DocxText:
    """Return the text of a Word document's paragraphs (see the module's description), read from
    the bytes of the .docx file.

    Raises DocxUnavailable when python-docx is not installed, DocxError when `data` is not a
    readable Word document (not a zip, no main document part, corrupt XML).
    Example: read_docx(Path("story.docx").read_bytes()).text
    """
    document = _opened_document(data)
    body_member = document.part.partname.membername
    parts = _read_parts(data, [body_member])
    members = [member for member in _story_members(document, parts[body_member][1]) if member != body_member]
    parts.update(_read_parts(data, members))
    kinds = _style_kinds(document)
    paragraphs, texts, at = [], [], 0
    for member in [body_member] + members:
        for content in parts[member][1].paragraphs:
            kind = kinds.get(content.style or "") or (KIND_CELL if content.in_cell else KIND_PROSE)
            paragraphs.append(_Paragraph(member, at, kind, content))
            texts.append(content.text)
            at += len(content.text) + 1
    return DocxText("\n".join(texts), data, tuple(paragraphs), parts)
