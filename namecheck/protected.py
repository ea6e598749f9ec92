"""Stretches of running text that are not prose: URLs, e-mail addresses, handles, hashtags, paths.

A name inside one of them ("https://example.com/Soudani-visit", "press@Soudani.iq", "@Soudani",
"#Nadjaf", "/srv/Soudani/notes.txt") is part of an address or an identifier: rewriting it would
break it. They are found here, in one place, and the scanner skips them.

Finding them costs one pass of a cheap pattern over the text: only the characters that such
tokens contain (@ # / \\ :, and a dot before two lower-case letters) trigger a look at the
whitespace-delimited token around them, and a token is looked at once.
"""

from __future__ import annotations

import re

_TRIGGER_RE = re.compile(r"[@#/\\]|:/|\.[a-z]{2}|www\.")
_SPACE_RE = re.compile(r"\s")
# Punctuation that may enclose or end a token in prose without belonging to it.
_EDGES = "()[]{}<>\"'‘’“”«»,;:!?.…"
MAX_TOKEN = 4096  # a longer run without white space is looked at in windows of this size

_DOMAIN_RE = re.compile(r"(?:[\w-]+\.)+[a-z]{2,24}(?:[/?#]\S*)?")
_DRIVE_RE = re.compile(r"[A-Za-z]:[/\\]")
_EXTENSION_RE = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_SPACES = " \t\n\r\f\v\u00a0\u2028\u2029"


def _token_around(text: str, position: int) -> tuple[int, int]:
    """Return the whitespace-delimited token around `position`, at most MAX_TOKEN long each way."""
    floor = max(0, position - MAX_TOKEN)
    start = max(floor, max(text.rfind(space, floor, position) + 1 for space in _SPACES))
    found = _SPACE_RE.search(text, position, position + MAX_TOKEN)
    end = found.start() if found else min(len(text), position + MAX_TOKEN)
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    return start, end


def _is_path(token: str) -> bool:
    if token.startswith(("/", "\\", "./", "../", "~/")) or _DRIVE_RE.match(token):
        return True
    slashes = token.count("/") + token.count("\\")
    return slashes >= 2 or (slashes == 1 and bool(_EXTENSION_RE.search(token)))


def _is_protected(token: str) -> bool:
    """Return True for a URL, an e-mail address, a @handle, a #hashtag, a path or a domain."""
    if "://" in token or token[:4].lower() == "www.":
        return True
    if token[0] in "@#":
        return len(token) > 1 and (token[1].isalnum() or token[1] == "_")
    if "@" in token:
        local, _, domain = token.partition("@")
        return bool(local) and "." in domain.strip(".")
    return _is_path(token) or bool(_DOMAIN_RE.fullmatch(token))


def protected_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the spans of the URLs, e-mail addresses, handles, hashtags and paths of a text that
    overlap text[start:end] (all of it by default), in text order, as half-open code-point offsets."""
    end = len(text) if end is None else end
    low = _token_around(text, start)[0] if start < len(text) else start
    high = _token_around(text, end - 1)[1] if end > 0 else end
    spans: list[tuple[int, int]] = []
    searched_to = low
    for trigger in _TRIGGER_RE.finditer(text, low, high):
        if trigger.start() < searched_to:
            continue
        first, last = _token_around(text, trigger.start())
        searched_to = last
        first, last = _trimmed(text, first, last)
        if first < last and _is_protected(text[first:last]) and last > start and first < end:
            if spans and spans[-1][1] >= first:
                first = spans.pop()[0]
            spans.append((first, last))
    return spans
