import csv
import os
import tempfile
from pathlib import Path

import pytest

from namecheck.api import check_text, fix_text, load_matcher

DATA = Path(__file__).parent / "data"
HOUSE_ONLY = DATA / "house_only.toml"
LISTED_UNDER = DATA / "listed_under.toml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Commands run by the tests (in this process or another) keep their index cache in a folder of
# this session's own, never in the user's cache folder.
os.environ["NAMECHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="namecheck-test-cache-")


def table(name: str) -> list[dict]:
    """Rows of a CSV file in tests/data, as dicts keyed by the header."""
    with open(DATA / name, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def finding_rows(findings) -> list[dict]:
    """Findings as the rows of an expected-findings CSV file: line, column, text, replacement,
    entity, fixed (yes or no)."""
    return [
        {"line": str(f.line), "column": str(f.column), "text": f.text, "replacement": f.replacement,
         "entity": f.entity, "fixed": "yes" if f.fixable else "no"}
        for f in findings
    ]


def csv_rows(path: Path) -> list[dict]:
    """Rows of a CSV file anywhere under tests/data, as dicts keyed by the header."""
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def assert_fixed_exactly(source: str, expected: str, format: str, matcher) -> None:
    """Fixing `source` gives `expected` exactly, and fixing that again changes nothing."""
    fixed = fix_text(source, matcher, format=format)
    assert fixed == expected
    assert fix_text(fixed, matcher, format=format) == fixed


def assert_checked_and_fixed(source: str, path: Path, format: str, matcher, findings: Path, fixed: Path) -> None:
    """The document at `path` (its text `source`) has the findings listed in the CSV file
    `findings`, and fixed it is the file `fixed` byte for byte, which a second fix leaves alone."""
    found = check_text(source, matcher, str(path), format=format)
    assert finding_rows(found) == csv_rows(findings)
    assert all(finding.path == str(path) for finding in found)
    result = fix_text(source, matcher, format=format)
    assert result.encode("utf-8") == fixed.read_bytes()
    assert fix_text(result, matcher, format=format) == result


@pytest.fixture(scope="session")
def house_only_matcher():
    return load_matcher([str(HOUSE_ONLY)], with_default=False)


@pytest.fixture(scope="session")
def default_matcher():
    return load_matcher()


@pytest.fixture(scope="session")
def listed_under_matcher():
    return load_matcher([str(LISTED_UNDER)], with_default=False)
