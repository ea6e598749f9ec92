"""Reading documents and lexicon files, walking folders, and writing files safely.

Reading: documents are decoded as UTF-8; a leading byte-order mark is removed from the text and
remembered, and line endings are kept exactly as they are, so spans index the decoded text and
a rewrite changes nothing but the edited spans. Only regular files are read: FIFOs, devices and
sockets are refused before they are opened (a FIFO would block, a device could be endless).

Writing: `write_atomically` replaces a file through a temporary file in the same folder, renamed
over it, and keeps what a rewrite in place would keep (links, owner, mode, extended
attributes) or refuses with a reason. Temporary files are named after the process that writes
them, so a later run can remove those left by a process that was killed.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import secrets
import shutil
import stat
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Iterator

BOM = "\ufeff"
BLOCK_SIZE = 1 << 20  # bytes read at a time


class InputError(Exception):
    """A document or lexicon that cannot be read; the message names it."""


class WriteError(OSError):
    """A file left as it was, and why: `filename` is the path, `strerror` the reason.

    An OSError, so a caller that reports failed writes reports these refusals the same way.
    """

    def __init__(self, path: str, reason: str, code: int = errno.EPERM):
        super().__init__(code, reason, path)

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


@dataclass(frozen=True)
class FileState:
    """A file as it was read: another state before writing means someone else changed,
    replaced or deleted it meanwhile."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileState:
        """Return the state recorded in a stat result."""
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@dataclass(frozen=True)
class Document:
    path: str  # as given by the user; "-" for standard input
    text: str  # decoded, without the byte-order mark
    bom: bool = False
    state: FileState | None = None  # the file as it was read; None for standard input

    def encoded(self, text: str | None = None) -> bytes:
        """Return `text` (default: the document's own) encoded as the document was."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


_UTF16_MARKS = {codecs.BOM_UTF16_LE: "UTF-16 (little-endian)", codecs.BOM_UTF16_BE: "UTF-16 (big-endian)"}


def undecodable_message(path: str, head: bytes, at: int) -> str:
    """Return why a file whose first bytes are `head` is refused, its first non-UTF-8 byte at `at`:
    a UTF-16 file (what some editors save as "Unicode") is named as such."""
    for mark, encoding in _UTF16_MARKS.items():
        if head.startswith(mark):
            return f"{path}: {encoding} text, not UTF-8: left untouched (save it as UTF-8)"
    return f"{path}: not UTF-8 text (byte {at}): left untouched"


def decode_document(data: bytes, path: str) -> Document:
    """Return the document held in `data`; raise InputError when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(undecodable_message(path, data[:2], error.start)) from None
    if "\x00" in text:
        raise InputError(f"{path}: binary file (NUL byte): left untouched")
    bom = text.startswith(BOM)
    return Document(path=path, text=text[1:] if bom else text, bom=bom)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """Return what a file of this st_mode is, in words: "a regular file", "a FIFO (named pipe)"..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _not_regular(path: str, mode: int) -> InputError:
    return InputError(f"{path}: {file_kind(mode)}, not a regular file: skipped")


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def open_regular(path: str) -> BinaryIO:
    """Open a regular file for reading; raise InputError for a FIFO, device, socket or folder
    (OSError when it cannot be opened).

    The type is checked with a stat before opening, so a special file is never opened; the file
    is opened with O_NONBLOCK and checked again on the open descriptor, so a file swapped for a
    FIFO in between cannot block either.
    """
    if not stat.S_ISREG(mode := os.stat(path).st_mode):
        raise _not_regular(path, mode)
    stream = open(os.open(path, _READ_FLAGS), "rb")
    if not stat.S_ISREG(mode := os.fstat(stream.fileno()).st_mode):
        stream.close()
        raise _not_regular(path, mode)
    return stream


def state_of(stream: BinaryIO) -> FileState:
    """Return the state of an open file, to record before reading it."""
    return FileState.of(os.fstat(stream.fileno()))


def read_document(path: str) -> Document:
    """Read and decode one regular file (see open_regular) and record its state; raise
    InputError naming it when that fails."""
    try:
        with open_regular(path) as stream:
            state = state_of(stream)
            data = stream.read()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return replace(decode_document(data, path), state=state)


@dataclass(frozen=True)
class SkippedFile:
    """A file a folder walk passed over: not a regular file, or not text."""

    path: str
    kind: str  # in words: what it is ("a FIFO (named pipe)", as file_kind says it) or why not text
    reason: str = "not a regular file"

    @property
    def message(self) -> str:
        """Return the note to show: the path, what it is, and that it was skipped."""
        return f"{self.path}: {self.kind}, {self.reason}: skipped"


@dataclass(frozen=True)
class Walk:
    """The files named by a command's paths, the files found and skipped (with a note), and
    those the selection left out (.gitignore, exclude, include), with why."""

    files: tuple[str, ...]
    skipped: tuple[SkippedFile, ...] = ()
    left_out: tuple[tuple[str, str], ...] = ()


def _special_kind(path: str) -> str | None:
    """Return what `path` is when it is a FIFO, device, socket or folder; None for a regular
    file or a broken link (which reading reports)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else file_kind(mode)


SNIFF_SIZE = 8000  # bytes read to tell text from binary content, as git reads
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")


def binary_content(path: str) -> str | None:
    """Return why a file's first bytes are not text (a NUL byte, or more than a tenth of control
    bytes other than tab, line breaks, form feed, backspace and escape), or None when they may
    be text or cannot be read (reading will say why). Text in another encoding than UTF-8 is
    still text: reading it reports the error."""
    try:
        with open_regular(path) as stream:
            head = stream.read(SNIFF_SIZE)
    except (OSError, InputError):
        return None
    if b"\x00" in head:
        return "binary content (a NUL byte)"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return "binary content (control bytes)" if controls * 10 > len(head) else None


def _walked_file(found: str, binary_suffixes: tuple[str, ...] | None) -> SkippedFile | None:
    """Return the note of a file met in a walk that is not read, or None when it is read."""
    kind = _special_kind(found)
    if kind:
        return SkippedFile(found, kind)
    if binary_suffixes is not None and not found.lower().endswith(binary_suffixes) and (reason := binary_content(found)):
        return SkippedFile(found, reason, "not text")
    return None


def walk_paths(
    paths: list[str], suffixes: tuple[str, ...] = (), selection=None, binary_suffixes: tuple[str, ...] | None = None
) -> Walk:
    """Return the files named by `paths`: files as given, folders walked in sorted order.

    Folder walks skip hidden entries and, when `suffixes` is given, files with other endings;
    FIFOs, devices and sockets met in a walk, and, when `binary_suffixes` is given, files whose
    content is not text (except those ending in one of them, documents of their own: .docx),
    are listed in `skipped` and never read as documents. A `selection` (selection.Selection) leaves out what
    .gitignore files and globs say, listed in `left_out`. A path given explicitly is kept
    whatever it is (unless the globs leave it out): reading it says why it cannot be read.
    """
    files: list[str] = []
    skipped: list[SkippedFile] = []
    left_out: list[tuple[str, str]] = []

    def taken(path: str, is_dir: bool, walked: bool = True) -> bool:
        reason = selection.left_out(path, is_dir, walked) if selection else None
        if reason:
            left_out.append((path, reason))
        return reason is None

    for path in paths:
        if path == "-" or not os.path.isdir(path):
            if path == "-" or taken(path, False, walked=False):
                files.append(path)
            continue
        if selection is not None:
            for folder, text, below in ignore_files_above(path):
                selection.ignore_files.add(folder, text, below)
        for root, dirs, names in os.walk(path):
            if selection is not None:
                selection.ignore_files.add(root, read_optional_text(os.path.join(root, ".gitignore")))
            dirs[:] = [name for name in sorted(dirs) if not name.startswith(".") and taken(os.path.join(root, name), True)]
            for name in sorted(names):
                if name.startswith(".") or (suffixes and not name.endswith(suffixes)):
                    continue
                found = os.path.join(root, name)
                if not taken(found, False):
                    continue
                note = _walked_file(found, binary_suffixes)
                if note:
                    skipped.append(note)
                else:
                    files.append(found)
    return Walk(tuple(files), tuple(skipped), tuple(left_out))


def read_optional_text(path: str) -> str | None:
    """Return the text of a small regular file (a .gitignore), or None when there is none or it
    cannot be read as text."""
    try:
        with open_regular(path) as stream:
            return stream.read(1 << 20).decode("utf-8", "replace")
    except (OSError, InputError):
        return None


def git_top(folder: str) -> str | None:
    """Return the top folder of the git work tree holding `folder` (the nearest folder with a
    .git entry), or None outside a repository."""
    folder = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def ignore_files_above(path: str) -> list[tuple[str, str | None, str | None]]:
    """Return (folder, .gitignore text, lower-precedence text) of a walked folder and the folders
    above it up to its repository's top (none outside a repository): the top's .git/info/exclude
    ranks below its .gitignore."""
    top = git_top(path)
    if top is None:
        return []
    exclude = read_optional_text(os.path.join(top, ".git", "info", "exclude"))
    folders = [os.path.abspath(path)]
    while folders[-1] != top:
        folders.append(os.path.dirname(folders[-1]))
    return [(folder, read_optional_text(os.path.join(folder, ".gitignore")), exclude if folder == top else None) for folder in folders]


def config_candidates(folder: str, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Yield (path, text) of each file named one of `names` in `folder` and the folders above
    it, nearest first and, in one folder, in the order of `names`."""
    folder = os.path.abspath(folder)
    while True:
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                try:
                    yield path, Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    raise InputError(f"{path}: cannot read: {error}") from None
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


@dataclass(frozen=True)
class TextSource:
    """A UTF-8 document checked once and then read in decoded blocks, never held whole (unless it
    came from standard input, which cannot be read twice)."""

    path: str
    bom: bool = False
    text: str | None = None  # the whole text, when it was read at once
    state: FileState | None = None  # the file when it was checked; a fix writes only over that

    def blocks(self) -> Iterator[str]:
        """Return the decoded text in consecutive blocks, the byte-order mark left out."""
        if self.text is not None:
            yield self.text
            return
        try:
            stream = open_regular(self.path)
        except OSError as error:
            raise InputError(f"{self.path}: cannot read: {error.strerror or error}") from None
        with stream:
            yield from _decoded_blocks(stream, self.path)

    def encoded(self, text: str) -> bytes:
        """Return `text` encoded as the document was (its byte-order mark kept)."""
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _decoded_blocks(stream, path: str) -> Iterator[str]:
    """Decode a binary stream block by block; raise InputError for what is not UTF-8 text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    position = 0
    first = True
    head = b""
    while True:
        data = stream.read(BLOCK_SIZE)
        head = head or data[:2]
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise InputError(undecodable_message(path, head, position + error.start)) from None
        if "\x00" in text:
            raise InputError(f"{path}: binary file (NUL byte): left untouched")
        if first and text:
            first = False
            text = text[1:] if text.startswith(BOM) else text
        if text:
            yield text
        if not data:
            return
        position += len(data)


def open_text(path: str) -> TextSource:
    """Check that a file is UTF-8 text, reading it once without holding it; return its source.
    Raise InputError naming the file when it cannot be read or is not text."""
    try:
        with open_regular(path) as stream:
            state = state_of(stream)
            bom = stream.read(3) == BOM.encode("utf-8")
            stream.seek(0)
            for _ in _decoded_blocks(stream, path):
                pass
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return TextSource(path, bom, state=state)


def text_source_of(data: bytes, path: str) -> TextSource:
    """Return the source of a document held in memory (standard input)."""
    document = decode_document(data, path)
    return TextSource(path, document.bom, document.text)


def bytes_and_state(path: str) -> tuple[bytes, FileState]:
    """Return a regular file's bytes and its state before reading (see open_regular); raise
    InputError naming it when that fails."""
    try:
        with open_regular(path) as stream:
            state = state_of(stream)
            return stream.read(), state
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def read_bytes(path: str) -> bytes:
    """Return a regular file's bytes; raise InputError naming it when that fails."""
    return bytes_and_state(path)[0]


def expand_paths(paths: list[str], suffixes: tuple[str, ...] = ()) -> list[str]:
    """Return the files named by `paths` (see walk_paths; the special files skipped are dropped)."""
    return list(walk_paths(paths, suffixes).files)


def package_data_text(name: str) -> str:
    """Return the text of one of the matcher's data files (namecheck/data)."""
    return (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")


# Writing. A temporary file is named .NAME.namecheck-PID-RANDOM.tmp: hidden (folder walks pass
# over it), beside its target (the rename stays in one file system), and findable afterwards.
_TEMPORARY_RE = re.compile(r"\..+\.namecheck-(?P<pid>\d+)-[0-9a-f]+\.tmp", re.DOTALL)
_NAME_BYTES_KEPT = 150  # of the target's name, so the temporary's name fits NAME_MAX (255)


def temporary_path(target: str) -> str:
    """Return a new temporary path beside `target`, named after this process."""
    folder, name = os.path.split(target)
    short = os.fsdecode(os.fsencode(name)[:_NAME_BYTES_KEPT])
    return os.path.join(folder, f".{short}.namecheck-{os.getpid()}-{secrets.token_hex(6)}.tmp")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # alive, owned by someone else
    except (OSError, OverflowError, ValueError):
        return False
    return pid > 0


def remove_stale_temporaries(folder: str) -> list[str]:
    """Remove the temporary files (and folders of parts) left in `folder` by processes that no
    longer run (killed while writing) and return their paths; those of running processes are
    kept: they are in use."""
    removed = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = _TEMPORARY_RE.fullmatch(entry.name)
            if not found or _process_alive(int(found["pid"])):
                continue
            if entry.is_dir(follow_symlinks=False):
                remove_folder(entry.path)
                removed.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.path)
    return removed


@functools.cache
def _stale_temporaries_removed(folder: str) -> tuple[str, ...]:
    # once per folder and run: later temporaries there are this run's own or a live process's
    return tuple(remove_stale_temporaries(folder))


def remove_stale_temporaries_beside(path: str) -> tuple[str, ...]:
    """Remove, once per run, stale temporary files from the folder holding the file `path` (after
    following links); return their paths. `fix` calls it for every folder it reads from."""
    return _stale_temporaries_removed(os.path.dirname(os.path.realpath(path)))


def _new_file_mode() -> int:
    """The mode an ordinary new file gets: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _current_status(target: str, path: str) -> os.stat_result | None:
    """Return the stat of the file to replace, None when there is none; refuse anything but a
    regular file (replacing a device or a FIFO by a file breaks whatever uses it)."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteError(path, error.strerror or str(error), error.errno or errno.EIO) from None
    if not stat.S_ISREG(status.st_mode):
        raise WriteError(path, f"{file_kind(status.st_mode)}, not a regular file: never replaced")
    return status


def _no_write_permission(path: str, mode: int) -> bool:
    # no write bit at all counts even for root, who may write anything: 0444 says "do not"
    if not mode & 0o222:
        return True
    return not os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _refuse_unsafe_replacement(target: str, status: os.stat_result, path: str) -> None:
    """Refuse a file that a rename cannot replace faithfully: one with several hard links (the
    other names would keep the old content) or one we may not write to."""
    if status.st_nlink > 1:
        raise WriteError(path, f"has {status.st_nlink} hard links; replacing it would separate them")
    if _no_write_permission(target, status.st_mode):
        raise WriteError(path, f"read-only file (mode {stat.S_IMODE(status.st_mode):04o})", errno.EACCES)


def _refuse_read_only_folder(folder: str, path: str) -> None:
    """Refuse to write into a folder where the temporary file cannot be created, naming it."""
    try:
        read_only_system = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        read_only = _no_write_permission(folder, os.stat(folder).st_mode)
    except OSError:
        return  # creating the temporary file will say what is wrong
    if read_only_system:
        raise WriteError(path, f"read-only file system (folder {folder})", errno.EROFS)
    if read_only:
        raise WriteError(path, f"read-only folder {folder}", errno.EACCES)


_REASONS = {
    errno.ENOSPC: "disk full (no space left on device)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system (folder {folder})",
    errno.EACCES: "read-only folder {folder}",
    errno.EPERM: "read-only folder {folder}",
}


def _write_error(path: str, error: OSError, folder: str) -> WriteError:
    """Return a WriteError for a failure while creating or filling the temporary file."""
    reason = _REASONS.get(error.errno, error.strerror or str(error)).format(folder=folder)
    return WriteError(path, reason, error.errno or errno.EIO)


class _TemporaryFile:
    """A new temporary file, only readable by us until the metadata is copied, written as a
    binary stream: a failure to write it raises a WriteError naming the target `path`."""

    def __init__(self, temporary: str, path: str):
        self.temporary, self.path = temporary, path
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with self._failures_named():
            self._stream = open(os.open(temporary, flags, 0o600), "wb")

    @contextmanager
    def _failures_named(self):
        try:
            yield
        except WriteError:
            raise
        except OSError as error:
            raise _write_error(self.path, error, os.path.dirname(self.temporary)) from None

    @property
    def closed(self) -> bool:
        return self._stream.closed

    def write(self, data) -> int:
        """Write bytes (or a buffer) at the end of the file."""
        with self._failures_named():
            return self._stream.write(data)

    def tell(self) -> int:
        """Return how many bytes were written."""
        return self._stream.tell()

    def flush(self) -> None:
        """Flush Python's buffer to the system (not to disk: that is done once, at the end)."""
        with self._failures_named():
            self._stream.flush()

    def close(self) -> None:
        """Nothing: the file is flushed to disk and closed when the writing ends (a writer that
        closes what it is given, as pyarrow's does, cannot end it early)."""

    def finish(self) -> None:
        """Flush the file to disk and close it."""
        with self._failures_named():
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()

    def discard(self) -> None:
        """Close the file without flushing it and remove it."""
        with suppress(OSError):
            self._stream.close()
        with suppress(OSError):
            os.unlink(self.temporary)


def _keep_owner(temporary: str, status: os.stat_result, path: str) -> None:
    """Give the temporary file the owner and group of the file it replaces, or refuse."""
    created = os.stat(temporary)
    if (created.st_uid, created.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(temporary, status.st_uid, status.st_gid)
    except PermissionError:
        owner = f"{status.st_uid}:{status.st_gid}"
        raise WriteError(path, f"owner and group {owner} cannot be kept by user {os.geteuid()}") from None


_NO_EXTENDED_ATTRIBUTES = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def _copy_extended_attributes(source: str, temporary: str, path: str) -> None:
    """Copy every extended attribute (POSIX ACLs among them) of `source` to `temporary`, or refuse;
    nothing to do where the file system has none."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError as error:
        if error.errno in _NO_EXTENDED_ATTRIBUTES:
            return
        raise WriteError(path, f"cannot read extended attributes: {error.strerror}", error.errno) from None
    for name in names:
        try:
            value = os.getxattr(source, name)
            with suppress(OSError):
                os.setxattr(temporary, name, value)
            if os.getxattr(temporary, name) != value:
                raise OSError(errno.EPERM, "not permitted")
        except OSError as error:
            raise WriteError(path, f"extended attribute {name} cannot be kept ({error.strerror})") from None


def _copy_metadata(target: str, temporary: str, status: os.stat_result | None, path: str) -> None:
    """Give `temporary` the owner, extended attributes and mode of the file it replaces (a new
    file: the ordinary mode). The mode comes last: changing the owner clears set-user-ID bits."""
    if status is None:
        os.chmod(temporary, _new_file_mode())
        return
    _keep_owner(temporary, status, path)
    _copy_extended_attributes(target, temporary, path)
    os.chmod(temporary, stat.S_IMODE(status.st_mode))


def _refuse_changed(target: str, expected: FileState | None, path: str) -> None:
    """Refuse when the file at `target` is no longer in the `expected` state (None: absent)."""
    try:
        now = FileState.of(os.stat(target))
    except FileNotFoundError:
        now = None
    if now == expected:
        return
    if now is None:
        raise WriteError(path, "deleted by another process since it was read; not recreated", errno.ENOENT)
    if expected is None:
        raise WriteError(path, "created by another process meanwhile; not overwritten", errno.EEXIST)
    raise WriteError(path, "changed by another process since it was read; not overwritten", errno.EBUSY)


def _sync_folder(folder: str) -> None:
    """Flush the folder's entry for the renamed file to disk, where the system allows it."""
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextmanager
def atomic_output(path: str, expected: FileState | None = None, remove_stale: bool = True) -> Iterator[_TemporaryFile]:
    """Yield a binary stream whose bytes replace the file at `path` when the block ends without
    an exception, through a temporary file beside it renamed over it: a crash, a kill or an
    exception leaves the old file (or none), never a partial one, and no temporary file behind.
    The stream fails with a WriteError naming `path`; see write_atomically for what is kept and
    refused. Without `remove_stale`, the temporaries of dead processes beside it are left alone:
    in a folder that processes of other machines write to, a process id says nothing."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    status = _current_status(target, path)
    if status is not None:
        _refuse_unsafe_replacement(target, status, path)
    if expected is not None:
        _refuse_changed(target, expected, path)
    _refuse_read_only_folder(folder, path)
    if remove_stale:
        remove_stale_temporaries_beside(target)
    temporary = _TemporaryFile(temporary_path(target), path)
    try:
        yield temporary
        temporary.finish()
        _copy_metadata(target, temporary.temporary, status, path)
        _refuse_changed(target, expected or (status and FileState.of(status)), path)
        os.replace(temporary.temporary, target)
    except BaseException:
        temporary.discard()
        raise
    _sync_folder(folder)


def write_atomically(path: str, data: bytes, expected: FileState | None = None) -> None:
    """Replace the file at `path` with `data`: a crash or kill leaves the old content or the new,
    never a mix. When that cannot be done faithfully, raise WriteError (an OSError naming the file
    and the reason), leaving the file as it was and no temporary file behind.

    A symbolic link stays a link: its target is replaced, in the target's folder. Owner, group,
    mode and extended attributes are kept; a file with several hard links, a read-only file or
    folder, or an owner that cannot be kept is refused. `expected` is the state the file was read
    in: if it changed or vanished since, it is neither overwritten nor recreated. Without it, the
    file's state when writing starts is the one checked just before the rename.
    """
    with atomic_output(path, expected) as stream:
        stream.write(data)


def unsafe_output_reason(output: str, inputs: list[str]) -> str | None:
    """Return why a command reading `inputs` must not write its result to `output`, or None when
    it may: `output` is a device, FIFO, socket or folder, or it is one of the inputs (the same
    device and inode, or the same path once links are resolved)."""
    try:
        status = os.stat(output)
    except OSError:
        status = None  # absent (or unreachable: writing will say why)
    if status is not None and not stat.S_ISREG(status.st_mode):
        return f"{output}: {file_kind(status.st_mode)}, not a regular file: refusing to write over it"
    real = os.path.realpath(output)
    for path in walk_paths(inputs).files:
        if path != "-" and (os.path.realpath(path) == real or _same_file(path, status)):
            return f"{output}: is also an input ({path}): refusing to overwrite it"
    return None


def _same_file(path: str, status: os.stat_result | None) -> bool:
    try:
        return status is not None and os.path.samestat(os.stat(path), status)
    except OSError:
        return False


def default_lexicon_dir() -> Path:
    """Return the folder of the default lexicon: installed beside the package, else the source tree."""
    package = Path(__file__).resolve().parent
    installed = package / "default_lexicon"
    return installed if installed.is_dir() else package.parent / "lexicon"


def lexicon_files(path: Path) -> list[Path]:
    """Return the lexicon files a path stands for: the file itself, or a folder's *.toml."""
    return sorted(path.glob("*.toml")) if path.is_dir() else [path]


def lexicon_bytes(path: Path) -> bytes:
    """Return the bytes of one lexicon file; raise InputError naming it when it cannot be read."""
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file: cannot read lexicon")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read lexicon: {error.strerror or error}") from None


def decoded_lexicon(path: str, data: bytes) -> str:
    """Return the text of a lexicon file's bytes (UTF-8, a byte-order mark dropped); raise
    InputError naming it, and the line of the first undecodable byte, when it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"{path}:{line}: lexicon is not UTF-8 text (byte {error.start})") from None
    return text[1:] if text.startswith(BOM) else text


def lexicon_text(path: Path) -> str:
    """Return the text of one lexicon file (see lexicon_bytes and decoded_lexicon)."""
    return decoded_lexicon(str(path), lexicon_bytes(path))


def lexicon_paths(paths: list[str], with_default: bool = True) -> list[Path]:
    """Return every lexicon file: the default ones first, then `paths` in order.

    A folder stands for its *.toml files; one that holds none is an error, not an empty lexicon.
    """
    folders = ([default_lexicon_dir()] if with_default else []) + [Path(path) for path in paths]
    found = []
    for folder in folders:
        if not folder.exists():
            raise InputError(f"{folder}: no such lexicon file or folder")
        files = lexicon_files(folder)
        if not files:
            raise InputError(f"{folder}: no lexicon files (*.toml) in this folder")
        found.extend(files)
    return found


def read_lexicon_texts(paths: list[str], with_default: bool = True) -> list[tuple[str, str]]:
    """Return (path, text) of every lexicon file (see lexicon_paths)."""
    return [(str(file), lexicon_text(file)) for file in lexicon_paths(paths, with_default)]


def read_lexicon_files(paths: list[str], with_default: bool = True) -> list[tuple[str, bytes]]:
    """Return (path, bytes) of every lexicon file (see lexicon_paths), not yet decoded: the index
    cache's key is a hash of the bytes, and a cached index needs no text."""
    return [(str(file), lexicon_bytes(file)) for file in lexicon_paths(paths, with_default)]


# Corpora read in partitions: byte ranges of one file, cut after a line break, so that processes
# on one machine or workers of a cluster each read their own part of the file.


def file_size(path: str) -> int:
    """Return the size in bytes of a regular file; raise InputError naming it when it cannot be read."""
    try:
        with open_regular(path) as stream:
            return os.fstat(stream.fileno()).st_size
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def line_ranges(path: str, size: int) -> list[tuple[int, int]]:
    """Return the byte ranges that cut a file into parts of about `size` bytes, each ending
    after a line break (or at the end of the file), in order; none for an empty file."""
    ranges, start = [], 0
    try:
        with open_regular(path) as stream:
            total = os.fstat(stream.fileno()).st_size
            while start < total:
                stream.seek(max(start, start + size - 1))
                stream.readline()  # on to the end of the line the cut falls in
                end = min(max(stream.tell(), start + 1), total)
                ranges.append((start, end))
                start = end
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return ranges


def range_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    """Return the lines (line breaks kept) of the bytes [start, end) of a file, as bytes, read
    a line at a time; raise InputError naming the file when it cannot be read."""
    try:
        with open_regular(path) as stream:
            stream.seek(start)
            position = start
            while position < end:
                line = stream.readline(end - position)
                if not line:
                    return
                position += len(line)
                yield line
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def copy_file_into(path: str, stream) -> int:
    """Append the bytes of the file at `path` to a binary stream; return how many."""
    copied = 0
    with open_regular(path) as source:
        while data := source.read(BLOCK_SIZE):
            stream.write(data)
            copied += len(data)
    return copied


def temporary_folder_beside(target: str) -> str:
    """Create and return a new hidden folder beside `target` for the parts of its content, named
    like a temporary file (see temporary_path) so that a later run removes it if it is left."""
    path = temporary_path(os.path.realpath(target))
    try:
        os.mkdir(path, 0o700)
    except OSError as error:
        raise _write_error(target, error, os.path.dirname(path)) from None
    return path


def remove_folder(path: str) -> None:
    """Remove a folder this run created and everything in it; what cannot be removed stays."""
    shutil.rmtree(path, ignore_errors=True)


# The compiled-index cache: cache.py says what a file holds; here is where files live and how
# they are read, written and removed. Only names of these shapes are ever removed from the
# folder, whatever else it holds (NAMECHECK_CACHE_DIR may name any folder).
CACHE_FOLDER_VARIABLE = "NAMECHECK_CACHE_DIR"
_CACHE_FILE_RE = re.compile(r"index-[0-9a-f]{40}\.bin")
SIGNING_KEY_FILE = "signing-key"
_SIGNING_KEY_SIZE = 32
CACHE_FILES_KEPT = 8  # index files of other lexicon sets kept, most recently used first


def cache_folder() -> Path:
    """Return the folder of the index cache: $NAMECHECK_CACHE_DIR, else the user cache folder."""
    override = os.environ.get(CACHE_FOLDER_VARIABLE)
    if override:
        return Path(override)
    import platformdirs  # here, not at the top: only a run that uses the cache pays for it

    return Path(platformdirs.user_cache_dir("namecheck", appauthor=False))


def cache_file_path(folder: Path, key: str) -> Path:
    """Return the path of the cache file filed under `key` (hexadecimal digits)."""
    return folder / f"index-{key}.bin"


@dataclass(frozen=True)
class SigningKey:
    """The key that signs a cache folder's files, or why there is none to trust."""

    key: bytes | None
    problem: str = ""


def _private_key_problem(status: os.stat_result) -> str:
    if not stat.S_ISREG(status.st_mode):
        return f"{file_kind(status.st_mode)}, not a regular file"
    if status.st_uid != os.geteuid():
        return "owned by another user"
    if status.st_mode & 0o077:
        return f"mode {stat.S_IMODE(status.st_mode):04o}: others may read or write it"
    return ""


def _new_signing_key(folder: Path, path: Path) -> str:
    """Make the key file, atomically: written in full under another name, then linked to its
    name unless another process made one first (then that one is the key). Return a problem."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = temporary_path(str(path))
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            os.write(handle, secrets.token_bytes(_SIGNING_KEY_SIZE))
        finally:
            os.close(handle)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    except OSError as error:
        return f"cannot write {path}: {error.strerror or error}"
    return ""


def cache_signing_key(folder: Path, make: bool = True) -> SigningKey:
    """Return the key that signs the cache files of `folder`, made on first use unless not to
    `make` it (random bytes in a file of mode 0600). There is none to trust when the file is not
    private to this user, or cannot be made: the cache is then not used."""
    path = folder / SIGNING_KEY_FILE
    for _ in range(2):
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            if not make:
                return SigningKey(None)  # none yet: the first run that uses the cache makes it
            problem = _new_signing_key(folder, path)
            if problem:
                return SigningKey(None, problem)
            continue
        except OSError as error:
            return SigningKey(None, f"cannot read {path}: {error.strerror or error}")
        with open(handle, "rb") as stream:
            problem = _private_key_problem(os.fstat(stream.fileno()))
            key = b"" if problem else stream.read(_SIGNING_KEY_SIZE + 1)
        if problem or len(key) != _SIGNING_KEY_SIZE:
            return SigningKey(None, f"{path}: {problem or 'not a key written by namecheck'}: the cache is not used")
        return SigningKey(key)
    return SigningKey(None, f"{path}: removed while being read")


def read_cache_file(path: Path) -> bytes | None:
    """Return the bytes of a cache file, or None when there is none to read."""
    try:
        with open_regular(str(path)) as stream:
            return stream.read()
    except (OSError, InputError):
        return None


def mark_cache_file_used(path: Path) -> None:
    """Mark a cache file as just used: the files used least recently are the ones pruned."""
    with suppress(OSError):
        os.utime(path)


def _replace_with(path: Path, data: bytes) -> None:
    """Put `data` at `path` through a temporary file renamed over it. Not flushed to disk: a
    cache file lost or torn by a crash fails its signature and is only built again."""
    remove_stale_temporaries_beside(str(path))
    temporary = temporary_path(str(path))
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write a cache file atomically (another process reading or writing the same file at the same
    time sees the old file or the new, never a mix; two writers both succeed), prune the folder's older files and return
    True; False when it could not be written (the cache is then only not used)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace_with(path, data)
    except OSError:
        return False
    for old in cache_files(path.parent)[CACHE_FILES_KEPT:]:
        with suppress(OSError):
            old.unlink()
    return True


def cache_file_status(path: Path) -> os.stat_result | None:
    """Return the status of a cache file (size, times), or None when it is gone."""
    try:
        return os.stat(path)
    except OSError:
        return None


def cache_files(folder: Path) -> list[Path]:
    """Return the cache files in `folder`, the most recently used first."""
    found = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if _CACHE_FILE_RE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    found.append((entry.stat(follow_symlinks=False).st_mtime_ns, Path(entry.path)))
    return [path for _, path in sorted(found, reverse=True)]


def clear_cache(folder: Path) -> list[Path]:
    """Remove the cache files, the signing key and the temporary files left by dead processes
    from `folder` (nothing else), then the folder itself if that left it empty; return what was
    removed."""
    removed = []
    for path in [*cache_files(folder), folder / SIGNING_KEY_FILE]:
        with suppress(OSError):
            path.unlink()
            removed.append(path)
    removed.extend(Path(path) for path in remove_stale_temporaries(str(folder)))
    with suppress(OSError):
        folder.rmdir()
    return removed


def package_code_signature() -> str:
    """Return the names, sizes and modification times of the package's modules, a line each: an
    index built by other code (an upgrade, an edit) is filed under another key."""
    package = Path(__file__).resolve().parent
    lines = []
    for folder, folders, names in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                lines.append(f"{os.path.relpath(os.path.join(folder, name), package)} {status.st_size} {status.st_mtime_ns}")
    return "\n".join(lines)


def package_data_files() -> list[tuple[str, bytes]]:
    """Return (name, content) of the matcher's data files (namecheck/data: rules and word lists)."""
    folder = Path(__file__).resolve().parent / "data"
    return [(path.name, path.read_bytes()) for path in sorted(folder.iterdir()) if path.is_file()]
