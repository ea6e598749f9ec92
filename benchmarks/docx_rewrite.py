"""How much of a Word file a fix rewrites, and how long reading and fixing take.

Run after the README's test install:  python benchmarks/docx_rewrite.py [--paragraphs N] [--rounds N]

Faithfulness, on the test fixture tests/data/documents/docx/article.docx with the edits of
article.edits.csv (names in the body, a table, a text box, two headers, a footer and the notes):
how many zip entries keep their content, how many keep their stored bytes too (local header and
compressed data), and, in each edited part, how many bytes differ from the original (for each
stretch difflib finds changed, the longer of its old and new sides).

Speed, on a generated document of N paragraphs (three runs each, one bold, a variant name in
every other paragraph) and a table of N/10 rows: the medians of read_docx, of listing the
regions, of fixed() with an edit for every variant, and, side by side, of opening and saving the
same document with python-docx (what a fix that re-serializes the package would at least cost).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import statistics
import struct
import time
import zipfile
from pathlib import Path

import docx

from namecheck.documents.docx import read_docx
from namecheck.models import Edit

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "documents" / "docx"


def stored_entries(package: bytes) -> dict[str, tuple[bytes, bytes]]:
    """Each entry's content and its stored bytes (local header and compressed data)."""
    stored = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            name_length, extra_length = struct.unpack("<HH", package[info.header_offset + 26 : info.header_offset + 30])
            data_start = info.header_offset + 30 + name_length + extra_length
            stored[info.filename] = (archive.read(info), package[info.header_offset : data_start + info.compress_size])
    return stored


def changed_bytes(old: bytes, new: bytes) -> int:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def faithfulness() -> None:
    package = (FIXTURES / "article.docx").read_bytes()
    document = read_docx(package)
    with open(FIXTURES / "article.edits.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    edits = []
    for row in rows:
        start = document.text.index(row["context"]) + row["context"].index(row["old"])
        edits.append(Edit(start, start + len(row["old"]), row["replacement"]))
    before, after = stored_entries(package), stored_entries(document.fixed(edits))
    same_content = [name for name in before if before[name][0] == after[name][0]]
    same_stored = [name for name in before if before[name][1] == after[name][1]]
    print(f"article.docx, {len(edits)} edits: {len(before)} zip entries, {len(same_content)} with the same content, {len(same_stored)} with the same stored bytes")
    print("| edited part | size (bytes) | bytes changed |")
    print("|---|---|---|")
    for name in before:
        if before[name][0] != after[name][0]:
            print(f"| {name} | {len(before[name][0]):,} | {changed_bytes(before[name][0], after[name][0])} |")
    saved = io.BytesIO()
    docx.Document(io.BytesIO(package)).save(saved)
    round_trip = stored_entries(saved.getvalue())
    same_content = [name for name in before if round_trip.get(name, (None,))[0] == before[name][0]]
    same_stored = [name for name in before if round_trip.get(name, (None, None))[1] == before[name][1]]
    print(f"python-docx open + save, no edit: {len(same_content)} entries with the same content, {len(same_stored)} with the same stored bytes")


def generated_document(paragraphs: int) -> bytes:
    document = docx.Document()
    for number in range(paragraphs):
        paragraph = document.add_paragraph(f"Paragraph {number} tells how the delegation reached ")
        paragraph.add_run("Nadjaf" if number % 2 else "Najaf").bold = number % 4 == 1
        paragraph.add_run(" after a long day on the road from the capital.")
    table = document.add_table(rows=paragraphs // 10, cols=2)
    for number, row in enumerate(table.rows):
        row.cells[0].text = f"Row {number}"
        row.cells[1].text = "Hachd al-Chaabi"
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def median_seconds(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def python_docx_round_trip(package: bytes) -> None:
    docx.Document(io.BytesIO(package)).save(io.BytesIO())


def speed(paragraphs: int, rounds: int) -> None:
    package = generated_document(paragraphs)
    document = read_docx(package)
    edits, start = [], document.text.find("Nadjaf")
    while start >= 0:
        edits.append(Edit(start, start + 6, "Najaf"))
        start = document.text.find("Nadjaf", start + 1)
    timings = [
        ("read_docx", lambda: read_docx(package)),
        ("regions (list)", lambda: list(document.regions())),
        (f"fixed, {len(edits)} edits", lambda: document.fixed(edits)),
        ("python-docx open + save", lambda: python_docx_round_trip(package)),
    ]
    print(f"\ngenerated document: {paragraphs:,} paragraphs and {paragraphs // 10:,} table rows, {len(package):,} bytes, text {len(document.text):,} characters")
    print(f"| step | median of {rounds} (ms) |")
    print("|---|---|")
    for name, work in timings:
        print(f"| {name} | {median_seconds(work, rounds) * 1000:,.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    faithfulness()
    speed(arguments.paragraphs, arguments.rounds)


if __name__ == "__main__":
    main()
