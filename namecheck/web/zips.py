"""The documents inside an uploaded zip, read in memory within limits (a zip bomb stops at the
limit, not at the end of memory). Entry names are labels only: nothing is extracted anywhere."""

from __future__ import annotations

import io
import posixpath
import zipfile

from .fields import BadInput, SentFile
from .settings import size_text


def is_zip_name(filename: str) -> bool:
    """Return True for a file name that ends in .zip (a .docx is a zip too, but a document)."""
    return filename.lower().endswith(".zip")


def _wanted(info: zipfile.ZipInfo) -> bool:
    """Folders, hidden entries and the resource forks some archivers add hold no documents."""
    parts = info.filename.split("/")
    return not info.is_dir() and not any(part.startswith(".") or part == "__MACOSX" for part in parts)


def zip_members(archive: SentFile, max_bytes: int, max_files: int) -> list[SentFile]:
    """Return the files of a zip, in archive order, named "archive.zip/entry"; raise BadInput
    (422) when it is no zip, (413) when it unpacks to more than `max_bytes` or holds more than
    `max_files` documents."""
    try:
        opened = zipfile.ZipFile(io.BytesIO(archive.data))
    except (zipfile.BadZipFile, OSError) as error:
        raise BadInput(422, f"{archive.filename}: not a zip file ({error})") from None
    members, total = [], 0
    with opened:
        for info in filter(_wanted, opened.infolist()):
            if len(members) >= max_files:
                raise BadInput(413, f"{archive.filename}: more than {max_files} documents")
            try:
                with opened.open(info) as stream:
                    data = stream.read(max_bytes - total + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
                raise BadInput(422, f"{archive.filename}: cannot read {info.filename}: {error}") from None
            total += len(data)
            if total > max_bytes:
                raise BadInput(413, f"{archive.filename}: unpacks to more than {size_text(max_bytes)}")
            members.append(SentFile(posixpath.join(archive.filename, info.filename), data))
    return members
