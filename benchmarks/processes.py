"""Whole commands timed as a user runs them: wall time, processor time and peak memory.

A command is started by a small launcher process rather than forked from the benchmark itself:
Linux counts the memory a process had when it was forked (here the benchmark's texts and
lexicons) in the peak of the command it then executes, so a command forked from a large process
would report that process's size as its own.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    seconds: float  # wall-clock
    cpu: float  # user and system time: what a shared machine's load disturbs least
    peak_mb: float


def run(command: list[str], environment: dict | None = None, statuses: tuple[int, ...] | None = None) -> Run:
    """Run a whole command, its output discarded; return its wall time, processor time and peak
    memory. With `statuses`, an exit status outside them, or a traceback on standard error (an
    uncaught exception exits with 1, as findings do), raises RuntimeError."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=environment, capture_output=True, text=True, check=True)
    seconds, cpu, peak_kb, status = done.stdout.split()
    if statuses is not None and (int(status) not in statuses or "Traceback" in done.stderr):
        raise RuntimeError(f"{' '.join(command)} failed with status {status}: {done.stderr}")
    return Run(float(seconds), float(cpu), int(peak_kb) / 1024)
