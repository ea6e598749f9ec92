"""Records normalized for indexing: the chosen string values rewritten to house spellings, and
every name found listed in an annotations field.

A record is a JSON object, given as one line of JSON Lines or as a Python dict. Its values go
through the one pipeline `fix` uses (pipeline.scan_regions, the findings' edits, applied by
span): a JSON line is read as the JSONL reader reads it and edited inside its string literals
only, so everything else in the line keeps its bytes; a dict's strings are read as the same
texts the JSONL reader would decode. A line without any name is returned exactly as read.

An annotation holds the field (a dotted path, array indexes included), the half-open code-point
span of the name in the value as read and in the value as normalized, the text found, the entity
(and every entity a shared house spelling may stand for), the house spelling, the kind of match
and its score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from .documents import DEFAULT_JSON_ID, DocumentProblem, ReadOptions, Region
from .documents import jsonl
from .fixer import apply_edits
from .matcher import Matcher
from .models import Edit
from .pipeline import Chunk, ChunkResult, scan_regions

ANNOTATIONS_FIELD = "_names"
BOM = "\ufeff"
_BLANK = " \t\r\n"


@dataclass(frozen=True)
class BatchOptions:
    """Which values of a record are normalized, and where the annotations go."""

    fields: tuple[str, ...] = ()  # dotted paths, as --json-field; () for every string value
    json_id: str | None = DEFAULT_JSON_ID  # the field that names a record: never rewritten when fields is ()
    annotations_field: str = ANNOTATIONS_FIELD  # a top-level key; never read itself

    def read_options(self) -> ReadOptions:
        """Return the options the JSONL reader is given."""
        return ReadOptions(json_fields=self.fields, json_id=self.json_id)

    def reads(self, field: str) -> bool:
        """Return whether a value at this dotted path is normalized (the annotations never are)."""
        name = self.annotations_field
        return field != name and not field.startswith(name + ".")


@dataclass(frozen=True)
class Annotation:
    """One name found in a record's value, where it is before and after normalizing, and its match."""

    field: str
    start: int
    end: int
    text: str
    normalized_start: int
    normalized_end: int
    entity: str
    entities: tuple[str, ...]
    house: str
    kind: str
    score: float

    def to_dict(self) -> dict:
        """Return the annotation as it is written into a record."""
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "normalized_start": self.normalized_start,
            "normalized_end": self.normalized_end,
            "entity": self.entity,
            "entities": list(self.entities),
            "house": self.house,
            "kind": self.kind,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class NormalizedLine:
    """A line of JSON Lines after normalizing: the line to write, or why it is no record."""

    text: str  # the line to write, its line ending kept; the line as read when it is rejected
    annotations: tuple[Annotation, ...] = ()
    changed: bool = False  # a value was rewritten
    error: str | None = None  # why the line is not a valid record

    @property
    def record(self) -> bool:
        """Whether the line holds a record (a blank line holds none and is passed through)."""
        return self.error is None and bool(self.text.strip(_BLANK + BOM))


def annotations_of(result: ChunkResult) -> list[Annotation]:
    """Return the annotations of every mention of a scan (made with every=True), in text order;
    the normalized spans follow from the replacements the fix writes, value by value."""
    fixes = {(finding.start, finding.end): finding for finding in result.findings if finding.fixable}
    found = {(finding.start, finding.end): finding for finding in result.findings}
    annotations, region, shift = [], None, 0
    for here, mention in result.mentions:
        if here is not region:
            region, shift = here, 0
        span = (here.source_start(mention.start), here.source_end(mention.end))
        finding = found.get(span)
        written = fixes[span].replacement if span in fixes else mention.text
        match = mention.match
        annotations.append(Annotation(
            here.field or "", mention.start, mention.end, mention.text,
            mention.start + shift, mention.start + shift + len(written),
            match.entity_id, match.entities, match.replacement,
            finding.kind if finding else match.kind, match.score,
        ))  # fmt: skip
        shift += len(written) - len(mention.text)
    return annotations


def _line_ending(line: str) -> int:
    """Return where a line's ending (\\n or \\r\\n) starts."""
    if line.endswith("\r\n"):
        return len(line) - 2
    return len(line) - 1 if line.endswith("\n") else len(line)


def normalize_line(line: str, matcher: Matcher, options: BatchOptions = BatchOptions()) -> NormalizedLine:
    """Return one line of JSON Lines normalized, or rejected with the reason when it is not a
    JSON object. A blank line, or a record in which no name is found, comes back as it was.

    >>> normalize_line('{"body": "Hachd al-Chaabi"}\\n', load_matcher()).text
    '{"body": "Hashd al-Shaabi","_names":[{"field":"body","start":0,"end":15,"text":"Hachd al-Chaabi",...}]}\\n'
    """
    cut = _line_ending(line)
    body, ending = line[:cut], line[cut:]
    bom = BOM if body.startswith(BOM) else ""
    body = body[len(bom) :]
    if not body.strip(_BLANK):
        return NormalizedLine(line)
    regions = list(jsonl.regions(body, options.read_options()))
    problem = next((region.message for region in regions if isinstance(region, DocumentProblem)), None)
    if problem is not None:
        return NormalizedLine(line, error=problem)
    if not body.lstrip(_BLANK).startswith("{"):
        return NormalizedLine(line, error="not a JSON object")
    chosen = [region for region in regions if options.reads(region.field or "")]
    result = scan_regions(Chunk(body), chosen, matcher, every=True)
    annotations = annotations_of(result)
    existing = top_level_value_span(body, options.annotations_field)
    if not annotations and existing is None:
        return NormalizedLine(line)
    fixed = result.fixed_text()
    if existing is not None and fixed != body:  # the edits lie before or after it: find it again
        existing = top_level_value_span(fixed, options.annotations_field)
    written = _annotated(fixed, annotations, options.annotations_field, existing, body.isascii())
    return NormalizedLine(bom + written + ending, tuple(annotations), fixed != body)


def _annotated(body: str, annotations: list[Annotation], name: str, span: tuple[int, int] | None, ascii_only: bool) -> str:
    """Return a JSON object's text with its annotations field set: the value at `span` replaced
    when the object has the field, else the field added at the end (nothing else changes). A
    line written in ASCII (`ascii_only`) gets its annotations in ASCII too."""
    value = json.dumps([a.to_dict() for a in annotations], ensure_ascii=ascii_only, separators=(",", ":"))
    if span is not None:
        return body[: span[0]] + value + body[span[1] :]
    close = len(body.rstrip(_BLANK)) - 1  # the object's closing brace
    key = json.dumps(name, ensure_ascii=ascii_only)
    empty = not body[body.index("{") + 1 : close].strip(_BLANK)
    return body[:close] + ("" if empty else ",") + f"{key}:{value}" + body[close:]


def top_level_value_span(body: str, key: str) -> tuple[int, int] | None:
    """Return the span of the value of `key` in the text of a valid JSON object, or None when the
    object has no such key at its top level (the last one counts, as json.loads reads it)."""
    depth, found = 0, None
    for token in jsonl.TOKEN_RE.finditer(body):
        if token.lastindex:
            if token.group(2) and depth == 1 and jsonl.decoded_key(body, token.start(1), token.end(1)) == key:
                start = token.end()
                while body[start] in _BLANK:
                    start += 1
                found = (start, json.JSONDecoder().raw_decode(body, start)[1])
            continue
        depth += 1 if body[token.start()] in "{[" else -1 if body[token.start()] in "}]" else 0
    return found


def normalize_value(text: str, field: str, matcher: Matcher) -> tuple[str, list[Annotation]]:
    """Return a string value normalized and its annotations, read as the JSONL reader reads the
    decoded value of a JSON string (so a dict's value and a JSON line's agree)."""
    if not text:
        return text, []
    result = scan_regions(Chunk(text), [Region.literal(text, 0, field=field)], matcher, every=True)
    return result.fixed_text(), annotations_of(result)


def _chosen_strings(value, path: tuple, options: BatchOptions) -> Iterator[tuple[tuple, str]]:
    """Return (path, text) of every string of a record's value that is normalized, in order."""
    if isinstance(value, str):
        field = ".".join(map(str, path))
        if value and (jsonl.selected(path, options.fields) if options.fields else field != options.json_id):
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _chosen_strings(item, path + (key,), options)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _chosen_strings(item, path + (index,), options)


def _with_values(value, path: tuple, fixed: dict):
    """Return a value with the strings at the paths of `fixed` replaced (containers copied only
    where something changed)."""
    if isinstance(value, str):
        return fixed.get(path, value)
    if isinstance(value, dict):
        items = {key: _with_values(item, path + (key,), fixed) for key, item in value.items()}
        return items if any(items[key] is not value[key] for key in value) else value
    if isinstance(value, (list, tuple)):
        items = [_with_values(item, path + (index,), fixed) for index, item in enumerate(value)]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value


# What stands between a record's values when they are scanned as one document.
_VALUE_SEPARATOR = "\n\n"


def normalize_record(record: dict, matcher: Matcher, options: BatchOptions = BatchOptions()) -> dict:
    """Return a new dict: the record with its chosen string values normalized and the
    annotations field set (a list, empty when no name is found). The record is not changed.
    Its values are one document, as a JSON line's are: a surname one value names is known in
    the others."""
    chosen = {key: value for key, value in record.items() if options.reads(key)}
    values = list(_chosen_strings(chosen, (), options))
    regions, position = [], 0
    for path, text in values:
        regions.append(Region.literal(text, position, field=".".join(map(str, path))))
        position += len(text) + len(_VALUE_SEPARATOR)
    found: list[Annotation] = []
    fixed: dict[tuple, str] = {}
    if regions:
        result = scan_regions(Chunk(_VALUE_SEPARATOR.join(text for _, text in values)), regions, matcher, every=True)
        found = annotations_of(result)
        edits = result.edits()
        for (path, text), region in zip(values, regions):
            start, end = region.start, region.start + len(text)
            own = [Edit(e.start - start, e.end - start, e.replacement) for e in edits if start <= e.start < end]
            if own:
                fixed[path] = apply_edits(text, own)
    normalized = _with_values(chosen, (), fixed)
    return {**normalized, options.annotations_field: [annotation.to_dict() for annotation in found]}


def normalize_records(
    records: Iterable[dict],
    matcher: Matcher,
    fields: Iterable[str] = (),
    annotations_field: str = ANNOTATIONS_FIELD,
    json_id: str | None = DEFAULT_JSON_ID,
) -> Iterator[dict]:
    """Return the records normalized, in order: each a new dict whose string values at `fields`
    (dotted paths; every string value when empty, except the `json_id` field) are rewritten to
    house spellings, with the list of names found under `annotations_field`.

    >>> matcher = load_matcher()
    >>> [out] = normalize_records([{"id": 7, "body": "Mohamed Chia al-Soudani spoke."}], matcher, ["body"])
    >>> out["body"], out["_names"][0]["house"], out["_names"][0]["kind"]
    ('Mohammed Shia al-Sudani spoke.', 'Mohammed Shia al-Sudani', 'variant')
    """
    options = BatchOptions(tuple(fields), json_id, annotations_field)
    for record in records:
        yield normalize_record(record, matcher, options)
