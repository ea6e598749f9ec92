"""One lexicon file: its TOML text read into the header's settings and what it states of each entity.

Every problem names the file and, where they can be found, the entity id and the line. A file
of any shape gives problems, never a traceback, in time linear in its size: keys of many dotted
parts (which cost TOML parsers time and memory quadratic in the parts) are refused before
parsing, and a parser's recursion on arrays nested thousands deep is caught. Messages quote
values cut short, so a huge string or a deep array never floods them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import repeat

import tomli

from .models import ENTITY_TYPES, Variant
from .normalize import folded_word
from .tokens import text_tokens

LEXICON_KEYS = {"name", "language", "description", "as-of", "disable"}
ENTITY_KEYS = {"id", "type", "name", "aliases", "variants", "distinct", "note", "disabled"}
ALIAS_KEYS = {"name", "variants"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A lexicon needs keys of two parts at most ([lexicon], [[entity]], name = ...); parsers spend
# time and memory quadratic in the parts of a dotted key, so longer ones are refused unread.
# A key starts a line or follows [ { or , ; the scan looks at most MAX_KEY_PARTS + 1 parts from
# each such place, so it costs linear time whatever the text.
MAX_KEY_PARTS = 32
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DEEP_KEY_RE = re.compile(
    rf"(?:^|[\[{{,])[ \t]*+{_KEY_PART}(?:[ \t]*+\.[ \t]*+{_KEY_PART}){{{MAX_KEY_PARTS}}}", re.MULTILINE
)
# Such a key needs a line of that many dots: a cheaper scan finds whether any line has them.
_MANY_DOTS_RE = re.compile(rf"^(?:[^.\n]*+\.){{{MAX_KEY_PARTS}}}", re.MULTILINE)
_TOML_LINE_RE = re.compile(r"at line (\d+)")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTITY_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*entity[ \t]*\]\]", re.MULTILINE)
_LEXICON_HEADER_RE = re.compile(r"^[ \t]*\[[ \t]*lexicon[ \t]*\]", re.MULTILINE)
_TABLE_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_UNFINDABLE = "has characters that cannot stand in a name (only letters, spaces, hyphens and ayn or hamza signs)"
# No name is this long; refusing longer spellings unread keeps a huge string from costing the
# tokenizer (and the matcher's index) time and memory.
MAX_SPELLING = 200


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


@dataclass(frozen=True)
class Statement:
    """One [[entity]] table as a file writes it: the fields it gives, None for those it does not.

    A first statement of an id makes an entity; a statement in a later file restates it (see
    overrides.py), so no field but the id is required here.
    """

    id: str
    path: str
    line: int
    type: str | None = None
    name: str | None = None
    name_variants: tuple[str, ...] | None = None  # `variants`: those of the name
    aliases: tuple[str, ...] | None = None
    alias_variants: tuple[Variant, ...] = ()  # listed in alias tables, each under its alias
    distinct: tuple[str, ...] | None = None
    note: str | None = None
    disabled: bool | None = None

    @property
    def gives_variants(self) -> bool:
        return self.name_variants is not None or bool(self.alias_variants)


@dataclass(frozen=True)
class LexiconFile:
    """What one lexicon file holds: its header's settings and its [[entity]] tables in order."""

    path: str
    as_of: date | None = None
    disable: tuple[str, ...] = ()  # ids of entities of this or earlier files to turn off
    disable_line: int = 0
    statements: tuple[Statement, ...] = ()


# Words of letters joined by single spaces or hyphens: most spellings. The tokenizer reads them
# as exactly these words and joins, so they skip it (loading a gazetteer reads a million).
_PLAIN_RE = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")
_PLAIN_GAP_RE = re.compile("[ -]")


def _tokenized_findable(spelling: str) -> bool:
    tokens = text_tokens(spelling, alone=True)
    if not tokens or tokens[0].start != 0 or tokens[-1].end != len(spelling.rstrip()):
        return False
    return all(token.gap is not None for token in tokens[:-1])


def spelling_key(text: str) -> tuple[str, ...]:
    """Return the words of a spelling given alone, folded: how spellings are compared for collisions.

    >>> spelling_key("Kūt-e ‘Abdollāh")
    ('kut', 'e', 'abdollah')
    """
    if _PLAIN_RE.fullmatch(text):
        return tuple(map(folded_word, _PLAIN_GAP_RE.split(text)))
    return tuple(folded_word(token.text) for token in text_tokens(text, alone=True))


def is_findable(spelling: str) -> bool:
    """Return True when a spelling is words joined as names are in text (spaces, hyphens, marks).

    Ayn and hamza signs may stand anywhere in a word, at its start or end too ("’Aïn el Melh",
    "Magṭa‘"): a spelling is read as a name given alone.
    """
    return _PLAIN_RE.fullmatch(spelling) is not None or _tokenized_findable(spelling)


def printable(text: str) -> str:
    """Return `text` with control and other invisible characters escaped (\\u001b), safe for a terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def quoted(text: str) -> str:
    """Return a string as messages quote it: in single quotes, cut short, invisible characters escaped."""
    return f"'{printable(text if len(text) <= 60 else text[:57] + '...')}'"


def shown_value(value) -> str:
    """Return a value of a TOML file as a message shows it: a string quoted, anything else by its
    kind (never its whole text: it may be huge or deeply nested)."""
    if isinstance(value, str):
        return quoted(value)
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (datetime, "a date-time"),
             (date, "a date"), (time, "a time"), (list, "an array"), (dict, "a table"))
    return next((kind for cls, kind in kinds if isinstance(value, cls)), "a value")


def _line_of(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1


def _entity_header_lines(source: str) -> list[int]:
    """Return the line of every [[entity]] header, in order, in one pass over the text."""
    lines = []
    line, counted = 1, 0
    for found in _ENTITY_HEADER_RE.finditer(source):
        line += source.count("\n", counted, found.start())
        counted = found.start()
        lines.append(line)
    return lines


def _spelling_fault(spelling: str, findable: bool = True) -> str:
    """Return why a spelling cannot stand in a lexicon ("": it can); `findable`: it must be findable."""
    if len(spelling) > MAX_SPELLING:
        return f"is longer than any name ({len(spelling):,} characters; at most {MAX_SPELLING})"
    if findable and spelling and not is_findable(spelling):
        return _UNFINDABLE
    return ""


def _spellings(value, label: str, report, findable: bool = True) -> tuple[str, ...]:
    """Return a list of spellings (None: not given), stripped; report a wrong type, an empty or
    repeated spelling, and (when `findable`) one the scanner could never find. `label` names the
    list in messages."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(map(isinstance, value, repeat(str))):
        report(f"{label} must be a list of strings")
        return ()
    stripped = tuple(map(str.strip, value))
    if not all(stripped):
        report(f"{label} holds an empty string")
    if len(set(value)) != len(value):
        report(f"{label} lists the same spelling twice")
    for item, spelling in zip(value, stripped):
        fault = _spelling_fault(spelling, findable)
        if fault:
            report(f"{quoted(item)} in {label} {fault}")
    return tuple(filter(None, stripped))


def _alias_table(item: dict, report) -> tuple[str, tuple[Variant, ...]] | None:
    """Return an alias written as a table and its variants, or None when it has no name."""
    alias = item.get("name")
    label = f"alias {quoted(alias)}" if isinstance(alias, str) else "an alias table"
    for key in sorted(set(item) - ALIAS_KEYS):
        report(f"unknown key {quoted(key)} in {label}")
    if not isinstance(alias, str):
        report("an alias table has no 'name' string")
        return None
    texts = _spellings(item.get("variants"), f"'variants' of {label}", report)
    return alias, tuple(Variant(text, alias.strip()) for text in texts)


def _aliases(raw: dict, report) -> tuple[tuple[str, ...] | None, tuple[Variant, ...]]:
    """Return the aliases of an entity (None: not given) and the variants listed under them.

    An alias is a string, or a table { name = ..., variants = [...] } carrying its own variants.
    """
    value = raw.get("aliases")
    if value is None:
        return None, ()
    if not isinstance(value, list):
        report(f"'aliases' must be a list of strings and alias tables, not {shown_value(value)}")
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
            report(f"an entry of 'aliases' must be a string or a table {{ name = ..., variants = [...] }}, not {shown_value(item)}")
    return _spellings(names, "'aliases'", report), tuple(variants)


def _checked_id(raw: dict, report) -> str:
    """Return an entity's id; report a missing, mistyped or malformed one."""
    entity_id = raw.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        report("missing 'id'" if entity_id in (None, "") else f"'id' must be a string, not {shown_value(entity_id)}")
    elif not ID_RE.fullmatch(entity_id):
        report(f"id {quoted(entity_id)} must be lower-case letters, digits and single hyphens")
    return entity_id if isinstance(entity_id, str) else ""


def _checked_name(raw: dict, report) -> str | None:
    """Return an entity's name, stripped (None: not given); report an empty, mistyped or unfindable one."""
    name = raw.get("name")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        report("missing or empty 'name'" if isinstance(name, str) else f"'name' must be a string, not {shown_value(name)}")
        return None
    fault = _spelling_fault(name.strip())
    if fault:
        report(f"name {quoted(name)} {fault}")
    return name.strip()


def _checked_settings(raw: dict, report) -> tuple[str | None, str | None, bool | None]:
    """Return an entity's type, note and disabled flag as given (None: not given); report wrong ones."""
    entity_type, note, disabled = raw.get("type"), raw.get("note"), raw.get("disabled")
    if entity_type is not None and (not isinstance(entity_type, str) or entity_type not in ENTITY_TYPES):
        report(f"'type' must be one of {', '.join(ENTITY_TYPES)}, not {shown_value(entity_type)}")
    if note is not None and not isinstance(note, str):
        report(f"'note' must be a string, not {shown_value(note)}")
    if disabled is not None and not isinstance(disabled, bool):
        report(f"'disabled' must be true or false, not {shown_value(disabled)}")
    return entity_type, note, disabled


def _parse_statement(raw, path: str, line: int, problems: list[Problem]) -> Statement | None:
    """Return what an [[entity]] table states, or None when it has problems (reported)."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, f"every [[entity]] must be a table, not {shown_value(raw)}", line=line))
        return None
    label = raw.get("id") if isinstance(raw.get("id"), str) else ""

    def report(message: str) -> None:
        problems.append(Problem(path, message, label, line))

    before = len(problems)
    if not raw.keys() <= ENTITY_KEYS:
        for key in sorted(set(raw) - ENTITY_KEYS):
            report(f"unknown key {quoted(key)}")
    entity_id = _checked_id(raw, report)
    name = _checked_name(raw, report)
    entity_type, note, disabled = _checked_settings(raw, report)
    of_name = _spellings(raw.get("variants"), "'variants'", report) if "variants" in raw else None
    aliases, of_aliases = _aliases(raw, report)
    if name and aliases and name in aliases:
        report(f"'aliases' lists the name {quoted(name)} again")
    distinct = _spellings(raw.get("distinct"), "'distinct'", report, findable=False) if "distinct" in raw else None
    if len(problems) > before:
        return None
    return Statement(entity_id, path, line, entity_type, name, of_name, aliases, of_aliases, distinct, note, disabled)


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


def _header_key_line(source: str, key: str) -> int:
    """Return the line where [lexicon] sets `key` (else the header's own line, else 0)."""
    header = _LEXICON_HEADER_RE.search(source)
    if header is None:
        return 0
    following = _TABLE_HEADER_RE.search(source, header.end())
    end = following.start() if following else len(source)
    name = re.escape(key)
    setting = re.compile(rf"^[ \t]*(?:{name}|\"{name}\"|'{name}')[ \t]*=", re.MULTILINE).search(source, header.end(), end)
    return _line_of(source, (setting or header).start())


def _disable(value, report) -> tuple[str, ...]:
    """Return the ids a [lexicon] header's `disable` lists; report a list of anything else."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        report(f"'disable' in [lexicon] must be a list of entity ids, not {shown_value(value)}")
        return ()
    return tuple(value)


def _header(data: dict, source: str, path: str, problems: list[Problem]) -> LexiconFile:
    """Return the [lexicon] header's settings; report a missing header, name, or unknown key."""
    header = data.get("lexicon")
    if not isinstance(header, dict):
        wrong = "" if header is None else f": 'lexicon' is {shown_value(header)}"
        problems.append(Problem(path, f"missing [lexicon] table{wrong}"))
        return LexiconFile(path)

    def report(key: str, message: str) -> None:
        problems.append(Problem(path, message, line=_header_key_line(source, key)))

    for key in sorted(set(header) - LEXICON_KEYS):
        report(key, f"unknown key {quoted(key)} in [lexicon]")
    name = header.get("name")
    if name is None or name == "":
        report("name", "missing 'name' in [lexicon]")
    elif not isinstance(name, str):
        report("name", f"'name' in [lexicon] must be a string, not {shown_value(name)}")
    as_of = _as_of(header["as-of"], lambda message: report("as-of", message)) if "as-of" in header else None
    if "disable" not in header:
        return LexiconFile(path, as_of)
    disable = _disable(header["disable"], lambda message: report("disable", message))
    return LexiconFile(path, as_of, disable, _header_key_line(source, "disable"))


def toml_data(source: str, path: str) -> tuple[dict | None, Problem | None]:
    """Return the TOML document a lexicon file holds, or None and the problem that stops it."""
    deep = _DEEP_KEY_RE.search(source) if _MANY_DOTS_RE.search(source) else None
    if deep is not None:
        message = f"a key or table name of more than {MAX_KEY_PARTS} dotted parts (a lexicon needs two)"
        return None, Problem(path, message, line=_line_of(source, deep.start()))
    try:
        return tomli.loads(source), None
    except tomli.TOMLDecodeError as error:
        found = _TOML_LINE_RE.search(str(error))
        line = int(found.group(1)) if found else _line_of(source.rstrip("\n"), len(source))
        return None, Problem(path, f"TOML syntax error: {error}", line=line)
    except RecursionError:
        return None, Problem(path, "TOML nested too deeply: arrays or inline tables hundreds of levels within each other")


def _statements(raw_entities: list, source: str, path: str, problems: list[Problem]) -> tuple[Statement, ...]:
    """Return the statements of a file's [[entity]] tables; an id stated twice in one file is a
    problem (across files, a later statement restates an entity). Each table is dropped from
    `raw_entities` once read, so the parsed document and the statements are not held whole at
    once."""
    lines = _entity_header_lines(source)
    lines += [0] * (len(raw_entities) - len(lines))
    statements: dict[str, Statement] = {}
    for number, line in enumerate(lines[: len(raw_entities)]):
        raw, raw_entities[number] = raw_entities[number], None
        statement = _parse_statement(raw, path, line, problems)
        if statement is None:
            continue
        first = statements.setdefault(statement.id, statement)
        if first is not statement:
            problems.append(Problem(path, f"duplicate id in one file (first at line {first.line})", statement.id, line))
    return tuple(statements.values())


def parse_lexicon(source: str, path: str) -> tuple[LexiconFile, list[Problem]]:
    """Parse one lexicon file's text; return what it holds and the problems found in it alone."""
    data, stop = toml_data(source, path)
    if data is None:
        return LexiconFile(path), [stop]
    problems = [Problem(path, f"unknown top-level key {quoted(key)}") for key in sorted(set(data) - {"lexicon", "entity"})]
    header = _header(data, source, path, problems)
    raw_entities = data.get("entity", [])
    if not isinstance(raw_entities, list):
        return header, problems + [Problem(path, f"'entity' must be an array of tables ([[entity]]), not {shown_value(raw_entities)}")]
    statements = _statements(raw_entities, source, path, problems)
    return LexiconFile(path, header.as_of, header.disable, header.disable_line, statements), problems
