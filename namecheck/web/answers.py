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

from ..files import default_lexicon_dir
from ..lexicon import Lexicon
from ..matcher import Matcher
from ..models import Entity
from ..report import explanation_text, match_record
from ..terminal import json_safe
from .checking import CheckedDocument


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


def details(document: CheckedDocument, lexicon: Lexicon) -> dict:
    """Return what the page shows besides the findings: the text their offsets index into,
    which findings a fix can write, and every entity they name."""
    ids = {entity_id for finding in document.findings for entity_id in (finding.entities or (finding.entity,))}
    return {
        "document": {
            "filename": document.upload.filename,
            "format": document.upload.format,
            "text": document.text,
            "fixable": [finding.fixable for finding in document.findings],
        },
        "entities": {entity_id: entity_record(lexicon.entity(entity_id)) for entity_id in sorted(ids)},
    }


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
