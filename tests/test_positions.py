from namecheck.positions import LineIndex


def test_lines_and_columns_with_every_line_ending():
    text = "ab\r\ncd\ref\ngh"
    index = LineIndex(text)
    assert [index.line_and_column(text.index(ch)) for ch in "acegh"] == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2)]
    assert [index.line_text(n) for n in range(1, 5)] == ["ab", "cd", "ef", "gh"]
    assert [index.line_end(n) for n in range(1, 5)] == [text.index(ch) + 1 for ch in "bdf"] + [len(text)]


def test_empty_lines_end_where_they_start():
    text = "a\r\r\n\nb\n"
    index = LineIndex(text)
    assert [index.line_text(n) for n in range(1, 6)] == ["a", "", "", "b", ""]
    assert [index.line_end(n) for n in range(1, 6)] == [1, 2, 4, 6, 7]


def test_columns_count_code_points():
    text = "Sūdānī Soudani"
    assert LineIndex(text).line_and_column(text.index("Soudani")) == (1, 8)
