import csv
from pathlib import Path

import pytest

from namecheck.api import load_matcher

DATA = Path(__file__).parent / "data"
HOUSE_ONLY = DATA / "house_only.toml"
LISTED_UNDER = DATA / "listed_under.toml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def table(name: str) -> list[dict]:
    """Rows of a CSV file in tests/data, as dicts keyed by the header."""
    with open(DATA / name, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="session")
def house_only_matcher():
    return load_matcher([str(HOUSE_ONLY)], with_default=False)


@pytest.fixture(scope="session")
def default_matcher():
    return load_matcher()


@pytest.fixture(scope="session")
def listed_under_matcher():
    return load_matcher([str(LISTED_UNDER)], with_default=False)
