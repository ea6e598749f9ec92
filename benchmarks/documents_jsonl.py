"""Reading JSONL against plain text: the reader alone, a whole check, and peak memory.

Run after the README's test install:  python benchmarks/documents_jsonl.py [--size BYTES] [--rounds N]

A news-like JSONL file is generated from a fixed seed (records with id, url, title, body, a
nested author and tags; a quarter of them written with non-ASCII as \\u escapes) and written to
a temporary folder. The same file is then read as JSONL (every string value) and as plain text:
- regions: the time to produce every region, the file read as check reads it (decoded blocks,
  cut into chunks where the format's safe_cut allows);
- check: the pipeline of `namecheck check` over the file (scan_file), findings counted, not printed.
Times are this process's processor seconds; rounds alternate the two formats; medians are reported. Then tracemalloc's peak, reading the JSONL
regions and checking, for a quarter of the file and the whole: it stays flat when memory is
bounded by the chunk and the largest record rather than by the file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from speed import synthetic_corpus

from namecheck.api import load_matcher, scan_file
from namecheck.documents import ReadOptions, Region, jsonl, text
from namecheck.files import open_text
from namecheck.pipeline import chunks_of
from namecheck.resources import given_names
from namecheck.runtime import settle_for_batch

OPTIONS = ReadOptions()  # every string value of a record, as a check without --json-field reads it


def news_records(size: int, matcher, prose: str | None = None) -> str:
    """Return about `size` characters of JSONL news records, the same for the same size: from the
    sentences of `prose`, or of generated prose."""
    rng = random.Random(20261126)
    prose = re.split(r"(?<=\. )", prose or synthetic_corpus(size, matcher, zipf=True))
    given = sorted(given_names())
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    lines, length, at, number = [], 0, 0, 0
    while length < size and at < len(prose):
        count = rng.randint(4, 30)
        body, at = "".join(prose[at : at + count]).strip(), at + count
        title = body.split(". ")[0][:90]
        record = {
            "id": f"story-{number:07}" if rng.random() < 0.5 else number,
            "url": "https://example.org/news/" + "-".join(re.findall(r"\w+", title.lower())[:8]),
            "title": title,
            "body": body,
            "author": {"name": f"{rng.choice(given).capitalize()} {rng.choice(names)}", "desk": "world"},
            "tags": rng.sample(names, 3),
            "published": f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
            "words": body.count(" ") + 1,
        }
        line = json.dumps(record, ensure_ascii=rng.random() < 0.25) + "\n"
        lines.append(line)
        length += len(line)
        number += 1
    return "".join(lines)


def read_regions(path: Path, reader) -> int:
    """Produce every region of a file read as `check` reads it (decoded blocks, cut into chunks
    where the format allows); return how many there are."""
    count = 0
    for chunk in chunks_of(open_text(str(path)).blocks(), reader):
        for item in reader.regions(chunk.text, replace(OPTIONS, first_line=chunk.line - 1)):
            count += isinstance(item, Region)
    return count


def check(path: Path, reader, matcher) -> int:
    """Scan a file as `namecheck check` does (its output aside); return the number of findings."""
    results = scan_file(str(path), matcher, reader.NAME, OPTIONS).results
    return sum(len(result.findings) for result in results)


def timed(action) -> tuple[float, int]:
    """Return the processor seconds `action` took and what it returned. Processor time rather
    than wall time: on a shared machine other processes' load stretches wall time unevenly."""
    start = time.process_time()
    result = action()
    return time.process_time() - start, result


def peak_megabytes(action) -> float:
    """Return tracemalloc's peak while `action` runs."""
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def speed_table(path: Path, matcher, rounds: int) -> None:
    print("| format | MB | regions | regions (s) | findings | check (s) | check MB/s |")
    print("|---|---|---|---|---|---|---|")
    rows = {}
    for round_ in range(rounds):
        for reader in (jsonl, text) if round_ % 2 == 0 else (text, jsonl):
            row = rows.setdefault(reader.NAME, {"regions": [], "check": []})
            seconds, row["count"] = timed(lambda: read_regions(path, reader))
            row["regions"].append(seconds)
            seconds, row["findings"] = timed(lambda: check(path, reader, matcher))
            row["check"].append(seconds)
    megabytes = path.stat().st_size / 1e6
    for name, row in rows.items():
        read, checked = statistics.median(row["regions"]), statistics.median(row["check"])
        print(f"| {name} | {megabytes:.1f} | {row['count']:,} | {read:.2f} | {row['findings']:,} | {checked:.2f} | {megabytes / checked:.2f} |")
    ratio = statistics.median(rows["jsonl"]["check"]) / statistics.median(rows["text"]["check"])
    print(f"\ncheck as JSONL / check as plain text: {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    matcher = load_matcher()
    settle_for_batch()  # as the command line does: see namecheck/runtime.py
    corpus = news_records(args.size, matcher)
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for size in (args.size // 4, args.size):
            paths[size] = Path(folder) / f"records-{size}.jsonl"
            paths[size].write_text(corpus[: corpus.rfind("\n", 0, size) + 1], encoding="utf-8", newline="")
        del corpus
        full = paths[args.size]
        for reader in (text, jsonl):  # fill the matcher's and the scanner's caches first
            check(paths[args.size // 4], reader, matcher)
        print(f"median of {args.rounds} rounds, alternating formats; python {sys.version.split()[0]}")
        speed_table(full, matcher, args.rounds)
        print("\n| JSONL file (MB) | peak while reading its regions (MB) | peak during check (MB) |")
        print("|---|---|---|")
        for path in paths.values():
            regions_peak = peak_megabytes(lambda: read_regions(path, jsonl))
            check_peak = peak_megabytes(lambda: check(path, jsonl, matcher))
            print(f"| {path.stat().st_size / 1e6:.1f} | {regions_peak:.1f} | {check_peak:.1f} |")


if __name__ == "__main__":
    main()
