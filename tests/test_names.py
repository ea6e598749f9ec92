import pytest
from conftest import table

from namecheck.names import is_article, name_key, name_parts, part_readings
from namecheck.normalize import folded_word, spelled_word
from namecheck.tokens import HYPHEN, SPACE, text_tokens

NAME_ROWS = table("name_keys.csv")


def keys(text, capitals=None):
    tokens = text_tokens(text)
    caps = capitals if capitals is not None else (True,) * len(tokens)
    parts = name_parts(tuple(spelled_word(t.text) for t in tokens), tuple(t.gap for t in tokens), caps)
    return {name_key(reading) for reading in part_readings(parts)}


@pytest.mark.parametrize("row", NAME_ROWS, ids=[row["why"] for row in NAME_ROWS])
def test_particles_and_articles_give_one_index_key(row):
    assert keys(row["a"]) & keys(row["b"])


@pytest.mark.parametrize(
    "word,gap,following,free,expected",
    [
        ("al", HYPHEN, "sudani", False, True),
        ("al", SPACE, "sudani", False, True),
        ("ash", HYPHEN, "shaabi", False, True),
        ("az", SPACE, "zagazig", True, True),  # gazetteer style: Az Zagazig
        ("as", SPACE, "sudani", False, False),  # "as Sudani said": English
        ("at", SPACE, "tikrit", False, False),
        ("as", SPACE, "zaqaziq", True, False),  # no assimilation: s before z
        ("al", None, "", False, False),
    ],
)
def test_is_article(word, gap, following, free, expected):
    assert is_article(word, gap, following, free) is expected


def test_attached_articles_are_read_both_ways():
    assert keys("Azzor") & keys("az-Zor")
    assert keys("Elsisi") & keys("el-Sisi")


def test_folded_words_drop_marks_for_keys():
    assert folded_word("Shia'") == "shia" and keys("Shia'") == keys("Shia")
