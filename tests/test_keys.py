import pytest
from conftest import table

from namecheck.keys import coarse_key, word_units

ROWS = table("units.csv")


@pytest.mark.parametrize("row", ROWS, ids=[row["word"] for row in ROWS])
def test_units_and_key(row):
    units = word_units(row["word"])
    assert " ".join(unit.text for unit in units) == row["units"]
    assert coarse_key(units) == row["key"]


def test_every_reading_of_a_unit_shares_one_index_class():
    # Otherwise a unit's key would depend on which reading is meant, and variants would miss.
    from namecheck.keys import unit_table
    from namecheck.resources import romanization_rules

    sounds = romanization_rules()["sounds"]
    vowels, classes = set(sounds["vowels"]), sounds["classes"]
    for unit in unit_table().units.values():
        buckets = {"" if sound in vowels else classes[sound] for sound, _ in unit.readings}
        assert len(buckets) == 1, unit.text
