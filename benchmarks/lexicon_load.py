"""Loading and validating generated lexicons of 3,000, 30,000 and 200,000 entities: time and memory.

Run after the README's test install:  python benchmarks/lexicon_load.py [--sizes 3000 30000 200000] [--rounds 3]

Each lexicon is one file of entities like the default lexicon's (a type, a name of two words, two
variants of the name, an alias with a variant of its own, a note), generated from syllables so
that no spelling collides. Every measurement runs in a fresh interpreter; times are CPU seconds
(the machines are shared, and waiting for a processor is not the program's cost), the medians of
the rounds, with the largest peak resident memory of those runs:
- TOML: the file parsed by tomli (what the loader uses) and by the standard library's tomllib;
- load: `load_lexicon([FILE], with_default=False)`: reading, parsing, checking every entity and
  every spelling across entities;
- validate: `namecheck lexicon validate --no-default-lexicon FILE` as a command, start-up included
  (the CPU time of the whole process).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SYLLABLES = [consonant + vowel for consonant in "bdfghklmnqrstz" for vowel in "ai"]
# Each snippet prints the CPU seconds of the work it times (process_time: the machine is shared,
# and CPU time is what other processes disturb least).
PARSE = (
    "import sys, time, {module} as m; text = open(sys.argv[1], encoding='utf-8').read(); "
    "t = time.process_time(); m.loads(text); print(time.process_time() - t)"
)
LOAD = (
    "import sys, time; from namecheck.api import load_lexicon; t = time.process_time(); "
    "n = len(load_lexicon([sys.argv[1]], with_default=False).entities); print(time.process_time() - t)"
)


def word(number: int) -> str:
    """Return a word of two or more syllables, a different one for every number (no 'e' in it)."""
    syllables = []
    while number or len(syllables) < 2:
        number, digit = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables).capitalize()


def entity_toml(number: int) -> str:
    """Return one entity. House spellings have no e and end words in a vowel; the variants write
    the article el- or add an h to the last word, so no variant is another entity's spelling."""
    given, family = word(number), word(number * 31 + 7)
    name = f"{given} al-{family}"
    return (
        f'[[entity]]\nid = "e{number}"\ntype = "{"person" if number % 2 else "place"}"\nname = "{name}"\n'
        f'variants = ["{given} el-{family}", "{name}h"]\n'
        f'aliases = [{{ name = "{family}", variants = ["{family}h"] }}]\n'
        f'note = "Generated entity number {number}"\n\n'
    )


def write_lexicon(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write('[lexicon]\nname = "generated"\nas-of = 2026-11-26\n\n')
        for number in range(count):
            stream.write(entity_toml(number))


def run(command: list[str]) -> tuple[float, float, int]:
    """Run a command; return the CPU seconds it printed, its own CPU seconds and its peak memory in MB."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output, errors = process.stdout.read(), process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {errors.strip()}")
    printed = float(output.split()[-1]) if output.split() and output.split()[-1][0].isdigit() else 0.0
    return printed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(command: list[str], rounds: int, timed_inside: bool) -> tuple[float, int]:
    """Return the median CPU time (as the process printed it, or the whole process's) and the
    largest peak memory of the rounds."""
    runs = [run(command) for _ in range(rounds)]
    times = [printed if timed_inside else whole for printed, whole, _ in runs]
    return statistics.median(times), max(memory for _, _, memory in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 30_000, 200_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("namecheck")
    print("| entities | file (MB) | TOML, tomli (CPU s) | TOML, tomllib (CPU s) | load (CPU s) | load peak (MB) | validate command (CPU s) | validate peak (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            path = Path(folder) / f"generated-{count}.toml"
            write_lexicon(path, count)
            tomli_time, _ = measure([sys.executable, "-c", PARSE.format(module="tomli"), str(path)], args.rounds, True)
            tomllib_time, _ = measure([sys.executable, "-c", PARSE.format(module="tomllib"), str(path)], args.rounds, True)
            load_time, load_memory = measure([sys.executable, "-c", LOAD, str(path)], args.rounds, True)
            command = [str(script), "lexicon", "validate", "--no-default-lexicon", str(path)]
            validate_time, validate_memory = measure(command, args.rounds, False)
            size = path.stat().st_size / 1e6
            print(
                f"| {count:,} | {size:.1f} | {tomli_time:.2f} | {tomllib_time:.2f} | {load_time:.2f} | {load_memory} "
                f"| {validate_time:.2f} | {validate_memory} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
