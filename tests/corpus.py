"""A generated corpus of news-like JSON Lines records, the same for the same arguments, for the
normalize tests: names from a lexicon (house spellings and variants) among ordinary words,
nested fields, non-ASCII written raw or as \\u escapes, CRLF endings, blank lines and, when asked
for, lines that hold no valid record."""

from __future__ import annotations

import json
import random

from namecheck.lexicon import Lexicon
from namecheck.resources import english_words

BROKEN = ('{"id": "broken", "body": "Nadjaf"', '["not", "an", "object"]', '{"body": "\xff"}')


def _sentence(rng: random.Random, words: list[str], names: list[str]) -> str:
    parts = [rng.choice(words).capitalize()]
    for _ in range(rng.randint(6, 16)):
        parts.append(rng.choice(names) if rng.random() < 0.12 else rng.choice(words))
    return " ".join(parts) + "."


def corpus_lines(count: int, lexicon: Lexicon, seed: int = 12, broken_every: int = 0, sentences: int = 3) -> list[bytes]:
    """Return `count` lines of JSON Lines (bytes, line endings included), bodies of 1 to
    `sentences` sentences; with `broken_every`, every so many lines is one that holds no valid
    record (bad JSON, not an object, not UTF-8)."""
    rng = random.Random(seed)
    words = sorted(word for word in english_words() if word.isalpha() and 3 <= len(word) <= 8)[:2000]
    names = sorted({s for e in lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    lines = []
    for number in range(count):
        if broken_every and number % broken_every == broken_every - 1:
            bad = BROKEN[number % len(BROKEN)]
            lines.append(bad.encode("latin-1") + b"\n")
            continue
        if number % 101 == 50:
            lines.append(b"\n")
            continue
        record = {
            "id": number,
            "title": _sentence(rng, words, names)[:60],
            "body": " ".join(_sentence(rng, words, names) for _ in range(rng.randint(1, sentences))),
            "meta": {"desk": rng.choice(["world", "región", "politics"]), "tags": rng.sample(names, 2)},
        }
        ending = "\r\n" if number % 7 == 3 else "\n"
        lines.append((json.dumps(record, ensure_ascii=number % 4 == 0) + ending).encode("utf-8"))
    return lines
