"""Reading Markdown against plain text: the reader alone, a whole check, and peak memory.

Run after the README's test install:
    python benchmarks/documents_markdown.py [--size CHARS] [--rounds N] [--wrapped SHARE]

A Markdown file of news copy is generated from a fixed seed: front matter, headings, paragraphs
(a share of them wrapped at 80 columns, the others on one line) with links, emphasis, inline code
and entities, nested lists, block quotes, tables and fenced code, names from the lexicon
throughout (the sentences of 4 M characters of generated prose, reused beyond that). It is given
to the pipeline in blocks of 1 MB, as a file is read, and cut where each format allows; read as
Markdown and as plain text, the medians over the rounds (the order of the work alternating) of
the processor time of
- regions: every region of the file;
- check: the pipeline's work for `check` (regions, scanning, findings with their edits);
- markdown-it-py alone at its block level, the least that any reading built on it costs.
Then tracemalloc's peak while the Markdown regions of a quarter of the file and of all of it are
read from disk: it stays flat when memory is bounded by the largest block, not by the file.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from speed import synthetic_corpus

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from namecheck.api import load_matcher
from namecheck.documents import ReadOptions, markdown, text
from namecheck.pipeline import chunks_of, scan_chunks
from namecheck.runtime import settle_for_batch

BLOCK = 1 << 20  # characters read at a time
PROSE = 4_000_000  # characters of generated prose, its sentences reused in a larger file


class _Writer:
    """Turns plain sentences into Markdown blocks, the same for the same seed."""

    def __init__(self, sentences: list[str], names: list[str], wrapped: float):
        self.rng, self.sentences, self.names, self.at = random.Random(20261126), sentences, names, 0
        self.wrapped_share = wrapped  # the share of paragraphs wrapped at 80 columns

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
        """Return a paragraph, wrapped at 80 columns or on one line."""
        words = self.decorated(" ".join(self.sentence() for _ in range(self.rng.randint(1, 5))).split()).split(" ")
        width = 80 if self.rng.random() < self.wrapped_share else 1 << 20
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


def news_markdown(size: int, matcher, wrapped: float = 0.5, prose: str | None = None) -> str:
    """Return about `size` characters of Markdown news copy, the same for the same size: from the
    sentences of `prose`, or of generated prose."""
    prose = prose or synthetic_corpus(min(size, PROSE), matcher, zipf=True)
    sentences = re.findall(r"[^.]+\. ", prose.replace("\n", " "))
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    writer = _Writer(sentences, names, wrapped)
    blocks = [f'---\ntitle: "{names[0]} and {names[1]}"\nurl: https://example.org/{names[2]}\n---\n']
    length = len(blocks[0])
    while length < size:
        blocks.append(writer.block())
        length += len(blocks[-1]) + 1
    return "\n".join(blocks)


def blocks_of(corpus: str):
    """Yield the corpus in blocks of BLOCK characters, as a file is read."""
    return (corpus[at : at + BLOCK] for at in range(0, len(corpus), BLOCK))


def count_regions(blocks, reader) -> int:
    """Produce every region of a document given in blocks; return how many there are."""
    return sum(1 for chunk in chunks_of(blocks, reader) for _ in reader.regions(chunk.text))


def count_findings(blocks, reader, matcher) -> int:
    """Check a document given in blocks as `check` does; return how many findings it has."""
    results = scan_chunks(chunks_of(blocks, reader), reader, matcher, "-", ReadOptions(), every=False)
    return sum(len(result.findings) for result in results)


def parse_blocks_only(blocks) -> int:
    """markdown-it-py alone, its block level (the least any Markdown reading built on it costs),
    over the chunks the reader is given; return how many tokens it makes."""
    md = MarkdownIt("commonmark").enable("table")
    front_matter_plugin(md)
    md.disable(["inline", "text_join"])
    return sum(len(md.parse(chunk.text)) for chunk in chunks_of(blocks, markdown))


def seconds_of(action) -> tuple[float, object]:
    """Return the processor time `action` took (other work on a shared machine does not count) and its result."""
    start = time.process_time()
    result = action()
    return time.process_time() - start, result


def speed_table(corpus: str, matcher, rounds: int) -> None:
    """Print the reading and checking times of the corpus as Markdown and as plain text."""
    actions = {
        "markdown: regions": lambda: count_regions(blocks_of(corpus), markdown),
        "markdown: check": lambda: count_findings(blocks_of(corpus), markdown, matcher),
        "text: regions": lambda: count_regions(blocks_of(corpus), text),
        "text: check": lambda: count_findings(blocks_of(corpus), text, matcher),
        "markdown-it-py alone, block level": lambda: parse_blocks_only(blocks_of(corpus)),
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    counts = {}
    for round_ in range(rounds):
        for name in list(actions)[:: 1 if round_ % 2 == 0 else -1]:
            seconds, counts[name] = seconds_of(actions[name])
            times[name].append(seconds)
    megabytes = len(corpus) / 1e6
    print("| work | M chars | count | processor s | M chars/s |")
    print("|---|---|---|---|---|")
    for name, row in times.items():
        seconds = statistics.median(row)
        print(f"| {name} | {megabytes:.1f} | {counts[name]:,} | {seconds:.2f} | {megabytes / seconds:.2f} |")
    ratio = statistics.median(times["markdown: check"]) / statistics.median(times["text: check"])
    print(f"\ncheck as Markdown / check as plain text: {ratio:.2f}")


def peak_megabytes(path: Path) -> float:
    """Return tracemalloc's peak while the Markdown regions of the file at `path` are read."""
    tracemalloc.start()
    with open(path, encoding="utf-8", newline="") as stream:
        count_regions(iter(lambda: stream.read(BLOCK), ""), markdown)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wrapped", type=float, default=0.5, help="share of paragraphs wrapped at 80 columns")
    args = parser.parse_args()
    matcher = load_matcher()
    settle_for_batch()  # as the command line does: see namecheck/runtime.py
    corpus = news_markdown(args.size, matcher, args.wrapped)
    count_findings(blocks_of(corpus[:2_000_000]), text, matcher)  # fill the scanner's per-word caches
    print(f"median of {args.rounds} rounds; blocks of {BLOCK:,} characters; {args.wrapped:.0%} of paragraphs wrapped\n")
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
