"""Parquet corpora: a round trip keeps every other column as it was, rewrites the chosen string
columns as dict records are rewritten, adds the annotations column, and gives the same file from
one process or two."""

from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from namecheck import load_matcher, normalize_file, normalize_records  # noqa: E402
from namecheck.batch import BatchOptions  # noqa: E402
from namecheck.batch_run import RunSettings  # noqa: E402

LEXICON = str(Path(__file__).parent / "data" / "normalize" / "lexicon.toml")
BODIES = ["Soudani in Nadjaf", "calm day", None, "Hachd al-Chaabi and Trablous", "", "Najaf"]


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([LEXICON], with_default=False)


@pytest.fixture
def source(tmp_path):
    rows = 60
    table = pa.table({
        "id": pa.array(range(rows), pa.int32()),
        "title": [f"Nadjaf report {n}" for n in range(rows)],
        "body": [BODIES[n % len(BODIES)] for n in range(rows)],
        "score": pa.array([n / 7 for n in range(rows)], pa.float32()),
        "tags": [["Soudani", "x"] for _ in range(rows)],
    })  # fmt: skip
    path = tmp_path / "in.parquet"
    pq.write_table(table, path, row_group_size=16)
    return path


def test_a_parquet_round_trip(source, tmp_path, matcher):
    out = tmp_path / "out.parquet"
    result = normalize_file(str(source), str(out), matcher, BatchOptions(fields=("body",)))
    before, after = pq.read_table(source), pq.read_table(out)
    assert after.schema.names == ["id", "title", "body", "score", "tags", "_names"]
    for name in ("id", "title", "score", "tags"):
        assert after.column(name).equals(before.column(name)) and after.schema.field(name) == before.schema.field(name)
    records = before.to_pylist()
    expected = list(normalize_records([{"body": r["body"]} for r in records if r["body"] is not None], matcher))
    written = [row for row in after.select(["body", "_names"]).to_pylist() if row["body"] is not None]
    assert written == expected
    assert pq.ParquetFile(out).metadata.num_row_groups == pq.ParquetFile(source).metadata.num_row_groups
    assert result.tally.records == 60 and result.tally.changed == 20 and result.rejects_path is None


def test_every_string_column_by_default_and_the_same_file_from_two_processes(source, tmp_path, matcher):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    normalize_file(str(source), str(one), matcher)
    normalize_file(str(source), str(two), matcher, settings=RunSettings(jobs=2))
    assert one.read_bytes() == two.read_bytes()
    titles = pq.read_table(one).column("title").to_pylist()
    assert titles[3] == "Najaf report 3"


def test_a_field_that_is_no_string_column_is_refused(source, tmp_path, matcher):
    with pytest.raises(ValueError, match="'tags' is not a top-level string column"):
        normalize_file(str(source), str(tmp_path / "out.parquet"), matcher, BatchOptions(fields=("tags",)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]
