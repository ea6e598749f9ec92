import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import table

from namecheck.api import load_lexicon
from namecheck.names import form_name_parts, is_article, name_key, name_parts, part_readings
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


def _readings_by_rule(parts, limit=8):
    """The readings part_readings promises, worked out plainly: as written, then each change of
    one word, then every product of changes, each (word, article, key) once, `limit` at most."""
    from itertools import chain, product

    from namecheck.names import with_article_attached, without_attached_article

    options = []
    for part in parts:
        other = without_attached_article(part) or with_article_attached(part)
        options.append([part, *([other] if other else []), *(part._replace(key=key) for key in part.alternate_keys)])
    first = tuple(choices[0] for choices in options)
    single = (first[:at] + (choice,) + first[at + 1 :] for at in range(len(parts)) for choice in options[at][1:])
    readings = {}
    for reading in chain([first], single, product(*options)):
        if len(readings) == limit:
            break
        readings.setdefault(tuple((p.word, p.article, p.key) for p in reading), reading)
    return list(readings.values())


_READING_WORDS = [
    "Alsudani", "al-Sudani", "Jamal", "Abdel", "Nasser", "Youcef", "Fayez", "Guards", "Brigade", "Azzor",
    "Kharg", "Chia", "Soudani", "Ezzedine", "Qasim", "Sulejmani", "Mashhad", "Hachd", "Elbaradei", "Ja'afar",
]


@given(st.lists(st.sampled_from(_READING_WORDS), min_size=1, max_size=5), st.integers(1, 12))
@settings(max_examples=300, deadline=None)
def test_part_readings_are_the_rule_s_readings_in_its_order(words, limit):
    text = " ".join(words)
    tokens = text_tokens(text)
    parts = name_parts(tuple(spelled_word(t.text) for t in tokens), tuple(t.gap for t in tokens), (True,) * len(tokens))
    assert part_readings(parts, limit) == _readings_by_rule(parts, limit)


def test_a_form_s_parts_are_read_as_a_window_s():
    """A lexicon form's words are read past the scan's memories (form_name_parts): the parts
    must be those name_parts gives the same words capitalized, for every spelling shipped."""
    entities = load_lexicon().entities
    spellings = [text for e in entities for text in (*e.house_spellings, *(v.text for v in e.variants))]
    assert len(spellings) > 100
    for text in spellings + ["Kafr az-Zayyat", "Abdel Kader", "Ja'afar al-Sadiq"]:
        tokens = text_tokens(text, alone=True)
        words, gaps = tuple(spelled_word(t.text) for t in tokens), tuple(t.gap for t in tokens)
        assert form_name_parts(words, gaps) == name_parts(words, gaps, (True,) * len(words)), text
