"""Helpers of the web tests: a record of every write to the file system while a request runs."""

import contextlib
import os
import sys

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_CHANGES = {
    "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.truncate", "os.symlink",
    "os.link", "os.chmod", "os.chown", "shutil.copyfile", "shutil.move", "shutil.rmtree",
    "tempfile.mkstemp", "tempfile.mkdtemp",
}
_recording: list[tuple[list, bool]] = []  # (events, whether reads count too)


def _is_write(event: str, args: tuple) -> bool:
    if event in _CHANGES:
        return True
    if event != "open":
        return False
    path, mode, flags = args
    if str(path).endswith(".pyc"):  # the interpreter caching bytecode of a module imported late
        return False
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax+")
    return bool(flags & _WRITE_FLAGS)


def _hook(event: str, args: tuple) -> None:
    if not _recording:
        return
    events, reads = _recording[-1]
    if _is_write(event, args) or (reads and event in ("open", "os.listdir", "os.scandir") and not str(args[0]).endswith(".pyc")):
        events.append((event, args))


sys.addaudithook(_hook)


@contextlib.contextmanager
def file_writes(reads: bool = False):
    """Yield a list that receives (event, arguments) of every file system change made meanwhile
    (with `reads`, every file opened or folder listed too), from any thread: audit hooks see them all."""
    events: list = []
    entry = (events, reads)
    _recording.append(entry)
    try:
        yield events
    finally:
        _recording.remove(entry)
