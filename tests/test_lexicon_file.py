"""Lexicon files of pathological size or shape: each gives a clear problem or a lexicon, quickly.

The inputs are generated here; their static counterparts (wrong types, broken TOML) are rows of
tests/data/lexicon_problems.toml.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from namecheck.lexicon import LexiconError, build_lexicon
from namecheck.lexicon_file import MAX_KEY_PARTS, MAX_SPELLING, is_findable, parse_lexicon, spelling_key
from namecheck.normalize import folded_word
from namecheck.tokens import text_tokens

HEADER = '[lexicon]\nname = "x"\n'


def letters(number: int) -> str:
    """Return a distinct run of letters for a number ("Bcd"): entity names that never collide."""
    return "".join(chr(ord("a") + int(digit)) for digit in str(number)).capitalize()


def only_problem(source: str):
    """Return the one problem that loading `source` as big.toml reports."""
    with pytest.raises(LexiconError) as caught:
        build_lexicon([("big.toml", source)])
    (problem,) = caught.value.problems
    return problem


def test_two_hundred_thousand_entities_load_with_their_lines():
    count = 200_000
    source = HEADER + "".join(f'[[entity]]\nid = "e{n}"\nname = "{letters(n)}"\n' for n in range(count))
    lexicon = build_lexicon([("big.toml", source)])
    assert len(lexicon.entities) == count
    last = lexicon.entities[-1]
    assert (last.id, last.name, last.line) == (f"e{count - 1}", letters(count - 1), 3 + 3 * (count - 1))


def test_problems_in_a_huge_file_point_at_their_own_lines():
    count = 50_000
    body = "".join(f'[[entity]]\nid = "e{n}"\nname = "{letters(n)}"\n' for n in range(count))
    source = HEADER + body + '[[entity]]\nid = "late"\nname = "U.N."\n'
    problem = only_problem(source)
    assert (problem.entity, problem.line) == ("late", 3 + 3 * count)


def test_one_entity_with_many_aliases_and_variants_of_marks_loads():
    count = 20_000
    aliases = ", ".join(f'{{ name = "{letters(n)}", variants = ["{letters(n)}\u2019"] }}' for n in range(count))
    source = f'{HEADER}[[entity]]\nid = "a"\nname = "Najaf"\naliases = [{aliases}]\n'
    (entity,) = build_lexicon([("big.toml", source)]).entities
    assert len(entity.aliases) == len(entity.variants) == count


@pytest.mark.parametrize(
    "value",
    ["[" * 100_000 + "]" * 100_000, "{ b = " * 100_000 + "1" + " }" * 100_000, "[{ b = [" * 30_000 + "]}]" * 30_000],
    ids=["arrays", "inline tables", "both"],
)
def test_deeply_nested_values_are_refused(value):
    problem = only_problem(f"{HEADER}a = {value}\n")
    assert "nested too deeply" in problem.message and len(problem.message) < 200


@pytest.mark.parametrize(
    "line",
    [
        "[" + ".".join(["a"] * 100_000) + "]",
        ".".join(["a"] * 100_000) + " = 1",
        "x = { " + ".".join(['"a"'] * 100_000) + " = 1 }",
        "[[" + " . ".join(["'a'"] * (MAX_KEY_PARTS + 1)) + "]]",
    ],
    ids=["table header", "dotted key", "inline table key", "array of tables"],
)
def test_keys_of_many_parts_are_refused_before_parsing(line):
    problem = only_problem(f"{HEADER}{line}\n")
    assert "dotted parts" in problem.message and problem.line == 3


def test_a_dotted_key_a_lexicon_could_use_loads():
    source = HEADER + '[[entity]]\nid = "a"\nname = "Najaf"\n"note" = "A city; see a.b.c.d"\n'
    assert build_lexicon([("ok.toml", source)]).entity("a").note == "A city; see a.b.c.d"


def test_huge_strings_are_refused_and_quoted_short():
    huge = "A" + "b" * 2_000_000
    source = (
        f'{HEADER}[[entity]]\nid = "a"\nname = "{huge}"\naliases = ["{"x." * 1_000_000}"]\n'
        f'distinct = ["{huge}"]\nnote = "{huge}"\n"{"k" * 1_000_000}" = 1\n'
    )
    with pytest.raises(LexiconError) as caught:
        build_lexicon([("big.toml", source)])
    messages = [problem.message for problem in caught.value.problems]
    assert len(messages) == 4 and all(len(message) < 200 for message in messages)
    assert sum("longer than any name" in message for message in messages) == 3


def test_the_longest_spelling_allowed_loads():
    longest = "A" + "b" * (MAX_SPELLING - 1)
    (entity,) = build_lexicon([("ok.toml", f'{HEADER}[[entity]]\nid = "a"\nname = "{longest}"\n')]).entities
    assert entity.name == longest


def test_control_characters_are_escaped_in_messages():
    source = HEADER + '[[entity]]\nid = "a"\nname = "A"\naliases = ["B\\u001b[2J"]\n'
    problem = only_problem(source)
    assert "\x1b" not in problem.message and "\\u001b" in problem.message


def test_a_huge_comment_and_long_lines_parse():
    source = HEADER + "# " + "x" * 3_000_000 + "\n" + '[[entity]]\nid = "a"\nname = "Najaf"\n'
    lexicon_file, problems = parse_lexicon(source, "big.toml")
    assert problems == [] and [statement.line for statement in lexicon_file.statements] == [4]


# Letters (Latin, accented, a modifier letter that is also an ayn sign), a combining mark, signs,
# separators and characters that cannot stand in a name.
SPELLING_CHARACTERS = "aZéĀṭʿʼ\u0301'’‘ -\u2010\t\n.1_"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=SPELLING_CHARACTERS, max_size=12))
def test_plain_spellings_read_as_the_tokenizer_reads_them(spelling):
    tokens = text_tokens(spelling, alone=True)
    assert spelling_key(spelling) == tuple(folded_word(token.text) for token in tokens)
    whole = bool(tokens) and tokens[0].start == 0 and tokens[-1].end == len(spelling.rstrip())
    assert is_findable(spelling) == (whole and all(token.gap is not None for token in tokens[:-1]))
