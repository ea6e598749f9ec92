"""SIGINT and SIGTERM turned into an exception, so that a run stops through its clean-up code.

Python turns SIGINT into KeyboardInterrupt, which click and typer catch and convert into an
exit status of their own before a caller sees it; SIGTERM would end the process at once, with
no clean-up at all. `Interrupted` derives from BaseException but not from KeyboardInterrupt:
the command-line frameworks let it through, `except Exception` clauses do not stop it, and the
`finally` and `except BaseException` blocks on its way (removing a temporary file) run.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Raised in the main thread when one of HANDLED_SIGNALS arrives."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.signal_name = signal.Signals(signal_number).name


def _raise_once(signal_number: int, frame) -> None:
    # Later signals are ignored: the clean-up the first one started must not be cut short.
    for handled in HANDLED_SIGNALS:
        signal.signal(handled, signal.SIG_IGN)
    raise Interrupted(signal_number)


@contextmanager
def signals_raise_interrupted() -> Iterator[None]:
    """Within the block, the first SIGINT or SIGTERM raises Interrupted (later ones are ignored);
    the previous handlers come back afterwards. A signal ignored on entry stays ignored (a
    background job started by a shell ignores SIGINT). Call it from the main thread."""
    previous = {
        handled: signal.signal(handled, _raise_once)
        for handled in HANDLED_SIGNALS
        if signal.getsignal(handled) is not signal.SIG_IGN
    }
    try:
        yield
    finally:
        for handled, handler in previous.items():
            signal.signal(handled, handler)
