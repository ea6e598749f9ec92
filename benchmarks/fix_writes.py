"""What safe writing costs: replacing many small files, three ways, measured side by side.

Run after the README's test install:  python benchmarks/fix_writes.py [--files 1000] [--repeats 5]

Each way replaces the same small files in a temporary folder (on the file system of the system's
temporary folder), one after the other, and the median over the repeats is printed per file:
- rename only: write a temporary file and rename it, no flush (fast, but a power cut can lose both);
- flush and rename: the writing namecheck used before (temporary file flushed, mode copied, rename);
- write_atomically: what `fix` uses now (links followed, hard links, permissions and state checked,
  owner and extended attributes copied, folder entry flushed after the rename).
Then `namecheck fix` over the same number of files, the whole command (the lexicon load included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from namecheck.files import read_document, write_atomically

OLD = "Saddam Husayn met Djalal Talabani in Nadjaf. " * 20 + "\n"


def rename_only(path: str, data: bytes) -> None:
    temporary = path + ".tmp"
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def flush_and_rename(path: str, data: bytes) -> None:
    temporary = path + ".tmp"
    with open(temporary, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temporary, os.stat(path).st_mode & 0o7777)
    os.replace(temporary, path)


def safe_write(path: str, data: bytes) -> None:
    write_atomically(path, data, expected=read_document(path).state)


def seconds_per_file(way, paths: list[str]) -> float:
    for path in paths:
        Path(path).write_text(OLD, encoding="utf-8")
    start = time.perf_counter()
    for path in paths:
        way(path, OLD.encode("utf-8"))
    return (time.perf_counter() - start) / len(paths)


def fix_command_seconds(folder: Path, paths: list[str]) -> float:
    for path in paths:
        Path(path).write_text(OLD, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "namecheck", "fix", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = [str(folder / f"doc-{number:05d}.txt") for number in range(args.files)]
        ways = {"rename only": rename_only, "flush and rename (before)": flush_and_rename, "write_atomically (now)": safe_write}
        times = {label: [] for label in ways}
        commands = []
        for _ in range(args.repeats):  # interleaved, so that a noisy moment hits every way alike
            for label, way in ways.items():
                times[label].append(seconds_per_file(way, paths))
            commands.append(fix_command_seconds(folder, paths))
    print(f"{args.files:,} files of {len(OLD.encode())} bytes, median of {args.repeats} runs")
    print()
    print("| way of writing | milliseconds per file |")
    print("|---|---|")
    for label, values in times.items():
        print(f"| {label} | {statistics.median(values) * 1000:.2f} |")
    print(f"| `namecheck fix` over the folder (whole command) | {statistics.median(commands) * 1000 / args.files:.2f} |")


if __name__ == "__main__":
    main()
