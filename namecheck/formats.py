"""Every output format, one class each, in one registry that the command line and the tests read.

A format serves some commands (`commands`). The command line makes one formatter a run and hands
it the records as they come, never naming a format:

- `check`: opening(), record(finding or unused suppression) for each, closing(summary) on
  standard output, then note(summary) on standard error;
- `fix`: opening(), fixed(path, findings) -> (standard output, standard error) for each file
  written, closing(summary);
- `match`: opening(), record(Answer) for each name, closing(summary);
- `report`, `discover` and `lexicon show`: document(data), the whole output.

Each method returns text to write as it is ("" for nothing), so a format streams: a finding is
written when it is found, whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from . import report
from .annotations import finding_annotation, unused_annotation
from .models import Finding, Match, UnusedSuppression
from .sarif import SARIF_SCHEMA, SARIF_VERSION, sarif_invocation, sarif_result, sarif_tool, sarif_unused_result

CHECK, FIX, MATCH, REPORT, DISCOVER, SHOW = "check", "fix", "match", "report", "discover", "lexicon show"


@dataclass(frozen=True)
class Answer:
    """One `match` answer: the name asked, the match (None: no match), and the explanation when asked."""

    query: str
    match: Match | None
    explanation: object | None = None


class Formatter:
    """The common behaviour: a format writes nothing it is not told to."""

    name: ClassVar[str]
    description: ClassVar[str]
    commands: ClassVar[tuple[str, ...]]

    def __init__(self, command: str, color: bool = False, version: str = ""):
        self.command = command
        self.color = color
        self.version = version
        self.problems: list[str] = []

    def opening(self) -> str:
        return ""

    def record(self, item) -> str:
        return ""

    def problem(self, message: str) -> str:
        """Take note of a document that could not be read (already said on standard error)."""
        self.problems.append(message)
        return ""

    def fixed(self, path: str, findings: list[Finding]) -> tuple[str, str]:
        return "", ""

    def closing(self, summary: dict) -> str:
        return ""

    def note(self, summary: dict) -> str:
        return ""

    def document(self, data) -> str:
        raise NotImplementedError(f"{self.name} does not write whole documents")


class TextFormat(Formatter):
    name = "text"
    description = "for people: the line, the name underlined"
    commands = (CHECK, FIX, MATCH, REPORT, SHOW)

    def record(self, item) -> str:
        if isinstance(item, Answer):
            if item.explanation is not None:
                return report.explanation_text(item.explanation) + "\n"
            return report.match_text(item.query, item.match) + "\n"
        if isinstance(item, UnusedSuppression):
            return report.unused_suppression_text(item, self.color) + "\n"
        return report.finding_text(item, self.color) + "\n"

    def fixed(self, path: str, findings: list[Finding]) -> tuple[str, str]:
        return "", report.visible(f"{path}: fixed {len(findings)} spelling(s)") + "\n"

    def note(self, summary: dict) -> str:
        return report.findings_summary(summary["files"], summary["findings"], summary["errors"]) + "\n"

    def document(self, data) -> str:
        if self.command == SHOW:
            return report.loaded_entity_text(data)
        return report.consistency_text(data)


def _dict(item) -> dict:
    return report.match_record(item.query, item.match) if isinstance(item, Answer) else item.to_dict()


class JsonlFormat(Formatter):
    name = "jsonl"
    description = "one JSON object a line"
    commands = (CHECK, FIX, MATCH)

    def record(self, item) -> str:
        return report.json_line(_dict(item)) + "\n"

    def fixed(self, path: str, findings: list[Finding]) -> tuple[str, str]:
        return "".join(report.json_line(finding.to_dict()) + "\n" for finding in findings), ""


_JSON_KEYS = {CHECK: "findings", FIX: "fixed", MATCH: "matches"}


class JsonFormat(Formatter):
    name = "json"
    description = "one JSON document with a summary"
    commands = (CHECK, FIX, MATCH, REPORT, DISCOVER, SHOW)

    def __init__(self, command: str, color: bool = False, version: str = ""):
        super().__init__(command, color, version)
        self.stream = report.JsonStream(_JSON_KEYS.get(command, command))

    def opening(self) -> str:
        return self.stream.opening()

    def record(self, item) -> str:
        return self.stream.record(_dict(item))

    def fixed(self, path: str, findings: list[Finding]) -> tuple[str, str]:
        return "".join(self.stream.record(finding.to_dict()) for finding in findings), ""

    def closing(self, summary: dict) -> str:
        return self.stream.closing(summary) + "\n"

    def document(self, data) -> str:
        if self.command == DISCOVER:
            clusters, summary = data
            return report.json_document("clusters", [cluster.to_dict() for cluster in clusters], summary)
        return report.json_document_of(data if self.command == SHOW else data.to_dict())


class HtmlFormat(Formatter):
    name = "html"
    description = "one self-contained page"
    commands = (REPORT,)

    def document(self, data) -> str:
        from .report_html import html_report

        return html_report(data)


class TomlFormat(Formatter):
    name = "toml"
    description = "lexicon entries to review"
    commands = (DISCOVER,)

    def document(self, data) -> str:
        from .discovery import clusters_toml

        clusters, summary = data
        return clusters_toml(clusters, summary["documents"]).rstrip("\n")


class SarifFormat(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0, for code scanning"
    commands = (CHECK,)

    def __init__(self, command: str, color: bool = False, version: str = ""):
        super().__init__(command, color, version)
        self.count = 0

    def opening(self) -> str:
        head = f'{{"$schema": "{SARIF_SCHEMA}", "version": "{SARIF_VERSION}", "runs": [{{"tool": '
        return head + report.json_line(sarif_tool(self.version)) + ', "columnKind": "unicodeCodePoints", "results": ['

    def record(self, item) -> str:
        result = sarif_unused_result(item) if isinstance(item, UnusedSuppression) else sarif_result(item)
        self.count += 1
        return ("," if self.count > 1 else "") + "\n" + report.json_line(result)

    def closing(self, summary: dict) -> str:
        return '\n], "invocations": [' + report.json_line(sarif_invocation(self.problems)) + "]}]}\n"


class GithubFormat(Formatter):
    name = "github"
    description = "GitHub Actions annotations"
    commands = (CHECK,)

    def record(self, item) -> str:
        return (unused_annotation(item) if isinstance(item, UnusedSuppression) else finding_annotation(item)) + "\n"


# The registry: the order is the order of the help, and each command's first format is its default.
FORMATS: tuple[type[Formatter], ...] = (TextFormat, JsonlFormat, JsonFormat, HtmlFormat, TomlFormat, SarifFormat, GithubFormat)
DEFAULTS = {CHECK: "text", FIX: "text", MATCH: "text", REPORT: "text", DISCOVER: "toml", SHOW: "text"}


def formats_for(command: str) -> dict[str, type[Formatter]]:
    """Return the formats a command writes, by name, its default first."""
    found = {format.name: format for format in FORMATS if command in format.commands}
    default = DEFAULTS[command]
    return {default: found[default], **found}


def formats_help(command: str) -> str:
    """Return the help of a command's --format option: each format and what it is for."""
    return "Output format: " + "; ".join(f"{name} ({format.description})" for name, format in formats_for(command).items()) + "."


def formatter(command: str, name: str, color: bool = False, version: str = "") -> Formatter:
    """Return a new formatter of the named format for one run of a command; raise KeyError for
    a format the command does not write."""
    return formats_for(command)[name](command, color, version)
