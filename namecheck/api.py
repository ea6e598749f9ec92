"""Plain functions: build a matcher, check or fix a text or a file. No printing, no exits.

Every function here goes through the one pipeline (pipeline.py), so `check`, `fix`, `report`
and the Python API see the same findings and apply the same edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from .documents import TEXT_FORMAT_NAMES, ReadOptions, format_of, text_format
from .cache import cache_file_meta, cache_key, decoded_index, encoded_index
from .files import (
    FileState,
    TextSource,
    bytes_and_state,
    cache_file_path,
    cache_file_status,
    cache_files,
    cache_folder,
    cache_signing_key,
    clear_cache,
    decoded_lexicon,
    mark_cache_file_used,
    open_text,
    package_code_signature,
    package_data_files,
    read_cache_file,
    read_lexicon_files,
    read_lexicon_texts,
    write_cache_file,
)
from .lexicon import Lexicon, build_lexicon
from .matcher import DEFAULT_THRESHOLD, Matcher
from .models import Finding
from .version import __version__
from .pipeline import Chunk, ChunkResult, chunks_of, scan_chunks, scan_regions
from .suppression import NOTHING_ACCEPTED, Acceptance


def load_lexicon(paths: list[str] = (), with_default: bool = True) -> Lexicon:
    """Load the default lexicon (unless told not to) and the files or folders in `paths`."""
    return build_lexicon(read_lexicon_texts(list(paths), with_default=with_default))


def load_matcher(
    paths: list[str] = (), with_default: bool = True, threshold: float = DEFAULT_THRESHOLD, cache: bool = False
) -> Matcher:
    """Return a matcher over the default lexicon (unless told not to) and `paths`.

    With `cache`, the index built for this set of lexicon files is stored in the cache folder
    (files.cache_folder) and loaded from there by later calls, in this or another process,
    instead of being built again; the lexicon itself is then read only when asked for.
    """
    if not cache:
        return Matcher(load_lexicon(paths, with_default), threshold=threshold)
    return _cached_matcher(read_lexicon_files(list(paths), with_default=with_default), threshold)


@dataclass(frozen=True)
class LexiconOfFiles:
    """A lexicon not read yet: the (path, bytes) of its files, read when called. A cached matcher
    holds one, which it calls when its lexicon is first asked for (unlike a closure, it can be
    sent to another process)."""

    files: tuple[tuple[str, bytes], ...]

    def __call__(self) -> Lexicon:
        return build_lexicon([(name, decoded_lexicon(name, data)) for name, data in self.files])


def _cached_matcher(files: list[tuple[str, bytes]], threshold: float) -> Matcher:
    """Return a matcher over lexicon files, its index loaded from the cache or built and stored."""
    folder = cache_folder()
    signing = cache_signing_key(folder).key
    key = cache_key([data for _, data in files], package_data_files(), __version__, package_code_signature())
    path = cache_file_path(folder, key)
    stored = read_cache_file(path) if signing else None
    cached = decoded_index(stored, key, signing) if stored is not None else None

    if cached is not None:
        mark_cache_file_used(path)
        return Matcher(LexiconOfFiles(tuple(files)), threshold, index=cached.index, facts=cached.facts)
    lexicon = LexiconOfFiles(tuple(files))()
    matcher = Matcher(lexicon, threshold)
    if signing:
        meta = {"version": __version__, "lexicons": [name for name, _ in files], "entities": len(lexicon.entities)}
        write_cache_file(path, encoded_index(matcher.index, matcher.guards.facts, key, signing, meta))
    return matcher


@dataclass(frozen=True)
class CacheEntry:
    """One file of the index cache."""

    path: str
    size: int
    modified: float  # seconds since the epoch
    meta: dict | None  # what it was built from; None when it cannot be trusted (it will be rebuilt)


@dataclass(frozen=True)
class CacheState:
    """The index cache: its folder, why it is not used (or ""), and its files, newest first."""

    folder: str
    problem: str
    entries: tuple[CacheEntry, ...]


def cache_state() -> CacheState:
    """Return what the index cache holds, without changing it."""
    folder = cache_folder()
    signing = cache_signing_key(folder, make=False)
    entries = []
    for path in cache_files(folder):
        status, data = cache_file_status(path), read_cache_file(path)
        if status is not None and data is not None:
            meta = cache_file_meta(data, signing.key) if signing.key else None
            entries.append(CacheEntry(str(path), status.st_size, status.st_mtime, meta))
    return CacheState(str(folder), signing.problem, tuple(entries))


def clear_index_cache() -> tuple[str, list[str]]:
    """Remove the index cache's files; return its folder and the paths removed."""
    folder = cache_folder()
    return str(folder), [str(path) for path in clear_cache(folder)]


def _reader(format: str):
    reader = text_format(format)
    if reader is None:
        raise ValueError(f"unknown text format {format!r} (one of {', '.join(TEXT_FORMAT_NAMES)})")
    return reader


def scan_text(
    text: str,
    matcher: Matcher,
    path: str = "-",
    format: str = "text",
    options: ReadOptions | None = None,
    every: bool = False,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> Iterator[ChunkResult]:
    """Return the results of a text in `format` (text, markdown, html, jsonl), chunk by chunk;
    with `every`, they list every mention (for counting), not only those a fix may change.
    Accepted spellings and what suppression comments cover are left out (see suppression.py)."""
    reader = _reader(format)
    return scan_chunks(chunks_of([text], reader), reader, matcher, path, options or ReadOptions(), every, acceptance)


def check_text(
    text: str,
    matcher: Matcher,
    path: str = "-",
    format: str = "text",
    options: ReadOptions | None = None,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> list[Finding]:
    """Return the findings of one text, in text order.

    >>> check_text("Mohamed Chia al-Soudani spoke.", load_matcher())[0].replacement
    'Mohammed Shia al-Sudani'
    """
    results = scan_text(text, matcher, path, format, options, acceptance=acceptance)
    return [finding for result in results for finding in result.findings]


def with_findings(results: list[ChunkResult], keep) -> list[ChunkResult]:
    """Return the results with only the findings for which `keep(finding)` is true, so that a fix
    applies only those."""
    return [replace(result, findings=[finding for finding in result.findings if keep(finding)]) for result in results]


def fix_text(
    text: str,
    matcher: Matcher,
    format: str = "text",
    options: ReadOptions | None = None,
    unsafe_fixes: bool = True,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> str:
    """Return `text` with every fixable finding replaced by its house spelling (only the safe
    ones without `unsafe_fixes`: see Finding.safe); nothing else changes."""
    results = list(scan_text(text, matcher, "-", format, options, acceptance=acceptance))
    if not unsafe_fixes:
        results = with_findings(results, lambda finding: finding.safe)
    return "".join(result.fixed_text() for result in results)


@dataclass
class DocumentScan:
    """A document being scanned: its results come chunk by chunk, and it can be written fixed."""

    path: str
    format: str
    results: Iterator[ChunkResult]
    source: TextSource | None = None  # text formats
    docx: object | None = None  # Word documents: the DocxText read from the file
    state: FileState | None = None  # the file as it was read (None: standard input); fix writes only over it

    def fixed_bytes(self, results: list[ChunkResult]) -> bytes:
        """Return the document's bytes with the edits of `results` (all of its results) applied."""
        if self.docx is not None:
            return self.docx.fixed([edit for result in results for edit in result.edits()])
        return self.source.encoded("".join(result.fixed_text() for result in results))


def _writable(finding: Finding, document) -> Finding:
    """Return the finding, or, when the Word runs cannot take one of its edits (a replacement that
    drops a soft hyphen inside a name), the finding without edits and with a note saying why."""
    reason = next(filter(None, (document.refusal(edit) for edit in finding.edits)), None)
    return finding if reason is None else replace(finding, edits=(), note=f"{reason}: not fixed")


def scan_docx(
    path: str, data: bytes, matcher: Matcher, every: bool = False, acceptance: Acceptance = NOTHING_ACCEPTED
) -> DocumentScan:
    """Return the scan of a Word document given as the bytes of its file; raise
    documents.docx.DocxError (a ValueError) when it is not one, DocxUnavailable (an ImportError)
    without python-docx."""
    from .documents import docx

    document = docx.read_docx(data)
    result = scan_regions(Chunk(document.text), document.regions(), matcher, path, every)
    result.findings = [_writable(finding, document) for finding in result.findings]
    return DocumentScan(path, "docx", acceptance.applied([result], path, "docx"), docx=document)


def scan_source(
    source: TextSource,
    matcher: Matcher,
    format: str | None = None,
    options: ReadOptions | None = None,
    every: bool = False,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> DocumentScan:
    """Return the scan of a text document already opened (see files.open_text)."""
    name = format_of(source.path, format)
    reader = _reader(name)
    chunks = chunks_of(source.blocks(), reader)
    results = scan_chunks(chunks, reader, matcher, source.path, options or ReadOptions(), every, acceptance)
    return DocumentScan(source.path, name, results, source=source, state=source.state)


def scan_file(
    path: str,
    matcher: Matcher,
    format: str | None = None,
    options: ReadOptions | None = None,
    every: bool = False,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> DocumentScan:
    """Open a file and return its scan; raise files.InputError (or documents' own errors) when it
    cannot be read as its format."""
    name = format_of(path, format)
    if name == "docx":
        data, state = bytes_and_state(path)
        return replace(scan_docx(path, data, matcher, every, acceptance), state=state)
    return scan_source(open_text(path), matcher, name, options, every, acceptance)
