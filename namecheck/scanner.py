"""Text -> name mentions with exact spans, longest match first.

The scanner finds the runs of name-like words (capitalized words, articles and particles joined
by spaces or hyphens) with one regular expression, so that prose costs nothing in Python. Within a
run, at each word that may start a name it tries the windows of words that start there, longest
first, and keeps the first window the matcher accepts; scanning goes on after it. So "Mohammed Shia al-Sudani" is one
mention, not a mention of "Sudani" inside it.
"""

from __future__ import annotations

from functools import lru_cache

from .matcher import Matcher
from .models import KIND_PHONETIC, Mention
from .names import is_article, particles
from .normalize import folded_word, is_capitalized
from .resources import english_words
from .tokens import Token, run_pattern, text_tokens

# A run may be this many words longer than the longest lexicon form (Abdelkader / Abd al-Qadir).
EXTRA_WORDS = 2


def _may_join(token: Token) -> bool:
    return is_capitalized(token.text) or folded_word(token.text) in _name_particles()


@lru_cache(maxsize=None)
def _name_particles() -> frozenset[str]:
    rules = particles()
    return rules.lowercase | rules.articles


@lru_cache(maxsize=None)
def _runs():
    return run_pattern(_name_particles())


def _window_ends(tokens: list[Token], start: int, limit: int) -> list[int]:
    """Return the indexes where a run of joined, name-like words starting at `start` may end."""
    ends = []
    index = start
    while True:
        if is_capitalized(tokens[index].text):
            ends.append(index)
        if index - start + 1 >= limit or tokens[index].gap is None or index + 1 >= len(tokens):
            return ends
        if not _may_join(tokens[index + 1]):
            return ends
        index += 1


def _may_start(tokens: list[Token], index: int, matcher: Matcher, seen: dict[str, bool]) -> bool:
    token = tokens[index]
    known = seen.get(token.text)
    if known is None:
        word = folded_word(token.text)
        if word in particles().articles:
            known = matcher.may_begin(word) or None
        else:
            known = is_capitalized(token.text) and matcher.may_begin(word)
        seen[token.text] = known
    if known is not None:
        return known
    # A lower-case article that no form starts with: a name may still follow it (al-Soudani).
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        following is not None
        and is_article(folded_word(token.text), token.gap, folded_word(following.text), is_capitalized(token.text))
        and matcher.may_begin(folded_word(following.text))
    )


def _after_given_name(tokens: list[Token], start: int, matcher: Matcher) -> bool:
    """Return True when the word before `start` is a given name joined to it: another person."""
    if start == 0 or tokens[start - 1].gap is None:
        return False
    before = tokens[start - 1].text
    return is_capitalized(before) and matcher.is_given_name(folded_word(before))


def _given_name_of_a_longer_name(tokens: list[Token], start: int, end: int, matcher: Matcher) -> bool:
    """Return True when a one-word match is a given name followed by another capitalized word:
    the first name of somebody else (Riad Salameh is not Riyadh)."""
    if start != end or tokens[end].gap is None or end + 1 >= len(tokens):
        return False
    return is_capitalized(tokens[end + 1].text) and matcher.is_given_name(folded_word(tokens[start].text))


def _part_of_a_longer_name(tokens: list[Token], start: int, end: int) -> bool:
    """Return True when a one-word guess is followed by a capitalized word that is no English
    word: it is part of a longer name nobody listed (San Francisco is not Sanaa)."""
    if start != end or tokens[end].gap is None or end + 1 >= len(tokens):
        return False
    following = tokens[end + 1].text
    return is_capitalized(following) and folded_word(following) not in english_words()


def _is_other_name(tokens: list[Token], start: int, end: int, match, matcher: Matcher) -> bool:
    """Return True when a match is really part of the name of somebody or something else."""
    if matcher.is_surname_of_person(match) and _after_given_name(tokens, start, matcher):
        return True
    if match.kind == KIND_PHONETIC and _part_of_a_longer_name(tokens, start, end):
        return True
    return match.flagged and _given_name_of_a_longer_name(tokens, start, end, matcher)


def name_runs(text: str) -> list[list[Token]]:
    """Return the runs of name-like words of a text (capitalized words and particles), as tokens."""
    runs = []
    for run in _runs().finditer(text):
        tokens = text_tokens(text, run.start(), run.end())
        if tokens:
            runs.append(tokens)
    return runs


def scan_mentions(text: str, matcher: Matcher) -> list[Mention]:
    """Return every name mention in `text`, in text order, spans as half-open code-point offsets."""
    mentions: list[Mention] = []
    seen: dict[str, bool | None] = {}
    for tokens in name_runs(text):
        mentions.extend(_run_mentions(text, tokens, matcher, seen))
    return mentions


def _run_mentions(text: str, tokens: list[Token], matcher: Matcher, seen: dict) -> list[Mention]:
    """Return the mentions in one run of name-like words, longest match first."""
    mentions = []
    limit = matcher.max_words + EXTRA_WORDS
    index = 0
    while index < len(tokens):
        if not _may_start(tokens, index, matcher, seen):
            index += 1
            continue
        found = None
        for end in reversed(_window_ends(tokens, index, limit)):
            run = tokens[index : end + 1]
            surface = text[run[0].start : run[-1].end]
            match = matcher.match_words(surface, tuple(t.text for t in run), tuple(t.gap for t in run))
            if match is not None and not _is_other_name(tokens, index, end, match, matcher):
                found = Mention(run[0].start, run[-1].end, surface, match)
                break
        if found is None:
            index += 1
            continue
        mentions.append(found)
        index = end + 1
    return mentions
