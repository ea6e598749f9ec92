"""The scan's fast paths give what the plain computations give (hypothesis).

A scan settles a run none of whose words could begin a form without looking at it, and
remembers each distinct run's answer; the alignment works from costs read once per pair of units.
Each is compared here with the slow way on generated text and words, so that they cannot drift
apart: every run decided afresh, and the textbook alignment over the same edit costs.
"""

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namecheck.distance import _indel_cost, _split_cost, _substitution_cost, edit_costs, word_cost
from itertools import groupby

from namecheck.keys import _ends_in_h, run_together, unit_table, word_keys, word_units
from namecheck import runs
from namecheck.runs import FIRST_CHARACTER, name_run_spans
from namecheck.scanner import _run_mentions, name_line_pieces, scan_mentions
from namecheck.matcher import _WINDOW_GAP_RE
from namecheck.tokens import _AFTER, _INSIDE, _LETTER, _SIGN, _WORD_CHAR, _WORD_CHAR_OR_SIGN, GAP, HYPHEN, SPACE, text_tokens

SETTINGS = settings(
    max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Words around names in news copy: titles, nouns that make longer names, English words that
# sound like names, particles, given names; in lower case and capitalized.
OTHER_WORDS = [
    "the", "said", "and", "of", "in", "President", "Mr", "Minister", "Prime", "General", "Colonel",
    "International", "Airport", "Alliance", "Times", "Operation", "Flood", "Sultan", "al", "el",
    "Al", "bin", "ibn", "abu", "Abu", "Hassan", "Riad", "Asaad", "Mohamed", "Ali", "Said", "Iran",
    "Iraq", "Sadder", "Basra", "Hilal", "Jabhat", "San", "Francisco", "Wear", "Conscious", "SANA",
]
SEPARATORS = [" ", " ", " ", "-", ", ", ". ", "\n", "\n\n", " (", ") ", "'s "]


@st.composite
def news_text(draw, spellings):
    pieces = []
    for _ in range(draw(st.integers(1, 16))):
        word = draw(st.sampled_from(spellings) if draw(st.booleans()) else st.sampled_from(OTHER_WORDS))
        if draw(st.integers(0, 5)) == 0:
            word = word.upper() if draw(st.booleans()) else word.lower()
        pieces.append(word + draw(st.sampled_from(SEPARATORS)))
    return "".join(pieces)


def _spellings(matcher) -> list[str]:
    return sorted({s for e in matcher.lexicon.entities for s in (*e.house_spellings, *(v.text for v in e.variants))})


def _slow_scan(text: str, matcher) -> tuple[list, set]:
    """Every run of the text decided afresh: no run skipped, no answer remembered."""
    mentions, others = [], set()
    for start, end in name_run_spans(text, matcher.connectors):
        first_whole, last_whole = not start or text[start - 1] in "\n\r", end == len(text) or text[end] in "\n\r"
        for begin, finish in name_line_pieces(text[start:end], first_whole, last_whole):
            run = text[start + begin : start + finish]
            for m in _run_mentions(run, text_tokens(run), matcher, {}, others):
                mentions.append((start + begin + m.start, start + begin + m.end, m.text, m.match))
    return mentions, others


@SETTINGS
@given(data=st.data())
def test_a_scan_finds_what_deciding_every_run_afresh_finds(default_matcher, data):
    text = data.draw(news_text(_spellings(default_matcher)))
    others: set = set()
    fast = [(m.start, m.end, m.text, m.match) for m in scan_mentions(text, default_matcher, every=True, others=others)]
    assert (fast, others) == _slow_scan(text, default_matcher)
    # the same text again: now every run's answer is remembered
    again = [(m.start, m.end, m.text, m.match) for m in scan_mentions(text, default_matcher, every=True)]
    assert again == fast


def _textbook_word_cost(a, b) -> float:
    """The weighted alignment written cell by cell with the module's own edit costs."""
    costs = edit_costs()
    rows = [[0.0]]
    for j in range(len(b)):
        rows[0].append(rows[0][-1] + _indel_cost(b, j, costs))
    for i in range(1, len(a) + 1):
        row = [rows[i - 1][0] + _indel_cost(a, i - 1, costs)]
        for j in range(1, len(b) + 1):
            final = i == len(a) or j == len(b)
            best = min(
                rows[i - 1][j - 1] + _substitution_cost(a[i - 1], b[j - 1], final, costs),
                rows[i - 1][j] + _indel_cost(a, i - 1, costs),
                row[j - 1] + _indel_cost(b, j - 1, costs),
            )
            if j >= 2 and (split := _split_cost(a[i - 1], b[j - 2], b[j - 1], costs)) is not None:
                best = min(best, rows[i - 1][j - 2] + split)
            if i >= 2 and (split := _split_cost(b[j - 1], a[i - 2], a[i - 1], costs)) is not None:
                best = min(best, rows[i - 2][j - 1] + split)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


# Letters and clusters that romanizations spell differently: vowels and diphthongs, glides,
# doubled letters, h after consonants, mute e.
PIECES = ["a", "e", "i", "o", "u", "ou", "ai", "ay", "aw", "ow", "ei", "y", "w", "v", "h", "sh", "kh", "th",
          "dj", "j", "g", "q", "k", "c", "s", "ss", "z", "dh", "d", "t", "m", "mm", "n", "l", "r", "b", "f", "'"]
folded_words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=9).map("".join)


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "400")), deadline=None)
@given(first=folded_words, second=folded_words)
def test_the_alignment_costs_what_the_textbook_alignment_costs(first, second):
    a, b = word_units(first), word_units(second)
    assert word_cost(a, b) == _textbook_word_cost(a, b)


def _plain_run_pattern(connectors: frozenset[str]) -> re.Pattern:
    """The run pattern in its plain form: the opening character class at the head, tried by the
    engine at every position, and a word's letters taken one at a time."""
    names = "|".join(sorted(map(re.escape, runs._particle_words() | connectors), key=len, reverse=True))
    particle = rf"(?>{names}){_AFTER}"
    rest = rf"(?:{_INSIDE}|{_SIGN}(?={_LETTER}))*+(?:\u2018(?!{_WORD_CHAR_OR_SIGN}))?{_AFTER}"
    inside = rf"(?<!{_WORD_CHAR}[\s\S])(?<!{_WORD_CHAR}{_SIGN}[\s\S])"
    capital = rf"(?:[^\W\d_a-z]{inside}|\u2019{inside}(?<!{_SIGN}\u2019){_LETTER}){rest}"
    return re.compile(rf"{capital}(?>{GAP}(?:{capital}|{particle}))*+")


def _plain_run_spans(text: str, connectors: frozenset[str]) -> list[tuple[int, int]]:
    """The runs' spans with the plain pattern, every particle ending looked for behind each run."""
    spans = []
    for found in _plain_run_pattern(connectors).finditer(text):
        start, end = found.span()
        tail = text[max(0, start - 8) : start]
        if start and text[start - 1] in runs._GAP_CHARACTERS and any(map(tail.endswith, runs._particle_endings())):
            leading = runs._leading_pattern().match(text[max(0, start - runs._LOOK_BACK) : start][::-1])
            start -= leading.end() if leading else 0
        if runs._touches_protected(text, start, end):
            spans.extend(runs._cut_at_protected(text, start, end))
        else:
            spans.append((start, end))
    return spans


# Pieces of adversarial text: capitals and lower-case letters of many scripts (title case, letter
# numbers, modifier letters), digits of several scripts, signs, marks and invisible characters,
# every kind of gap, particles, and the pieces of URLs, addresses, hashtags and paths.
RUN_PIECES = [
    "A", "Z", "Q", "a", "z", "q", "\u00c9", "\u00e9", "\u00d6", "\u0130", "\u0131", "\u03a9", "\u03c9", "\u0414",
    "\u0434", "\u0531", "\u0639", "\u4e2d", "\u01c5", "\u2167", "\u00aa", "\u00b5", "\u02b0", "\u1e24", "\u1e25",
    "0", "7", "\u0663", "\u00b2", "_", "'", "\u2019", "\u2018", "\u02bc", "\u02bf", "`", "\u00b4", "\u0301",
    "\u064e", "\u00ad", "\u200d", "\ufeff", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u202f", "-",
    "\u2010", "\u2011", " - ", "al", "al-", "el ", "bin ", "ibn ", "Abu ", "abd", "bint ", "umm ", "in the ", "e-",
    "la", "Al-", "http://", "www.", ".com", ".", "@", "#", "/", "\\", ":", ",", "(", "\u00a9", "\u00a0\u00a9",
    "Sudani", "Mohammed", "iPhone", "sana", "\u00c9mile", "\u0130zmir",
]
CONNECTORS = [frozenset(), frozenset({"in the", "e"}), frozenset({"of", "de la"})]


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "600")), deadline=None)
@given(pieces=st.lists(st.sampled_from(RUN_PIECES), max_size=40), connectors=st.sampled_from(CONNECTORS))
def test_runs_are_the_runs_the_plain_pattern_finds(pieces, connectors):
    text = "".join(pieces)
    assert name_run_spans(text, connectors) == _plain_run_spans(text, connectors)


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "600")), deadline=None)
@given(pieces=st.lists(st.sampled_from(RUN_PIECES), max_size=40))
def test_a_window_remembered_as_one_string_gives_back_its_words_and_gaps(pieces):
    # the matcher remembers a window by its words joined by their gaps, and a window's answer by
    # its surface and the gap after it: no word may hold a gap or end a surface with one
    text = "".join(pieces)
    for start, end in name_run_spans(text):
        tokens = text_tokens(text[start:end])
        for first in range(len(tokens)):
            window = tokens[first].text
            for last in range(first, len(tokens)):
                texts = [token.text for token in tokens[first : last + 1]]
                gaps = [token.gap for token in tokens[first:last]]
                pieces_back = _WINDOW_GAP_RE.split(window)
                assert (pieces_back[::2], pieces_back[1::2]) == (texts, gaps)
                assert not tokens[last].text.endswith((SPACE, HYPHEN))
                if tokens[last].gap is None:
                    break
                window += tokens[last].gap + tokens[last + 1].text if last + 1 < len(tokens) else ""


def test_every_character_a_run_may_start_with_is_one_the_scan_looks_for():
    every_character = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    openings = set(re.findall(r"[^\W\d_a-z]|\u2019", every_character))
    assert openings and openings <= set(re.findall(FIRST_CHARACTER, every_character))


def _plain_key(units, alternate=None, bucket=None) -> str:
    """The coarse key read unit by unit: with `alternate` (a unit's text, or "*" for every
    ambiguous unit) read in `bucket`, or in its other class."""
    if len(units) > 1 and units[-1].text == "h" and units[-2].vowel:
        units = units[:-1]
    units = tuple(unit for index, unit in enumerate(units) if not (unit.text == "h" and index and _ends_in_h(units[index - 1])))
    classes = []
    for unit in units:
        if alternate == "*" and unit.alternate is not None:
            classes.append(unit.alternate)
        elif unit.text != alternate:
            classes.append(unit.coarse)
        else:
            classes.append(bucket if bucket is not None else unit.alternate if unit.alternate is not None else unit.coarse)
    return "".join(letter for letter, _ in groupby(classes) if letter) or "_"


def _plain_word_keys(units) -> tuple[str, tuple[str, ...]]:
    key = _plain_key(units)
    ambiguous = {unit.text: unit.alternates for unit in units if unit.alternates}
    keys = [_plain_key(units, text, bucket) for text, buckets in ambiguous.items() for bucket in buckets]
    if len(ambiguous) > 1:
        keys.append(_plain_key(units, "*"))
    return key, tuple(dict.fromkeys(other for other in keys if other != key))


# Every unit of the rules and every letter, so that each ambiguous unit, each h after sh, kh
# and th, and each final h after a vowel comes up.
UNIT_TEXTS = sorted(set(unit_table().units) | set("abcdefghijklmnopqrstuvwxyz'"))


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "1000")), deadline=None)
@given(pieces=st.lists(st.sampled_from(UNIT_TEXTS + ["h", "sh", "kh", "th", "j", "c", "g", "s"]), min_size=1, max_size=10))
def test_word_keys_are_the_keys_read_unit_by_unit(pieces):
    units = word_units("".join(pieces))
    assert word_keys(units) == _plain_word_keys(units)


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "400")), deadline=None)
@given(words=st.lists(st.lists(st.sampled_from(UNIT_TEXTS), min_size=1, max_size=6), max_size=5))
def test_a_name_read_as_one_word_has_its_keys_run_together(words):
    keys = [word_keys(word_units("".join(word)))[0] for word in words]
    letters = "".join(key for key in keys if key != "_")
    assert run_together(keys) == "=" + ("".join(letter for letter, _ in groupby(letters)) or "_")
