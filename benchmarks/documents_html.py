"""Reading HTML: the time the HTML reader takes to find the regions of a page, against the same
text as plain text.

Run after the README's test install:  python benchmarks/documents_html.py [--size CHARS] [--rounds N]

The text is the synthetic news corpus of benchmarks/speed.py (a fixed seed). As HTML it becomes a
page of paragraphs with inline tags inside and around names, links, character references,
headings, a table, figures with alt text, and script and style blocks; as plain text the same
paragraphs are separated by blank lines. Reported, as medians: reading the regions of each
(iterating them to the end; a plain text is one region, read in no time), checking each
(check_text with its format: reading, scanning and placing the findings), and the peak memory of
reading the HTML (Python allocations, the page itself not counted).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tracemalloc
from collections import deque

from speed import synthetic_corpus, timed

from namecheck.api import check_text, load_matcher
from namecheck.documents import html as html_format
from namecheck.documents import text as text_format
from namecheck.runtime import settle_for_batch

SCRIPT = '<script type="application/ld+json">{"@type": "NewsArticle", "about": "Soudani"}</script>\n'
STYLE = "<style>.story-nadjaf { color: #333; }</style>\n"


def marked_up(paragraph: str, rng: random.Random) -> str:
    """Return a paragraph as HTML: a few words in inline tags, a no-break space, a link."""
    words = paragraph.split(" ")
    for index in range(1, len(words) - 1):
        roll = rng.random()
        if roll < 0.04:
            words[index] = f"<b>{words[index]}</b>"
        elif roll < 0.06:
            words[index] = f'<a href="/topics/{words[index].lower()}" class="topic">{words[index]}</a>'
        elif roll < 0.08:
            words[index] = f'<span style="font-weight:400">{words[index]}</span>'
    html = " ".join(words)
    return html.replace(" and ", "&nbsp;and ", 1)


def html_page(paragraphs: list[str], seed: int = 7) -> str:
    """Return the paragraphs as one HTML page with the usual furniture around and between them."""
    rng = random.Random(seed)
    parts = ["<!DOCTYPE html>\n<html><head><title>Ledger</title>\n", STYLE, SCRIPT, "</head><body>\n"]
    for index, paragraph in enumerate(paragraphs):
        if index % 25 == 0:
            parts.append(f"<h2 id=\"s{index}\">Section {index}</h2>\n")
        if index % 40 == 7:
            parts.append(f'<figure><img src="/p/{index}.jpg" alt="Photo {index}"><figcaption>Photo {index}</figcaption></figure>\n')
        if index % 60 == 13:
            parts.append(f"<table><tr><th>Day</th><th>Place</th></tr><tr><td>{index}</td><td>Erbil</td></tr></table>\n")
        parts.append(f"<p class=\"body\">{marked_up(paragraph, rng)}</p>\n")
        if index % 100 == 99:
            parts.append(SCRIPT)
    parts.append("</body></html>\n")
    return "".join(parts)


def read_all(format_module, text: str) -> None:
    deque(format_module.regions(text), maxlen=0)


def peak_memory(action) -> int:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3_000_000, help="characters of text")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    matcher = load_matcher()
    settle_for_batch()  # as the command line does: see namecheck/runtime.py
    paragraphs = [p.strip() for p in synthetic_corpus(args.size, matcher, zipf=True).split("\n") if p.strip()]
    plain = "\n\n".join(paragraphs) + "\n"
    page = html_page(paragraphs)
    times = {key: [] for key in ("html regions", "text regions", "html check", "text check")}
    for _ in range(args.rounds):
        times["html regions"].append(timed(lambda: read_all(html_format, page)))
        times["text regions"].append(timed(lambda: read_all(text_format, plain)))
        times["html check"].append(timed(lambda: check_text(page, matcher, format="html")))
        times["text check"].append(timed(lambda: check_text(plain, matcher)))
    median = {key: statistics.median(values) for key, values in times.items()}
    peak = peak_memory(lambda: read_all(html_format, page))
    print(f"median of {args.rounds} rounds; python {sys.version.split()[0]}")
    print("| input | MB | reading the regions (s) | check (s) |")
    print("|---|---|---|---|")
    print(f"| HTML page | {len(page.encode('utf-8')) / 1e6:.2f} | {median['html regions']:.3f} | {median['html check']:.3f} |")
    print(f"| same text, plain | {len(plain.encode('utf-8')) / 1e6:.2f} | {median['text regions']:.6f} | {median['text check']:.3f} |")
    print(
        f"HTML / plain text: check {median['html check'] / median['text check']:.2f}; "
        f"reading the HTML regions {median['html regions'] / median['text check']:.2f} of the plain-text check, "
        f"{len(page) / median['html regions'] / 1e6:.1f} M characters/s; "
        f"peak memory while reading the HTML: {peak / 1e6:.1f} MB"
    )

if __name__ == "__main__":
    main()
