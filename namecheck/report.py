"""Records written for people and for programs.

The pieces the formats of formats.py are made of: `text` is for people (with the line and the
span underlined, colour drawn by rich only when asked); `jsonl` and `json` are a contract for
machines (see the README). Text from documents, file
names and queries reaches a terminal only through `terminal.visible` (control characters and
escape sequences rendered as `\\x1b`), and JSON only through `terminal.json_safe`.
"""

from __future__ import annotations

import json
from typing import Iterable

from .models import Entity, Finding, Match, UnusedSuppression
from .overrides import Provenance
from .terminal import json_safe, painted, visible


def match_record(query: str, match: Match | None) -> dict:
    """Return the record of one `match` answer: nulls when nothing matched."""
    if match is None:
        return {"query": query, "entity": None, "name": None, "kind": None, "score": None, "entities": [], "ambiguous": False}
    return match.to_dict()


CONTEXT_WIDTH = 100  # characters of the line shown around a finding


def _context(finding: Finding) -> tuple[str, str]:
    """Return the part of the finding's line to show, made visible, and its underline below the span."""
    line = finding.context
    begin = finding.context_column
    width = max(1, min(finding.end - finding.start, len(line) - begin))
    left = max(0, min(begin - CONTEXT_WIDTH // 3, len(line) - CONTEXT_WIDTH))
    right = max(begin + width, left + CONTEXT_WIDTH)
    shown = ("…" if left else "") + visible(line[left:right], keep="\t") + ("…" if right < len(line) else "")
    prefix = ("…" if left else "") + visible(line[left:begin], keep="\t")
    return shown, _blank(prefix) + "^" * len(visible(line[begin : begin + width], keep="\t"))


def _blank(text: str) -> str:
    """Return as much white space as `text` takes on a line: its tabs kept, a space for every
    other character."""
    return "\t".join(" " * len(piece) for piece in text.split("\t"))


def finding_text(finding: Finding, color: bool = False) -> str:
    """Return one finding for a person: location, change, entity, and the line underlined;
    `color` paints it through rich."""
    shown, underline = _context(finding)
    parts = (
        (visible(f"{finding.path}:{finding.line}:{finding.column}:"), "bold"),
        " ",
        (visible(finding.text), "red"),
        " -> ",
        (visible(finding.replacement), "green"),
        " ",
        (visible(f"[{finding.entity}, {finding.kind}, {finding.score:.2f}]"), "dim"),
        f"\n    {shown}\n    ",
        (underline, "red"),
        f"\n    ({visible(finding.note)})" if finding.note else "",
    )
    return painted(*parts) if color else _plain(parts)


def _plain(parts: tuple) -> str:
    """Return the texts of parts given as text or (text, style), joined without their styles."""
    return "".join([part if isinstance(part, str) else part[0] for part in parts])


def unused_suppression_text(unused: UnusedSuppression, color: bool = False) -> str:
    """Return a suppression comment that suppressed nothing, for a person."""
    parts = ((visible(f"{unused.path}:{unused.line}:{unused.column}:"), "bold"), " unused suppression: ", (visible(unused.text), "yellow"))
    return painted(*parts) if color else _plain(parts)


def match_text(query: str, match: Match | None) -> str:
    """Return one `match` answer for a person."""
    if match is None:
        return visible(f"{query}: no match")
    ambiguous = f"; ambiguous: {', '.join(match.entities)}" if match.ambiguous else ""
    return visible(f"{query} -> {match.replacement} [{match.entity_id}, {match.kind}, {match.score:.2f}{ambiguous}]")


# json.dumps(record, ensure_ascii=False) builds an encoder for every call: one does for every line.
_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_line(record: dict) -> str:
    """Return a record as one line of JSON."""
    return json_safe(_LINE_ENCODER.encode(record))


def json_document(key: str, records: Iterable[dict], summary: dict) -> str:
    """Return the records of a run as one JSON document with a summary."""
    return json_safe(json.dumps({key: list(records), "summary": summary}, ensure_ascii=False, indent=2))


class JsonStream:
    """One JSON document `{key: [records...], "summary": {...}}` written record by record, so
    that nothing is held until the end: opening() first, record() for each, closing() last."""

    def __init__(self, key: str):
        self.key = key
        self.count = 0

    def opening(self) -> str:
        return "{\n  " + json.dumps(self.key) + ": ["

    def record(self, record: dict) -> str:
        text = json_safe(json.dumps(record, ensure_ascii=False, indent=2)).replace("\n", "\n    ")
        self.count += 1
        return ("," if self.count > 1 else "") + "\n    " + text

    def closing(self, summary: dict) -> str:
        tail = "\n  ]" if self.count else "]"
        return tail + ',\n  "summary": ' + json_safe(json.dumps(summary, ensure_ascii=False, indent=2)).replace("\n", "\n  ") + "\n}"


def json_document_of(data: dict) -> str:
    """Return a prepared record as an indented JSON document."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def findings_summary(files: int, findings: int, errors: int) -> str:
    """Return the closing line of a text report."""
    if findings == 0:
        return f"{files} file(s) checked, no findings" + (f", {errors} error(s)" if errors else "")
    return f"{files} file(s) checked, {findings} finding(s)" + (f", {errors} error(s)" if errors else "")


def explanation_text(explanation) -> str:
    """Return a matcher's explanation for a person: steps, keys, candidates and the decision."""
    lines = [f"query:      {explanation.query}", f"folded:     {' '.join(explanation.words)}"]
    if explanation.exact is not None:
        lines.append(f"exact:      '{explanation.exact.text}' ({explanation.exact.role} of {explanation.exact.entity_id})")
    for part in explanation.parts:
        article = f"{part.article}- " if part.article else ""
        units = " ".join(unit.text for unit in part.units)
        lines.append(f"part:       {article}{part.word}  units [{units}]  key {part.key}  metaphone {part.sound_key}")
    if explanation.keys:
        lines.append(f"keys:       {' | '.join(explanation.keys)}")
    for candidate in explanation.candidates:
        words = ", ".join(f"{score:.2f}" for score in candidate.part_scores)
        lines.append(
            f"candidate:  '{candidate.form.text}' ({candidate.form.role} of {candidate.form.entity_id})"
            f" score {candidate.score:.2f} cost {candidate.cost:.2f} words [{words}]: {candidate.verdict}"
        )
    lines.append(f"decision:   {match_text(explanation.query, explanation.match)}")
    lines.append(f"reason:     {explanation.reason}")
    return "\n".join(visible(line) for line in lines)


def consistency_text(report) -> str:
    """Return a consistency report as a readable table, most inconsistent entities first."""
    lines = []
    for entity in report.entities:
        mark = "INCONSISTENT" if entity.inconsistent else "consistent"
        lines.append(f"{entity.name} [{entity.entity}]  {entity.mentions} mention(s), {mark}")
        width = max(len(use.spelling) for use in entity.spellings)
        for use in entity.spellings:
            label = "house" if use.house else f"-> {use.replacement}"
            where = ", ".join(f"{path} ({count})" for path, count in use.documents)
            ambiguous = f"  ambiguous: {', '.join(use.ambiguous)}" if use.ambiguous else ""
            lines.append(f"    {use.spelling:<{width}}  {use.count:>5}  {label:<28}  {where}{ambiguous}")
    if report.mixed:
        lines.append("")
        lines.append("Documents that mix spellings:")
        for mixed in report.mixed:
            spellings = ", ".join(f"{spelling} ({count})" for spelling, count in mixed.spellings)
            lines.append(f"    {mixed.path}: {mixed.entity}: {spellings}")
    summary = report.summary()
    lines.append("")
    lines.append(
        f"{summary['documents']} document(s), {summary['mentions']} mention(s) of {summary['entities']} "
        f"entities; {summary['inconsistent_entities']} spelled inconsistently; "
        f"{summary['mixed_documents']} document(s) mix spellings"
    )
    return "\n".join(visible(line) for line in lines)



def loaded_entity_record(entity: Entity, provenance: Provenance, disabled: bool) -> dict:
    """Return an entity as loaded for `lexicon show --format json`: its fields, each variant under
    its house spelling with the file it came from, the file of every field (null: the default)
    and every [[entity]] table that stated it."""
    by_house: dict[str, list[dict]] = {}
    for variant in entity.variants:
        by_house.setdefault(variant.house, []).append({"spelling": variant.text, "file": provenance.variant_file(variant.text)})
    fields = ("id", "type", "name", "aliases", "variants", "distinct", "note", "disabled")
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "variants": by_house.get(entity.name, []),
        "aliases": [{"name": alias, "variants": by_house.get(alias, [])} for alias in entity.aliases],
        "distinct": list(entity.distinct),
        "note": entity.note,
        "disabled": disabled,
        "files": {field: provenance.field(field) or None for field in fields},
        "stated": [{"file": path, "line": line} for path, line in provenance.statements],
    }


def loaded_entity_text(record: dict) -> str:
    """Return an entity as loaded for a person: one line per field and spelling, each with the
    file it came from; "(default)" for a field no file gave."""
    files = record["files"]
    rows = [("type", record["type"], files["type"]), ("name", record["name"], files["name"])]
    rows += [("  variant", variant["spelling"], variant["file"]) for variant in record["variants"]]
    for alias in record["aliases"]:
        rows.append(("alias", alias["name"], files["aliases"]))
        rows += [("  variant", variant["spelling"], variant["file"]) for variant in alias["variants"]]
    rows += [("distinct", spelling, files["distinct"]) for spelling in record["distinct"]]
    rows += [("note", record["note"], files["note"]), ("disabled", "yes" if record["disabled"] else "no", files["disabled"])]
    width = min(48, max(len(value) for _, value, _ in rows))
    lines = [f"{record['id']}" + (" (disabled)" if record["disabled"] else "")]
    lines += [f"  {label:<10}{visible(value):<{width}}  {visible(file) if file else '(default)'}" for label, value, file in rows]
    stated = ", ".join(f"{visible(place['file'])}:{place['line']}" for place in record["stated"])
    return "\n".join(lines + [f"  stated in {stated}"])
