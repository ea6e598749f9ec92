"""Documents handled by several processes, their results handed on in the order a serial run
gives them.

The workers are forked after the matcher was built, so they share it instead of building or
receiving one each; each document is handled whole by one worker, and `imap` returns the
results in the order of the documents, so the output of `--jobs 2` is the output of `--jobs 1`.
Where processes cannot be forked, the documents are handled one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs(documents: int) -> int:
    """Return the number of processes for a run: every core when there are several documents."""
    return (os.cpu_count() or 1) if documents > 1 else 1


def in_order(function: Callable[[Item], Result], items: Iterable[Item], jobs: int) -> Iterator[Result]:
    """Return function(item) for every item, in the items' order, computed by `jobs` processes.
    `function` must be a module-level function (it is sent to the workers by name)."""
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, len(items)), initializer=_worker_started) as pool:
        yield from pool.imap(function, items, chunksize=1)


def _worker_started() -> None:
    """A worker leaves interruptions to the main process, which ends the pool: Ctrl-C reaches
    the whole process group, and the pool stops its workers with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
