"""Scanning speed of namecheck against codespell on the same text, measured side by side.

Run after the README's test install:  python benchmarks/speed.py [--size BYTES] [--rounds N]

Corpora of about 1 MB: text generated from a fixed seed (English words with Zipf frequencies as
in real text, or all equally likely as a worst case, mixed with lexicon spellings, their variants
and given names), and the seed articles repeated (when ../shared/seeds is present). For each, the rounds alternate the tools so that machine noise hits both alike, and
the medians are reported with their ratio:
- in process, cold: a fresh interpreter loads the lexicon, then check_text is timed once (its
  per-word caches start empty, as in a command-line run);
- in process, warm: check_text again in this process, caches filled by earlier rounds;
- command line: `namecheck check FILE` and `codespell FILE`, start-up included.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

from namecheck.api import check_text, load_matcher
from namecheck.resources import english_words, given_names

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def synthetic_corpus(size: int, matcher, zipf: bool) -> str:
    """Return about `size` characters of news-like text, the same for the same size.

    With `zipf`, words are drawn with Zipf frequencies (the r-th word of a shuffled list with
    weight 1/r), as words occur in real text; without, every dictionary word is equally likely,
    a worst case in which nearly every capitalized word is new to the scanner.
    """
    rng = random.Random(20261125)
    words = sorted(w for w in english_words() if len(w) <= 9)
    rng.shuffle(words)
    # Cumulative weights computed once: choices() would sum all the weights again at every draw.
    cumulative = list(accumulate(1 / rank for rank in range(1, len(words) + 1))) if zipf else None
    names = sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})
    given = sorted(given_names())

    def word() -> str:
        return rng.choices(words, cum_weights=cumulative)[0] if zipf else rng.choice(words)

    sentences, length = [], 0
    while length < size:
        sentence = [word().capitalize()]
        for _ in range(rng.randint(8, 24)):
            roll = rng.random()
            if roll < 0.06:
                sentence.append(rng.choice(names))
            elif roll < 0.08:
                sentence.append(rng.choice(given).capitalize() + " " + word().capitalize())
            elif roll < 0.12:
                sentence.append(word().capitalize())
            else:
                sentence.append(word())
        text = " ".join(sentence) + ". "
        sentences.append(text + ("\n" if rng.random() < 0.2 else ""))
        length += len(text)
    return "".join(sentences)[:size]


def seed_corpus(size: int) -> str | None:
    if not SEEDS.is_dir():
        return None
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return (text * (size // len(text) + 1))[:size]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


COLD_SNIPPET = """
import sys, time
from pathlib import Path
from namecheck.api import check_text, load_matcher
matcher = load_matcher()
text = Path(sys.argv[1]).read_text(encoding="utf-8")
start = time.perf_counter()
check_text(text, matcher, sys.argv[1])
print(time.perf_counter() - start)
"""


def cold_check_seconds(path: Path) -> float:
    output = subprocess.run([sys.executable, "-c", COLD_SNIPPET, str(path)], capture_output=True, text=True, check=True)
    return float(output.stdout)


def run_command(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def measure(name: str, text: str, matcher, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.txt"
        path.write_text(text, encoding="utf-8")
        namecheck_cli = [str(Path(sys.executable).with_name("namecheck")), "check", str(path)]
        codespell_cli = [str(Path(sys.executable).with_name("codespell")), str(path)]
        cold, inproc, ours, theirs = [], [], [], []
        findings = len(check_text(text, matcher, str(path)))
        for _ in range(rounds):
            cold.append(cold_check_seconds(path))
            inproc.append(timed(lambda: check_text(text, matcher, str(path))))
            ours.append(timed(lambda: run_command(namecheck_cli)))
            theirs.append(timed(lambda: run_command(codespell_cli)))
    return {
        "corpus": name,
        "bytes": len(text.encode("utf-8")),
        "findings": findings,
        "namecheck_cold": statistics.median(cold),
        "namecheck_in_process": statistics.median(inproc),
        "namecheck_cli": statistics.median(ours),
        "codespell_cli": statistics.median(theirs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    matcher = load_matcher()
    corpora = [
        ("synthetic, Zipf word frequencies", synthetic_corpus(args.size, matcher, zipf=True)),
        ("synthetic, uniform words (worst case)", synthetic_corpus(args.size, matcher, zipf=False)),
    ]
    seeds = seed_corpus(args.size)
    if seeds is not None:
        corpora.append(("seed articles repeated", seeds))
    print(f"median of {args.rounds} rounds, alternating tools; python {sys.version.split()[0]}")
    print("| corpus | MB | findings | namecheck in process, cold (s) | warm (s) | namecheck CLI (s) | codespell CLI (s) | CLI ratio namecheck/codespell |")
    print("|---|---|---|---|---|---|---|---|")
    for name, text in corpora:
        row = measure(name, text, matcher, args.rounds)
        ratio = row["namecheck_cli"] / row["codespell_cli"]
        print(
            f"| {row['corpus']} | {row['bytes'] / 1e6:.2f} | {row['findings']} | {row['namecheck_cold']:.3f} | {row['namecheck_in_process']:.3f} "
            f"| {row['namecheck_cli']:.3f} | {row['codespell_cli']:.3f} | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
