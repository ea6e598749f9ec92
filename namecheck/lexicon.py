"""Loading and merging lexicon files, the checks between their entities, and writing entities
in the files' format.

Every problem is collected as a `Problem` naming the file, the entity id and, where it can be
found, the line; loading raises one `LexiconError` holding all of them, never a traceback. Each
file is read by lexicon_file; the checks between entities are dictionary look-ups, so loading
costs time linear in the lexicon's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cached_property

from .lexicon_file import Problem, is_findable, parse_lexicon, quoted, spelling_key
from .overrides import Merge, Provenance
from .models import Entity, Variant
from .normalize import surface_signature
from .runtime import paused_cycle_collection

__all__ = ["Lexicon", "LexiconError", "Problem", "Provenance", "build_lexicon", "cross_problems", "entity_toml",
           "is_findable", "parse_lexicon", "spelling_key", "toml_string"]


class LexiconError(Exception):
    """One or more lexicon files are not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Lexicon:
    """The merged entities of one or more lexicon files, in load order."""

    entities: tuple[Entity, ...]  # the entities turned on: what the matcher indexes
    sources: tuple[str, ...] = ()
    # the date each file's facts hold as of ([lexicon] as-of), by path; files without one are absent
    as_of: dict[str, date] = dataclass_field(default_factory=dict, hash=False)
    disabled: tuple[Entity, ...] = ()  # entities a lexicon turned off (disabled = true, or disable = [...])
    provenance: dict[str, Provenance] = dataclass_field(default_factory=dict, hash=False, compare=False)

    def entity(self, entity_id: str) -> Entity:
        """Return an entity turned on, by id (KeyError for another id)."""
        return self._by_id[entity_id]

    def loaded_entity(self, entity_id: str) -> Entity | None:
        """Return an entity as loaded, turned on or off, or None when no lexicon states the id."""
        return self._by_id.get(entity_id) or self._disabled_by_id.get(entity_id)

    @cached_property
    def _by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    @cached_property
    def _disabled_by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.disabled}


def cross_problems(entities: list[Entity]) -> list[Problem]:
    """Return the problems between entities (of distinct ids): variants claimed twice.

    Entities may share a house spelling (Tripoli in Lebanon and in Libya). A variant may differ
    from its own entity's house spelling by marks or accents only ("Sana'a" for "Sanaa"); it may
    not fold to a house spelling of another entity alone, nor repeat its own, nor be listed under
    two house spellings (which one would replace it?). Two entities may list one variant only
    under house spellings that are the same spelling: it then varies the shared spelling, and its
    replacement is the same whichever entity is meant. Every check is a dictionary look-up.
    """
    problems = []
    # a folded spelling (its words joined: one string, not a tuple of strings) -> the id of the
    # entity with that house spelling, or {id: None} in load order when several have it
    house: dict[str, str | dict[str, None]] = {}
    for entity in entities:
        for spelling in entity.house_spellings:
            _add_owner(house, " ".join(spelling_key(spelling)), entity.id)
    variants: dict[str, tuple[Entity, Variant]] = {}
    for entity in entities:
        signatures: set[str] = set()  # of its house spellings, computed when first needed
        for variant in entity.variants:
            key = " ".join(spelling_key(variant.text))
            found = house.get(key, ())
            owners = (found,) if isinstance(found, str) else found
            listed = variants.setdefault(key, (entity, variant))
            if entity.id in owners and not signatures:
                signatures.update(surface_signature(spelling) for spelling in entity.house_spellings)
            if owners or listed[0] is not entity or listed[1].house != variant.house:
                problems.extend(
                    Problem(entity.source, message, entity.id, entity.line)
                    for message in _variant_problems(entity, variant, owners, listed, signatures)
                )
    return problems


def _add_owner(house: dict, key: str, entity_id: str) -> None:
    found = house.get(key)
    if found is None:
        house[key] = entity_id
    elif isinstance(found, str):
        if found != entity_id:
            house[key] = {found: None, entity_id: None}
    else:
        found[entity_id] = None


def _variant_problems(entity: Entity, variant: Variant, owners, listed: tuple[Entity, Variant], signatures: set[str]):
    """Yield what is wrong with one variant of `entity`: `owners` are the ids of the entities whose
    house spellings fold as it does, in load order; `listed` the first (entity, variant) listing a spelling that folds
    so, `signatures` those of the entity's house spellings (filled when it owns the spelling)."""
    spelling = quoted(variant.text)
    if owners and entity.id not in owners:
        yield f"variant {spelling} is a house spelling of '{next(iter(owners))}'"
    elif owners and surface_signature(variant.text) in signatures:
        yield f"variant {spelling} is also listed as its name or alias"
    first_entity, first = listed
    if first_entity is not entity:
        if surface_signature(first.house) != surface_signature(variant.house):
            where = f"under {quoted(first.house)}, here under {quoted(variant.house)}"
            yield f"variant {spelling} is also a variant of '{first_entity.id}' ({where})"
    elif first.house != variant.house:
        also = "" if first.text == variant.text else f", as {quoted(first.text)},"
        yield f"variant {spelling} is listed under {quoted(variant.house)} and{also} under {quoted(first.house)}"


def _toml_char(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    return f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch


def toml_string(text: str) -> str:
    """Return a TOML basic string holding `text` (quotes, backslashes and control characters escaped)."""
    return '"' + "".join(_toml_char(ch) for ch in text) + '"'


def _toml_list(items) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def entity_toml(entity: Entity) -> str:
    """Return an entity as an [[entity]] table of a lexicon file, each variant under its house spelling.

    The aliases are one line, or one line each when any of them carries variants.
    """
    lines = ["[[entity]]"] + [f"{key} = {toml_string(getattr(entity, key))}" for key in ("id", "type", "name")]
    if entity.variants_of(entity.name):
        lines.append(f"variants = {_toml_list(entity.variants_of(entity.name))}")
    if any(entity.variants_of(alias) for alias in entity.aliases):
        lines.append("aliases = [")
        for alias in entity.aliases:
            variants = entity.variants_of(alias)
            item = f"{{ name = {toml_string(alias)}, variants = {_toml_list(variants)} }}" if variants else toml_string(alias)
            lines.append(f"  {item},")
        lines.append("]")
    elif entity.aliases:
        lines.append(f"aliases = {_toml_list(entity.aliases)}")
    if entity.distinct:
        lines.append(f"distinct = {_toml_list(entity.distinct)}")
    if entity.note:
        lines.append(f"note = {toml_string(entity.note)}")
    return "\n".join(lines)


def _merge_file(source: str, path: str, merge: Merge, problems: list[Problem], as_of: dict[str, date]) -> None:
    """Parse one file into `merge`, its problems into `problems` and its date into `as_of`; what
    it states is dropped once merged (memory holds one file's statements at a time)."""
    found, found_problems = parse_lexicon(source, path)
    problems.extend(found_problems)
    merge.add_file(found)
    if found.as_of is not None:
        as_of[path] = found.as_of


def build_lexicon(texts: list[tuple[str, str]]) -> Lexicon:
    """Return the lexicon made of (path, text) pairs, later files restating entities of earlier
    ones (overrides.py); raise LexiconError listing every problem."""
    problems: list[Problem] = []
    as_of: dict[str, date] = {}
    merge = Merge()
    with paused_cycle_collection():
        for path, source in texts:
            _merge_file(source, path, merge, problems, as_of)
        enabled, disabled, provenance = merge.loaded()
        problems.extend(merge.problems)
        problems.extend(cross_problems(enabled))
    if problems:
        raise LexiconError(problems)
    return Lexicon(
        entities=tuple(enabled),
        sources=tuple(path for path, _ in texts),
        as_of=as_of,
        disabled=tuple(disabled),
        provenance=provenance,
    )
