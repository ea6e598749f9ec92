"""Line and column of a code-point offset, for reporting."""

from __future__ import annotations

import bisect
import re

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets of one text to 1-based lines and columns (columns count code points)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [found.end() for found in _LINE_BREAK_RE.finditer(text)]

    def line_and_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_end(self, line: int) -> int:
        """Return the offset where a 1-based line's text ends: its line break, or the text's end."""
        if line >= len(self.starts):
            return len(self.text)
        after = self.starts[line]
        return after - (2 if self.text.startswith("\r\n", after - 2) else 1)

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line, without its line break."""
        return self.text[self.starts[line - 1] : self.line_end(line)]


def end_line_and_column(line: int, column: int, text: str) -> tuple[int, int]:
    """Return the line and the column just after the end of `text` written from line:column
    (1-based; the column counts code points)."""
    lines = _LINE_BREAK_RE.split(text)
    if len(lines) == 1:
        return line, column + len(text)
    return line + len(lines) - 1, len(lines[-1]) + 1
