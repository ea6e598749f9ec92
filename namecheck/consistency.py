"""Across documents: how each entity is spelled, how often, and where.

Documents are added one at a time and only counts are kept (entity, house form, spelling,
document -> count), never texts or mentions, so memory grows with the names a corpus uses, not
with its size. Spellings that differ only in case or spacing count as one spelling here;
accents and ayn marks make another spelling, as they do for the checker, so a row is a house
spelling exactly when `check` leaves its mentions alone and the inconsistent mentions are the ones
`check` flags (but for kind `case`: an article's case is style, which `check` reports and this
report does not count). A spelling several entities share is counted under the one the document
named in full (pipeline.DocumentContext), else under the first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .models import Mention
from .normalize import surface_signature


def document_counts(documents: tuple[tuple[str, int], ...]) -> list[dict]:
    """Return (path, count) pairs as the records of the JSON formats."""
    return [{"path": path, "count": count} for path, count in documents]


@dataclass(frozen=True)
class SpellingUse:
    """One spelling of an entity in a corpus."""

    spelling: str  # the most frequent way it was written
    house: bool  # a house spelling (name or alias)
    replacement: str  # the house spelling it stands for
    count: int
    documents: tuple[tuple[str, int], ...]  # (path, count), in the order documents were added

    def to_dict(self) -> dict:
        return {
            "spelling": self.spelling,
            "house": self.house,
            "replacement": self.replacement,
            "count": self.count,
            "documents": document_counts(self.documents),
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
        self._mixed: list[MixedDocument] = []

    def add(self, path: str, mentions: list[Mention]) -> None:
        """Count the mentions of one document."""
        self.documents += 1
        number = len(self._paths)
        self._paths.append(path)
        in_document: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for mention in mentions:
            match = mention.match
            # one row per spelling as check sees it: case and spacing folded, marks kept, so that a
            # row is a house spelling exactly when check leaves its mentions alone
            key = (match.entity_id, match.replacement, surface_signature(mention.text))
            self._counts[key][number] += 1
            surface = " ".join(mention.text.split())
            self._surfaces[key][surface] += 1
            self._house[key] = not match.flagged
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
                )
            )
        entities = []
        for entity_id, uses in per_entity.items():
            entity = self.lexicon.entity(entity_id)
            uses.sort(key=lambda use: (-use.count, not use.house, use.spelling))
            entities.append(EntityUse(entity_id, entity.name, entity.type, tuple(uses)))
        entities.sort(key=lambda e: (-e.inconsistencies, -e.ways, -e.mentions, e.entity))
        return ConsistencyReport(self.documents, entities, list(self._mixed), list(self.errors))
