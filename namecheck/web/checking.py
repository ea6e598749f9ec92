"""A document sent to the page or the API: scanned through the same pipeline as the command
line, and written back with only the fixes a person accepted.

Pasted text is checked as it is; an uploaded file is decoded as the command line decodes it
(UTF-8, a byte-order mark kept aside, line endings as they are) or read as a Word package, so a
finding's offsets and the fixed bytes are the ones `check` and `fix` would give.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from ..api import scan_docx
from ..documents import ReadOptions, format_of, text_formats
from ..files import InputError, decode_document
from ..fixer import apply_edits
from ..matcher import Matcher
from ..models import Finding
from ..pipeline import ChunkResult, chunks_of, scan_chunks
from .fields import BadInput

DOCX = "docx"
PASTED = "-"  # the path of pasted text, as the command line names standard input
PIECE = 1 << 16  # characters scanned before results are handed on: the page shows them meanwhile


def format_names() -> list[str]:
    """Return every format a document can be read as: the text formats, then docx."""
    return [*text_formats(), DOCX]


def chosen_format(explicit: str | None, filename: str, is_file: bool) -> str:
    """Return the format to read a document as: the one asked for, else by the file name's
    extension (text for pasted text without a name); raise BadInput for an unknown format, or
    for docx asked of pasted text."""
    names = format_names()
    if explicit and explicit not in names:
        raise BadInput(400, f"unknown format {explicit!r} (one of {', '.join(names)})")
    chosen = explicit or (format_of(filename) if filename != PASTED else "text")
    if chosen == DOCX and not is_file:
        raise BadInput(400, "a Word document cannot be sent as text: upload the .docx file")
    return chosen


@dataclass(frozen=True)
class Upload:
    """One document to check: pasted `text`, or the `data` of an uploaded file."""

    filename: str  # a label for findings and downloads, never opened
    format: str
    text: str | None = None
    data: bytes | None = None


@dataclass
class CheckedDocument:
    """A scanned document: the text its offsets index into, its findings and problems."""

    upload: Upload
    text: str
    results: list[ChunkResult]
    bom: bool = False
    docx: object | None = None  # the DocxText of a Word document
    findings: list[Finding] = field(init=False)

    def __post_init__(self):
        self.findings = [finding for result in self.results for finding in result.findings]

    @property
    def problems(self) -> list[str]:
        """Every part of the document that could not be read, as "line N: message"."""
        return [message for result in self.results for message in result.problems]

    def fixable_indices(self, accepted: list[int] | None) -> list[int]:
        """Return the accepted findings that a fix can write, in order (all of them when
        `accepted` is None); raise BadInput for an index that names no finding."""
        if accepted is None:
            return [index for index, finding in enumerate(self.findings) if finding.fixable]
        wrong = [index for index in accepted if index >= len(self.findings)]
        if wrong:
            raise BadInput(400, f"no finding {wrong[0]}: there are {len(self.findings)} (indices from 0)")
        return sorted(index for index in set(accepted) if self.findings[index].fixable)

    def fixed_bytes(self, indices: list[int]) -> bytes:
        """Return the document's bytes with the edits of the findings `indices` applied and
        every other byte as it was sent."""
        edits = [edit for index in indices for edit in self.findings[index].edits]
        if self.docx is not None:
            return self.docx.fixed(edits) if edits else self.upload.data
        if not edits and self.upload.data is not None:
            return self.upload.data
        return (("\ufeff" if self.bom else "") + self.fixed_text(indices)).encode("utf-8")

    def fixed_text(self, indices: list[int]) -> str:
        """Return the text (without a byte-order mark) with the findings `indices` fixed."""
        return apply_edits(self.text, [edit for index in indices for edit in self.findings[index].edits])


def _decoded(upload: Upload) -> tuple[str, bool]:
    """Return an upload's text and whether it had a byte-order mark; 422 when it is not text."""
    if upload.text is not None:
        return upload.text, False
    try:
        document = decode_document(upload.data, upload.filename)
    except InputError as error:
        raise BadInput(422, str(error).replace(": left untouched", "")) from None
    return document.text, document.bom


@dataclass
class OpenedDocument:
    """A document read and being scanned: its text, and its results as they come, piece by
    piece, so that a page can show the first names before the last are found."""

    upload: Upload
    text: str  # the text the findings' offsets index into
    results: Iterator[ChunkResult]
    bom: bool = False
    docx: object | None = None


def _opened_docx(upload: Upload, matcher: Matcher, every: bool) -> OpenedDocument:
    from ..documents.docx import DocxUnavailable

    try:
        scan = scan_docx(upload.filename, upload.data, matcher, every)
    except DocxUnavailable as error:
        raise BadInput(501, str(error)) from None
    except ValueError as error:
        raise BadInput(422, f"{upload.filename}: {error}") from None
    return OpenedDocument(upload, scan.docx.text, scan.results, docx=scan.docx)


def opened_document(upload: Upload, matcher: Matcher, every: bool = False) -> OpenedDocument:
    """Return a document read and ready to scan in pieces of about PIECE characters (a piece
    ends where its format allows, so the findings are those of one whole scan); raise BadInput
    (422) when it cannot be read as its format. With `every`, the results hold every mention
    (for a report), not only those a fix may change."""
    if upload.format == DOCX:
        return _opened_docx(upload, matcher, every)
    text, bom = _decoded(upload)
    reader = text_formats()[upload.format]
    # handed on in blocks, as a file is read, so that each piece is cut soon after PIECE characters
    blocks = (text[at : at + PIECE] for at in range(0, len(text), PIECE))
    chunks = chunks_of(blocks, reader, PIECE)
    results = scan_chunks(chunks, reader, matcher, upload.filename, ReadOptions(), every)
    return OpenedDocument(upload, text, results, bom=bom)


def checked_document(upload: Upload, matcher: Matcher, every: bool = False) -> CheckedDocument:
    """Return the scan of one whole document (see opened_document)."""
    opened = opened_document(upload, matcher, every)
    try:
        results = list(opened.results)
    except ValueError as error:
        raise BadInput(422, f"{upload.filename}: {error}") from None
    return CheckedDocument(upload, opened.text, results, bom=opened.bom, docx=opened.docx)


def download_name(upload: Upload) -> str:
    """Return the name a fixed document is downloaded as: the uploaded file's own name, or a
    name with the format's extension for pasted text."""
    base = os.path.basename(upload.filename.replace("\\", "/"))
    if upload.data is not None and base and base not in (".", ".."):
        return base
    module = text_formats().get(upload.format)
    extension = module.EXTENSIONS[0] if module is not None else ".txt"
    return f"namecheck-fixed{extension}"
