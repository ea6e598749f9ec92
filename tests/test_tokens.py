from namecheck.tokens import HYPHEN, SPACE, text_tokens


def words(text):
    return [(t.text, t.gap) for t in text_tokens(text)]


def test_possessive_is_not_part_of_the_word():
    tokens = text_tokens("Sudani's office and Sudani’s aides")
    assert [t.text for t in tokens][:1] == ["Sudani"]
    assert tokens[0].end == 6 and tokens[0].gap is None


def test_inner_ayn_marks_stay_in_the_word():
    assert words("Ja'afar ʿAli")[0] == ("Ja'afar", SPACE)
    assert words("Ja'afar ʿAli")[1][0] == "ʿAli"


def test_gaps():
    assert words("al-Sudani") == [("al", HYPHEN), ("Sudani", None)]
    assert words("Shia' al-Sudani")[0] == ("Shia", SPACE)
    assert words("Mohammed\nShia")[0] == ("Mohammed", SPACE)
    assert words("Mohammed\n\nShia")[0] == ("Mohammed", None)
    assert words("Iraq. Iran")[0] == ("Iraq", None)
    assert words("Al- Sudani")[0] == ("Al", HYPHEN)


def test_spans_are_code_point_offsets():
    text = "Ṭāriq Sūdānī"
    for token in text_tokens(text):
        assert text[token.start : token.end] == token.text
