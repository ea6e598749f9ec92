"""Finding entities by any spelling: the matcher's answer first, then spellings that contain
the query, so that a misspelling finds its entity and a few letters find the names that hold them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..lexicon import spelling_key
from ..matcher import Matcher
from ..models import Entity, Match

MAX_HITS = 25


@dataclass(frozen=True)
class Hit:
    """An entity found for a query, and how: the matcher's answer or a spelling that holds the query."""

    entity: Entity
    how: str  # "exact" | "variant" | "phonetic" (the matcher), or "contains"
    spelling: str  # the spelling that was found or matched
    score: float | None = None


def folded(text: str) -> str:
    """Return a spelling folded for comparison: words folded, joined by single spaces."""
    return " ".join(spelling_key(text))


class LexiconSearch:
    """Search over one matcher's lexicon; build once, ask many times."""

    def __init__(self, matcher: Matcher):
        self.matcher = matcher

    @cached_property
    def _spellings(self) -> list[tuple[str, str, Entity]]:
        """Every spelling of every entity, folded: (folded, as written, entity)."""
        found = []
        for entity in self.matcher.lexicon.entities:
            for spelling in (*entity.house_spellings, *(variant.text for variant in entity.variants)):
                found.append((folded(spelling), spelling, entity))
        return found

    def _matched(self, match: Match | None) -> list[Hit]:
        if match is None:
            return []
        lexicon = self.matcher.lexicon
        return [Hit(lexicon.entity(entity_id), match.kind, match.form, match.score) for entity_id in match.entities]

    def hits(self, query: str, limit: int = MAX_HITS) -> list[Hit]:
        """Return the entities a query finds, the matcher's first, each entity once."""
        query = " ".join(query.split())
        needle = folded(query)
        if not needle:
            return []
        hits = self._matched(self.matcher.match(query))
        seen = {hit.entity.id for hit in hits}
        contained = sorted(
            ((not text.startswith(needle), len(text), entity.name, spelling, entity) for text, spelling, entity in self._spellings if needle in text),
            key=lambda item: item[:4],
        )
        for *_, spelling, entity in contained:
            if len(hits) >= limit:
                break
            if entity.id not in seen:
                seen.add(entity.id)
                hits.append(Hit(entity, "contains", spelling))
        return hits

    def source_count(self) -> tuple[int, int]:
        """Return how many entities and files the lexicon holds."""
        lexicon = self.matcher.lexicon
        return len(lexicon.entities), len(lexicon.sources)
