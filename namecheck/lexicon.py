"""Loading, merging and validating lexicon files (TOML), and writing entities in their format.

Every problem is collected as a `Problem` naming the file, the entity id and, where it can be
found, the line; loading raises one `LexiconError` holding all of them, never a traceback.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, time
from functools import cached_property

from .models import ENTITY_TYPES, Entity, Variant
from .normalize import folded_word, surface_signature
from .tokens import text_tokens

LEXICON_KEYS = {"name", "language", "description", "as-of"}
ENTITY_KEYS = {"id", "type", "name", "aliases", "variants", "distinct", "note"}
ALIAS_KEYS = {"name", "variants"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOML_LINE_RE = re.compile(r"at line (\d+)")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    entity: str = ""
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        who = f" [{self.entity}]" if self.entity else ""
        return f"{where}:{who} {self.message}"


class LexiconError(Exception):
    """One or more lexicon files are not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Lexicon:
    """The merged entities of one or more lexicon files, in load order."""

    entities: tuple[Entity, ...]
    sources: tuple[str, ...] = ()
    # the date each file's facts hold as of ([lexicon] as-of), by path; files without one are absent
    as_of: dict[str, date] = dataclass_field(default_factory=dict, hash=False)

    def entity(self, entity_id: str) -> Entity:
        return self._by_id[entity_id]

    @cached_property
    def _by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}


def spelling_key(text: str) -> tuple[str, ...]:
    """Return the words of a spelling given alone, folded: how spellings are compared for collisions.

    >>> spelling_key("Kūt-e ‘Abdollāh")
    ('kut', 'e', 'abdollah')
    """
    return tuple(folded_word(token.text) for token in text_tokens(text, alone=True))


_ENTITY_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*entity[ \t]*\]\]", re.MULTILINE)


def _entity_header_lines(source: str) -> list[int]:
    """Return the line of every [[entity]] header, in order."""
    return [source.count("\n", 0, found.start()) + 1 for found in _ENTITY_HEADER_RE.finditer(source)]


def is_findable(spelling: str) -> bool:
    """Return True when a spelling is words joined as names are in text (spaces, hyphens, marks).

    Ayn and hamza signs may stand anywhere in a word, at its start or end too ("’Aïn el Melh",
    "Magṭa‘"): a spelling is read as a name given alone.
    """
    tokens = text_tokens(spelling, alone=True)
    if not tokens or tokens[0].start != 0 or tokens[-1].end != len(spelling.rstrip()):
        return False
    return all(token.gap is not None for token in tokens[:-1])


def _spellings(value, label: str, report, findable: bool = True) -> tuple[str, ...]:
    """Return a list of spellings, stripped; report a wrong type, an empty or repeated spelling,
    and (when `findable`) one the scanner could never find. `label` names the list in messages."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        report(f"{label} must be a list of strings")
        return ()
    if any(not item.strip() for item in value):
        report(f"{label} holds an empty string")
    if len(set(value)) != len(value):
        report(f"{label} lists the same spelling twice")
    if findable:
        for item in value:
            if item.strip() and not is_findable(item.strip()):
                report(f"'{item}' in {label} has characters that cannot stand in a name (only letters, spaces, hyphens and marks)")
    return tuple(item.strip() for item in value if item.strip())


def _alias_table(item: dict, report) -> tuple[str, tuple[Variant, ...]] | None:
    """Return an alias written as a table and its variants, or None when it has no name."""
    alias = item.get("name")
    label = f"alias '{alias}'" if isinstance(alias, str) else "an alias table"
    for key in sorted(set(item) - ALIAS_KEYS):
        report(f"unknown key '{key}' in {label}")
    if not isinstance(alias, str):
        report("an alias table has no 'name' string")
        return None
    texts = _spellings(item.get("variants", []), f"'variants' of {label}", report)
    return alias, tuple(Variant(text, alias.strip()) for text in texts)


def _aliases(raw: dict, report) -> tuple[tuple[str, ...], tuple[Variant, ...]]:
    """Return the aliases of an entity and the variants listed under them.

    An alias is a string, or a table { name = ..., variants = [...] } carrying its own variants.
    """
    value = raw.get("aliases", [])
    if not isinstance(value, list):
        report("'aliases' must be a list of strings and alias tables")
        return (), ()
    names: list[str] = []
    variants: list[Variant] = []
    for item in value:
        if isinstance(item, dict):
            table = _alias_table(item, report)
            if table is not None:
                names.append(table[0])
                variants.extend(table[1])
        elif isinstance(item, str):
            names.append(item)
        else:
            report("an entry of 'aliases' must be a string or a table { name = ..., variants = [...] }")
    return _spellings(names, "'aliases'", report), tuple(variants)


def _parse_entity(raw, path: str, line: int, problems: list[Problem]) -> Entity | None:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "every [[entity]] must be a table", line=line))
        return None
    entity_id = raw.get("id")
    label = entity_id if isinstance(entity_id, str) else ""

    def report(message: str) -> None:
        problems.append(Problem(path, message, label, line))

    before = len(problems)
    for key in sorted(set(raw) - ENTITY_KEYS):
        report(f"unknown key '{key}'")
    if not isinstance(entity_id, str) or not entity_id:
        report("missing 'id'")
    elif not ID_RE.fullmatch(entity_id):
        report(f"id '{entity_id}' must be lower-case letters, digits and single hyphens")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        report("missing or empty 'name'")
    elif not is_findable(name.strip()):
        report(f"name '{name}' has characters that cannot stand in a name (only letters, spaces, hyphens and marks)")
    entity_type = raw.get("type", "other")
    if entity_type not in ENTITY_TYPES:
        report(f"type '{entity_type}' is not one of {', '.join(ENTITY_TYPES)}")
    note = raw.get("note", "")
    if not isinstance(note, str):
        report("'note' must be a string")
    of_name = _spellings(raw.get("variants", []), "'variants'", report)
    aliases, of_aliases = _aliases(raw, report)
    if isinstance(name, str) and name.strip() in aliases:
        report(f"'aliases' lists the name '{name.strip()}' again")
    distinct = _spellings(raw.get("distinct", []), "'distinct'", report, findable=False)
    if len(problems) > before:
        return None
    name = name.strip()
    variants = tuple(Variant(text, name) for text in of_name) + of_aliases
    return Entity(entity_id, entity_type, name, aliases, variants, distinct, note, source=path, line=line)


@dataclass(frozen=True)
class LexiconFile:
    """What one lexicon file holds: its path, the header's as-of date and its entities in order."""

    path: str
    as_of: date | None = None
    entities: tuple[Entity, ...] = ()


def shown_value(value) -> str:
    """Return a value of a TOML file as a message shows it: a string quoted and cut short,
    anything else by its kind (never its whole text: it may be huge or deeply nested)."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (datetime, "a date-time"),
             (date, "a date"), (time, "a time"), (list, "an array"), (dict, "a table"))
    return next((kind for cls, kind in kinds if isinstance(value, cls)), "a value")


def _as_of(value, report) -> date | None:
    """Return the as-of date of a [lexicon] header: a TOML date, or a string YYYY-MM-DD."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    report(f"'as-of' in [lexicon] must be a date such as 2026-11-01, not {shown_value(value)}")
    return None


_LEXICON_HEADER_RE = re.compile(r"^[ \t]*\[[ \t]*lexicon[ \t]*\]", re.MULTILINE)
_TABLE_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _header_key_line(source: str, key: str) -> int:
    """Return the line where [lexicon] sets `key` (else the header's own line, else 0)."""
    header = _LEXICON_HEADER_RE.search(source)
    if header is None:
        return 0
    following = _TABLE_HEADER_RE.search(source, header.end())
    end = following.start() if following else len(source)
    quoted = re.escape(key)
    setting = re.compile(rf"^[ \t]*(?:{quoted}|\"{quoted}\"|'{quoted}')[ \t]*=", re.MULTILINE).search(source, header.end(), end)
    return source.count("\n", 0, (setting or header).start()) + 1


def _header(data: dict, source: str, path: str, problems: list[Problem]) -> LexiconFile:
    """Return the [lexicon] header's settings; report a missing header, name, or unknown key."""
    header = data.get("lexicon")
    if not isinstance(header, dict):
        problems.append(Problem(path, "missing [lexicon] table"))
        return LexiconFile(path)

    def report(key: str, message: str) -> None:
        problems.append(Problem(path, message, line=_header_key_line(source, key)))

    for key in sorted(set(header) - LEXICON_KEYS):
        report(key, f"unknown key '{key}' in [lexicon]")
    if not isinstance(header.get("name"), str) or not header.get("name"):
        report("name", "missing 'name' in [lexicon]")
    as_of = _as_of(header["as-of"], lambda message: report("as-of", message)) if "as-of" in header else None
    return LexiconFile(path, as_of)


def parse_lexicon(source: str, path: str) -> tuple[LexiconFile, list[Problem]]:
    """Parse one lexicon file's text; return what it holds and the problems found in it alone."""
    problems: list[Problem] = []
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE_RE.search(str(error))
        return LexiconFile(path), [Problem(path, f"TOML syntax error: {error}", line=int(found.group(1)) if found else 0)]
    for key in sorted(set(data) - {"lexicon", "entity"}):
        problems.append(Problem(path, f"unknown top-level key '{key}'"))
    header = _header(data, source, path, problems)
    raw_entities = data.get("entity", [])
    if not isinstance(raw_entities, list):
        return header, problems + [Problem(path, "'entity' must be an array of tables ([[entity]])")]
    lines = _entity_header_lines(source)
    lines += [0] * (len(raw_entities) - len(lines))
    entities = [_parse_entity(raw, path, line, problems) for raw, line in zip(raw_entities, lines)]
    return LexiconFile(path, header.as_of, tuple(e for e in entities if e is not None)), problems


def cross_problems(entities: list[Entity]) -> list[Problem]:
    """Return the problems between entities: duplicate ids, variants claimed twice.

    Entities may share a house spelling (Tripoli in Lebanon and in Libya). A variant may differ
    from its own entity's house spelling by marks or accents only ("Sana'a" for "Sanaa"); it may
    not fold to a house spelling of another entity alone, nor repeat its own, nor be listed under
    two house spellings (which one would replace it?). Two entities may list one variant only
    under house spellings that are the same spelling: it then varies the shared spelling, and its
    replacement is the same whichever entity is meant. Every check is a dictionary look-up.
    """
    problems = []
    seen_ids: dict[str, Entity] = {}
    house: dict[tuple[str, ...], dict[str, Entity]] = {}

    def report(entity: Entity, message: str) -> None:
        problems.append(Problem(entity.source, message, entity.id, entity.line))

    for entity in entities:
        if entity.id in seen_ids:
            report(entity, f"duplicate id (also in {seen_ids[entity.id].source})")
        seen_ids.setdefault(entity.id, entity)
        for spelling in entity.house_spellings:
            house.setdefault(spelling_key(spelling), {}).setdefault(entity.id, entity)
    variants: dict[tuple[str, ...], tuple[Entity, Variant]] = {}
    for entity in entities:
        signatures = {surface_signature(spelling) for spelling in entity.house_spellings}
        for variant in entity.variants:
            key = spelling_key(variant.text)
            for message in _variant_problems(entity, variant, signatures, house.get(key, {}), variants.setdefault(key, (entity, variant))):
                report(entity, message)
    return problems


def _variant_problems(entity: Entity, variant: Variant, signatures: set[str], owners: dict, listed: tuple[Entity, Variant]):
    """Yield what is wrong with one variant of `entity`: `owners` are the entities whose house
    spellings fold as it does, `listed` the first (entity, variant) listing a spelling that folds so."""
    spelling = variant.text
    if owners and entity.id not in owners:
        other = next(iter(owners))
        yield f"variant '{spelling}' is a house spelling of '{other}'"
    elif owners and surface_signature(spelling) in signatures:
        yield f"variant '{spelling}' is also listed as its name or alias"
    first_entity, first = listed
    if first_entity is not entity:
        if surface_signature(first.house) != surface_signature(variant.house):
            yield f"variant '{spelling}' is also a variant of '{first_entity.id}' (under '{first.house}', here under '{variant.house}')"
    elif first.house != variant.house:
        also = "" if first.text == spelling else f", as '{first.text}',"
        yield f"variant '{spelling}' is listed under '{variant.house}' and{also} under '{first.house}'"


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


def build_lexicon(texts: list[tuple[str, str]]) -> Lexicon:
    """Return the lexicon made of (path, text) pairs; raise LexiconError listing every problem."""
    files: list[LexiconFile] = []
    problems: list[Problem] = []
    for path, source in texts:
        found, found_problems = parse_lexicon(source, path)
        files.append(found)
        problems.extend(found_problems)
    entities = [entity for file in files for entity in file.entities]
    problems.extend(cross_problems(entities))
    if problems:
        raise LexiconError(problems)
    as_of = {file.path: file.as_of for file in files if file.as_of is not None}
    return Lexicon(entities=tuple(entities), sources=tuple(path for path, _ in texts), as_of=as_of)
