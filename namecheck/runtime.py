"""Process settings for long runs over many documents.

Python's cyclic garbage collector walks every live container object each time enough objects
have been allocated. A built matcher holds hundreds of thousands of them (its index and the
answers it remembers), and scanning allocates many short-lived records, so with the default
settings full collections come often and cost more than the scan itself (a 20 MB JSONL check
took three times as long). namecheck creates no reference cycles in its scanning, so a long run
can freeze what was built and collect far less often. The command line does this; programs that
use the API over large batches may call `settle_for_batch()` after `load_matcher()`.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

# Allocations before a young collection, and how many of those before an older one.
BATCH_THRESHOLDS = (50_000, 20, 100)


def settle_for_batch() -> None:
    """Move every object built so far out of the collector's sight and collect less often."""
    gc.freeze()
    gc.set_threshold(*BATCH_THRESHOLDS)


@contextmanager
def paused_cycle_collection():
    """Pause the cycle collector while building: loading a lexicon or its index makes millions of
    objects without cycles, and the collector's passes over them (a third to a half of the time
    for a large lexicon) would free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
