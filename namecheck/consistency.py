"""Across documents: how each entity is spelled, how often, and where.

Documents are added one at a time and only counts are kept (entity, house form, spelling,
document -> count), never texts or mentions, so memory grows with the names a corpus uses, not
with its size. Spellings that differ only in case or spacing count as one spelling here;
accents and ayn marks make another spelling, as they do for the checker, so a row is a house
spelling exactly when `check` leaves its mentions alone and the inconsistent mentions are the ones
`check` flags (but for kind `case`: an article's case is style, which `check` reports and this
report does not count). A spelling several entities share is counted under the one the document
named in full (pipeline.DocumentContext), else under the first, and its row lists every entity
it may stand for (`ambiguous`).

So that an editor can act on the report, a few places are kept too, never every mention: the
first LINES_KEPT line numbers of each spelling in each document, and one line of text around the
first mention in each of the first EXAMPLES_KEPT documents of a spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .models import Mention
from .normalize import surface_signature
from .positions import LineIndex

LINES_KEPT = 5  # line numbers kept per spelling and document
EXAMPLES_KEPT = 5  # documents per spelling whose first mention is kept with its line
SNIPPET_WIDTH = 160  # characters of a line kept around a mention


def document_counts(documents: tuple[tuple[str, int], ...], lines: dict | None = None) -> list[dict]:
    """Return (path, count) pairs as the records of the JSON formats, with the first line
    numbers in each document when known."""
    lines = lines or {}
    return [{"path": path, "count": count, **({"lines": list(lines[path])} if path in lines else {})} for path, count in documents]


@dataclass(frozen=True)
class Example:
    """One mention shown in its line: `snippet[start:end]` is the name."""

    path: str
    line: int
    snippet: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "snippet": self.snippet, "start": self.start, "end": self.end}


def snippet_of(text: str, lines: LineIndex, start: int, end: int) -> tuple[int, str, int, int]:
    """Return the 1-based line of text[start:end] (chunk offsets), that line clipped to
    SNIPPET_WIDTH around the span, and where the span lies in it (cut at the line's end)."""
    line, column = lines.line_and_column(start)
    whole = lines.line_text(line)
    begin = column - 1
    finish = min(len(whole), begin + (end - start))
    left = max(0, min(begin - SNIPPET_WIDTH // 3, len(whole) - SNIPPET_WIDTH))
    right = min(len(whole), max(finish, left + SNIPPET_WIDTH))
    return line, whole[left:right], begin - left, finish - left


@dataclass(frozen=True)
class SpellingUse:
    """One spelling of an entity in a corpus."""

    spelling: str  # the most frequent way it was written
    house: bool  # a house spelling (name or alias)
    replacement: str  # the house spelling it stands for
    count: int
    documents: tuple[tuple[str, int], ...]  # (path, count), in the order documents were added
    lines: dict = field(default_factory=dict, compare=False)  # path -> the first line numbers
    examples: tuple[Example, ...] = ()
    # the entities a shared spelling may stand for, where a document did not say which (homonyms)
    ambiguous: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "spelling": self.spelling,
            "house": self.house,
            "replacement": self.replacement,
            "count": self.count,
            "documents": document_counts(self.documents, self.lines),
            "examples": [example.to_dict() for example in self.examples],
            "ambiguous": list(self.ambiguous),
        }


@dataclass(frozen=True)
class EntityUse:
    """How one entity is written across a corpus."""

    entity: str
    name: str  # the house spelling (suggested spelling)
    type: str
    spellings: tuple[SpellingUse, ...]  # most frequent first

    @property
    def mentions(self) -> int:
        return sum(use.count for use in self.spellings)

    @property
    def inconsistencies(self) -> int:
        """Mentions written in a spelling that is not a house spelling."""
        return sum(use.count for use in self.spellings if not use.house)

    @property
    def ways(self) -> int:
        """The most spellings used for one house form (Sudani and Soudani: 2)."""
        per_form = Counter(use.replacement for use in self.spellings)
        return max(per_form.values(), default=0)

    @property
    def inconsistent(self) -> bool:
        return self.inconsistencies > 0

    def to_dict(self) -> dict:
        return {
            "entity": self.entity,
            "name": self.name,
            "type": self.type,
            "mentions": self.mentions,
            "ways": self.ways,
            "inconsistent": self.inconsistent,
            "inconsistencies": self.inconsistencies,
            "spellings": [use.to_dict() for use in self.spellings],
        }


@dataclass(frozen=True)
class MixedDocument:
    """A document that writes one house form of an entity in more than one way."""

    path: str
    entity: str
    replacement: str
    spellings: tuple[tuple[str, int], ...]  # (spelling, count)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "entity": self.entity,
            "replacement": self.replacement,
            "spellings": [{"spelling": s, "count": c} for s, c in self.spellings],
        }


@dataclass
class ConsistencyReport:
    """The finished report: entities most inconsistent first, and documents that mix spellings."""

    documents: int
    entities: list[EntityUse]
    mixed: list[MixedDocument]
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "documents": self.documents,
            "mentions": sum(entity.mentions for entity in self.entities),
            "entities": len(self.entities),
            "inconsistent_entities": sum(1 for entity in self.entities if entity.inconsistent),
            "mixed_documents": len({mixed.path for mixed in self.mixed}),
            "errors": len(self.errors),
        }

    def to_dict(self) -> dict:
        return {
            "entities": [entity.to_dict() for entity in self.entities],
            "mixed_documents": [mixed.to_dict() for mixed in self.mixed],
            "errors": list(self.errors),
            "summary": self.summary(),
        }


class ConsistencyCounter:
    """Collects the mentions of documents, one document at a time."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.documents = 0
        self.errors: list[str] = []
        self._paths: list[str] = []  # document number -> path
        # (entity, replacement, spelling key) -> document number -> count
        self._counts: dict[tuple[str, str, tuple[str, ...]], Counter] = defaultdict(Counter)
        # (entity, replacement, spelling key) -> surface -> count, to show the usual way of writing it
        self._surfaces: dict[tuple[str, str, tuple[str, ...]], Counter] = defaultdict(Counter)
        self._house: dict[tuple[str, str, tuple[str, ...]], bool] = {}
        # (entity, replacement, spelling key) -> the entities its ambiguous mentions may stand for
        self._ambiguous: dict[tuple[str, str, tuple[str, ...]], dict[str, None]] = defaultdict(dict)
        self._mixed: list[MixedDocument] = []
        # spelling key -> document number -> first line numbers (tuples: the smallest container,
        # since there are as many as (spelling, document) pairs); spelling key -> examples
        self._lines: dict[tuple, dict[int, tuple[int, ...]]] = defaultdict(dict)
        self._examples: dict[tuple, list[Example]] = defaultdict(list)

    def add_results(self, path: str, results) -> None:
        """Count the mentions of one document given as its chunk results (pipeline.ChunkResult),
        keeping their first lines and examples."""
        placed = []
        for result in results:
            chunk, lines = result.chunk, None
            for region, mention in result.mentions:
                lines = lines or LineIndex(chunk.text)
                span = (region.source_start(mention.start), region.source_end(mention.end))
                placed.append((mention, lambda span=span, chunk=chunk, lines=lines: self._place(chunk, lines, span)))
        self.add(path, [mention for mention, _ in placed], [place for _, place in placed])

    @staticmethod
    def _place(chunk, lines: LineIndex, span: tuple[int, int]) -> tuple[int, str, int, int]:
        line, snippet, start, end = snippet_of(chunk.text, lines, *span)
        return chunk.line + line - 1, snippet, start, end

    def _keep_place(self, key: tuple, number: int, path: str, place) -> None:
        """Keep the line of a mention, and its example, while fewer than the limits are kept."""
        in_documents = self._lines[key]
        kept = in_documents.get(number, ())
        if len(kept) >= LINES_KEPT:
            return
        line, snippet, start, end = place()
        examples = self._examples[key]
        if not kept and len(examples) < EXAMPLES_KEPT:
            examples.append(Example(path, line, snippet, start, end))
        in_documents[number] = (*kept, line)

    def add(self, path: str, mentions: list[Mention], places: list | None = None) -> None:
        """Count the mentions of one document; `places` (one per mention) are functions returning
        the mention's line, a snippet, and its span in the snippet, called only when kept."""
        self.documents += 1
        number = len(self._paths)
        self._paths.append(path)
        in_document: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for index, mention in enumerate(mentions):
            match = mention.match
            # one row per spelling as check sees it: case and spacing folded, marks kept, so that a
            # row is a house spelling exactly when check leaves its mentions alone
            key = (match.entity_id, match.replacement, surface_signature(mention.text))
            self._counts[key][number] += 1
            if places is not None:
                self._keep_place(key, number, path, places[index])
            surface = " ".join(mention.text.split())
            self._surfaces[key][surface] += 1
            self._house[key] = not match.flagged
            if match.ambiguous:
                self._ambiguous[key].update(dict.fromkeys(match.entities))
            in_document[(match.entity_id, match.replacement)][key] += 1
        for (entity, replacement), keys in in_document.items():
            if len(keys) > 1:
                spellings = tuple((self._usual_surface(key, replacement), count) for key, count in keys.items())
                self._mixed.append(MixedDocument(path, entity, replacement, spellings))

    def add_error(self, message: str) -> None:
        self.errors.append(message)

    def _usual_surface(self, key, replacement: str) -> str:
        """The most frequent way a spelling was written; the house form itself on a tie."""
        surfaces = self._surfaces[key]
        return min(surfaces, key=lambda s: (-surfaces[s], surface_signature(s) != surface_signature(replacement), s))

    def report(self) -> ConsistencyReport:
        """Return the report of everything added so far."""
        per_entity: dict[str, list[SpellingUse]] = defaultdict(list)
        for key, documents in self._counts.items():
            entity, replacement, _ = key
            per_entity[entity].append(
                SpellingUse(
                    spelling=self._usual_surface(key, replacement),
                    house=self._house[key],
                    replacement=replacement,
                    count=sum(documents.values()),
                    documents=tuple((self._paths[number], count) for number, count in documents.items()),
                    lines={self._paths[n]: lines for n, lines in self._lines.get(key, {}).items()},
                    examples=tuple(self._examples.get(key, ())),
                    ambiguous=tuple(self._ambiguous.get(key, ())),
                )
            )
        entities = []
        for entity_id, uses in per_entity.items():
            entity = self.lexicon.entity(entity_id)
            uses.sort(key=lambda use: (-use.count, not use.house, use.spelling))
            entities.append(EntityUse(entity_id, entity.name, entity.type, tuple(uses)))
        entities.sort(key=lambda e: (-e.inconsistencies, -e.ways, -e.mentions, e.entity))
        return ConsistencyReport(self.documents, entities, list(self._mixed), list(self.errors))
