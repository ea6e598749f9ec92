"""Normalizing a corpus file: JSON Lines cut into parts, each part normalized on its own, the
parts written out in order; the local engine runs the parts in this process or in a pool of
processes, the Dask engine (namecheck.dask) on a cluster, with the same bytes as the result.

A part is a byte range of the input cut after a line break (files.line_ranges). Its lines are
normalized one by one (batch.normalize_line); a line that is not UTF-8 or not a JSON object is
not written to the output but to the rejects, with its 1-based line number in the input.
Processes get the matcher once: inherited when they are forked, else sent once to each.
"""

from __future__ import annotations

import json
import multiprocessing
from contextlib import ExitStack
from dataclasses import dataclass, fields
from typing import Callable, Iterable, Iterator

from .batch import BatchOptions, NormalizedLine, normalize_line
from .files import InputError, atomic_output, file_size, line_ranges, range_lines
from .matcher import Matcher

ENGINES = ("local", "dask")
INPUT_FORMATS = ("jsonl", "parquet")
LOCAL_PART_SIZE = 1 << 20  # bytes a process normalizes at a time: parts are many, small and cheap
REJECTS_SUFFIX = ".rejects.jsonl"


class EngineError(RuntimeError):
    """An engine (a Dask cluster) could not finish a run; nothing was written."""


@dataclass
class Tally:
    """What normalizing (part of) a corpus did."""

    records: int = 0
    mentions: int = 0
    changed: int = 0  # records with a value rewritten
    rejects: int = 0
    lines: int = 0  # lines read, blank and rejected ones included
    bytes: int = 0  # bytes read

    def add(self, other: "Tally") -> None:
        """Add another part's counts to these."""
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Reject:
    """A line that holds no valid record: its 1-based number in its part or input, why, and its text."""

    line: int
    error: str
    text: str

    def to_json(self) -> str:
        """Return the reject as a line of the rejects file (without its line break)."""
        return json.dumps({"line": self.line, "error": self.error, "text": self.text}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Reject":
        """Return the reject written as `text` by to_json."""
        data = json.loads(text)
        return cls(data["line"], data["error"], data["text"])

    def moved(self, lines: int) -> "Reject":
        """Return the reject numbered in a text where its part starts after `lines` lines."""
        return Reject(self.line + lines, self.error, self.text)


def _without_ending(text: str) -> str:
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


def _normalized(raw: bytes, matcher: Matcher, options: BatchOptions) -> tuple[str, NormalizedLine]:
    """Return a line's text (bytes that are not UTF-8 shown as escapes) and the line normalized."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", "backslashreplace")
        return text, NormalizedLine(text, error=f"not UTF-8 text (byte {error.start} of the line)")
    return text, normalize_line(text, matcher, options)


def normalize_part(lines: Iterable[bytes], matcher: Matcher, options: BatchOptions, write, reject) -> Tally:
    """Normalize the lines (bytes, line breaks kept) of a part: call `write(bytes)` with each line
    to output (a line without any name exactly as read) and `reject(Reject)` with each line that
    holds no record, numbered from 1 in the part. Return the part's counts."""
    tally = Tally()
    for raw in lines:
        tally.lines += 1
        tally.bytes += len(raw)
        text, done = _normalized(raw, matcher, options)
        if done.error is not None:
            tally.rejects += 1
            reject(Reject(tally.lines, done.error, _without_ending(text)))
            continue
        if done.record:
            tally.records += 1
            tally.mentions += len(done.annotations)
            tally.changed += done.changed
        write(raw if done.text is text else done.text.encode("utf-8"))
    return tally


@dataclass(frozen=True)
class PartResult:
    """A part normalized in memory: its output bytes, its rejects (numbered in the part), its counts."""

    output: bytes
    rejects: tuple[Reject, ...]
    tally: Tally

    def write_output(self, stream) -> None:
        """Append the part's output to a binary stream."""
        stream.write(self.output)


def normalized_range(path: str, start: int, end: int, matcher: Matcher, options: BatchOptions) -> PartResult:
    """Return the bytes [start, end) of a JSON Lines file normalized."""
    output: list[bytes] = []
    rejects: list[Reject] = []
    tally = normalize_part(range_lines(path, start, end), matcher, options, output.append, rejects.append)
    return PartResult(b"".join(output), tuple(rejects), tally)


# A pool's processes keep the matcher and options they were started with.
_worker: dict = {}


def _start_worker(matcher: Matcher, options: BatchOptions) -> None:
    _worker.update(matcher=matcher, options=options)


def _worker_range(task: tuple[str, int, int]) -> PartResult:
    return normalized_range(*task, _worker["matcher"], _worker["options"])


def pool_context():
    """Fork where the system can (the matcher is inherited, nothing is pickled), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def local_results(path: str, matcher: Matcher, options: BatchOptions, jobs: int, part_size: int) -> Iterator[PartResult]:
    """Return the normalized parts of a JSON Lines file in order, made by `jobs` processes
    (this one when jobs is 1)."""
    tasks = [(path, start, end) for start, end in line_ranges(path, part_size)]
    if jobs <= 1 or len(tasks) <= 1:
        yield from (normalized_range(*task, matcher, options) for task in tasks)
        return
    with pool_context().Pool(min(jobs, len(tasks)), _start_worker, (matcher, options)) as pool:
        yield from pool.imap(_worker_range, tasks)


class Sinks:
    """Where a run's output and rejects go: the output file and the rejects file, each written
    atomically. The rejects file is written when it was asked for, or else (beside the output,
    OUTPUT.rejects.jsonl) only when some line is rejected."""

    def __init__(self, stack: ExitStack, output: str, rejects: str | None):
        self.stack, self.rejects_path, self.explicit = stack, rejects or output + REJECTS_SUFFIX, rejects is not None
        self.output = stack.enter_context(atomic_output(output))
        self._rejects = stack.enter_context(atomic_output(self.rejects_path)) if self.explicit else None
        self.rejected = 0

    def reject(self, reject: Reject) -> None:
        """Write one reject, numbered in the input."""
        if self._rejects is None:
            self._rejects = self.stack.enter_context(atomic_output(self.rejects_path))
        self._rejects.write((reject.to_json() + "\n").encode("utf-8"))
        self.rejected += 1


def join_parts(results: Iterable[PartResult], sinks: Sinks, progress: Callable[[int], None]) -> Tally:
    """Write parts' output and rejects in order (rejects renumbered in the input); return the counts."""
    total = Tally()
    for result in results:
        result.write_output(sinks.output)
        for reject in result.rejects:
            sinks.reject(reject.moved(total.lines))
        total.add(result.tally)
        progress(result.tally.bytes)
    return total


@dataclass(frozen=True)
class RunSettings:
    """How a corpus is read and where it is normalized."""

    input_format: str | None = None  # jsonl or parquet; None: by the file's extension
    engine: str = "local"  # local (this machine's processes) or dask
    jobs: int = 1  # local: processes; dask without a scheduler: the workers of a local cluster
    scheduler: str | None = None  # dask: the address of a running scheduler
    partition_size: int | None = None  # bytes of input per part (local: 1 MiB, dask: 64 MiB)


@dataclass(frozen=True)
class RunResult:
    """What a run did, and where its rejects went (None when no rejects file was written)."""

    tally: Tally
    rejects_path: str | None


def _no_progress(done: int) -> None:
    pass


def normalize_file(
    source: str,
    output: str,
    matcher: Matcher,
    options: BatchOptions = BatchOptions(),
    rejects: str | None = None,
    settings: RunSettings = RunSettings(),
    progress: Callable[[int], None] = _no_progress,
) -> RunResult:
    """Normalize a corpus file into `output` (JSON Lines into JSON Lines, Parquet into Parquet),
    records in order, and write the lines that hold no record to `rejects` (by default
    OUTPUT.rejects.jsonl, written only when a line is rejected). Both files are written atomically:
    on any failure neither is left in place, partial or whole. `progress` is called with the bytes
    of input done after each part. Raise InputError when the input cannot be read, WriteError
    (an OSError) when an output cannot be written, ValueError for settings that do not fit."""
    input_format = input_format_of(source, settings.input_format)
    check_input(source, input_format, settings.engine)
    with ExitStack() as stack:
        sinks = Sinks(stack, output, rejects)
        if input_format == "parquet":
            from .parquet import normalize_parquet

            tally = normalize_parquet(source, sinks.output, matcher, options, settings, progress)
        elif settings.engine == "dask":
            from .dask import normalize_on_dask

            tally = normalize_on_dask(source, output, sinks, matcher, options, settings, progress)
        else:
            size = settings.partition_size or LOCAL_PART_SIZE
            tally = join_parts(local_results(source, matcher, options, settings.jobs, size), sinks, progress)
    return RunResult(tally, sinks.rejects_path if sinks.explicit or sinks.rejected else None)


def check_input(path: str, input_format: str, engine: str) -> int:
    """Return the size of an input file; raise InputError when it cannot be read, ValueError for
    an unknown format or engine."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    return file_size(path)


def input_format_of(path: str, explicit: str | None = None) -> str:
    """Return the format of a corpus file: `explicit`, else parquet for *.parquet, else jsonl."""
    return explicit or ("parquet" if path.lower().endswith((".parquet", ".pq")) else "jsonl")


__all__ = ["EngineError", "InputError", "PartResult", "Reject", "RunResult", "RunSettings", "Sinks", "Tally", "normalize_file", "normalize_part"]


_SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1 << 10, "m": 1000**2, "mb": 1000**2, "mib": 1 << 20,
               "g": 1000**3, "gb": 1000**3, "gib": 1 << 30}  # fmt: skip


def parse_size(text: str) -> int:
    """Return a number of bytes written as a number and an optional unit: 64MB, 64MiB, 500k, 1048576."""
    digits = text.strip().rstrip("bBiIkKmMgG")
    unit = text.strip()[len(digits) :].lower()
    try:
        size = float(digits) * _SIZE_UNITS[unit]
    except (KeyError, ValueError):
        raise ValueError(f"not a size: {text!r} (write it as 64MB, 64MiB, 500k or a number of bytes)") from None
    if size < 1:
        raise ValueError(f"not a size: {text!r} (at least one byte)")
    return int(size)
