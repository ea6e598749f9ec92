"""House-style overrides: lexicon files merged in load order, a later file restating an entity of
an earlier one by its id.

A restatement's `name` and `aliases` replace the earlier ones (each when it gives it), and every
former house spelling becomes a variant of the new house spelling it stands for: the one that
folds as it does, else the first with as many words, else the name. So a desk that writes
"Mohamed Chia al-Soudani" as its house spelling gets "Mohammed Shia al-Sudani" flagged and fixed
to its own form. Variants listed under a former house spelling follow it. What a restatement does
not give (type, note, distinct, disabled) is kept; variants are merged, the restatement's own
placement first. `disabled = true`, or a file's `[lexicon] disable = [ids]`, turns an entity off.

A former house spelling that another entity still has as a house spelling or lists as a variant
under another spelling is not made a variant: the override does not take a spelling from its
owner. Which file gave each field is recorded (`Provenance`), for `namecheck lexicon show`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .lexicon_file import LexiconFile, Problem, Statement, quoted, spelling_key
from .models import Entity, Variant
from .normalize import surface_signature

# The fields a statement may give, as Statement names them, and the entity's field they set.
STATED_FIELDS = ("type", "name", "aliases", "distinct", "note", "disabled")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which lexicon file gave each field and each variant of a loaded entity.

    Most entities are stated once: they share one `fields` table per file and set of fields
    given, and keep no table of variants (all came from `statements[0]`'s file).
    """

    fields: dict[str, str]  # field -> the file that gave it last; a field no file gave is absent
    statements: tuple[tuple[str, int], ...]  # every [[entity]] table stating the entity: (file, line)
    variant_files: dict[str, str] | None = None  # variant spelling -> its file, once restated

    def field(self, name: str) -> str:
        """Return the file that gave a field, or "" when it has its default value."""
        return self.fields.get(name, "")

    def variant_file(self, spelling: str) -> str:
        """Return the file a variant of the entity came from."""
        if self.variant_files is None:
            return self.statements[0][0]
        return self.variant_files[spelling]


@dataclass(frozen=True)
class Restatement:
    """An entity as a later statement restates it, and what the override made of its spellings."""

    entity: Entity
    former: dict[str, str]  # former house spelling, now a variant -> the field it was ("name" or "aliases")
    rehomed: frozenset[str]  # earlier variants now listed under another house spelling


def new_entity(statement: Statement) -> Entity:
    """Return the entity a first statement of an id makes (it gives a name)."""
    variants = tuple(Variant(text, statement.name) for text in statement.name_variants or ()) + statement.alias_variants
    return Entity(
        statement.id, statement.type or "other", statement.name, statement.aliases or (), variants,
        statement.distinct or (), statement.note or "", source=statement.path, line=statement.line,
    )


def _new_house(earlier: Entity, statement: Statement) -> tuple[str, tuple[str, ...]]:
    """Return the name and aliases after a restatement: each as given, else as before (an earlier
    alias that is now the name is no alias any more)."""
    name = statement.name or earlier.name
    if statement.aliases is not None:
        return name, statement.aliases
    return name, tuple(alias for alias in earlier.aliases if alias != name)


def _rehoming(earlier: tuple[str, ...], name: str, aliases: tuple[str, ...]) -> dict[str, str]:
    """Return each earlier house spelling -> the house spelling that replaces it now: itself as
    now written when kept, else the one that folds as it does, else the first with as many
    words, else the name."""
    by_signature: dict[str, str] = {}
    by_key: dict[tuple[str, ...], str] = {}
    by_words: dict[int, str] = {}
    for spelling in (name, *aliases):
        key = spelling_key(spelling)
        by_signature.setdefault(surface_signature(spelling), spelling)
        by_key.setdefault(key, spelling)
        by_words.setdefault(len(key), spelling)
    mapping = {}
    for spelling in earlier:
        key = spelling_key(spelling)
        mapping[spelling] = by_signature.get(surface_signature(spelling)) or by_key.get(key) or by_words.get(len(key), name)
    return mapping


def _merged_variants(kept: tuple[Variant, ...], moved: tuple[Variant, ...], listed: tuple[Variant, ...]) -> tuple[Variant, ...]:
    """Return the variants of a restated entity in order: the earlier ones, the former house
    spellings, the restatement's own. The restatement's are all kept (the checks between entities
    judge them); an earlier or former spelling that repeats one, or folds like one listed under
    another house spelling, gives way to it, and an earlier one to a former house spelling."""
    houses = {spelling_key(variant.text): variant.house for variant in listed}
    texts = {variant.text for variant in listed}
    chosen = set(listed)
    for variant in (*moved, *kept):
        if variant.text in texts or houses.setdefault(spelling_key(variant.text), variant.house) != variant.house:
            continue
        texts.add(variant.text)
        chosen.add(variant)
    merged, emitted = [], set()
    for variant in (*kept, *moved, *listed):
        if variant in chosen and variant.text not in emitted:
            emitted.add(variant.text)
            merged.append(variant)
    return tuple(merged)


def restated(earlier: Entity, statement: Statement) -> Restatement:
    """Return an entity as a later statement restates it (see the module's docstring)."""
    name, aliases = _new_house(earlier, statement)
    mapping = _rehoming(earlier.house_spellings, name, aliases)
    house = {surface_signature(spelling) for spelling in (name, *aliases)}
    former = {h: "name" if h == earlier.name else "aliases" for h in earlier.house_spellings if surface_signature(h) not in house}
    listed = tuple(Variant(text, name) for text in statement.name_variants or ()) + statement.alias_variants
    moved = tuple(Variant(spelling, mapping[spelling]) for spelling in former)
    kept = tuple(Variant(v.text, mapping[v.house]) for v in earlier.variants if surface_signature(v.text) not in house)
    entity = Entity(
        earlier.id, statement.type or earlier.type, name, aliases, _merged_variants(kept, moved, listed),
        earlier.distinct if statement.distinct is None else statement.distinct,
        earlier.note if statement.note is None else statement.note,
        source=statement.path, line=statement.line,
    )
    rehomed = frozenset(v.text for v in earlier.variants if mapping[v.house] != v.house)
    return Restatement(entity, former, rehomed)


class Merge:
    """Lexicon files merged in load order: entities by id, what turned them off, where each field
    came from, and the problems of the merge (an id first stated without a name, an unknown id to
    disable), each with file, entity and line."""

    def __init__(self):
        self.entities: dict[str, Entity] = {}  # by id, in the order first stated
        self.disabled: set[str] = set()
        self.problems: list[Problem] = []
        self._fields: dict[str, dict[str, str]] = {}
        self._shared_fields: dict[tuple, dict[str, str]] = {}  # (file, fields given) -> one table
        self._variant_files: dict[str, dict[str, str]] = {}  # of restated entities only
        self._statements: dict[str, tuple[tuple[str, int], ...]] = {}
        self._derived: dict[str, frozenset[str]] = {}  # variants the overrides made, not a file

    def add_file(self, file: LexiconFile) -> None:
        """Merge one file: its statements, then its `disable` list."""
        for statement in file.statements:
            self._add(statement)
        for entity_id in file.disable:
            if entity_id not in self.entities:
                self.problems.append(Problem(file.path, f"'disable' names {quoted(entity_id)}, which no lexicon loaded so far has", line=file.disable_line))
                continue
            self.disabled.add(entity_id)
            self._fields[entity_id] = {**self._fields[entity_id], "disabled": file.path}

    def _add(self, statement: Statement) -> None:
        earlier = self.entities.get(statement.id)
        if earlier is None and statement.name is None:
            self.problems.append(Problem(statement.path, "missing or empty 'name'", statement.id, statement.line))
            return
        if earlier is not None and statement.name is None and statement.aliases and earlier.name in statement.aliases:
            self.problems.append(Problem(statement.path, f"'aliases' lists the name {quoted(earlier.name)} again", statement.id, statement.line))
            return
        if earlier is None:
            entity = self.entities[statement.id] = new_entity(statement)
            given = {"id": statement.path, **self._given(statement)}
            self._fields[entity.id] = self._shared_fields.setdefault((statement.path, *given), given)
            self._statements[entity.id] = ((statement.path, statement.line),)
        else:
            restatement = restated(earlier, statement)
            self._record(statement, restatement)
            self.entities[statement.id] = restatement.entity
        if statement.disabled is not None:
            (self.disabled.add if statement.disabled else self.disabled.discard)(statement.id)

    @staticmethod
    def _given(statement: Statement) -> dict[str, str]:
        """Return the fields a statement gives, each with its file."""
        given = {field: statement.path for field in STATED_FIELDS if getattr(statement, field) is not None}
        if statement.gives_variants:
            given["variants"] = statement.path
        return given

    def _record(self, statement: Statement, restatement: Restatement) -> None:
        """Record where the fields and variants of a restated entity came from."""
        entity = restatement.entity
        earlier_fields = self._fields[entity.id]
        self._fields[entity.id] = {**earlier_fields, **self._given(statement)}
        listed = set(statement.name_variants or ()) | {variant.text for variant in statement.alias_variants}
        earlier_files = self._variant_files.get(entity.id) or dict.fromkeys(self._variant_texts(entity.id), self._statements[entity.id][0][0])
        files = {}
        for variant in entity.variants:
            if variant.text in listed:
                files[variant.text] = statement.path
            elif variant.text in restatement.former:
                files[variant.text] = earlier_fields.get(restatement.former[variant.text], statement.path)
            else:
                files[variant.text] = earlier_files.get(variant.text, statement.path)
        self._variant_files[entity.id] = files
        self._statements[entity.id] += ((statement.path, statement.line),)
        made = self._derived.get(entity.id, frozenset()) | set(restatement.former) | restatement.rehomed
        self._derived[entity.id] = frozenset(made & (files.keys() - listed))

    def loaded(self) -> tuple[list[Entity], list[Entity], dict[str, Provenance]]:
        """Return the entities turned on and those turned off, each in the order first stated,
        and where the fields and variants of each came from, by id. The entities turned on lose
        the variants their overrides made of spellings another of them owns (see the module's
        docstring)."""
        enabled = [entity for entity in self.entities.values() if entity.id not in self.disabled]
        disabled = [entity for entity in self.entities.values() if entity.id in self.disabled]
        enabled = self._without_taken(enabled)
        provenance = {
            entity.id: Provenance(self._fields[entity.id], self._statements[entity.id], self._variant_files.get(entity.id))
            for entity in enabled + disabled
        }
        return enabled, disabled, provenance

    def _variant_texts(self, entity_id: str):
        return (variant.text for variant in self.entities[entity_id].variants)

    def _without_taken(self, entities: list[Entity]) -> list[Entity]:
        """Return the entities without the variants their overrides made of spellings that another
        of them has as a house spelling, or lists under another house spelling."""
        if not any(self._derived.values()):
            return entities
        house: dict[tuple[str, ...], set[str]] = {}
        listed: dict[tuple[str, ...], tuple[str, str]] = {}  # key -> (entity id, house signature)
        for entity in entities:
            for spelling in entity.house_spellings:
                house.setdefault(spelling_key(spelling), set()).add(entity.id)
            made = self._derived.get(entity.id, frozenset())
            for variant in entity.variants:
                if variant.text not in made:
                    listed.setdefault(spelling_key(variant.text), (entity.id, surface_signature(variant.house)))
        result = []
        for entity in entities:
            made = self._derived.get(entity.id, frozenset())
            kept = [variant for variant in entity.variants if variant.text not in made or _free(entity, variant, house, listed)]
            result.append(entity if len(kept) == len(entity.variants) else replace(entity, variants=tuple(kept)))
        return result


def _free(entity: Entity, variant: Variant, house: dict, listed: dict) -> bool:
    """Return True when no other entity has a spelling folding as `variant` does as a house
    spelling, or lists it under another house spelling; claim it for `entity` when so."""
    key = spelling_key(variant.text)
    if house.get(key, {entity.id}) - {entity.id}:
        return False
    owner, signature = listed.setdefault(key, (entity.id, surface_signature(variant.house)))
    return owner == entity.id or signature == surface_signature(variant.house)
