"""False flags on English prose that names no Middle East entity: every finding is a false flag.

Run after the README's test install:  python benchmarks/prose.py

The prose is what every machine with the project has: the Python documentation topics shipped
with CPython (pydoc_data) and the project's own LICENSE text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pydoc_data.topics

from namecheck.api import check_text, load_matcher

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    matcher = load_matcher()
    corpora = {
        "Python documentation topics": "\n".join(pydoc_data.topics.topics.values()),
        "LICENSE (GPL-3.0)": (ROOT / "LICENSE").read_text(encoding="utf-8"),
    }
    print("| prose | MB | capitalized words | findings (all false) |")
    print("|---|---|---|---|")
    flagged = Counter()
    for name, text in corpora.items():
        findings = check_text(text, matcher, name)
        flagged.update(f"{f.text} -> {f.replacement}" for f in findings)
        capitalized = sum(1 for word in text.split() if word[:1].isupper())
        print(f"| {name} | {len(text.encode('utf-8')) / 1e6:.2f} | {capitalized:,} | {len(findings)} |")
    for change, count in flagged.most_common(20):
        print(f"- {change}: {count}")


if __name__ == "__main__":
    main()
