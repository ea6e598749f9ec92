"""A consistency report (and discovery) over many generated documents: time and memory.

Run after the README's test install:  python benchmarks/report_scale.py [--documents 10000] [--places]

With --places each document goes through the pipeline as `namecheck report` reads it, and the
report also keeps the places an editor acts on (the first line numbers of each spelling in each
document, a line of text from its first documents): the memory they add must stay bounded too.

Documents of about 1 KB are generated from a fixed seed (English words, lexicon spellings and
their variants) into a temporary folder, then read one at a time as `namecheck report` does.
Memory is traced with tracemalloc: what the report holds after each checkpoint (counts per
entity, spelling and document) and the peak, which would grow with the corpus if texts or
mentions were kept.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from namecheck.api import load_matcher, scan_text
from namecheck.consistency import ConsistencyCounter
from namecheck.discovery import Discovery, clusters_toml
from namecheck.lexicon import build_lexicon
from namecheck.files import read_document
from namecheck.resources import english_words
from namecheck.scanner import scan_mentions


def write_corpus(folder: Path, documents: int, matcher) -> list[Path]:
    rng = random.Random(7)
    words = sorted(w for w in english_words() if len(w) <= 8)
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    paths = []
    for number in range(documents):
        sentence = []
        while sum(len(w) + 1 for w in sentence) < 1000:
            sentence.append(rng.choice(names) if rng.random() < 0.05 else rng.choice(words))
        path = folder / f"doc{number:06}.txt"
        path.write_text(" ".join(sentence) + ".\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--places", action="store_true", help="read through the pipeline and keep lines and snippets")
    args = parser.parse_args()
    matcher = load_matcher()
    checkpoints = sorted({args.documents // 4, args.documents // 2, args.documents})
    with tempfile.TemporaryDirectory() as folder:
        paths = write_corpus(Path(folder), args.documents, matcher)
        counter = ConsistencyCounter(matcher.lexicon)
        tracemalloc.start()
        start = time.perf_counter()
        print(
            "| documents read | seconds | memory held (MB) | of which the report's counts (MB) | peak (MB) "
            "| mentions counted | (spelling, document) pairs |"
        )
        print("|---|---|---|---|---|---|---|")
        mentions = 0
        for number, path in enumerate(paths, 1):
            document = read_document(str(path))
            if args.places:
                results = list(scan_text(document.text, matcher, document.path, every=True))
                mentions += sum(len(result.mentions) for result in results)
                counter.add_results(document.path, results)
            else:
                found = scan_mentions(document.text, matcher)
                mentions += len(found)
                counter.add(document.path, found)
            if number in checkpoints:
                current, peak = tracemalloc.get_traced_memory()
                pairs = sum(len(documents) for documents in counter._counts.values())
                counts = sum(
                    stat.size
                    for stat in tracemalloc.take_snapshot().statistics("filename")
                    if stat.traceback[0].filename.endswith("consistency.py")
                )
                print(
                    f"| {number:,} | {time.perf_counter() - start:.1f} | {current / 1e6:.1f} | {counts / 1e6:.1f} "
                    f"| {peak / 1e6:.1f} | {mentions:,} | {pairs:,} |"
                )
        report = counter.report()
        tracemalloc.stop()
        print()
        print(f"{report.summary()['entities']} entities, {report.summary()['inconsistent_entities']} spelled inconsistently")
        discover_over(paths)


def discover_over(paths: list[Path]) -> None:
    """Time discovery (an empty lexicon, as `discover --no-default-lexicon`) over the same corpus."""
    finder = Discovery()
    tracemalloc.start()
    start = time.perf_counter()
    for path in paths:
        finder.add(str(path), read_document(str(path)).text)
    clusters = finder.clusters()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    build_lexicon([("suggestions.toml", clusters_toml(clusters, finder.documents))])  # it must load
    print(
        f"discovery over the same {len(paths):,} documents: {seconds:.1f} s, peak {peak / 1e6:.1f} MB, "
        f"{len(clusters)} clusters, written lexicon valid"
    )


if __name__ == "__main__":
    main()
