"""Text made safe to show on a terminal: control characters rendered visibly, never sent raw.

Documents and file names can hold escape sequences that a terminal would obey (retitle the
window, clear the screen, hide what follows) and bytes that are not UTF-8 (a file name decoded
with surrogateescape holds them as lone surrogates, which a strict UTF-8 stream cannot encode).
`visible` replaces each such character with a backslash escape, as Python writes it:
`\\x1b` for ESC, `\\x7f` for DEL, `\\u202e` for a bidirectional override, and `\\xff` for a
byte 0xFF that was not UTF-8. A backslash already in the text is left as it is.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Mapping

# C0 controls, DEL and C1 controls; the bidirectional embeddings, overrides and isolates, which
# reorder what follows them on the screen; and lone surrogates.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# surrogateescape maps an undecodable byte 0x80-0xFF to U+DC80-U+DCFF
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def escape_character(character: str) -> str:
    """Return the visible escape of one character: `\\x1b`, `\\u202e`, or `\\xff` for a raw byte."""
    code = ord(character)
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """Return `text` with every control character, bidirectional control and lone surrogate
    escaped, except the characters in `keep` (a finding's line keeps its tabs).

    >>> visible("x \\x1b]0;title\\x07")
    'x \\\\x1b]0;title\\\\x07'
    """
    # Every character the pattern finds is one Python does not print, and most texts are all printable.
    if text.isprintable() or not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(lambda found: found[0] if found[0] in keep else escape_character(found[0]), text)


_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(json_text: str) -> str:
    """Return JSON text (from json.dumps(..., ensure_ascii=False)) with DEL, C1 controls,
    bidirectional controls and lone surrogates written as `\\u` escapes; json.dumps already
    escapes the C0 controls.

    The result is the same JSON value, safe on a terminal and encodable as UTF-8: a file name
    that is not UTF-8 becomes `\\udcff` escapes, which json.loads and os.fsencode turn back into
    its exact bytes. JSON text is ASCII outside strings, so every character found is in a string.
    """
    if json_text.isascii() and "\x7f" not in json_text:
        return json_text  # the pattern finds DEL and characters beyond ASCII only
    return _JSON_UNSAFE_RE.sub(lambda found: f"\\u{ord(found[0]):04x}", json_text)


def color_wanted(environ: Mapping[str, str], is_terminal: bool) -> bool:
    """Return whether output gets colour: NO_COLOR (set and not empty) says never, FORCE_COLOR
    (set and not empty) says always, and otherwise only on a terminal. NO_COLOR wins over
    FORCE_COLOR: a reader who cannot or will not see colour is the one to serve."""
    if environ.get("NO_COLOR"):
        return False
    return bool(environ.get("FORCE_COLOR")) or is_terminal


@lru_cache(maxsize=1)
def _console():
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=1 << 16, no_color=False)


def painted(*parts: str | tuple[str, str]) -> str:
    """Return the parts joined, each (text, style) in its rich style ("bold", "red" ...), as
    terminal escape codes rendered by rich; the texts must already be visible()."""
    from rich.text import Text

    console = _console()
    with console.capture() as capture:
        console.print(Text.assemble(*parts), end="", soft_wrap=True)
    return capture.get()
