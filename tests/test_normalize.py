import pytest

from namecheck.normalize import folded_word, is_all_caps, is_capitalized, spelled_word, surface_signature


@pytest.mark.parametrize(
    "word,folded,spelled",
    [
        ("Sūdānī", "sudani", "sudani"),
        ("Shia'", "shia", "shia'"),
        ("Hala'ib", "halaib", "hala'ib"),
        ("ʿAli", "ali", "'ali"),
        ("Hillə", "hille", "hille"),
        ("Straße", "strasse", "strasse"),
    ],
)
def test_folding(word, folded, spelled):
    assert folded_word(word) == folded
    assert spelled_word(word) == spelled


@pytest.mark.parametrize("word,expected", [("Sudani", True), ("ʿAli", True), ("al", False), ("Élysée", True)])
def test_is_capitalized(word, expected):
    assert is_capitalized(word) is expected


def test_is_all_caps():
    assert is_all_caps("AL-SUDANI") and not is_all_caps("Al-Sudani") and not is_all_caps("A")


def test_surface_signature_folds_case_and_spacing_only():
    assert surface_signature("Mohammed  Shia\nal-\nSudani") == "mohammed shia al-sudani"
    assert surface_signature("Hezbol\u00adlah") == "hezbollah"
    assert surface_signature("Shia'") != surface_signature("Shia")


def test_a_stray_space_beside_a_hyphen_is_spelling():
    assert surface_signature("al- Sudani") != surface_signature("al-Sudani")
    assert surface_signature("al -Sudani") != surface_signature("al-Sudani")
