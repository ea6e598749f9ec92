"""One `namecheck check` command run with two versions of the package, alternating: CPU and peak.

Run after the README's test install, with the other version unpacked somewhere (for example
`git archive main | tar -x -C OTHER`):
    python benchmarks/side_by_side.py OTHER [--rounds N] -- [check arguments ...] FILE

Each round runs the command once with OTHER's package first on the module path, then once with
this checkout's, as whole processes (processes.py); it prints the CPU (user and system) and peak
memory of every run and their medians, and fails unless both versions print the same output, byte
for byte, in every format asked for with --formats.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from processes import run

ROOT = Path(__file__).resolve().parents[1]


def _environment(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree)}


def _command(arguments: list[str]) -> list[str]:
    # -P: the working folder (perhaps this checkout) must not come before PYTHONPATH
    return [sys.executable, "-P", "-m", "namecheck", "check", *arguments]


def _output(tree: Path, arguments: list[str]) -> bytes:
    command = _command(arguments)
    return subprocess.run(command, env=_environment(tree), capture_output=True).stdout


def main() -> None:
    """Time both versions round by round and compare their outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other version's source tree")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="text,jsonl", help="output formats compared, comma-separated")
    parser.add_argument("arguments", nargs="+", help="arguments of `namecheck check`")
    options = parser.parse_args()
    trees = {"other": options.other.resolve(), "this": ROOT}
    for format in options.formats.split(","):
        outputs = {name: _output(tree, ["--format", format, *options.arguments]) for name, tree in trees.items()}
        if outputs["other"] != outputs["this"]:
            sys.exit(f"the outputs differ ({format})")
        print(f"{format}: outputs identical, {len(outputs['this']):,} bytes")
    runs = {name: [] for name in trees}
    command = _command(options.arguments)
    for round in range(options.rounds):
        for name, tree in trees.items():
            done = run(command, _environment(tree), statuses=(0, 1))
            runs[name].append(done)
            print(f"round {round + 1} {name}: cpu {done.cpu:.2f} s, peak {done.peak_mb:.0f} MB")
    for name, done in runs.items():
        cpu = statistics.median(r.cpu for r in done)
        peak = statistics.median(r.peak_mb for r in done)
        print(f"{name}: median cpu {cpu:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
