"""The compiled-index cache: what a cache file holds, the key it is filed under, how it is encoded,
and the checks that keep a file from being trusted when it should not be.

Building a matcher reads every spelling of the lexicon into parts and keys; for a gazetteer of
30,000 places that takes seconds. A cache file keeps what was built (the index's tables, the
prefix sets and the guards' facts about entities) under a key that changes with anything the
build depends on: the lexicon files' contents in order, the rules and word lists, the package's
version and code, this format and the Python that wrote it. Another key is another file.

A file is: MAGIC, an HMAC-SHA256 of the rest under a random key kept beside the cache files (only
a process that can read that key writes a file this trusts: a corrupt, truncated or foreign file
fails the check and is rebuilt), then a header and blobs. A blob is marshal data, Python's format
for plain values: it builds no objects of other classes and runs no code, and it loads several
times faster than JSON (BENCHMARKS.md); the signature is what makes it safe to load, since marshal
is not meant for data from elsewhere.

Each table is cut into buckets by a stable hash of its keys. The index's tables (the forms under
each folded word and key, and the forms' beginnings) are written as text, each bucket its keys
between separators with a dict's form numbers after each key, and a look-up searches its one
bucket where it lies in the file's bytes: a long text against 30,000 entities reaches most
buckets, and decoded into sets and dicts the same keys cost ten times the file. The guards'
facts are small: their buckets are decoded when first needed, and once half of a table's are,
the table becomes one plain dict or set. The index's forms are made from their spellings when a
look-up returns them, and the most recently used few thousand are kept with what they have read
(index.IndexedForm reads its words and parts when first asked), so a cached matcher gives the
same answers as one built afresh and its memory stays bounded however long the text.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import struct
import sys
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

from .guards import EntityFacts
from .index import IndexedForm, SpellingIndex
from .models import Form
from .prefixes import FormPrefixes
from .runtime import paused_cycle_collection

# Bump when what a file holds or how it is laid out changes: older files are then other keys.
FORMAT = 2
MAGIC = b"namecheck-index\n"
_MAC_SIZE = 32
_LENGTH = struct.Struct("<I")
KEYS_PER_BUCKET = 64
FORMS_PER_CHUNK = 16
_SEPARATOR = "\x1f"  # joins the words of a tuple key; never in a folded word
_RECORD = "\x1e"  # stands before and after every key of a bucket written as text
_VALUE = "\x1d"  # between a key and its form numbers in a bucket written as text
_RECORD_BYTE, _VALUE_BYTE = _RECORD.encode(), _VALUE.encode()
# A text table this small (a lexicon of hundreds of entities) is read whole into a set or a dict
# when first used: its look-ups are then a hash each, and it costs little.
WHOLE_TABLE_BYTES = 256 * 1024
# Forms read (words, parts) and kept at once: a scan comes back to the forms of common keys.
FORMS_KEPT = 65536
_PREFIX_SETS = ("words", "keys", "sounds", "joined")


def _feed(digest, label: str, data: bytes) -> None:
    """Add one labelled, length-prefixed piece to a digest, so that no two inputs run together."""
    for piece in (label.encode(), data):
        digest.update(len(piece).to_bytes(8, "little"))
        digest.update(piece)


def cache_key(lexicon_files: Iterable[bytes], data_files: Iterable[tuple[str, bytes]], version: str, code: str) -> str:
    """Return the key of a cache file: a hash of the lexicon files' bytes (in load order), the
    rule and word-list files (name, content), the package version, a signature of its code, this
    format and the Python that reads it (marshal data is Python's own)."""
    digest = hashlib.sha256()  # the fastest of hashlib's here, and more than strong enough
    _feed(digest, "format", str(FORMAT).encode())
    _feed(digest, "python", f"{sys.implementation.cache_tag} marshal {marshal.version}".encode())
    _feed(digest, "version", version.encode())
    _feed(digest, "code", code.encode())
    for name, data in data_files:
        _feed(digest, f"data {name}", data)
    for data in lexicon_files:
        _feed(digest, "lexicon", data)
    return digest.hexdigest()[:40]


def _bucket_of(key, mask: int) -> int:
    text = _SEPARATOR.join(key) if isinstance(key, tuple) else key
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) & mask


def _key_text(key) -> str | None:
    """Return a key of a text table: a string as it is, a tuple with _SEPARATOR before each word
    (so that () and ("",) differ); None when the key holds a separator, which no stored key does."""
    if type(key) is tuple:
        text = "".join([_SEPARATOR + word for word in key])
        if text.count(_SEPARATOR) != len(key):
            return None
    else:
        text = key
        if _SEPARATOR in text:
            return None
    return None if _RECORD in text or _VALUE in text else text


def _encoded_key(key) -> bytes | None:
    """Return a key of a text table as it is written in the file (_key_text in UTF-8), or None."""
    text = _key_text(key)
    return None if text is None else text.encode("utf-8", "surrogatepass")


def _buckets_of(keys: list, mask: int) -> list[int]:
    """Return the bucket of every key, as _bucket_of does, in one pass when all are alike."""
    crc, join = zlib.crc32, _SEPARATOR.join
    if all(type(key) is str for key in keys):
        return [crc(key.encode("utf-8", "surrogatepass")) & mask for key in keys]
    if all(type(key) is tuple for key in keys):
        return [crc(join(key).encode("utf-8", "surrogatepass")) & mask for key in keys]
    return [_bucket_of(key, mask) for key in keys]


def _bucket_count(size: int) -> int:
    count = 1
    while count * KEYS_PER_BUCKET < size:
        count *= 2
    return count


class _Writer:
    """Collects blobs and the sections they form, then writes the signed file."""

    def __init__(self):
        self.values: list = []  # what each blob holds
        self.sections: dict[str, tuple[int, int]] = {}  # name -> (first blob, blob count)

    def _section(self, name: str, values: list) -> None:
        self.sections[name] = (len(self.values), len(values))
        self.values.extend(values)

    def add_chunks(self, name: str, rows: list[tuple]) -> None:
        """Add a list, FORMS_PER_CHUNK rows a blob."""
        self._section(name, [tuple(rows[at : at + FORMS_PER_CHUNK]) for at in range(0, len(rows), FORMS_PER_CHUNK)] or [()])

    def add_buckets(self, name: str, table: dict | set | frozenset) -> None:
        """Add a dict or a set, cut into buckets by the hash of its keys."""
        mask = _bucket_count(len(table)) - 1
        keys = list(table)
        if isinstance(table, dict):
            buckets: list = [{} for _ in range(mask + 1)]
            for key, number in zip(keys, _buckets_of(keys, mask)):
                buckets[number][key] = table[key]
        else:
            sets: list[set] = [set() for _ in range(mask + 1)]
            for key, number in zip(keys, _buckets_of(keys, mask)):
                sets[number].add(key)
            buckets = [frozenset(bucket) for bucket in sets]
        self._section(name, buckets)

    def add_texts(self, name: str, table: dict | set | frozenset) -> None:
        """Add a set, or a dict of tuples of form numbers, as buckets of text: every key (_key_text)
        between _RECORD marks, a dict's numbers after _VALUE. A look-up searches one bucket's
        text, which in memory costs about what it does in the file: decoded into a set or a
        dict of tuples, the same keys cost ten times more."""
        mask = _bucket_count(len(table)) - 1
        entries: list[list[str]] = [[] for _ in range(mask + 1)]
        for key in table:
            text = _key_text(key)
            if text is None:
                raise ValueError(f"a key of the index holds a separator: {key!r}")
            entry = text + _VALUE + ",".join(map(str, table[key])) if isinstance(table, dict) else text
            entries[zlib.crc32(text.encode("utf-8", "surrogatepass")) & mask].append(entry)
        self._section(name, [_RECORD + _RECORD.join(sorted(bucket)) + _RECORD if bucket else _RECORD for bucket in entries])

    def signed(self, header: dict, mac_key: bytes) -> bytes:
        """Return the whole file: MAGIC, signature, header length, header, blobs."""
        # a text table's buckets are written as UTF-8, searched where they lie (_TextBuckets)
        blobs = [value.encode("utf-8", "surrogatepass") if isinstance(value, str) else marshal.dumps(value) for value in self.values]
        head = marshal.dumps({**header, "sections": self.sections, "sizes": [len(blob) for blob in blobs]})
        body = b"".join([_LENGTH.pack(len(head)), head, *blobs])
        return MAGIC + hmac.digest(mac_key, body, "sha256") + body


def _numbered_forms(index: SpellingIndex) -> tuple[list[IndexedForm], dict[int, int]]:
    """Return every form of an index once (each is filed under its words) and its number by id."""
    forms = [indexed for found in index.exact.values() for indexed in found]
    return forms, {id(indexed): number for number, indexed in enumerate(forms)}


def blob_values(index: SpellingIndex, facts: EntityFacts) -> list:
    """Return what the blobs of a cache file hold, in order (plain values: tuples, dicts, sets)."""
    return _sections(index, facts).values


def _sections(index: SpellingIndex, facts: EntityFacts) -> _Writer:
    forms, numbers = _numbered_forms(index)
    writer = _Writer()
    writer.add_chunks("forms", [(i.form.entity_id, i.form.text, i.form.role, i.form.house) for i in forms])
    for name in ("exact", "phonetic"):
        table = getattr(index, name)
        number = numbers.__getitem__
        writer.add_texts(name, {key: tuple(map(number, map(id, found))) for key, found in table.items()})
    for name in _PREFIX_SETS:
        writer.add_texts(f"prefix {name}", getattr(index.prefixes, name))
    writer.add_buckets("people", facts.people)
    writer.add_buckets("short forms", facts.short_forms)
    writer.add_buckets("distinct", {entity: spellings for entity, spellings in facts.distinct.items() if spellings})
    return writer


def encoded_index(index: SpellingIndex, facts: EntityFacts, key: str, mac_key: bytes, meta: dict) -> bytes:
    """Return the cache file of a built index and the guards' facts, signed with `mac_key`;
    `meta` (plain values) is kept for `cache info`."""
    with paused_cycle_collection():
        writer = _sections(index, facts)
    header = {"format": FORMAT, "key": key, "max words": index.max_words, "connectors": frozenset(index.connectors), "meta": meta}
    return writer.signed(header, mac_key)


class _Blobs:
    """The blobs of a verified file, decoded one at a time. A matcher sent to another process
    (multiprocessing, Dask) carries the file's bytes, not what was decoded from them."""

    def __init__(self, data: bytes, starts: list[int]):
        self._data, self._starts = data, starts  # blob n is data[starts[n]:starts[n + 1]]
        self._view = memoryview(data)

    def __getstate__(self) -> dict:
        return {"data": self._data, "starts": self._starts}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["data"], state["starts"])

    def decoded(self, number: int):
        return marshal.loads(self._view[self._starts[number] : self._starts[number + 1]])

    def span(self, first: int, end: int) -> int:
        """Return how many bytes blobs `first` to `end` (excluded) take."""
        return self._starts[end] - self._starts[first]

    def decoded_text(self, number: int) -> str:
        """Return blob `number` of a text table as text."""
        return str(self._view[self._starts[number] : self._starts[number + 1]], "utf-8", "surrogatepass")

    def found(self, number: int, probe: bytes) -> int:
        """Return where `probe` starts in blob `number` of a text table (an offset into the file's
        bytes), or -1."""
        return self._data.find(probe, self._starts[number], self._starts[number + 1])

    def numbers_at(self, start: int) -> list[int]:
        """Return the form numbers written from `start` to the next record mark."""
        return [int(number) for number in self._data[start : self._data.index(_RECORD_BYTE, start)].split(b",")]


class _Buckets:
    """A dict or set cut into buckets, each decoded when first needed; once more than half are,
    the rest are too and `whole` holds the table in one piece."""

    def __init__(self, blobs: _Blobs, first: int, count: int):
        self._blobs, self._first, self._mask = blobs, first, count - 1
        self._tables: list = [None] * count
        self._decoded = 0
        self.whole = None

    def table(self, key):
        """Return the bucket that holds `key` if anything does."""
        number = _bucket_of(key, self._mask)
        table = self._tables[number]
        if table is None:
            table = self._tables[number] = self._blobs.decoded(self._first + number)
            self._decoded += 1
            if self._decoded * 2 > len(self._tables):
                self._merge()
        return table

    def _merge(self) -> None:
        with paused_cycle_collection():
            tables = [table if table is not None else self._blobs.decoded(self._first + n) for n, table in enumerate(self._tables)]
        if isinstance(tables[0], dict):
            whole: dict = {}
            for table in tables:
                whole.update(table)
            self.whole = whole
        else:
            self.whole = frozenset().union(*tables)
        self._tables = []  # the buckets live on in `whole`: two copies of their tables would double them


class LazySet:
    """A set of a cache file, read bucket by bucket: supports `in`."""

    def __init__(self, buckets: _Buckets):
        self._buckets = buckets

    def __contains__(self, key) -> bool:
        whole = self._buckets.whole
        return key in (whole if whole is not None else self._buckets.table(key))


class LazyDict:
    """A dict of a cache file, read bucket by bucket: supports `get`."""

    def __init__(self, buckets: _Buckets):
        self._buckets = buckets

    def get(self, key, default=None):
        """Return the value of `key`, or `default`."""
        whole = self._buckets.whole
        return (whole if whole is not None else self._buckets.table(key)).get(key, default)


class _TextBuckets:
    """A table written as buckets of text (_Writer.add_texts), searched in the file's bytes: it
    costs no memory beyond the file."""

    def __init__(self, blobs: _Blobs, first: int, count: int):
        self._blobs, self._first, self._mask = blobs, first, count - 1
        self.small = blobs.span(first, first + count) <= WHOLE_TABLE_BYTES

    def whole(self) -> dict:
        """Return the table in one dict: each key (a tuple when written so) -> its form numbers
        (a set's keys -> ())."""
        table = {}
        for number in range(self._first, self._first + self._mask + 1):
            for entry in self._blobs.decoded_text(number).split(_RECORD)[1:-1]:
                text, _, numbers = entry.partition(_VALUE)
                key = tuple(text.split(_SEPARATOR)[1:]) if not text or text[0] == _SEPARATOR else text
                table[key] = tuple(map(int, numbers.split(","))) if numbers else ()
        return table

    def found(self, encoded: bytes, after: bytes) -> int:
        """Return where the key written as `encoded`, followed by `after`, starts in its bucket
        (an offset into the file's bytes), or -1."""
        number = self._first + (zlib.crc32(encoded) & self._mask)
        return self._blobs.found(number, _RECORD_BYTE + encoded + after)

    def numbers(self, encoded: bytes) -> list[int] | None:
        """Return the form numbers filed under the key written as `encoded`, or None."""
        at = self.found(encoded, _VALUE_BYTE)
        return None if at < 0 else self._blobs.numbers_at(at + len(_RECORD_BYTE) + len(encoded) + len(_VALUE_BYTE))


class TextSet:
    """A set of a cache file kept as text (the index's prefix sets): supports `in`."""

    def __init__(self, buckets: _TextBuckets):
        self._buckets = buckets
        self._whole: frozenset | None = None

    def __contains__(self, key) -> bool:
        if self._buckets.small:
            if self._whole is None:
                self._whole = frozenset(self._buckets.whole())
            return key in self._whole
        encoded = _encoded_key(key)
        return encoded is not None and self._buckets.found(encoded, _RECORD_BYTE) >= 0


class _Forms:
    """The index's forms by number, each made when asked for; the FORMS_KEPT most recently asked
    for are kept with what they have read (a text reaches most forms of a gazetteer, and every
    form's parts kept would cost more than the rest of the index)."""

    def __init__(self, blobs: _Blobs, first: int):
        self._blobs, self._first = blobs, first
        self._kept: OrderedDict[int, IndexedForm] = OrderedDict()

    def __reduce__(self):
        return (_Forms, (self._blobs, self._first))

    def __getitem__(self, number: int) -> IndexedForm:
        kept = self._kept
        made = kept.get(number)
        if made is not None:
            kept.move_to_end(number)
            return made
        chunk, at = divmod(number, FORMS_PER_CHUNK)
        entity_id, text, role, house = self._blobs.decoded(self._first + chunk)[at]
        # a house spelling (name, alias) replaces itself: one string, and one per role
        made = kept[number] = IndexedForm(Form(entity_id, text, sys.intern(role), text if house == text else house))
        if len(kept) > FORMS_KEPT:
            kept.popitem(last=False)
        return made


class FormLists:
    """A table of a cache file from a key to a list of forms (the index's exact or phonetic
    table): supports `get`, as the dict SpellingIndex builds does."""

    def __init__(self, buckets: _TextBuckets, forms: _Forms):
        self._buckets, self._forms = buckets, forms
        self._whole: dict | None = None

    def _numbers(self, key) -> tuple[int, ...] | list[int] | None:
        if self._buckets.small:
            if self._whole is None:
                self._whole = self._buckets.whole()
            return self._whole.get(key)
        encoded = _encoded_key(key)
        return None if encoded is None else self._buckets.numbers(encoded)

    def get(self, key, default=None):
        """Return the forms filed under `key` (a new list each call), or `default`."""
        numbers = self._numbers(key)
        if numbers is None:
            return default
        forms = self._forms
        return [forms[number] for number in numbers]


@dataclass
class CachedIndex:
    """What a cache file gives a matcher: its index and the guards' facts, read lazily."""

    index: SpellingIndex
    facts: EntityFacts
    meta: dict


def _verified_header(data: bytes, mac_key: bytes) -> tuple[dict, memoryview, int] | None:
    """Return (header, body, where the blobs start in the body) of a file signed with `mac_key`,
    or None."""
    if len(data) < len(MAGIC) + _MAC_SIZE + _LENGTH.size or not data.startswith(MAGIC):
        return None
    body = memoryview(data)[len(MAGIC) + _MAC_SIZE :]
    if not hmac.compare_digest(hmac.digest(mac_key, body, "sha256"), data[len(MAGIC) : len(MAGIC) + _MAC_SIZE]):
        return None
    (length,) = _LENGTH.unpack_from(body)
    start = _LENGTH.size + length
    try:
        header = marshal.loads(body[_LENGTH.size : start])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or sum(header.get("sizes", [-1])) != len(body) - start:
        return None
    return header, body, start


def cache_file_meta(data: bytes, mac_key: bytes) -> dict | None:
    """Return the key and the meta of a cache file signed with `mac_key`, or None when it is not one."""
    verified = _verified_header(data, mac_key)
    return None if verified is None else {"key": verified[0]["key"], **verified[0]["meta"]}


def decoded_index(data: bytes, key: str, mac_key: bytes) -> CachedIndex | None:
    """Return the index held in a cache file, or None unless it is a file of this format, signed
    with `mac_key`, filed under `key`: such a file is rebuilt, never trusted."""
    verified = _verified_header(data, mac_key)
    if verified is None or verified[0]["key"] != key:
        return None
    header, _, start = verified
    starts = [len(MAGIC) + _MAC_SIZE + start]
    for size in header["sizes"]:
        starts.append(starts[-1] + size)
    blobs = _Blobs(data, starts)
    sections = header["sections"]

    def table(name: str) -> _Buckets:
        return _Buckets(blobs, *sections[name])

    def texts(name: str) -> _TextBuckets:
        return _TextBuckets(blobs, *sections[name])

    forms = _Forms(blobs, sections["forms"][0])
    prefixes = FormPrefixes()
    for name in _PREFIX_SETS:
        setattr(prefixes, name, TextSet(texts(f"prefix {name}")))
    exact, phonetic = (FormLists(texts(name), forms) for name in ("exact", "phonetic"))
    index = SpellingIndex.of_tables(exact, phonetic, prefixes, set(header["connectors"]), header["max words"])
    facts = EntityFacts(LazySet(table("people")), LazySet(table("short forms")), LazyDict(table("distinct")))
    return CachedIndex(index, facts, header["meta"])
