"""Checking news copy as plain text, Markdown, HTML and JSONL, each as a user runs it.

Run after the README's test install:
    python benchmarks/documents.py [--sizes 5 20] [--rounds 3]

For each size (in millions of characters) four files of news copy are written, all made from one
generated prose (a fixed seed: English words with Zipf frequencies, lexicon spellings, variants
and given names throughout) by the generators of the per-format benchmarks:
- .txt: its paragraphs between blank lines;
- .md: documents_markdown's article from its sentences (front matter, headings, links, emphasis,
  inline code, lists, block quotes, tables, fenced code; half the paragraphs wrapped);
- .html: the .txt's paragraphs as documents_html's page (inline tags inside and around names,
  entities, headings, figures, tables, scripts and styles);
- .jsonl: documents_jsonl's records from its sentences (id, url, title, body, a nested author,
  tags; a quarter of them with non-ASCII written as \\u escapes).
Each file is checked by the installed command in a fresh process, start-up and output included:
    python -m namecheck check FILE --format jsonl > /dev/null
and each of the three formats also as plain text (--input-format text), which shows what reading
the format costs on the same bytes. Every round runs every command once, in an order that turns
round by round. Reported: the medians of wall time and of processor time (user + system, from
os.wait4, so other work on a shared machine counts less), the peak resident memory (ru_maxrss of
the command alone: it is started through processes.py's launcher),
and the ratios of processor time to the plain-text file's and to the same file read as text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from documents_html import html_page
from documents_jsonl import news_records
from documents_markdown import news_markdown
from processes import run
from speed import synthetic_corpus

from namecheck.api import load_matcher

READERS = {"txt": "text", "md": "markdown", "html": "html", "jsonl": "jsonl"}  # by extension


def documents(size: int, matcher) -> dict[str, str]:
    """Return about `size` characters of news copy in each format, by extension, all made from
    the same generated prose (so that the scanner meets as many new names in each)."""
    prose = synthetic_corpus(size, matcher, zipf=True)
    paragraphs = [line.strip() for line in prose.split("\n") if line.strip()]
    return {
        "txt": "\n\n".join(paragraphs) + "\n",
        "md": news_markdown(size, matcher, prose=prose),
        "html": html_page(paragraphs),
        "jsonl": news_records(size, matcher, prose=prose),
    }


def run_check(path: Path, as_text: bool) -> tuple[float, float, float]:
    """Run `check` on a file in a fresh process; return its wall seconds, processor seconds and
    peak resident memory in MB."""
    command = [sys.executable, "-m", "namecheck", "check", str(path), "--format", "jsonl"]
    if as_text:
        command += ["--input-format", "text"]
    done = run(command, statuses=(0, 1))  # 1: findings were reported
    return done.seconds, done.cpu, done.peak_mb


def measured(paths: dict[tuple[str, bool], Path], rounds: int) -> dict[tuple[str, bool], list[tuple[float, float, float]]]:
    """Run every command `rounds` times, interleaved, the order turning from round to round."""
    runs: dict[tuple[str, bool], list] = {key: [] for key in paths}
    keys = list(paths)
    for round_ in range(rounds):
        shift = round_ % len(keys)
        for key in keys[shift:] + keys[:shift]:
            runs[key].append(run_check(paths[key], as_text=key[1]))
    return runs


def table(size: int, files: dict[str, Path], runs: dict) -> list[str]:
    """Return the Markdown table rows of one size."""
    median = {key: [statistics.median(values) for values in zip(*rows)] for key, rows in runs.items()}
    text_cpu = median[("txt", False)][1]
    rows = []
    for (extension, as_text), (wall, cpu, peak) in median.items():
        read_as = "text" if as_text else READERS[extension]
        own = median[(extension, True)][1] if extension != "txt" and not as_text else None
        rows.append(
            f"| {size / 1e6:g} M | .{extension} as {read_as} | {files[extension].stat().st_size / 1e6:.1f} | {wall:.2f} | {cpu:.2f} "
            f"| {peak:.0f} | {cpu / text_cpu:.2f} | {'' if own is None else f'{cpu / own:.2f}'} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 20], help="millions of characters")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    matcher = load_matcher()
    print(f"medians of {args.rounds} rounds; python {sys.version.split()[0]}; {os.cpu_count()} processors\n")
    print("| size | file, read as | MB | wall s | processor s | peak MB | processor / .txt | processor / same file as text |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(size * 1e6) for size in args.sizes):
            files = {}
            for extension, text in documents(size, matcher).items():
                files[extension] = Path(folder) / f"news-{size}.{extension}"
                files[extension].write_text(text, encoding="utf-8", newline="")
            paths = {(extension, as_text): path for extension, path in files.items() for as_text in (False, True) if not (as_text and extension == "txt")}
            for row in table(size, files, measured(paths, args.rounds)):
                print(row, flush=True)


if __name__ == "__main__":
    main()
