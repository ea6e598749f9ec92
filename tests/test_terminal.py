"""terminal.py: control characters, escape sequences and undecodable bytes made visible."""

import json
import os
import re

import pytest
from conftest import table

from namecheck.terminal import escape_character, json_safe, visible

CASES = table("visible.csv")


_ESCAPE_RE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr\\])")
_NAMED = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def _decoded(cell: str) -> str:
    """The table writes unsafe characters in Python's escape notation: decode just those."""
    return _ESCAPE_RE.sub(lambda found: _NAMED.get(found[1]) or chr(int(found[1][1:], 16)), cell)


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_visible_renders_unsafe_characters_as_escapes(case):
    text = _decoded(case["text"])
    shown = visible(text, keep=_decoded(case["keep"]))
    assert shown == case["shown"]
    shown.encode("utf-8")  # always encodable, even from undecodable file names


# Every kind of character `visible` escapes: C0 controls, DEL and C1 controls, the bidirectional
# embeddings and overrides, the isolates, and (a sample of) lone surrogates.
UNSAFE_CODES = [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000, 97)]


@pytest.mark.parametrize("code", UNSAFE_CODES)
def test_no_unsafe_character_survives(code):
    shown = visible(f"a{chr(code)}b")
    assert all(ch.isprintable() for ch in shown) and shown.startswith("a\\") and shown.endswith("b")


def test_escaped_byte_is_the_file_name_byte():
    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    assert visible(name) == "r\\xe9sum\\xe9.txt"
    assert escape_character(os.fsdecode(b"\x80")) == "\\x80"


def test_json_safe_keeps_the_value_and_the_exact_file_name_bytes():
    raw = b"bad\xff\x9b.txt"
    record = {"path": os.fsdecode(raw), "text": "x\x1b[2J\x9b\u202e"}
    text = json_safe(json.dumps(record, ensure_ascii=False))
    assert all(ch.isprintable() for ch in text)
    text.encode("utf-8")
    back = json.loads(text)
    assert back == record
    assert os.fsencode(back["path"]) == raw


@pytest.mark.parametrize("code", [code for code in UNSAFE_CODES if code >= 0x7F])
def test_json_safe_escapes_what_json_leaves_raw(code):
    for text in (f"plain {chr(code)} text", f"Söhne {chr(code)}"):  # all ASCII but one, and not
        safe = json_safe(json.dumps({"text": text}, ensure_ascii=False))
        assert chr(code) not in safe and json.loads(safe) == {"text": text}


def test_json_safe_leaves_ordinary_text_alone():
    text = json.dumps({"name": "Muqtada al-Sadr", "arabic": "مقتدى الصدر", "accent": "Söhne"}, ensure_ascii=False)
    assert json_safe(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Hashd\u200f al-Shaabi",  # a right-to-left mark reorders nothing after its line
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian needs the zero-width non-joiner
        "a\u200db",  # zero-width joiner (emoji sequences)
        "Salah\u00a0al-Din",  # no-break space
    ],
)
def test_characters_that_shape_text_but_reorder_nothing_pass(text):
    assert visible(text) == text
