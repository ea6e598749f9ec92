"""Configuration files: `namecheck.toml`, or the `[tool.namecheck]` table of `pyproject.toml`.

A document's configuration is the first file found walking up from the document's folder (in
one folder, `namecheck.toml` before `pyproject.toml`); files are not merged. Command-line options
win over the file: a value given there replaces the file's, except `--lexicon` and `--exclude`,
which add to the file's lists. Every setting remembers where it came from ("default", "command
line", or the file and line), which `namecheck config` shows.

Parsing is pure: it takes the text of a file and returns a `Config` or raises `ConfigError`
naming the file and line of every problem; files.py finds and reads the files.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from typing import Callable, Iterable

CONFIG_NAME = "namecheck.toml"
PYPROJECT_NAME = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "namecheck")

DEFAULT = "default"
COMMAND_LINE = "command line"


def _list_of_strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def _score(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1


# key: (default, check, what the check wants), in the order `namecheck config` shows them
KEYS: dict[str, tuple[object, Callable[[object], bool], str]] = {
    "lexicons": ((), _list_of_strings, "a list of lexicon files or folders"),
    "default-lexicon": (True, lambda value: isinstance(value, bool), "true or false"),
    "min-score": (0.75, _score, "a number from 0 to 1"),
    "exclude": ((), _list_of_strings, "a list of globs"),
    "include": ((), _list_of_strings, "a list of globs"),
    "accept": ((), _list_of_strings, "a list of spellings"),
    "format": (None, lambda value: isinstance(value, str) and bool(value), "the name of an output format"),
    "unsafe-fixes": (False, lambda value: isinstance(value, bool), "true or false"),
}
# Lists that the command line extends instead of replacing.
EXTENDED_KEYS = ("lexicons", "exclude")


class ConfigError(Exception):
    """A configuration file that cannot be used; each line of the message names file and line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Config:
    """The settings one configuration file gives, with the line of each."""

    path: str
    values: dict
    lines: dict = field(default_factory=dict)

    @property
    def folder(self) -> str:
        """The folder the file's relative paths and globs start from."""
        return os.path.dirname(os.path.abspath(self.path))

    def source(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 0)}" if self.lines.get(key) else self.path


_HEADER_RE = re.compile(r"^[ \t]*\[([^\[\]]+)\][ \t]*(?:#.*)?$")
_KEY_RE = re.compile(r"""^[ \t]*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))[ \t]*=""")


def _table_name(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in header.split("."))


def key_lines(text: str, table: tuple[str, ...]) -> dict[str, int]:
    """Return the line where each key of `table` (() for the top level) is set, and where each
    sub-table `[table.X]` starts, by key."""
    lines: dict[str, int] = {}
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER_RE.match(line)
        if header:
            current = _table_name(header[1])
            if len(current) > len(table) and current[: len(table)] == table:
                lines.setdefault(current[len(table)], number)
            continue
        found = _KEY_RE.match(line)
        if found and current == table:
            lines.setdefault(found[1] or found[2] or found[3], number)
    return lines


def _table_of(data: dict, table: tuple[str, ...]):
    for part in table:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def parse_config(text: str, path: str) -> Config | None:
    """Return the configuration a file gives; None for a pyproject.toml without [tool.namecheck].
    Raise ConfigError for a syntax error, an unknown key or a value of the wrong kind."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        raise ConfigError([f"{path}:{line[1] if line else 0}: TOML syntax error: {error}"]) from None
    table = PYPROJECT_TABLE if os.path.basename(path) == PYPROJECT_NAME else ()
    values = _table_of(data, table)
    if values is None:
        return None
    lines = key_lines(text, table)
    if not isinstance(values, dict):
        raise ConfigError([f"{path}:{lines.get(table[-1], 0)}: [{'.'.join(table)}] must be a table"])
    problems = []
    for key, value in values.items():
        where = f"{path}:{lines.get(key, 0)}"
        if key not in KEYS:
            problems.append(f"{where}: unknown key {key!r} (known keys: {', '.join(KEYS)})")
        elif not KEYS[key][1](value):
            problems.append(f"{where}: {key} must be {KEYS[key][2]}, not {value!r}")
    if problems:
        raise ConfigError(problems)
    return Config(path, dict(values), lines)


def first_config(candidates: Iterable[tuple[str, str]]) -> Config | None:
    """Return the first candidate (path, text) that is a configuration, walking up."""
    for path, text in candidates:
        config = parse_config(text, path)
        if config is not None:
            return config
    return None


@dataclass(frozen=True)
class Globs:
    """Glob patterns (gitignore style) and the folder they are relative to."""

    folder: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """The settings in force for a group of documents, and where each came from."""

    values: dict
    sources: dict
    config: Config | None = None

    def __getitem__(self, key: str):
        return self.values[key]

    @property
    def matcher_key(self) -> tuple:
        """What the matcher depends on: documents whose keys are equal share one matcher."""
        return (tuple(self.values["lexicons"]), self.values["default-lexicon"], float(self.values["min-score"]))

    @property
    def excludes(self) -> tuple[Globs, ...]:
        return self.values["exclude"]

    @property
    def includes(self) -> tuple[Globs, ...]:
        return self.values["include"]


def _from_file(config: Config, key: str):
    """Return a file's value in the form settings hold: paths absolute, globs with their folder."""
    value = config.values[key]
    if key == "lexicons":
        return tuple(os.path.normpath(os.path.join(config.folder, path)) for path in value)
    if key in ("exclude", "include"):
        return (Globs(config.folder, tuple(value)),)
    if key == "accept":
        return tuple(value)
    return value


def _from_command_line(key: str, value, cwd: str):
    if key in ("exclude", "include"):
        return (Globs(cwd, tuple(value)),)
    if key in ("lexicons", "accept"):
        return tuple(value)
    return value


def merged_settings(config: Config | None, command_line: dict, cwd: str) -> Settings:
    """Return the settings of the defaults, then `config`, then the options given on the command
    line (`command_line` maps a key to its value, or None when the option was not given)."""
    values, sources = {}, {}
    for key, (default, _, _) in KEYS.items():
        value, source = default, DEFAULT
        if key in ("exclude", "include"):
            value = ()
        if config is not None and key in config.values:
            value, source = _from_file(config, key), config.source(key)
        given = command_line.get(key)
        if given is not None and not (isinstance(given, (list, tuple)) and not given):
            extra = _from_command_line(key, given, cwd)
            if key in EXTENDED_KEYS and source != DEFAULT:
                value, source = tuple(value) + tuple(extra), f"{source} + {COMMAND_LINE}"
            else:
                value, source = extra, COMMAND_LINE
        values[key], sources[key] = value, source
    return Settings(values, sources, config)


def _shown_value(key: str, value):
    if key in ("exclude", "include"):
        return [pattern for globs in value for pattern in globs.patterns]
    if isinstance(value, tuple):
        return list(value)
    return value


def settings_records(settings: Settings) -> list[dict]:
    """Return each setting as {"key", "value", "source"}, as `namecheck config` shows them."""
    return [
        {"key": key, "value": _shown_value(key, settings.values[key]), "source": settings.sources[key]}
        for key in KEYS
    ]


def with_accepted_spelling(text: str, path: str, spelling: str) -> str:
    """Return a configuration file's text with `spelling` added to its `accept` list (the list,
    and the [tool.namecheck] table of a pyproject.toml, made when missing); the rest of the
    file, comments and layout included, is kept."""
    import tomlkit

    document = tomlkit.parse(text)
    table = document
    if os.path.basename(path) == PYPROJECT_NAME:
        for part in PYPROJECT_TABLE:
            if part not in table:
                table[part] = tomlkit.table(is_super_table=part == "tool")
            table = table[part]
    if "accept" not in table:
        table["accept"] = tomlkit.array()
    if spelling not in table["accept"]:
        table["accept"].append(spelling)
    return tomlkit.dumps(document)
