"""What a finding costs, from the scan to the printed line: whole `check` processes.

Run after the README's test install:
    python benchmarks/findings.py TEXT [--rounds N] [--compare SOURCE] [--stages-only]

A finding's cost is what `check` spends beyond the scan: placing the mention (line, column, case
position, context, edits), the record, the command line's handling and the output. Each round
runs, as whole processes, `namecheck check TEXT` in the text and jsonl formats, and the same
check with no mention made a finding (the scan alone: this program runs the command line in
process with the pipeline told that no mention may change). The CPU a finding costs is the
difference over the number of findings (medians of the rounds). That difference is small beside
the scan, so a busy machine blurs it; each round therefore also measures, in a process of its own,
the stages alone: building the findings from the flagged mentions (the scan done once, before) and
writing each format's records (--stages-only: only these).

With --compare, a source tree of namecheck (a checkout of another branch: its `namecheck`
package and `lexicon` folder) is run the same way, interleaved with this one round by round.
TEXT is best news-like text with many findings: speed.py's generator writes 20 MB with about
80,000 (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from processes import run

HERE = Path(__file__).resolve().parent
FORMATS = ("text", "jsonl")
SCAN_ONLY = "--scan-only"
STAGES = "--stages"


def scan_only(paths: list[str]) -> None:
    """Run `namecheck check` in this process with no mention made a finding."""
    from namecheck import cli, pipeline

    pipeline.may_change = lambda mention: False
    sys.argv = ["namecheck", "check", *paths]
    cli.main()


def stage_costs(text_path: str) -> None:
    """Print, in this process, the CPU per finding of building the findings of a text from its
    flagged mentions and of each format's records (medians of 5 passes; the scan itself once)."""
    import time

    from namecheck import pipeline
    from namecheck.api import load_matcher, scan_file
    from namecheck.formats import formatter
    from namecheck.runtime import settle_for_batch

    matcher = load_matcher()
    settle_for_batch()
    flagged, finding_of = [], pipeline._finding
    pipeline._finding = lambda *mention: flagged.append(mention) or finding_of(*mention)
    findings = [finding for result in scan_file(text_path, matcher, None).results for finding in result.findings]
    pipeline._finding = finding_of
    stages = {"build": lambda: [finding_of(*mention) for mention in flagged]}
    for name in FORMATS:
        stages[name] = lambda out=formatter("check", name): "".join(map(out.record, findings))
    costs = {}
    for name, stage in stages.items():
        passes = []
        for _ in range(5):
            started = time.process_time()
            stage()
            passes.append(time.process_time() - started)
        costs[name] = statistics.median(passes) / len(findings) * 1e6
    print(" ".join(f"{name}={cost:.2f}" for name, cost in costs.items()))


def environment_of(source: Path | None) -> dict:
    """Return the environment that runs the package of `source` (None: the installed one)."""
    if source is None:
        return dict(os.environ)
    return {**os.environ, "PYTHONPATH": str(source)}


def findings_in(text: Path, environment: dict) -> int:
    """Return how many findings `check` reports in the text (one JSON line each)."""
    command = [sys.executable, "-P", "-m", "namecheck", "check", "--format", "jsonl", str(text)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    return done.stdout.count("\n")


def round_of(text: Path, environment: dict) -> dict[str, float]:
    """Return the CPU seconds of one round: each format's check and the scan alone."""
    check = [sys.executable, "-P", "-m", "namecheck", "check", str(text)]
    cpu = {name: run([*check, "--format", name], environment, (0, 1)).cpu for name in FORMATS}
    cpu["scan"] = run([sys.executable, str(Path(__file__)), SCAN_ONLY, str(text)], environment, (0,)).cpu
    return cpu


def stages_of(text: Path, environment: dict) -> dict[str, float]:
    """Return the µs per finding of each stage, measured in a process of its own."""
    done = subprocess.run([sys.executable, str(Path(__file__)), STAGES, str(text)], env=environment, capture_output=True, text=True, check=True)
    return {name: float(cost) for name, cost in (pair.split("=") for pair in done.stdout.split())}


def main() -> None:
    if sys.argv[1:2] == [SCAN_ONLY]:
        scan_only(sys.argv[2:])
    if sys.argv[1:2] == [STAGES]:
        return stage_costs(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", type=Path, default=None, help="a source tree of namecheck to run side by side")
    parser.add_argument("--stages-only", action="store_true", help="only the stages, in process (less disturbed by a busy machine)")
    args = parser.parse_args()
    versions = {"this": None, **({"compared": args.compare.resolve()} if args.compare else {})}
    stages: dict[str, list[dict[str, float]]] = {label: [] for label in versions}
    for number in range(args.rounds):
        for label, source in versions.items():
            stages[label].append(stages_of(args.text, environment_of(source)))
    print("| package | build a finding (µs) | text record (µs) | jsonl record (µs) |")
    print("|---|---|---|---|")
    for label in versions:
        medians = [statistics.median(costs[name] for costs in stages[label]) for name in ("build", *FORMATS)]
        print(f"| {label} | " + " | ".join(f"{cost:.2f}" for cost in medians) + " |")
    if args.stages_only:
        return
    counts = {label: findings_in(args.text, environment_of(source)) for label, source in versions.items()}
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label in versions}
    for number in range(args.rounds):
        for label, source in versions.items():
            rounds[label].append(round_of(args.text, environment_of(source)))
            print(f"round {number + 1}, {label}: {rounds[label][-1]}", file=sys.stderr)
    print("| package | findings | scan alone (s) | check, text (s) | check, jsonl (s) | per finding, text (µs) | per finding, jsonl (µs) |")
    print("|---|---|---|---|---|---|---|")
    for label in versions:
        medians = {key: statistics.median(cpu[key] for cpu in rounds[label]) for key in ("scan", *FORMATS)}
        each = {name: (medians[name] - medians["scan"]) / max(1, counts[label]) * 1e6 for name in FORMATS}
        print(
            f"| {label} | {counts[label]:,} | {medians['scan']:.2f} | {medians['text']:.2f} | {medians['jsonl']:.2f} "
            f"| {each['text']:.1f} | {each['jsonl']:.1f} |"
        )


if __name__ == "__main__":
    main()
