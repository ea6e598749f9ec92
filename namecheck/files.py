"""Reading documents and lexicon files, and writing documents atomically.

Documents are decoded as UTF-8; a leading byte-order mark is removed from the text and
remembered, and line endings are kept exactly as they are, so spans index the decoded text and
a rewrite changes nothing but the edited spans.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

BOM = "\ufeff"
BLOCK_SIZE = 1 << 20  # bytes read at a time


class InputError(Exception):
    """A document or lexicon that cannot be read; the message names it."""


@dataclass(frozen=True)
class Document:
    path: str  # as given by the user; "-" for standard input
    text: str  # decoded, without the byte-order mark
    bom: bool = False

    def encoded(self, text: str | None = None) -> bytes:
        """Return `text` (default: the document's own) encoded as the document was."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def decode_document(data: bytes, path: str) -> Document:
    """Return the document held in `data`; raise InputError when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}): left untouched") from None
    if "\x00" in text:
        raise InputError(f"{path}: binary file (NUL byte): left untouched")
    bom = text.startswith(BOM)
    return Document(path=path, text=text[1:] if bom else text, bom=bom)


def read_document(path: str) -> Document:
    """Read and decode one file; raise InputError naming it when that fails."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return decode_document(data, path)


@dataclass(frozen=True)
class TextSource:
    """A UTF-8 document checked once and then read in decoded blocks, never held whole (unless it
    came from standard input, which cannot be read twice)."""

    path: str
    bom: bool = False
    text: str | None = None  # the whole text, when it was read at once

    def blocks(self) -> Iterator[str]:
        """Return the decoded text in consecutive blocks, the byte-order mark left out."""
        if self.text is not None:
            yield self.text
            return
        with open(self.path, "rb") as stream:
            yield from _decoded_blocks(stream, self.path)

    def encoded(self, text: str) -> bytes:
        """Return `text` encoded as the document was (its byte-order mark kept)."""
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _decoded_blocks(stream, path: str) -> Iterator[str]:
    """Decode a binary stream block by block; raise InputError for what is not UTF-8 text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    position = 0
    first = True
    while True:
        data = stream.read(BLOCK_SIZE)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: not UTF-8 text (byte {position + error.start}): left untouched") from None
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
        with open(path, "rb") as stream:
            bom = stream.read(3) == BOM.encode("utf-8")
            stream.seek(0)
            for _ in _decoded_blocks(stream, path):
                pass
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return TextSource(path, bom)


def text_source_of(data: bytes, path: str) -> TextSource:
    """Return the source of a document held in memory (standard input)."""
    document = decode_document(data, path)
    return TextSource(path, document.bom, document.text)


def read_bytes(path: str) -> bytes:
    """Return a file's bytes; raise InputError naming it when that fails."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def expand_paths(paths: list[str], suffixes: tuple[str, ...] = ()) -> list[str]:
    """Return the files named by `paths`: files as given, folders walked in sorted order.

    Folder walks skip hidden entries and, when `suffixes` is given, files with other endings.
    """
    found = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            found.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(name for name in dirs if not name.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or (suffixes and not name.endswith(suffixes)):
                    continue
                found.append(os.path.join(root, name))
    return found


def package_data_text(name: str) -> str:
    """Return the text of one of the matcher's data files (namecheck/data)."""
    return (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")


def _new_file_mode() -> int:
    """The mode an ordinary new file gets: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file at `path` with `data`: a crash leaves the old file or the new, never half."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def default_lexicon_dir() -> Path:
    """Return the folder of the default lexicon: installed beside the package, else the source tree."""
    package = Path(__file__).resolve().parent
    installed = package / "default_lexicon"
    return installed if installed.is_dir() else package.parent / "lexicon"


def lexicon_files(path: Path) -> list[Path]:
    """Return the lexicon files a path stands for: the file itself, or a folder's *.toml."""
    return sorted(path.glob("*.toml")) if path.is_dir() else [path]


def read_lexicon_texts(paths: list[str], with_default: bool = True) -> list[tuple[str, str]]:
    """Return (path, text) of every lexicon file: the default ones first, then `paths`."""
    folders = ([default_lexicon_dir()] if with_default else []) + [Path(path) for path in paths]
    texts = []
    for folder in folders:
        if not folder.exists():
            raise InputError(f"{folder}: no such lexicon file or folder")
        for file in lexicon_files(folder):
            try:
                texts.append((str(file), file.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                raise InputError(f"{file}: cannot read lexicon: {error}") from None
    return texts
