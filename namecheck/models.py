"""Frozen records passed between the layers: lexicon entries, matches, mentions and findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field

ENTITY_TYPES = ("person", "organization", "place", "other")

# How a spelling relates to an entity: a house spelling, a listed variant, or a matcher's guess.
KIND_EXACT = "exact"
KIND_VARIANT = "variant"
KIND_PHONETIC = "phonetic"
# A house spelling whose article is written in another case than the house's, mid-sentence.
KIND_CASE = "case"
# A suppression comment that suppressed nothing (reported with --report-unused-suppressions).
KIND_UNUSED_SUPPRESSION = "unused-suppression"

# Fixes applied without review: a listed variant is replaced by the house spelling the lexicon
# lists it under, and a case finding is a house spelling whose article takes the case the same
# position rule gives every replacement. A phonetic match is the matcher's guess: unsafe.
SAFE_KINDS = frozenset({KIND_VARIANT, KIND_CASE})

# Which list of an entity a form comes from.
ROLE_NAME = "name"
ROLE_ALIAS = "alias"
ROLE_VARIANT = "variant"
HOUSE_ROLES = (ROLE_NAME, ROLE_ALIAS)


@dataclass(frozen=True)
class Variant:
    """A known non-house spelling and the house spelling it is listed under, which replaces it."""

    text: str
    house: str  # the entity's name or one of its aliases


@dataclass(frozen=True)
class Entity:
    """One canonical entity of a lexicon."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()  # of the name and of the aliases, in the order listed
    distinct: tuple[str, ...] = ()
    note: str = ""
    source: str = ""  # the lexicon file it was loaded from
    line: int = dataclass_field(default=0, compare=False)  # the line of its [[entity]] header

    @property
    def house_spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def variants_of(self, house: str) -> tuple[str, ...]:
        """Return the variants listed under one house spelling (the name or an alias)."""
        return tuple(variant.text for variant in self.variants if variant.house == house)

    def spellings_dict(self) -> dict:
        """Return the name, its variants and the aliases with theirs, nested as a lexicon file nests them."""
        return {
            "name": self.name,
            "variants": list(self.variants_of(self.name)),
            "aliases": [{"name": alias, "variants": list(self.variants_of(alias))} for alias in self.aliases],
        }

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            **self.spellings_dict(),
            "distinct": list(self.distinct),
            "note": self.note,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Form:
    """One spelling of an entity as the lexicon lists it, and the house spelling it maps to."""

    entity_id: str
    text: str
    role: str  # name | alias | variant
    house: str  # the house spelling that replaces it (itself for name and alias)


@dataclass(frozen=True, slots=True)
class Match:
    """The matcher's answer for one spelling."""

    query: str
    entity_id: str
    form: str  # the lexicon form that matched
    replacement: str  # the house spelling that replaces the query
    kind: str  # exact | variant | phonetic
    score: float
    entity_ids: tuple[str, ...] = ()  # every entity it may stand for, when several share the spelling
    # A person's surname alone that sounds like the entity's but not closely enough to stand on
    # its own: it counts only where the document names one of `entities` in full.
    needs_evidence: bool = False
    # One of several entities sharing the spelling, chosen because the document named it in full.
    chosen_by_context: bool = False

    @property
    def flagged(self) -> bool:
        return self.kind != KIND_EXACT

    @property
    def entities(self) -> tuple[str, ...]:
        """Every entity the match may stand for, `entity_id` first."""
        return self.entity_ids or (self.entity_id,)

    @property
    def ambiguous(self) -> bool:
        """True when several entities share the spelling (homonyms: the two Tripolis) and no
        document around it said which one it is."""
        return len(self.entities) > 1 and not self.chosen_by_context

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "entity": self.entity_id,
            "name": self.replacement,
            "kind": self.kind,
            "score": round(self.score, 4),
            "entities": list(self.entities),
            "ambiguous": self.ambiguous,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a text: a half-open code-point span and how it matched."""

    start: int
    end: int
    text: str
    match: Match

    @property
    def flagged(self) -> bool:
        return self.match.flagged


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A flagged mention, placed in its document, with the edits that fix it."""

    path: str
    line: int  # 1-based
    column: int  # 1-based, in code points
    start: int  # half-open code-point offsets into the document's source text
    end: int
    text: str  # the source text of the span
    replacement: str  # what a fix writes over the span
    entity: str
    kind: str
    score: float
    note: str = ""  # why the finding is not fixed, when it is not
    entities: tuple[str, ...] = ()  # every entity the spelling may stand for (homonyms), `entity` first
    record: str | None = None  # JSONL: the record's id or 0-based line number
    field: str | None = None  # JSONL: the dotted path of the string value
    edits: tuple[Edit, ...] = dataclass_field(default=(), compare=False)  # source edits; () when not fixable
    context: str = dataclass_field(default="", compare=False)  # the source line, clipped around the span
    context_column: int = dataclass_field(default=0, compare=False)  # where the span starts in `context`

    @property
    def fixable(self) -> bool:
        return bool(self.edits)

    @property
    def safe(self) -> bool:
        """Whether the fix is applied without --unsafe-fixes (see SAFE_KINDS)."""
        return self.kind in SAFE_KINDS

    def to_dict(self) -> dict:
        data = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "replacement": self.replacement,
            "entity": self.entity,
            "entities": list(self.entities or (self.entity,)),
            "kind": self.kind,
            "score": round(self.score, 4),
            "safe": self.safe,
        }
        if self.record is not None:
            data["record"] = self.record
            data["field"] = self.field
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class UnusedSuppression:
    """A suppression comment that suppressed no finding in its document."""

    path: str
    line: int  # 1-based
    column: int  # 1-based, in code points
    start: int  # half-open code-point offsets of the directive ("namecheck: ignore") in the source
    end: int
    text: str  # the directive as written

    kind = KIND_UNUSED_SUPPRESSION

    def to_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind}
