"""Parquet corpora (the `namecheck[parquet]` extra: pyarrow), normalized row group by row group.

The chosen columns (--json-field names top-level string columns; by default every string column
but the id column and the annotations column) are rewritten value by value as a dict record's
strings are (batch.normalize_value); every other column is written from the same Arrow arrays,
and a column in which nothing changed is written from its own arrays too. The annotations are a
column of lists of structs (empty lists for rows without names). Each input row group becomes
one output row group, in order, so the output is the same whether one process or several
normalized it (--jobs N: each process reads its own row groups).
"""

from __future__ import annotations

from typing import Callable

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # the extra is not installed: say so when Parquet is asked for
    pa = pq = None

from .batch import Annotation, BatchOptions, normalize_value
from .batch_run import RunSettings, Tally, pool_context
from .files import open_regular
from .matcher import Matcher


def annotations_type():
    """Return the Arrow type of the annotations column: a list of one struct per name found."""
    integer, string = pa.int64(), pa.string()
    fields = [("field", string), ("start", integer), ("end", integer), ("text", string)]
    fields += [("normalized_start", integer), ("normalized_end", integer), ("entity", string)]
    fields += [("entities", pa.list_(string)), ("house", string), ("kind", string), ("score", pa.float64())]
    return pa.list_(pa.struct(fields))


def _require_pyarrow() -> None:
    if pa is None:
        raise ImportError("reading Parquet needs pyarrow: pip install 'namecheck[parquet]'")


def chosen_columns(schema, options: BatchOptions) -> list[str]:
    """Return the columns to normalize; raise ValueError for a chosen field that is no string column."""
    strings = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    if not options.fields:
        return [name for name in strings if name != options.json_id and options.reads(name)]
    for name in options.fields:
        if name not in strings:
            raise ValueError(f"Parquet: --json-field {name!r} is not a top-level string column")
    return [name for name in strings if name in options.fields and options.reads(name)]


def _normalized_column(values: list, name: str, matcher: Matcher, found: list[list[Annotation]], changed: list[bool]):
    """Return a column's values normalized (None when nothing changed), adding each row's
    annotations to `found` and marking the rows changed."""
    new, any_change = [], False
    for row, value in enumerate(values):
        if not value:
            new.append(value)
            continue
        fixed, annotations = normalize_value(value, name, matcher)
        found[row].extend(annotations)
        if fixed != value:
            changed[row] = any_change = True
        new.append(fixed)
    return new if any_change else None


def normalized_table(table, matcher: Matcher, options: BatchOptions) -> tuple[object, Tally]:
    """Return an Arrow table normalized (its annotations column set) and what was done."""
    found: list[list[Annotation]] = [[] for _ in range(table.num_rows)]
    changed = [False] * table.num_rows
    for name in chosen_columns(table.schema, options):
        index = table.schema.get_field_index(name)
        values = _normalized_column(table.column(index).to_pylist(), name, matcher, found, changed)
        if values is not None:
            table = table.set_column(index, table.schema.field(index), pa.array(values, table.schema.field(index).type))
    column = pa.array([[a.to_dict() for a in row] for row in found], annotations_type())
    field = pa.field(options.annotations_field, annotations_type())
    index = table.schema.get_field_index(options.annotations_field)
    table = table.set_column(index, field, column) if index >= 0 else table.append_column(field, column)
    tally = Tally(records=table.num_rows, mentions=sum(map(len, found)), changed=sum(changed), lines=table.num_rows)
    return table, tally


def normalized_row_group(path: str, index: int, matcher: Matcher, options: BatchOptions) -> tuple[object, Tally]:
    """Return row group `index` of a Parquet file normalized, and what was done."""
    with open_regular(path) as stream:
        parquet = pq.ParquetFile(stream)
        group = parquet.metadata.row_group(index)
        table, tally = normalized_table(parquet.read_row_group(index), matcher, options)
    tally.bytes = sum(group.column(column).total_compressed_size for column in range(group.num_columns))
    return table, tally


_worker: dict = {}


def _start_worker(path: str, matcher: Matcher, options: BatchOptions) -> None:
    _worker.update(path=path, matcher=matcher, options=options)


def _worker_row_group(index: int):
    return normalized_row_group(_worker["path"], index, _worker["matcher"], _worker["options"])


def _row_groups(path: str, count: int, matcher: Matcher, options: BatchOptions, jobs: int):
    """Return the normalized row groups in order, made by `jobs` processes (this one when 1)."""
    if jobs <= 1 or count <= 1:
        yield from (normalized_row_group(path, index, matcher, options) for index in range(count))
        return
    with pool_context().Pool(min(jobs, count), _start_worker, (path, matcher, options)) as pool:
        yield from pool.imap(_worker_row_group, range(count))


def normalize_parquet(
    source: str, stream, matcher: Matcher, options: BatchOptions, settings: RunSettings, progress: Callable[[int], None]
) -> Tally:
    """Normalize a Parquet file into a binary stream, row group by row group; return the counts."""
    _require_pyarrow()
    if settings.engine != "local":
        raise ValueError("Parquet is normalized by the local engine (use --jobs N); the Dask engine reads JSON Lines")
    with open_regular(source) as handle:
        parquet = pq.ParquetFile(handle)
        schema, count = parquet.schema_arrow, parquet.metadata.num_row_groups
    chosen_columns(schema, options)  # an unknown field is refused before any work
    total = Tally()
    writer = None
    for table, tally in _row_groups(source, count, matcher, options, settings.jobs):
        writer = writer or pq.ParquetWriter(stream, table.schema)
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        total.add(tally)
        progress(tally.bytes)
    if writer is None:  # no row group: an empty table with the output's columns
        empty, _ = normalized_table(schema.empty_table(), matcher, options)
        writer = pq.ParquetWriter(stream, empty.schema)
        writer.write_table(empty)
    writer.close()
    return total
