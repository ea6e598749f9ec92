"""GitHub Actions workflow commands: one `::warning file=...,line=...::message` line a finding,
which the runner shows as an annotation on the line of the file.

A command's message escapes `%`, carriage return and line feed as %25, %0D and %0A; a property
value (the file name, the title) also escapes `:` and `,` as %3A and %2C, since they separate
properties. Control characters from documents and file names are made visible first, as on a
terminal.
"""

from __future__ import annotations

from .models import Finding, UnusedSuppression
from .positions import end_line_and_column
from .terminal import visible


def escaped_message(text: str) -> str:
    """Return a command's message escaped."""
    return visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escaped_property(text: str) -> str:
    """Return a property value escaped."""
    return escaped_message(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, path: str, line: int, column: int, text: str, title: str) -> str:
    """Return one annotation command (level: error, warning or notice) for a span of a file."""
    end_line, end_column = end_line_and_column(line, column, text)
    properties = {
        "file": path,
        "line": line,
        "col": column,
        "endLine": end_line,
        "endColumn": end_column,
        "title": title,
    }
    listed = ",".join(f"{key}={escaped_property(str(value))}" for key, value in properties.items())
    return f"::{level} {listed}::{escaped_message(message)}"


def finding_annotation(finding: Finding) -> str:
    """Return the annotation of one finding."""
    safety = "safe fix" if finding.safe else "unsafe fix"
    message = f"{finding.text} -> {finding.replacement} [{finding.entity}, {finding.kind}, {finding.score:.2f}, {safety}]"
    if finding.note:
        message += f"\n{finding.note}"
    title = f"namecheck: write {finding.replacement}"
    return workflow_command("warning", message, finding.path, finding.line, finding.column, finding.text, title)


def unused_annotation(unused: UnusedSuppression) -> str:
    """Return the annotation of a suppression comment that suppressed nothing."""
    message = f"unused suppression: {unused.text}"
    return workflow_command("warning", message, unused.path, unused.line, unused.column, unused.text, "namecheck: unused suppression")
