"""SARIF 2.1.0 records of findings, for code-scanning services.

One rule per finding kind; each result carries a region (line and column, and the code-point
offset and length of the span: the run's columnKind says columns count code points) and, when
the finding can be fixed, the fix as replacements of character ranges. A file name becomes a URI
reference: relative as given, absolute as a file: URI, any byte that is not a URI character
percent-encoded.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from .models import KIND_CASE, KIND_PHONETIC, KIND_UNUSED_SUPPRESSION, KIND_VARIANT, Finding, UnusedSuppression
from .positions import end_line_and_column

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

# id, name, short description, the help text
_RULES = (
    (KIND_VARIANT, "ListedVariant", "A spelling the lexicon lists as a variant of a house spelling",
     "The lexicon lists this spelling as a variant: the fix writes the house spelling it is listed under (a safe fix)."),
    (KIND_PHONETIC, "SoundsLikeHouseSpelling", "A spelling that sounds like a house spelling",
     "The matcher judges this spelling to be the same name as a house spelling: the fix is unsafe (applied with --unsafe-fixes)."),
    (KIND_CASE, "ArticleCase", "A house spelling whose article is written in another case mid-sentence",
     "The house spelling writes the article in another case here: the fix changes only that case (a safe fix)."),
    (KIND_UNUSED_SUPPRESSION, "UnusedSuppression", "A suppression comment that suppresses nothing",
     "No finding is on the lines this namecheck comment covers: remove it."),
)
RULE_IDS = tuple(rule[0] for rule in _RULES)


def sarif_rules() -> list[dict]:
    """Return the reporting descriptors of every finding kind, in RULE_IDS order."""
    return [
        {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full},
            "defaultConfiguration": {"level": "warning"},
        }
        for rule_id, name, short, full in _RULES
    ]


def artifact_uri(path: str) -> str:
    """Return a file name as a URI reference (stdin as "stdin")."""
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri() if path.isprintable() else "file://" + quote(os.fsencode(path))
    return quote(os.fsencode(path.replace(os.sep, "/")))


def _region(line: int, column: int, start: int, text: str) -> dict:
    end_line, end_column = end_line_and_column(line, column, text)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": len(text),
        "snippet": {"text": text},
    }


def _location(path: str, region: dict) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}


def _fix(finding: Finding) -> dict:
    safety = "safe" if finding.safe else "unsafe"
    return {
        "description": {"text": f"Write {finding.replacement!r} ({safety} fix)"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": artifact_uri(finding.path)},
                "replacements": [
                    {
                        "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in finding.edits
                ],
            }
        ],
    }


def sarif_result(finding: Finding) -> dict:
    """Return the SARIF result of one finding."""
    result = {
        "ruleId": finding.kind,
        "ruleIndex": RULE_IDS.index(finding.kind),
        "level": "warning",
        "message": {"text": f"{finding.text!r} is not the house spelling: write {finding.replacement!r} ({finding.entity})"},
        "locations": [_location(finding.path, _region(finding.line, finding.column, finding.start, finding.text))],
        "properties": {
            "entity": finding.entity,
            "entities": list(finding.entities or (finding.entity,)),
            "replacement": finding.replacement,
            "score": round(finding.score, 4),
            "safe": finding.safe,
        },
    }
    if finding.fixable:
        result["fixes"] = [_fix(finding)]
    if finding.note:
        result["properties"]["note"] = finding.note
    return result


def sarif_unused_result(unused: UnusedSuppression) -> dict:
    """Return the SARIF result of a suppression comment that suppressed nothing."""
    return {
        "ruleId": unused.kind,
        "ruleIndex": RULE_IDS.index(unused.kind),
        "level": "warning",
        "message": {"text": f"unused suppression: {unused.text!r}"},
        "locations": [_location(unused.path, _region(unused.line, unused.column, unused.start, unused.text))],
    }


def sarif_tool(version: str) -> dict:
    """Return the tool component: namecheck, its version and its rules."""
    return {"driver": {"name": "namecheck", "version": version, "rules": sarif_rules()}}


def sarif_invocation(problems: list[str]) -> dict:
    """Return the invocation record: successful when no document failed, each failure a notification."""
    return {
        "executionSuccessful": not problems,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": problem}} for problem in problems],
    }
