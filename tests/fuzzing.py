"""Fuzz targets: each takes arbitrary bytes and must never fail in any other way than its
documented, clean refusal. Shared by the short runs of the test suite (test_fuzz.py) and the
long runs of benchmarks/fuzz.py.

A target also checks the laws that must hold whatever the input: spans cover their text, a fix
applies exactly the findings' edits, and a second fix changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache

from namecheck.api import check_text, fix_text, load_matcher
from namecheck.documents import ReadOptions, text_formats
from namecheck.fixer import apply_edits
from namecheck.lexicon import LexiconError, build_lexicon


@lru_cache(maxsize=None)
def matcher():
    return load_matcher()


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def check_laws(text: str, format: str, options: ReadOptions | None = None) -> None:
    """Check and fix one text in a format; raise AssertionError when a law does not hold."""
    findings = check_text(text, matcher(), format=format, options=options)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text), finding
        assert text[finding.start : finding.end] == finding.text, finding
    fixed = fix_text(text, matcher(), format=format, options=options)
    assert fixed == apply_edits(text, [edit for finding in findings for edit in finding.edits])
    assert fix_text(fixed, matcher(), format=format, options=options) == fixed


def fuzz_scanner(data: bytes) -> None:
    """Plain text through the whole pipeline."""
    check_laws(_text(data), "text")


def fuzz_format(data: bytes) -> None:
    """The first byte picks a text format; the rest is the document."""
    formats = sorted(text_formats())
    if not data:
        return
    check_laws(_text(data[1:]), formats[data[0] % len(formats)])


def fuzz_lexicon(data: bytes) -> None:
    """A lexicon file: loaded, or refused with LexiconError listing its problems."""
    try:
        build_lexicon([("fuzz.toml", _text(data))])
    except LexiconError as error:
        assert error.problems


def fuzz_docx(data: bytes) -> None:
    """A Word file: read (and its text checked), or refused with DocxError."""
    from namecheck.documents.docx import DocxError, read_docx

    try:
        document = read_docx(_word_package(data))
    except DocxError:
        return
    document.regions()


def _word_package(data: bytes) -> bytes:
    """Return the fuzzed bytes as the body of a minimal Word package half of the time, so that
    the XML reader is reached and not only the zip check."""
    if not data or data[0] % 2:
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELATIONSHIPS)
        package.writestr("word/document.xml", data[1:])
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)

TARGETS = {
    "scanner": fuzz_scanner,
    "formats": fuzz_format,
    "lexicon": fuzz_lexicon,
    "docx": fuzz_docx,
}
