"""multipart/form-data bodies parsed in memory: no part is ever spooled to a temporary file.

python-multipart does the parsing; this module only gathers each part's headers and bytes. The
body has already been read within the upload limit, so holding its parts costs at most that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header


class MultipartError(ValueError):
    """A body that is not well-formed multipart/form-data; the message says why."""


@dataclass
class Part:
    """One field of a form: its name, the file name when it is an upload, and its bytes."""

    name: str
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)

    @property
    def is_file(self) -> bool:
        """True for an uploaded file, False for a plain field."""
        return self.filename is not None

    def text(self) -> str:
        """Return a plain field's value; raise MultipartError when it is not UTF-8."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            raise MultipartError(f"form field {self.name!r} is not UTF-8 text") from None


class _Collector:
    """The parser's callbacks: one Part per part, in body order."""

    def __init__(self, max_parts: int):
        self.parts: list[Part] = []
        self.max_parts = max_parts
        self.ended = False
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition: bytes | None = None

    def callbacks(self) -> dict:
        """Return the callbacks python-multipart's parser calls, by name."""
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._header_name.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": lambda data, start, end: self.parts[-1].data.extend(data[start:end]),
            "on_end": self._end,
        }

    def _begin(self) -> None:
        if len(self.parts) >= self.max_parts:
            raise MultipartError(f"too many form fields (at most {self.max_parts})")
        self._disposition = None
        self.parts.append(Part(name=""))

    def _header_end(self) -> None:
        if bytes(self._header_name).lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        kind, options = parse_options_header(self._disposition)
        if kind != b"form-data" or b"name" not in options:
            raise MultipartError("a form part without a 'Content-Disposition: form-data; name=...' header")
        part = self.parts[-1]
        part.name = options[b"name"].decode("utf-8", "replace")
        if b"filename" in options:
            part.filename = options[b"filename"].decode("utf-8", "replace")

    def _end(self) -> None:
        self.ended = True


def form_parts(body: bytes, content_type: str, max_parts: int) -> list[Part]:
    """Return the parts of a multipart/form-data body; raise MultipartError when it is malformed."""
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise MultipartError("multipart/form-data without a boundary")
    collector = _Collector(max_parts)
    parser = MultipartParser(boundary, collector.callbacks())
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError as error:
        raise MultipartError(f"malformed multipart body: {error}") from None
    if not collector.ended:
        raise MultipartError("malformed multipart body: it ends before its closing boundary")
    return collector.parts
