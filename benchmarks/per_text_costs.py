"""Two per-text costs of a scan, this tree against another revision, side by side.

- the runs' first pass: the run pattern alone over the text, then runs.name_run_spans (with the
  leading particles and the protected tokens);
- the per-word reading: index.may_begin for every distinct folded word of the text's runs, its
  caches emptied first, the cycle collector set as the command line sets it.

Each round runs both trees in fresh processes, in alternating order; CPU medians are printed.

    python benchmarks/per_text_costs.py TEXT [--against main] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def measure(text_path: str) -> dict:
    """Return the CPU seconds of each cost in this process's namecheck (best of three)."""
    from namecheck import keys, names, prefixes
    from namecheck.api import load_matcher
    from namecheck.normalize import folded_word
    from namecheck.runs import _run_pattern, name_run_spans
    from namecheck.runtime import settle_for_batch
    from namecheck.tokens import text_tokens

    text = Path(text_path).read_text(encoding="utf-8")
    pattern = _run_pattern()
    spans = name_run_spans(text)
    words = list(dict.fromkeys(folded_word(t.text) for start, end in spans for t in text_tokens(text[start:end])))
    index = load_matcher().index
    settle_for_batch()
    caches = (names._word_reading, keys.word_units, names._part, names.name_parts, names._word_pieces, prefixes._choices, keys.sound_key)

    def may_begin_every_word():
        for cache in caches:
            cache.cache_clear()
        for word in words:
            index.may_begin(word)

    return {
        "runs": len(spans),
        "words": len(words),
        "pattern": min(_cpu(lambda: sum(1 for _ in pattern.finditer(text))) for _ in range(3)),
        "name_run_spans": min(_cpu(lambda: name_run_spans(text)) for _ in range(3)),
        "may_begin": min(_cpu(may_begin_every_word) for _ in range(3)),
    }


def _measured_in(tree: Path, text_path: str) -> dict:
    environment = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, __file__, "--measure", text_path]
    return json.loads(subprocess.run(command, env=environment, cwd=tree, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text")
    parser.add_argument("--against", default="main", help="the git revision to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.text)))
        return
    with tempfile.TemporaryDirectory() as folder:
        other = Path(folder)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
        trees = {args.against: other, "this tree": ROOT}
        results: dict[str, list[dict]] = {name: [] for name in trees}
        for round_number in range(args.rounds):
            order = list(trees) if round_number % 2 == 0 else list(reversed(trees))
            for name in order:
                results[name].append(_measured_in(trees[name], args.text))
    first = results["this tree"][0]
    print(f"{first['runs']:,} runs, {first['words']:,} distinct words; CPU seconds, median of {args.rounds} rounds")
    print("| cost | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for cost in ("pattern", "name_run_spans", "may_begin"):
        print(f"| {cost} | " + " | ".join(f"{statistics.median(r[cost] for r in rows):.3f}" for rows in results.values()) + " |")


if __name__ == "__main__":
    main()
