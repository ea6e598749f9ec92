"""One `namecheck check` command run with this checkout's code and with another's, alternating.

Run after the README's test install:
    python benchmarks/side_by_side.py OTHER_CHECKOUT [--rounds N] -- CHECK_ARGUMENTS...

OTHER_CHECKOUT is a folder holding another version of the package (`git archive main | tar -x
-C FOLDER`); its runs import it first (PYTHONPATH). Each round runs the other version, then this
one, as whole processes through processes.run (output discarded). The cache folder
($NAMECHECK_CACHE_DIR or the user's) is shared: the versions' index files have different keys, so
a first round per version fills the cache and is not counted. Prints the median processor time
(user and system) and peak memory of each version, and whether their outputs are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
from pathlib import Path

from processes import Run, run

ROOT = Path(__file__).resolve().parents[1]


def environments(other: Path) -> dict[str, dict]:
    """Return the process environment of each version: the other checkout first on the path."""
    this = {**os.environ, "PYTHONPATH": str(ROOT)}
    return {"other": {**os.environ, "PYTHONPATH": str(other.resolve())}, "this": this}


def output_digest(arguments: list[str], environment: dict) -> str:
    """Return a hash of what a command writes on its standard output."""
    done = subprocess.run([sys.executable, "-m", "namecheck", *arguments], env=environment, capture_output=True)
    return hashlib.sha256(done.stdout).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="folder of another version of the package")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("arguments", nargs="+", help="what follows `namecheck`, e.g. check FILE")
    options = parser.parse_args()
    versions = environments(options.other)
    digests = {name: output_digest(options.arguments, environment) for name, environment in versions.items()}
    runs: dict[str, list[Run]] = {name: [] for name in versions}
    for _ in range(options.rounds):
        for name, environment in versions.items():
            runs[name].append(run([sys.executable, "-m", "namecheck", *options.arguments], environment, (0, 1)))
    for name, done in runs.items():
        cpu = statistics.median(r.cpu for r in done)
        peak = statistics.median(r.peak_mb for r in done)
        each = ", ".join(f"{r.cpu:.2f} s / {r.peak_mb:.0f} MB" for r in done)
        print(f"{name}: CPU {cpu:.2f} s, peak {peak:.0f} MB (runs: {each}); output {digests[name]}")
    print("outputs identical" if len(set(digests.values())) == 1 else "OUTPUTS DIFFER")


if __name__ == "__main__":
    main()
