"""report.py: text findings never carry raw control characters; JSON carries any file name."""

import json
import os

from namecheck.models import Finding
from namecheck.report import finding_text, json_line


def _finding(line: str, span: str, path: str = "doc.txt") -> Finding:
    start = line.index(span)
    return Finding(
        path, 1, start + 1, start, start + len(span), span, "Hashd al-Shaabi", "hashd", "variant", 1.0,
        context=line, context_column=start,
    )


def test_escapes_in_the_line_are_shown_and_the_underline_stays_under_the_span():
    finding = _finding("x \x1b]0;PWNED\x07\x1b[2J Hachd al-Chaabi", "Hachd al-Chaabi")
    header, shown, underline = finding_text(finding).split("\n")
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown.strip().startswith("x \\x1b]0;PWNED\\x07\\x1b[2J")
    column = underline.index("^")
    assert shown[column:].startswith("Hachd al-Chaabi") and underline.count("^") == len("Hachd al-Chaabi")


def test_tabs_stay_so_the_underline_lines_up():
    shown, underline = finding_text(_finding("a\tb\tHachd al-Chaabi", "Hachd al-Chaabi")).split("\n")[1:]
    assert shown == "    a\tb\tHachd al-Chaabi" and underline == "     \t \t" + "^" * 15


def test_a_file_name_with_escapes_and_undecodable_bytes_is_shown_as_escapes():
    path = os.fsdecode(b"bad\xff\x1b[31m.txt")
    header = finding_text(_finding("Hachd al-Chaabi", "Hachd al-Chaabi", path), color=True).split("\n")[0]
    assert "bad\\xff\\x1b[31m.txt:1:1:" in header
    header.encode("utf-8")


def test_json_line_keeps_an_undecodable_file_name_exactly():
    raw = b"bad\xff.txt"
    line = json_line(_finding("Hachd al-Chaabi", "Hachd al-Chaabi", os.fsdecode(raw)).to_dict())
    line.encode("utf-8")
    assert os.fsencode(json.loads(line)["path"]) == raw
