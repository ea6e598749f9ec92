"""One pipeline for every command: a document in; its mentions, findings and fixing edits out.

A document is read in chunks that its format says can be read on their own (documents.*), so
memory stays bounded by the chunk, not the file. Each chunk's regions are scanned; every mention
is placed in the source (line, column, span) and, when it is flagged, given the edits that fix it,
computed once: `check` shows them, `fix` applies them, `report` counts the mentions.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Iterator

from .casing import case_position
from .documents import DocumentProblem, ReadOptions, Region
from .documents.regions import escaped
from .fixer import apply_edits, replacement_edits
from .lexicon import spelling_key
from .matcher import Matcher
from .models import KIND_CASE, KIND_EXACT, Edit, Finding, Mention
from .positions import LineIndex
from .scanner import gives_evidence, may_change, scan_mentions
from .suppression import NOTHING_ACCEPTED, Acceptance

CHUNK_SIZE = 1 << 20  # characters gathered before a format is asked where to cut
CONTEXT_WIDTH = 240  # characters of a finding's line kept for showing it
NOT_FIXED = "written across markup or formatting that a fix would have to change: not fixed"


@dataclass(frozen=True)
class Chunk:
    """A piece of a document's source text that its format can read on its own."""

    text: str
    offset: int = 0  # source offset of text[0]
    line: int = 1  # 1-based line of text[0]
    column: int = 0  # 0-based column of text[0] (a chunk may start inside a line)


@dataclass
class ChunkResult:
    """What scanning one chunk found."""

    chunk: Chunk
    findings: list[Finding] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    mentions: list[tuple[Region, Mention]] = field(default_factory=list)  # every mention, reader offsets
    problems: list[str] = field(default_factory=list)  # "line N: message"
    unused_suppressions: list = field(default_factory=list)  # the document's last result: see suppression.py

    def edits(self) -> list[Edit]:
        """Return the edits of every fixable finding, in offsets of the chunk's own text."""
        base = self.chunk.offset
        return [Edit(e.start - base, e.end - base, e.replacement) for f in self.findings for e in f.edits]

    def fixed_text(self) -> str:
        """Return the chunk's text with every fixable finding fixed."""
        return apply_edits(self.chunk.text, self.edits())


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _after(chunk: Chunk) -> Chunk:
    """Return the (empty) chunk that starts where `chunk` ends: its offset, line and column."""
    text = chunk.text
    breaks = _line_breaks(text)
    last_break = max(text.rfind("\n"), text.rfind("\r"))
    column = len(text) - last_break - 1 if breaks else chunk.column + len(text)
    return Chunk("", chunk.offset + len(text), chunk.line + breaks, column)


def _cut_inside_line_break(buffer: str, cut: int, final: bool) -> int:
    """Move a cut that falls between the \\r and \\n of a line break, or right after a \\r whose
    next character is not read yet, so that a line break is never split."""
    if 0 < cut < len(buffer) and buffer[cut - 1] == "\r" and buffer[cut] == "\n":
        return cut + 1
    if cut == len(buffer) and not final and buffer.endswith("\r"):
        return cut - 1
    return cut


def chunks_of(blocks: Iterable[str], reader, chunk_size: int = CHUNK_SIZE) -> Iterator[Chunk]:
    """Return the chunks of a text given as consecutive blocks, cut where `reader` allows."""
    place = Chunk("")
    buffer = ""
    wanted = chunk_size
    for block in blocks:
        buffer += block
        while len(buffer) >= wanted:
            cut = _cut_inside_line_break(buffer, reader.safe_cut(buffer, False), False)
            if cut <= 0:
                wanted = len(buffer) * 2  # a construct longer than a chunk: read on before asking again
                break
            chunk = Chunk(buffer[:cut], place.offset, place.line, place.column)
            yield chunk
            place, buffer, wanted = _after(chunk), buffer[cut:], chunk_size
    while buffer:
        cut = reader.safe_cut(buffer, True) or len(buffer)
        chunk = Chunk(buffer[:cut], place.offset, place.line, place.column)
        yield chunk
        place, buffer = _after(chunk), buffer[cut:]


def _context(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[str, int]:
    """Return the line around text[start:end] (from line_start to its line break at line_end)
    clipped to CONTEXT_WIDTH, and where the span starts in it."""
    line_start, line_end = max(line_start, start - CONTEXT_WIDTH), min(line_end, end + CONTEXT_WIDTH)
    left = max(line_start, min(start - CONTEXT_WIDTH // 3, line_end - CONTEXT_WIDTH))
    right = min(line_end, max(end, left + CONTEXT_WIDTH))
    return text[left:right], start - left


def _placed(region: Region, edits: tuple[Edit, ...], start: int, end: int, base: int) -> tuple[int, int, tuple[Edit, ...] | None]:
    """Return where a name at reader offsets [start, end) stands in its chunk's source, and its
    edits (offsets into the name) as edits of the document's source (the chunk starts at `base`)
    in the region's escaping, None when one of them cannot be written as one span of the source."""
    shift = region.literal_shift(start, end)
    if shift is None:
        return region.source_start(start), region.source_end(end), _source_edits(region, edits, start, base)
    at = base + start + shift  # the name as the source writes it: it and its edits move as one
    placed = tuple(Edit(at + edit.start, at + edit.end, escaped(edit.replacement, region.escape)) for edit in edits)
    return start + shift, end + shift, placed


def _source_edits(region: Region, edits: tuple[Edit, ...], at: int, base: int) -> tuple[Edit, ...] | None:
    """Return the edits of a name at reader offset `at` (offsets into the name) as edits of the
    document's source (the chunk starts at `base`) in the region's escaping, or None when one of
    them cannot be written as one span of the source."""
    placed = []
    for edit in edits:
        span = region.source_span(at + edit.start, at + edit.end)
        if span is None:
            return None
        placed.append(Edit(base + span[0], base + span[1], escaped(edit.replacement, region.escape)))
    return tuple(placed)


def _kind(match) -> str:
    """A house spelling written in another case is a finding of its own kind: `case`."""
    return KIND_CASE if match.kind == KIND_EXACT else match.kind


@lru_cache(maxsize=65536)
def _replacement(surface: str, house: str, position: str) -> tuple[str, tuple[Edit, ...]]:
    """Return what a fix writes over a name and its edits (offsets into the name): the same name
    at the same position is rewritten the same way, so it is worked out once."""
    edits = tuple(replacement_edits(surface, 0, len(surface), house, position))
    return apply_edits(surface, list(edits)), edits


def _finding(chunk: Chunk, lines: LineIndex, region: Region, mention: Mention, path: str) -> Finding | None:
    """Return the finding of a flagged mention, or None when the house spelling reads the same."""
    position = case_position(region.text, mention.start, mention.end, region.kind)
    replacement, relative = _replacement(mention.text, mention.match.replacement, position)
    if not relative:
        return None
    base = chunk.offset
    start, end, source_edits = _placed(region, relative, mention.start, mention.end, base)
    line, column = lines.line_and_column(start)
    context, context_column = _context(chunk.text, start, end, start - column + 1, lines.line_end(line))
    return Finding(
        path, chunk.line + line - 1, column + (chunk.column if line == 1 else 0), base + start, base + end,
        chunk.text[start:end], replacement, mention.match.entity_id, _kind(mention.match), mention.match.score,
        note="" if source_edits is not None else NOT_FIXED, entities=mention.match.entities,
        record=region.record, field=region.field,
        edits=source_edits or (),
        context=context, context_column=context_column,
    )


@dataclass
class DocumentContext:
    """What a document has said so far: the entities it has named by a name of several words."""

    named: set[str] = field(default_factory=set)
    # the surnames of other people the document named in full ("Hilal Soudani"), folded words
    others: set[tuple[str, ...]] = field(default_factory=set)
    record: str | None = None  # a JSONL record is a document of its own

    def enter(self, region: Region) -> None:
        """Start afresh when a region belongs to another record than the one before."""
        if region.record != self.record:
            self.record = region.record
            self.named.clear()
            self.others.clear()

    def resolved(self, mention: Mention) -> Mention | None:
        """Return the mention as the document's context reads it: a surname alone that needs
        evidence is dropped unless the document named its person in full; a spelling several
        entities share stands for the one the document named, when it named exactly one."""
        match = mention.match
        if gives_evidence(mention):
            self.named.add(match.entity_id)
            return mention
        named = [entity for entity in match.entities if entity in self.named]
        if match.needs_evidence and not named:
            return None
        if not named and spelling_key(mention.text) in self.others:
            return None  # the surname of the other person the document named ("Hilal Soudani")
        if len(match.entities) > 1 and len(named) == 1:
            chosen = named[0]
            others = tuple(entity for entity in match.entities if entity != chosen)
            return replace(mention, match=replace(match, entity_id=chosen, entity_ids=(chosen, *others), chosen_by_context=True))
        return mention


def scan_regions(
    chunk: Chunk,
    regions: Iterable,
    matcher: Matcher,
    path: str = "-",
    every: bool = True,
    context: DocumentContext | None = None,
) -> ChunkResult:
    """Return the findings of a chunk's regions (source offsets relative to the chunk) and its
    mentions: every one, or (every=False, enough for check and fix) those a fix may change.
    `context` carries what earlier chunks of the same document said."""
    result = ChunkResult(chunk)
    lines = LineIndex(chunk.text)
    context = context if context is not None else DocumentContext()
    for region in regions:
        if isinstance(region, DocumentProblem):
            line, _ = lines.line_and_column(region.offset)
            result.problems.append(f"line {chunk.line + line - 1}: {region.message}")
        else:
            result.regions.append(region)
    for region, mention in _region_mentions(result.regions, matcher, every, context):
        mention = context.resolved(mention)
        if mention is None:
            continue
        result.mentions.append((region, mention))
        if may_change(mention):
            found = _finding(chunk, lines, region, mention, path)
            if found is not None:
                result.findings.append(found)
    return result


# Between two regions scanned together: a blank line, which no name runs across.
_REGION_SEPARATOR = "\n\n"


def _region_mentions(
    regions: list[Region], matcher: Matcher, every: bool, context: DocumentContext
) -> Iterator[tuple[Region, Mention]]:
    """Return the mentions of regions, each with its region, in order. The regions of a chunk are
    scanned as one text with blank lines between them: a document of many short regions (JSONL
    fields, Markdown paragraphs) then costs one pass, not one per region. Each record is entered
    in `context` before its mentions are given, with the surnames of other people it names, so
    those are its own ("Ahmed al-Sharaa ... Sharaa" in one record says nothing of the next)."""
    starts, texts, position = [], [], 0
    for region in regions:
        starts.append(position)
        texts.append(region.text)
        position += len(region.text) + len(_REGION_SEPARATOR)
    surnames: list[tuple[int, frozenset]] = []
    mentions = scan_mentions(_REGION_SEPARATOR.join(texts), matcher, every, surnames_at=surnames)
    next_surnames = next_mention = 0
    for first, last in _record_ranges(regions):
        context.enter(regions[first])
        end = starts[last] + len(regions[last].text)
        while next_surnames < len(surnames) and surnames[next_surnames][0] < end:
            context.others.update(surnames[next_surnames][1])
            next_surnames += 1
        while next_mention < len(mentions) and mentions[next_mention].start < end:
            mention = mentions[next_mention]
            index = bisect_right(starts, mention.start) - 1
            base = starts[index]
            yield regions[index], Mention(mention.start - base, mention.end - base, mention.text, mention.match)
            next_mention += 1


def _record_ranges(regions: list[Region]) -> Iterator[tuple[int, int]]:
    """Return the first and last index of each run of regions that belong to one record."""
    first = 0
    for index in range(1, len(regions) + 1):
        if index == len(regions) or regions[index].record != regions[first].record:
            yield first, index - 1
            first = index


def scan_chunks(
    chunks: Iterable[Chunk],
    reader,
    matcher: Matcher,
    path: str,
    options: ReadOptions,
    every: bool = True,
    acceptance: Acceptance = NOTHING_ACCEPTED,
) -> Iterator[ChunkResult]:
    """Return the results of a text document read chunk by chunk, in order, without what
    `acceptance` accepts or the document's suppression comments suppress."""
    return acceptance.applied(_chunk_results(chunks, reader, matcher, path, options, every), path, reader.NAME)


def _chunk_results(chunks: Iterable[Chunk], reader, matcher: Matcher, path: str, options: ReadOptions, every: bool):
    context = DocumentContext()
    for chunk in chunks:
        # A reader that names records by their line (JSONL) needs to know where the chunk starts.
        regions = reader.regions(chunk.text, replace(options, first_line=chunk.line - 1))
        yield scan_regions(chunk, regions, matcher, path, every, context)
