"""A real `namecheck serve` in its own process, for the browser and serve tests and the web benchmark."""

import signal
import socket
import subprocess
import sys
import time
import urllib.request

START_SECONDS = 60  # a loaded CI machine may take a while to import and load the lexicon


class ServerDidNotStart(RuntimeError):
    """`namecheck serve` exited or did not answer in time; the message holds what it printed."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _take_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def started_server(arguments: list[str] = ()) -> tuple[subprocess.Popen, str]:
    """Start `namecheck serve` with `arguments` on a free port; return the process (its stderr
    a pipe) once its check page answers, and its address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "namecheck", "serve", "--port", str(port), *arguments],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        # Ctrl-C as a terminal delivers it: a suite run as a background job ignores SIGINT, and
        # its children would inherit that.
        preexec_fn=_take_sigint,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(address + "/", timeout=2).close()
            return process, address
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise ServerDidNotStart(f"namecheck serve did not start: {process.communicate()[1]}")
