"""What a check written in Python cannot go below on a text, against codespell's whole run.

    python benchmarks/scan_floor.py [--rounds 3] [-- check arguments ...] TEXT

Whole processes (processes.py; CPU, user and system, medians of the rounds, alternating):
`codespell TEXT`, `namecheck check --format jsonl TEXT` (the cache warmed first), and the
start-up alone (`python -c "import namecheck.cli"`).

In one process, after the command line's collector settings (best of the rounds), the parts of a
check that do not depend on how names are decided:
- the text read from the file and decoded;
- `runs.name_run_spans`: the runs of name-like words, the only text a decision looks at;
- one dict look-up and store per run by its text: the memory of run answers, as if every run's
  answer were known and free;
- the check's own findings (its JSONL output, parsed beforehand) encoded again with the command
  line's encoder and written to a file.

Their sum with the start-up is the floor: the CPU a check of this text would take in Python if
every decision cost nothing. codespell's run is the yardstick of the targets.
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

from processes import run

BIN = Path(sys.executable).parent


def _best_cpu(action, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def in_process(text_path: str, findings_path: str, rounds: int) -> dict:
    """Return the CPU seconds of each part of the floor in this process (best of `rounds`)."""
    from namecheck.report import json_line
    from namecheck.runs import name_run_spans
    from namecheck.runtime import settle_for_batch

    settle_for_batch()
    text = Path(text_path).read_text(encoding="utf-8")
    spans = name_run_spans(text)
    with open(findings_path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]

    def remember_every_run():
        answers: dict[str, int] = {}
        for start, end in spans:
            run_text = text[start:end]
            if run_text not in answers:
                answers[run_text] = start

    def write_findings():
        with tempfile.TemporaryFile("w", encoding="utf-8") as out:
            out.write("".join(json_line(record) + "\n" for record in records))

    return {
        "runs": len(spans),
        "distinct runs": len({text[start:end] for start, end in spans}),
        "findings": len(records),
        "read and decode": _best_cpu(lambda: Path(text_path).read_text(encoding="utf-8"), rounds),
        "name_run_spans": _best_cpu(lambda: name_run_spans(text), rounds),
        "one look-up per run": _best_cpu(remember_every_run, rounds),
        "findings encoded and written": _best_cpu(write_findings, rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-process", nargs=2, metavar=("TEXT", "FINDINGS"), help=argparse.SUPPRESS)
    parser.add_argument("arguments", nargs="*", help="arguments of `namecheck check` (a lexicon), the text last")
    args = parser.parse_args()
    if args.in_process:
        print(json.dumps(in_process(*args.in_process, args.rounds)))
        return
    args.text = args.arguments[-1]
    namecheck = [str(BIN / "namecheck"), "check", "--format", "jsonl", *args.arguments]
    with tempfile.TemporaryDirectory() as folder:
        findings = Path(folder) / "findings.jsonl"
        with findings.open("wb") as out:  # also warms the index cache
            subprocess.run(namecheck, stdout=out, check=False)
        commands = {
            "codespell": [str(BIN / "codespell"), args.text],
            "namecheck check": namecheck,
            "start-up (import namecheck.cli)": [sys.executable, "-c", "import namecheck.cli"],
        }
        whole: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                whole[name].append(run(command, dict(os.environ), statuses=(0, 1, 65)).cpu)
        parts_command = [sys.executable, __file__, "--rounds", str(args.rounds), "--in-process", args.text, str(findings)]
        parts = json.loads(subprocess.run(parts_command, capture_output=True, text=True, check=True).stdout)
    cpu = {name: statistics.median(times) for name, times in whole.items()}
    print(f"{parts['runs']:,} runs ({parts['distinct runs']:,} distinct), {parts['findings']:,} findings; "
          f"CPU seconds, python {sys.version.split()[0]}")
    print("| part | CPU (s) |")
    print("|---|---|")
    floor_parts = ["read and decode", "name_run_spans", "one look-up per run", "findings encoded and written"]
    for name in floor_parts:
        print(f"| {name} | {parts[name]:.3f} |")
    startup = cpu["start-up (import namecheck.cli)"]
    floor = startup + sum(parts[name] for name in floor_parts)
    print(f"| start-up (import namecheck.cli), whole process | {startup:.3f} |")
    print(f"| **floor: every decision free** | **{floor:.3f}** |")
    print(f"| namecheck check, whole process | {cpu['namecheck check']:.3f} |")
    print(f"| codespell, whole process | {cpu['codespell']:.3f} |")
    print(f"\nfloor / codespell: {floor / cpu['codespell']:.2f}; check / codespell: {cpu['namecheck check'] / cpu['codespell']:.2f}; "
          f"decisions and placing (check - floor): {cpu['namecheck check'] - floor:.2f} s, "
          f"{(cpu['namecheck check'] - floor) / parts['distinct runs'] * 1e6:.0f} us per distinct run")


if __name__ == "__main__":
    main()
