"""Reading Markdown against plain text: the reader alone, a whole check, and peak memory.

Run after the README's test install:  python benchmarks/documents_markdown.py [--size CHARS] [--rounds N]

A Markdown file of news copy is generated from a fixed seed: front matter, headings, paragraphs
(half wrapped at 80 columns, half on one line) with links, emphasis, inline code and entities,
nested lists, block quotes, tables and fenced code, names from the lexicon throughout (the
sentences of 4 M characters of generated prose, reused beyond that). It is read as a large file is read, in
blocks of 1 MB, each buffer cut where the format's safe_cut allows, once as Markdown and once as
plain text; for each, medians of the rounds (alternating the formats) of
- regions: the time to produce every region of the file;
- check: regions, scan_mentions over each region's text, and each flagged mention mapped back to
  a source span (the work `check` does for a document).
Then tracemalloc's peak while the Markdown regions of a quarter of the file and of all of it are
read from disk: it stays flat when memory is bounded by the largest block, not by the file.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from speed import synthetic_corpus

from namecheck.api import load_matcher
from namecheck.documents import markdown, text
from namecheck.scanner import scan_mentions

BLOCK = 1 << 20  # characters read at a time
PROSE = 4_000_000  # characters of generated prose, its sentences reused in a larger file


class _Writer:
    """Turns plain sentences into Markdown blocks, the same for the same seed."""

    def __init__(self, sentences: list[str], names: list[str]):
        self.rng, self.sentences, self.names, self.at = random.Random(20261126), sentences, names, 0

    def sentence(self) -> str:
        self.at = (self.at + 1) % len(self.sentences)
        return self.sentences[self.at]

    def decorated(self, words: list[str]) -> str:
        """Return the words with some links, emphasis, inline code and entities, about as often
        as news copy has them: half the paragraphs have none."""
        rng, out = self.rng, []
        for word in words:
            roll = rng.random()
            if roll < 0.004:
                word = f"[{word}](https://example.org/{rng.choice(self.names).replace(' ', '-')})"
            elif roll < 0.007:
                word = f"**{word}**"
            elif roll < 0.01:
                word = f"*{word}*"
            elif roll < 0.012:
                word = f"`{rng.choice(self.names)}`"
            elif roll < 0.013:
                word += " &amp;"
            out.append(word)
        return " ".join(out)

    def wrapped(self, words: list[str], prefix: str = "", width: int = 80) -> str:
        lines, line = [], prefix
        for word in words:
            if len(line) + len(word) > width and line.strip():
                lines.append(line.rstrip())
                line = " " * len(prefix) if prefix.startswith(("-", "1")) else prefix
            line += word + " "
        return "\n".join([*lines, line.rstrip()]) + "\n"

    def paragraph(self, prefix: str = "") -> str:
        """Return a paragraph, wrapped at 80 columns or (as half of them are) on one line."""
        words = self.decorated(" ".join(self.sentence() for _ in range(self.rng.randint(1, 5))).split()).split(" ")
        width = 80 if self.rng.random() < 0.5 else 1 << 20
        return self.wrapped(words, prefix, width)

    def block(self) -> str:
        """Return a block: mostly paragraphs, then headings, lists, quotes, code and tables."""
        roll = self.rng.random()
        if roll < 0.06:
            return "## " + self.sentence().strip().rstrip(".") + "\n"
        if roll < 0.11:
            items = [self.paragraph("- ") for _ in range(3)] + [self.paragraph("   1. ").replace("\n ", "\n    ")]
            return "".join(items)
        if roll < 0.14:
            return self.paragraph("> ")
        if roll < 0.15:
            rows = [f"| {' | '.join(self.rng.choice(self.names) for _ in range(3))} |" for _ in range(5)]
            return "\n".join(["| Name | Seen as | Note |", "|---|---|---|", *rows]) + "\n"
        if roll < 0.17:
            return f"```\nrecord = lookup({self.rng.choice(self.names)!r})\n```\n"
        return self.paragraph()


def news_markdown(size: int, matcher) -> str:
    """Return about `size` characters of Markdown news copy, the same for the same size."""
    prose = synthetic_corpus(min(size, PROSE), matcher, zipf=True)
    sentences = re.findall(r"[^.]+\. ", prose.replace("\n", " "))
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *e.variants)})
    writer = _Writer(sentences, names)
    blocks = [f'---\ntitle: "{names[0]} and {names[1]}"\nurl: https://example.org/{names[2]}\n---\n']
    length = len(blocks[0])
    while length < size:
        blocks.append(writer.block())
        length += len(blocks[-1]) + 1
    return "\n".join(blocks)


def read_pieces(stream, module):
    """Yield (piece, its offset in the file) as a large file is read, cut where safe_cut allows."""
    buffer, offset = "", 0
    while True:
        block = stream.read(BLOCK)
        buffer += block
        cut = module.safe_cut(buffer, not block)
        if cut:
            yield buffer[:cut], offset
            buffer, offset = buffer[cut:], offset + cut
        if not block:
            return


def count_regions(stream, module) -> int:
    """Produce every region of a file; return how many there are."""
    return sum(1 for piece, _ in read_pieces(stream, module) for _ in module.regions(piece))


def count_findings(stream, module, matcher) -> int:
    """Scan every region and map each flagged mention to a source span; return how many map."""
    found = 0
    for piece, _ in read_pieces(stream, module):
        for region in module.regions(piece):
            for mention in scan_mentions(region.text, matcher):
                found += mention.flagged and region.source_span(mention.start, mention.end) is not None
    return found


def seconds_of(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def speed_table(corpus: str, matcher, rounds: int) -> None:
    """Print the reading and checking times of the corpus as Markdown and as plain text."""
    times: dict[str, dict[str, list]] = {module.NAME: {"regions": [], "check": []} for module in (markdown, text)}
    counts = {}
    for round_ in range(rounds):
        for module in (markdown, text) if round_ % 2 == 0 else (text, markdown):
            read, regions = seconds_of(lambda: count_regions(io.StringIO(corpus), module))
            checked, found = seconds_of(lambda: count_findings(io.StringIO(corpus), module, matcher))
            times[module.NAME]["regions"].append(read)
            times[module.NAME]["check"].append(checked)
            counts[module.NAME] = (regions, found)
    megabytes = len(corpus) / 1e6
    print("| read as | M chars | regions | regions (s) | flagged, mapped | check (s) | check M chars/s |")
    print("|---|---|---|---|---|---|---|")
    for name, row in times.items():
        read, checked = statistics.median(row["regions"]), statistics.median(row["check"])
        regions, found = counts[name]
        print(f"| {name} | {megabytes:.1f} | {regions:,} | {read:.2f} | {found:,} | {checked:.2f} | {megabytes / checked:.2f} |")
    ratio = statistics.median(times["markdown"]["check"]) / statistics.median(times["text"]["check"])
    print(f"\ncheck as Markdown / check as plain text: {ratio:.2f}")


def peak_megabytes(path: Path) -> float:
    """Return tracemalloc's peak while the Markdown regions of the file at `path` are read."""
    tracemalloc.start()
    with open(path, encoding="utf-8", newline="") as stream:
        count_regions(stream, markdown)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    matcher = load_matcher()
    corpus = news_markdown(args.size, matcher)
    count_findings(io.StringIO(corpus[:2_000_000]), text, matcher)  # fill the scanner's per-word caches
    print(f"median of {args.rounds} rounds, alternating formats; blocks of {BLOCK:,} characters\n")
    speed_table(corpus, matcher, args.rounds)
    print("\n| Markdown file (M chars) | tracemalloc peak while reading its regions (MB) |")
    print("|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "news.md"
        for size in (args.size // 4, args.size):
            path.write_text(corpus[:size], encoding="utf-8", newline="")
            print(f"| {size / 1e6:.1f} | {peak_megabytes(path):.1f} |")


if __name__ == "__main__":
    main()
