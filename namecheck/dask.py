"""Normalizing on a Dask cluster (the `namecheck[dask]` extra: dask and distributed).

Two ways in:

- `normalize_bag(bag, matcher, fields)`: for a Dask job that already holds its records as a bag
  of dicts; returns the bag of normalized records (see batch.normalize_records).
- The `--engine dask` of `namecheck normalize` (normalize_on_dask): the input file is cut into
  partitions (byte ranges ending after a line break); the matcher is sent to every worker once
  (scattered, broadcast); each worker normalizes its partitions a line at a time and writes each
  as a part file (written atomically, so a task run again after its worker died replaces a
  half-written part); the parts are then joined in order. The bytes are those of the local engine.

A worker that dies is replaced and its tasks run again elsewhere; when that cannot be done
(Dask gives up on a task after its workers died several times, or the matcher is lost with every
worker that held it) the run fails with an EngineError and writes nothing. Workers must see the
input file and the output's folder at the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

# Absolute imports: this module is namecheck.dask; these are the dask and distributed packages.
import dask
import dask.bag
import distributed
from distributed.client import FutureCancelledError

from namecheck.batch import ANNOTATIONS_FIELD, BatchOptions, normalize_records
from namecheck.documents import DEFAULT_JSON_ID
from namecheck.batch_run import EngineError, Reject, RunSettings, Sinks, Tally, join_parts, normalize_part
from namecheck.files import atomic_output, copy_file_into, file_size, line_ranges, range_lines, remove_folder
from namecheck.files import temporary_folder_beside
from namecheck.matcher import Matcher
from namecheck.runtime import settle_for_batch

PARTITION_SIZE = 64 << 20  # bytes of input per partition


_settled: list[bool] = []


def _settle_worker() -> None:
    """Once per worker process: the matcher it received is frozen out of the collector's sight,
    as the command line does after building one (see runtime.py)."""
    if not _settled:
        settle_for_batch()
        _settled.append(True)


def _normalized_partition(records, matcher: Matcher, options: BatchOptions) -> list[dict]:
    _settle_worker()
    return list(normalize_records(records, matcher, options.fields, options.annotations_field, options.json_id))


def normalize_bag(
    bag: dask.bag.Bag,
    matcher,
    fields=(),
    annotations_field: str = ANNOTATIONS_FIELD,
    json_id: str | None = DEFAULT_JSON_ID,
) -> dask.bag.Bag:
    """Return a bag of the records of `bag` (dicts) normalized, in order, as normalize_records
    makes them. `matcher` is a Matcher (put into the graph once) or a future of one that a
    client scattered to the workers (`client.scatter(matcher, broadcast=True)`).

    >>> import json, dask.bag as db
    >>> records = db.read_text("corpus-*.jsonl").map(json.loads)
    >>> normalize_bag(records, load_matcher(), ["title", "body"]).map(json.dumps).to_textfiles("out-*.jsonl")
    """
    options = BatchOptions(tuple(fields), json_id, annotations_field)
    shared = matcher if isinstance(matcher, distributed.Future) else dask.delayed(matcher, traverse=False)
    return bag.map_partitions(_normalized_partition, shared, options)


@dataclass(frozen=True)
class PartFiles:
    """A partition normalized by a worker into two files: its output and its rejects (numbered
    in the partition)."""

    output: str
    rejects_file: str
    tally: Tally

    def write_output(self, stream) -> None:
        """Append the part's output to a binary stream."""
        copy_file_into(self.output, stream)

    @property
    def rejects(self) -> Iterator[Reject]:
        """The part's rejects, read from its file."""
        for line in range_lines(self.rejects_file, 0, file_size(self.rejects_file)):
            yield Reject.from_json(line.decode("utf-8"))


def write_part(source: str, start: int, end: int, folder: str, index: int, matcher: Matcher, options: BatchOptions) -> PartFiles:
    """Normalize the bytes [start, end) of a JSON Lines file into part files in `folder` (a task
    run on a worker)."""
    _settle_worker()
    output, rejects = f"{folder}/part-{index:06d}.jsonl", f"{folder}/part-{index:06d}.rejects.jsonl"
    # The folder is this run's alone and removed after it; its temporaries may be other machines'.
    with atomic_output(output, remove_stale=False) as out, atomic_output(rejects, remove_stale=False) as rejected:
        tally = normalize_part(
            range_lines(source, start, end), matcher, options, out.write,
            lambda reject: rejected.write((reject.to_json() + "\n").encode("utf-8")),
        )  # fmt: skip
    return PartFiles(output, rejects, tally)


@contextmanager
def cluster_client(settings: RunSettings) -> Iterator[distributed.Client]:
    """Return a client of the scheduler at settings.scheduler, or of a local cluster of
    settings.jobs worker processes (one thread each) started for the run and closed after it."""
    if settings.scheduler:
        with distributed.Client(settings.scheduler) as client:
            yield client
        return
    workers = max(1, settings.jobs)
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def _parts(client, source: str, folder: str, matcher: Matcher, options: BatchOptions, size: int, progress) -> list[PartFiles]:
    """Run one task per partition, the matcher scattered to every worker once; return the parts in order."""
    shared = client.scatter(matcher, broadcast=True, hash=False)
    run = secrets.token_hex(4)
    ranges = line_ranges(source, size)
    futures = [
        client.submit(write_part, source, start, end, folder, index, shared, options, key=f"namecheck-part-{run}-{index}")
        for index, (start, end) in enumerate(ranges)
    ]
    try:
        for future in distributed.as_completed(futures):
            progress(future.result().tally.bytes)
        return client.gather(futures)
    except (distributed.KilledWorker, FutureCancelledError) as error:
        raise EngineError(f"the Dask cluster could not finish the run ({type(error).__name__}: {error})") from None
    finally:
        client.cancel(futures + [shared])


def normalize_on_dask(
    source: str,
    output: str,
    sinks: Sinks,
    matcher: Matcher,
    options: BatchOptions,
    settings: RunSettings,
    progress: Callable[[int], None],
) -> Tally:
    """Normalize a JSON Lines file on a Dask cluster into `sinks` (see the module's docstring);
    the part files live in a hidden folder beside `output`, removed whatever happens."""
    folder = temporary_folder_beside(output)
    try:
        with cluster_client(settings) as client:
            parts = _parts(client, source, folder, matcher, options, settings.partition_size or PARTITION_SIZE, progress)
        return join_parts(parts, sinks, lambda done: None)
    finally:
        remove_folder(folder)
