"""What a request sends, read the same way from a JSON body and from a multipart form.

A JSON body is an object whose values have JSON types; a form sends strings and files. The
typed readers here accept both spellings of a value (`true` or "true", `[0, 2]` or "0,2") and
refuse anything else with a BadInput naming the field, so every endpoint validates alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .multipart import MultipartError, Part, form_parts

JSON_TYPE = "application/json"
FORM_TYPE = "multipart/form-data"


class BadInput(Exception):
    """A request that cannot be answered: an HTTP status and a message for the person or program."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SentFile:
    """An uploaded file: its name (a label only, never a path) and its bytes."""

    filename: str
    data: bytes
    field: str = "file"  # the form field it was sent in


@dataclass
class Fields:
    """The values and files of one request."""

    values: dict[str, object] = field(default_factory=dict)  # JSON values, or lists of form strings
    files: list[SentFile] = field(default_factory=list)
    from_form: bool = False

    def refuse_unknown(self, known: set[str]) -> None:
        """Raise BadInput for a field the endpoint does not take (a typo must not pass silently)."""
        unknown = sorted((set(self.values) | {sent.field for sent in self.files}) - known)
        if unknown:
            raise BadInput(400, f"unknown field {unknown[0]!r} (fields: {', '.join(sorted(known))})")

    def _form_value(self, name: str) -> str | None:
        values = self.values.get(name)
        if not values:
            return None
        if len(values) > 1:
            raise BadInput(400, f"field {name!r} is given {len(values)} times")
        return values[0]

    def string(self, name: str) -> str | None:
        """Return a text field, or None when it is absent."""
        value = self._form_value(name) if self.from_form else self.values.get(name)
        if value is not None and not isinstance(value, str):
            raise BadInput(400, f"field {name!r} must be a string")
        return value

    def flag(self, name: str) -> bool:
        """Return a yes/no field (false when absent)."""
        value = self._form_value(name) if self.from_form else self.values.get(name)
        if self.from_form and isinstance(value, str):
            value = {"true": True, "1": True, "on": True, "false": False, "0": False, "": False}.get(value.lower(), value)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise BadInput(400, f"field {name!r} must be true or false")
        return value

    def strings(self, name: str) -> list[str] | None:
        """Return a list of strings (a JSON array, or a form field given once or repeated)."""
        values = self.values.get(name)
        if values is None:
            return None
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise BadInput(400, f"field {name!r} must be a list of strings")
        return values

    def indices(self, name: str) -> list[int] | None:
        """Return a list of finding indices (a JSON array of integers, or "0,2,5" in a form)."""
        value = self._form_value(name) if self.from_form else self.values.get(name)
        if self.from_form and value is not None:
            value = _form_indices(name, value)
        if value is None:
            return None
        if not isinstance(value, list) or not all(type(item) is int and item >= 0 for item in value):
            raise BadInput(400, f"field {name!r} must be a list of finding indices (integers from 0)")
        return value


def _form_indices(name: str, value: str) -> list:
    """Read "[0, 2]" or "0,2" or "" as a list; what is not a number is kept for the caller to refuse."""
    text = value.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            raise BadInput(400, f"field {name!r} is not a JSON list") from None
    return [int(item) if item.strip().isdigit() else item for item in text.split(",") if item.strip()]


def _json_fields(body: bytes) -> Fields:
    try:
        values = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(400, "the JSON body is not UTF-8") from None
    except ValueError as error:
        raise BadInput(400, f"malformed JSON: {error}") from None
    if not isinstance(values, dict):
        raise BadInput(400, "the JSON body must be an object")
    return Fields(values=values)


def _form_fields(parts: list[Part]) -> Fields:
    fields = Fields(from_form=True)
    for part in parts:
        if part.is_file:
            fields.files.append(SentFile(part.filename or "-", bytes(part.data), part.name))
        else:
            fields.values.setdefault(part.name, []).append(part.text())
    return fields


def fields_of(body: bytes, content_type: str, max_parts: int) -> Fields:
    """Return the fields of a request body; raise BadInput (400 malformed, 415 another type)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == JSON_TYPE:
        return _json_fields(body)
    if media == FORM_TYPE:
        try:
            return _form_fields(form_parts(body, content_type, max_parts))
        except MultipartError as error:
            raise BadInput(400, str(error)) from None
    raise BadInput(415, f"send {JSON_TYPE} or {FORM_TYPE}, not {media or 'a body without a Content-Type'}")
