"""The JSON answers of the API: the same records as the command line's `--format json`.

`check` answers `{"findings": [...], "summary": {"files", "findings", "errors"}}` like
`namecheck check --format json`; `fix` adds the fixed text and the findings it applied; `match`
answers `{"matches": [...], "summary": {"queries", "matched"}}` like `namecheck match --format
json`. What the page needs beyond that (the document's text, the entities, the explanations) is
added only when asked for, under keys of its own.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Iterator

from ..files import default_lexicon_dir
from ..lexicon import Lexicon
from ..matcher import Matcher
from ..models import Entity, Finding
from ..report import explanation_text, match_record
from ..terminal import json_safe
from .checking import CheckedDocument, OpenedDocument


def json_text(data: dict) -> str:
    """Return an answer as JSON text, controls escaped as the command line escapes them."""
    return json_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def source_label(source: str) -> str:
    """Return where an entity was loaded from: the file name within the default lexicon, else
    the path as it was given on the command line."""
    folder = str(default_lexicon_dir()) + os.sep
    return f"default lexicon: {source[len(folder):]}" if source.startswith(folder) else source


def entity_record(entity: Entity) -> dict:
    """Return an entity as the lexicon lists it, with where it came from."""
    return {**entity.to_dict(), "source": source_label(entity.source)}


def check_answer(document: CheckedDocument) -> dict:
    """Return the answer of `check` for one document; "problems" lists what could not be read."""
    problems = document.problems
    answer = {
        "findings": [finding.to_dict() for finding in document.findings],
        "summary": {"files": 1, "findings": len(document.findings), "errors": len(problems)},
    }
    if problems:
        answer["problems"] = problems
    return answer


def document_record(upload, text: str) -> dict:
    """Return the document part of the details: its name and format, and for an uploaded file
    the text its offsets index into (pasted text is indexed as it was sent)."""
    record = {"filename": upload.filename, "format": upload.format}
    if upload.data is not None:
        record["text"] = text
    return record


def details(document: CheckedDocument, lexicon: Lexicon) -> dict:
    """Return what the page shows besides the findings: the document's text (for an upload),
    which findings a fix can write, and every entity they name."""
    return {
        "document": {**document_record(document.upload, document.text), "fixable": [f.fixable for f in document.findings]},
        "entities": entity_records(document.findings, lexicon),
    }


def entity_records(findings: list[Finding], lexicon: Lexicon, known: set[str] | None = None) -> dict:
    """Return the records of the entities the findings name, except those already `known`
    (which gain the new ones)."""
    ids = {entity_id for finding in findings for entity_id in (finding.entities or (finding.entity,))}
    new = sorted(ids - (known or set()))
    if known is not None:
        known.update(new)
    return {entity_id: entity_record(lexicon.entity(entity_id)) for entity_id in new}


def streamed_lines(opened: OpenedDocument, lexicon: Lexicon) -> Iterator[dict]:
    """Return the answer of a streamed check as records, one per line: the document first, then
    each piece's findings (with which a fix can write, the entities not named before, problems
    and where the piece ends), then the summary like check's; an {"error"} record ends a
    document that turns out unreadable midway."""
    yield {"document": document_record(opened.upload, opened.text)}
    known: set[str] = set()
    findings = problems = 0
    try:
        for result in opened.results:
            findings += len(result.findings)
            problems += len(result.problems)
            yield {
                "findings": [finding.to_dict() for finding in result.findings],
                "fixable": [finding.fixable for finding in result.findings],
                "entities": entity_records(result.findings, lexicon, known),
                "problems": result.problems,
                "end": result.chunk.offset + len(result.chunk.text),
            }
    except ValueError as error:
        yield {"error": f"{opened.upload.filename}: {error}", "status": 422}
        return
    yield {"summary": {"files": 1, "findings": findings, "errors": problems}}


def fix_answer(document: CheckedDocument, applied: list[int]) -> dict:
    """Return the answer of `fix`: `check`'s, the findings applied, and the fixed document
    (its text; a Word document's bytes in base64)."""
    answer = {**check_answer(document), "applied": applied}
    if document.docx is not None:
        answer["fixed_base64"] = base64.b64encode(document.fixed_bytes(applied)).decode("ascii")
    else:
        answer["fixed"] = document.fixed_text(applied)
    return answer


def match_answer(names: list[str], matcher: Matcher, explain: bool) -> dict:
    """Return the answer of `match` for each name; with `explain`, each one's steps as the
    lines `match --explain` prints."""
    records = [match_record(name, matcher.match(name)) for name in names]
    answer = {
        "matches": records,
        "summary": {"queries": len(records), "matched": sum(1 for record in records if record["entity"])},
    }
    if explain:
        answer["explanations"] = [explanation_text(matcher.explain(name)).split("\n") for name in names]
    return answer
