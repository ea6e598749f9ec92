"""Accepting spellings: an `accept` list of phrases, and suppression comments in the documents.

A phrase of the accept list ("Bagdad Café", "Hewler Post") is matched in the text a reader reads,
case-insensitively, its words separated by any white space; a name inside one is not flagged, so
accepting "Bagdad Café" leaves a lone "Bagdad" flagged. A comment says where not to look:

- `namecheck: ignore` on a line: nothing on that line is flagged;
- `namecheck: ignore-next-line`: nothing on the next line;
- `namecheck: off` ... `namecheck: on`: nothing from the line of `off` to the line of `on` (to the
  end of the document without `on`).

In Markdown and HTML a directive counts only inside a comment (`<!-- namecheck: ignore -->`), so
that prose about namecheck is not taken for one; in other formats (plain text, JSONL strings,
Word paragraphs) anywhere on the line. Directives work by line of the source, so they are found
in the source text, where comments are, rather than in what a reader reads.

Results arrive chunk by chunk (pipeline.py); a region opened by `off` stays open across chunks,
and which directives suppressed nothing is known only at the end of the document: they are
attached to its last result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from .models import UnusedSuppression
from .positions import LineIndex

# Formats whose directives must stand in an HTML comment.
COMMENT_FORMATS = frozenset({"html", "markdown"})

_DIRECTIVE = r"namecheck:[ \t]*(ignore-next-line|ignore|off|on)(?![\w-])"
_BARE_RE = re.compile(_DIRECTIVE)
_COMMENT_RE = re.compile(r"<!--[ \t]*" + _DIRECTIVE + r"[^\r\n]*?-->")


@dataclass
class _Directive:
    """One suppression comment and the lines it covers (last None: open until `on` or the end)."""

    word: str  # ignore | ignore-next-line | off | on
    line: int
    column: int
    start: int  # source offsets of the directive
    end: int
    text: str
    first: int = 0
    last: int | None = 0
    used: bool = False


def _directives(text: str, pattern: re.Pattern, base: int, first_line: int, first_column: int) -> Iterator[_Directive]:
    """Return the directives of a chunk's source text, placed in the document."""
    lines = LineIndex(text) if pattern.search(text) else None
    if lines is None:
        return
    for found in pattern.finditer(text):
        line, column = lines.line_and_column(found.start())
        column += first_column if line == 1 else 0
        yield _Directive(found[1], first_line + line - 1, column, base + found.start(), base + found.end(), found[0])


def _accept_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """Return one pattern finding any accepted phrase as whole words, or None for no phrase."""
    alternatives = sorted(
        {r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in phrases if phrase.split()},
        key=len,
        reverse=True,
    )
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _span_lines(lines: LineIndex, first_line: int, start: int, end: int) -> tuple[int, int]:
    """Return the first and last lines of the document a span of the chunk's source covers."""
    first, _ = lines.line_and_column(start)
    last, _ = lines.line_and_column(max(start, end - 1))
    return first_line + first - 1, first_line + last - 1


@dataclass(frozen=True)
class Acceptance:
    """What is accepted in a group of documents: phrases never flagged, and whether the
    suppression comments in the documents are honoured."""

    accept: tuple[str, ...] = ()
    directives: bool = True
    _pattern: re.Pattern | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_pattern", _accept_pattern(self.accept))

    def applied(self, results: Iterable, path: str, format: str) -> Iterator:
        """Return the chunk results of one document with accepted and suppressed findings and
        mentions removed; the last result lists the suppressions that suppressed nothing."""
        document = _DocumentSuppression(self, path, format)
        previous = None
        for result in results:
            if previous is not None:
                yield previous
            previous = document.filtered(result)
        if previous is not None:
            previous.unused_suppressions = document.unused()
            yield previous

    def accepted_starts(self, result) -> set[int]:
        """Return the source offsets (in the document) where an accepted mention starts."""
        if self._pattern is None:
            return set()
        starts = set()
        spans_by_region: dict[int, list[tuple[int, int]]] = {}
        for region, mention in result.mentions:
            spans = spans_by_region.get(id(region))
            if spans is None:
                spans = spans_by_region[id(region)] = [found.span() for found in self._pattern.finditer(region.text)]
            if any(start <= mention.start and mention.end <= end for start, end in spans):
                starts.add(result.chunk.offset + region.source_start(mention.start))
        return starts


NOTHING_ACCEPTED = Acceptance()


class _DocumentSuppression:
    """The directives of one document, read chunk by chunk, and the lines they cover.

    A directive covers lines `first` to `last` (None: until `on` or the end); `on`, and an `off`
    while already off, cover nothing (line 0, before every line)."""

    def __init__(self, acceptance: Acceptance, path: str, format: str):
        self.acceptance = acceptance
        self.path = path
        self.pattern = _COMMENT_RE if format in COMMENT_FORMATS else _BARE_RE
        self.directives: list[_Directive] = []  # every one, for the unused ones at the end
        self.active: list[_Directive] = []  # those that may still cover a line to come
        self.open_off: _Directive | None = None

    def _add(self, directive: _Directive) -> None:
        self.directives.append(directive)
        if directive.word == "on":
            if self.open_off is not None:
                self.open_off.last = directive.line
                self.open_off = None
                directive.used = True  # it closed a region: nothing of its own to suppress
            return
        if directive.word == "off":
            if self.open_off is None:
                directive.first, directive.last = directive.line, None
                self.open_off = directive
                self.active.append(directive)
            return
        directive.first = directive.last = directive.line + (directive.word == "ignore-next-line")
        self.active.append(directive)

    def _covering(self, lines: tuple[int, int]) -> _Directive | None:
        """Return the directive that covers a span of lines, if any."""
        first, last = lines
        for directive in self.active:
            if directive.first <= last and (directive.last is None or first <= directive.last):
                return directive
        return None

    def filtered(self, result):
        """Return the result without the findings and mentions that are accepted or suppressed."""
        chunk = result.chunk
        if self.acceptance.directives:
            for directive in _directives(chunk.text, self.pattern, chunk.offset, chunk.line, chunk.column):
                self._add(directive)
        self.active = [d for d in self.active if d.last is None or d.last >= chunk.line]
        accepted = self.acceptance.accepted_starts(result)
        if not accepted and not self.active:
            return result
        lines = LineIndex(chunk.text)
        base = chunk.offset
        findings = []
        for finding in result.findings:
            covering = None if finding.start in accepted else self._covering(
                _span_lines(lines, chunk.line, finding.start - base, finding.end - base)
            )
            if covering is not None:
                covering.used = True
            elif finding.start not in accepted:
                findings.append(finding)
        mentions = [
            (region, mention)
            for region, mention in result.mentions
            if base + region.source_start(mention.start) not in accepted
            and self._covering(_span_lines(lines, chunk.line, region.source_start(mention.start), region.source_end(mention.end))) is None
        ]
        return replace(result, findings=findings, mentions=mentions)

    def unused(self) -> list[UnusedSuppression]:
        """Return the directives that suppressed nothing, in document order."""
        return [UnusedSuppression(self.path, d.line, d.column, d.start, d.end, d.text) for d in self.directives if not d.used]
