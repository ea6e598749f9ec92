"""Text -> name mentions with exact spans, longest match first.

The scanner finds the runs of name-like words (capitalized words, articles and particles joined
by spaces or hyphens) with one regular expression, so that prose costs nothing in Python. Within a
run, at each word that may start a name it tries the windows of words that start there, longest
first, and keeps the first window the matcher accepts; scanning goes on after it. So "Mohammed
Shia al-Sudani" is one mention, not a mention of "Sudani" inside it.

A run's mentions depend on the run's text alone, and news repeats its runs ("Prime Minister
Mohammed Shia al-Sudani"), so each distinct run is decided once per matcher. Words inside a URL,
an e-mail address, a handle, a hashtag or a path (protected.py) are never part of a run. The
work per run is bounded: a window spans at most MAX_WINDOW words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from weakref import WeakKeyDictionary

from .matcher import Matcher, text_word_facts
from .models import KIND_PHONETIC, KIND_VARIANT, Mention
from .names import is_article, particles
from .lexicon import spelling_key
from .normalize import folded_word, is_capitalized
from .runs import name_run_spans
from .resources import english_words, given_names, name_nouns, organization_nouns, titles
from .tokens import HYPHEN, SPACE, Token, text_tokens

# A run may be this many words longer than the longest lexicon form (Abdelkader / Abd al-Qadir).
EXTRA_WORDS = 2
# No window spans more words than this, whatever the lexicon holds: the cost of a run stays
# linear in its length.
MAX_WINDOW = 12
# How many distinct runs' answers are remembered per matcher before starting afresh.
RUN_MEMORY = 100_000


@lru_cache(maxsize=None)
def _name_particles() -> frozenset[str]:
    rules = particles()
    return rules.lowercase | rules.articles


@lru_cache(maxsize=8)
def _joiners(connectors: frozenset[str]) -> frozenset[str]:
    """The lower-case words that join a name's words: particles and a lexicon's connectors."""
    return _name_particles() | connectors


# The eight possible word facts, one tuple each, shared by every word that has them.
_FACTS: dict[tuple[bool, bool, bool], tuple[bool, bool, bool]] = {}


def _word_facts(text: str, connectors: frozenset[str]) -> tuple[bool, bool, bool]:
    """Return what a window asks of a word of a run: whether it is capitalized, whether it may
    join a name (capitalized, a particle or a connector), whether it is an article."""
    word, capital, _ = text_word_facts(text)
    facts = (capital, capital or word in _joiners(connectors), word in particles().articles)
    return _FACTS.setdefault(facts, facts)


_remembered_facts: dict[frozenset[str], dict[str, tuple[bool, bool, bool]]] = {}


def _facts_memory(connectors: frozenset[str]) -> dict[str, tuple[bool, bool, bool]]:
    known = _remembered_facts.get(connectors)
    if known is None or len(known) >= RUN_MEMORY:
        _remembered_facts.clear()  # a few lexicons' connectors at most: one kept
        known = _remembered_facts[connectors] = {}
    return known


class _Run:
    """A run's tokens with their texts, gaps and word facts (_word_facts) lined up once, for
    slicing windows."""

    __slots__ = ("tokens", "texts", "gaps", "facts")

    def __init__(self, tokens: list[Token], connectors: frozenset[str] = frozenset()):
        self.tokens = tokens
        self.texts = tuple([token.text for token in tokens])
        self.gaps = tuple([token.gap for token in tokens])
        known = _facts_memory(connectors)
        facts = []
        for text in self.texts:
            found = known.get(text)
            if found is None:
                found = known[text] = _word_facts(text, connectors)
            facts.append(found)
        self.facts = facts


def _window_ends(run: _Run, start: int, limit: int, matcher: Matcher) -> list[int]:
    """Return the indexes where a run of joined, name-like words starting at `start` may end: it
    grows while some lexicon form could begin with it."""
    ends = []
    facts, gaps, texts = run.facts, run.gaps, run.texts
    last = min(len(facts), start + limit) - 1
    window = ""  # the words so far joined by their gaps (Matcher.may_start_window)
    for index in range(start, last + 1):
        window += texts[index]
        capital, _, article = facts[index]
        # a particle inside a name (al-, bin; Al- too) is judged with the word it leads to; an
        # article is never the last word of a name, capitalized ("Al-") or not
        if capital and not (article and gaps[index] is not None):
            if not matcher.may_start_window(window):
                break
            ends.append(index)
        if index == last or gaps[index] is None or not facts[index + 1][1]:
            break
        window += gaps[index]
    return ends


def _after_joined_article(tokens: list[Token], index: int) -> bool:
    """Return True when the word at `index` follows an article joined to it by a hyphen: the
    name starts at the article ("el-Amri"), never inside it."""
    if index == 0 or tokens[index - 1].gap != HYPHEN:
        return False
    return folded_word(tokens[index - 1].text) in particles().articles


def _may_start(tokens: list[Token], index: int, matcher: Matcher, seen: dict[str, bool]) -> bool:
    if _after_joined_article(tokens, index):
        return False
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


def _after_someones_given_name(tokens: list[Token], start: int, matcher: Matcher) -> bool:
    """Return True when the word before `start` is plainly a given name: a listed one ("Said"), or
    one that sounds like a listed one and is no English word ("Saeed", not "Bark"), or the second
    word of a given name written as two (Abdel Fattah, Abdul Malik)."""
    if not _after_given_name(tokens, start, matcher):
        if start < 2 or tokens[start - 1].gap is None or tokens[start - 2].gap != SPACE:
            return False
        opening, before = tokens[start - 2].text, tokens[start - 1].text
        return is_capitalized(opening) and is_capitalized(before) and matcher.opens_given_name(folded_word(opening))
    word = folded_word(tokens[start - 1].text)
    return word in given_names() or word not in english_words()


def _title_and_given_name(tokens: list[Token], start: int, matcher: Matcher) -> bool:
    """Return True when a title or office (Sheikh, President) comes right before `start` and a
    given name opens the words there: a person named in full (Sheikh Mohamed bin Zayed)."""
    if start == 0 or tokens[start - 1].gap is None or not is_capitalized(tokens[start - 1].text):
        return False
    return folded_word(tokens[start - 1].text) in titles() and matcher.is_given_name(folded_word(tokens[start].text))


def _is_surname_after_given_name(tokens: list[Token], start: int, match, matcher: Matcher) -> bool:
    """Return True when a match is somebody's surname or name: a person's short form right after
    another given name (Hilal Soudani is not Mohammed Shia al-Soudani), or a variant of anything
    but a person right after a given name (Said Jalili is not the town Jalali, Ahmed al-Sharaa
    not Chharra), or opening with a given name after a title (Sheikh Mohamed bin Zayed is not
    the city named after him)."""
    if matcher.is_surname_of_person(match):
        return _after_given_name(tokens, start, matcher)
    if not match.flagged or matcher.names_a_person(match):
        return False
    return _after_someones_given_name(tokens, start, matcher) or _title_and_given_name(tokens, start, matcher)


def _is_patronymic_name(tokens: list[Token], start: int, end: int, match, matcher: Matcher) -> bool:
    """Return True when a flagged match of anything but a person is a person's name: a given name
    and "son of" or "daughter of" open it and no noun that makes a place ends it ("Mohammed ben
    Zayed" is not the city Mohammed Bin Zayed City, nor a variant of it)."""
    if end < start + 2 or not match.flagged or matcher.names_a_person(match):
        return False
    second = folded_word(tokens[start + 1].text)
    rules = particles()
    if rules.canonical.get(second, second) not in rules.patronymics:
        return False
    return matcher.is_given_name(folded_word(tokens[start].text)) and folded_word(tokens[end].text) not in name_nouns()


def _surname_keys(surface: str, match, matcher: Matcher) -> tuple[tuple[str, ...], ...]:
    """Return the keys under which a document's later mentions of a surname stand for the person:
    the surname as written and, when it opens with an article, without it (al-Sharaa, Sharaa).
    A variant the lexicon lists for something else than a person stays that thing when it stands
    alone ("Hilal Irbil ... in Irbil"): only a guess (Jalili for the town Jalali) is given up."""
    if match.kind != KIND_PHONETIC and not matcher.is_surname_of_person(match):
        return ()
    key = spelling_key(surface)
    if len(key) > 1 and key[0] in particles().articles:
        return key, key[1:]
    return (key,)


def _given_name_of_a_longer_name(tokens: list[Token], start: int, end: int, matcher: Matcher) -> bool:
    """Return True when a one-word match is a given name followed by another capitalized word:
    the first name of somebody else (Riad Salameh is not Riyadh)."""
    if start != end or tokens[end].gap is None or end + 1 >= len(tokens):
        return False
    return is_capitalized(tokens[end + 1].text) and matcher.is_given_name(folded_word(tokens[start].text))


def _is_a_name(token: Token, matcher: Matcher) -> bool:
    return matcher.match_words(token.text, (token.text,), (None,)) is not None


def _names_from(tokens: list[Token], index: int, matcher: Matcher) -> bool:
    """Return True when a name starts at token `index`: the word alone, or an article with the
    word it leads to ("Soudani-AL-Nadjaf" is two names, however "AL" alone reads)."""
    token = tokens[index]
    if folded_word(token.text) in particles().articles and token.gap is not None and index + 1 < len(tokens):
        following = tokens[index + 1]
        surface = token.text + ("-" if token.gap == HYPHEN else " ") + following.text
        return matcher.match_words(surface, (token.text, following.text), (token.gap, None)) is not None
    return _is_a_name(token, matcher)


def _followed_by_more_name(tokens: list[Token], end: int, matcher: Matcher) -> bool:
    """Return True when the words after a one-word match continue a name: a capitalized word that
    is no English word, a noun that makes a name ("Fateh Alliance"), an article leading to a
    capitalized word ("Asaad al-Eidani"), or a hyphenated word that is no name of its own."""
    if tokens[end].gap is None or end + 1 >= len(tokens):
        return False
    following = tokens[end + 1]
    word = folded_word(following.text)
    if not is_capitalized(following.text):
        if word in particles().articles and tokens[end].gap == HYPHEN:
            if following.gap is None:
                return True  # "Hachd-al-Chaabi24": the article hangs on to a word that cannot be read
            return not _names_from(tokens, end + 1, matcher)  # "Soudani-al-Soudani": two names
        return (
            word in particles().articles
            and following.gap is not None
            and end + 2 < len(tokens)
            and is_capitalized(tokens[end + 2].text)
        )
    if tokens[end].gap == HYPHEN:
        return not _names_from(tokens, end + 1, matcher)
    return word not in english_words() or word in name_nouns() or word in organization_nouns()


def _preceded_by_more_name(tokens: list[Token], start: int, matcher: Matcher) -> bool:
    """Return True when the word before a one-word match begins a longer name: a capitalized word
    that is neither a title nor an English word ("Jabhat Fateh", "Abdel Ghani"), or a
    hyphenated word that is no name of its own ("Raisol-Sadati")."""
    if start == 0 or tokens[start - 1].gap is None:
        return False
    before = tokens[start - 1]
    if not is_capitalized(before.text):
        return False
    word = folded_word(before.text)
    if tokens[start - 1].gap == HYPHEN:
        return not _is_a_name(before, matcher)
    return word not in titles() and word not in english_words()


# How many capitalized words after a name are looked at for a noun that makes a longer name of
# it ("Rafic Hariri International Airport").
NAME_NOUN_REACH = 3


def _inside_a_longer_name(tokens: list[Token], start: int, end: int) -> bool:
    """Return True when a name is held in a longer name built around it: a noun that makes a name
    follows within a few capitalized words ("Rafic Hariri International Airport", "the Slemani
    Times") or comes right before it ("Operation al-Aqsa Flood")."""
    index = end
    nouns = name_nouns() | (organization_nouns() if start == end else frozenset())
    while index - end < NAME_NOUN_REACH and tokens[index].gap is not None and index + 1 < len(tokens):
        following = tokens[index + 1]
        if not is_capitalized(following.text):
            break
        if folded_word(following.text) in nouns:
            return True
        index += 1
    first = start
    if first > 0 and tokens[first - 1].gap is not None and folded_word(tokens[first - 1].text) in particles().articles:
        first -= 1  # over the article of "Operation al-Aqsa"
    if first == 0 or tokens[first - 1].gap is None:
        return False
    before = tokens[first - 1].text
    return is_capitalized(before) and folded_word(before) in nouns


def _part_of_a_longer_name(tokens: list[Token], start: int, end: int, matcher: Matcher) -> bool:
    """Return True when a one-word match is a piece of a longer name nobody listed (San Francisco
    is not Sanaa; the Fateh Alliance is not Fatah; Colonel Hassan Abdel Ghani is not Qaani)."""
    if start == end and _followed_by_more_name(tokens, end, matcher):
        return True
    return _after_more_name(tokens, start, end, matcher)


def _after_more_name(tokens: list[Token], start: int, end: int, matcher: Matcher) -> bool:
    """Return True when the words before a match begin a longer name nobody listed: one word after
    such words (Friedrich Merz, Colonel Hassan Abdel Ghani), or a word with its article in lower
    case after a word of such a name (Hayat Tahrir al-Sham is not Damascus; a capital opens a
    name of its own, "... in Baghdad\nAl Sudani told", and so does a name after another,
    "Kobani al-Qaida")."""
    if start == end:
        return _preceded_by_more_name(tokens, start, matcher)
    return (
        end == start + 1
        and _is_inner_article(tokens, start)
        and _preceded_by_more_name(tokens, start, matcher)
        and not _is_a_name(tokens[start - 1], matcher)
    )


def _ends_a_longer_name(tokens: list[Token], start: int, end: int, match, matcher: Matcher) -> bool:
    """Return True when a flagged match is the last word of a longer name nobody listed: the
    document's later mentions of it alone are that name's ("Friedrich Merz ... Merz said" is
    not the town Moers)."""
    if not match.flagged or (start == end and _followed_by_more_name(tokens, end, matcher)):
        return False
    return _after_more_name(tokens, start, end, matcher)


def _is_inner_article(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    return token.gap is not None and not is_capitalized(token.text) and folded_word(token.text) in particles().articles


def _is_other_name(tokens: list[Token], start: int, end: int, match, matcher: Matcher) -> bool:
    """Return True when a match is really part of the name of somebody or something else (a
    surname right after a given name is settled before: _is_surname_after_given_name)."""
    if _inside_a_longer_name(tokens, start, end):
        return True
    if not match.flagged:
        return False
    if start == end and match.kind == KIND_VARIANT and matcher.is_given_name(folded_word(tokens[start].text)):
        return True  # a listed variant that is a common given name alone (Mr Asaad) is somebody else
    if _part_of_a_longer_name(tokens, start, end, matcher):
        return True
    return _given_name_of_a_longer_name(tokens, start, end, matcher)


def name_runs(text: str) -> list[list[Token]]:
    """Return the runs of name-like words of a text (capitalized words and particles), as tokens."""
    runs = []
    for start, end in name_run_spans(text):
        tokens = text_tokens(text, start, end)
        if tokens:
            runs.append(tokens)
    return runs


_remembered: WeakKeyDictionary = WeakKeyDictionary()


def _run_answers(matcher: Matcher) -> dict:
    answers = _remembered.get(matcher)
    if answers is None or len(answers) >= RUN_MEMORY:
        answers = _remembered[matcher] = {}
    return answers


_LETTERS_RE = re.compile(r"[^\W\d_]+")


def may_change(mention: Mention) -> bool:
    """Return True for a mention a fix may change: flagged, or a house spelling written in
    another case (an article capitalized mid-sentence, which the house spelling decides)."""
    text, house = mention.text, mention.match.replacement
    if mention.flagged:
        return True
    if text == house or text.casefold() != house.casefold():
        return False
    # only the case of an article or particle is the house's to decide ("Al-Sudani"), not "NaN"
    articles = particles().articles | particles().lowercase
    differing = {a.casefold() for a, b in zip(_LETTERS_RE.findall(text), _LETTERS_RE.findall(house)) if a != b}
    return bool(differing) and differing <= articles


def gives_evidence(mention: Mention) -> bool:
    """Return True for a mention that names one entity by a name of several words: the document
    then speaks of that entity, which lets a surname alone later stand for it."""
    match = mention.match
    return not match.needs_evidence and len(match.entities) == 1 and (" " in match.form or "-" in match.form)


def scan_mentions(
    text: str, matcher: Matcher, every: bool = True, others: set | None = None, surnames_at: list | None = None
) -> list[Mention]:
    """Return the name mentions in `text`, in text order, spans as half-open code-point offsets:
    every one, or (every=False) only those a fix may change and those that give evidence.
    `others` collects the surnames of other people the text names ("Hilal Soudani"), folded;
    `surnames_at` the same as (offset of its run, surnames) pairs, in text order."""
    mentions: list[Mention] = []
    answers = _run_answers(matcher)
    seen: dict[str, bool | None] = {}
    for start, end in name_run_spans(text, matcher.connectors):
        run = text[start:end]
        if "\n" in run or "\r" in run:
            # whether the run's first and last lines hold nothing else decides where it is cut
            key = (run, not start or text[start - 1] in "\n\r", end == len(text) or text[end] in "\n\r")
            pieces = answers.get(key)
            if pieces is None:
                pieces = answers[key] = name_line_pieces(*key)
        else:
            pieces = _WHOLE_RUN
        for begin, finish in pieces:
            piece = run if finish is None else run[begin:finish]
            found = answers.get(piece)
            if found is None:
                found = answers[piece] = _run_answers_of(piece, matcher, seen)
            if found[2]:
                if others is not None:
                    others.update(found[2])
                if surnames_at is not None:
                    surnames_at.append((start + begin, found[2]))
            at = start + begin
            for m in found[0] if every else found[1]:
                mentions.append(Mention(at + m.start, at + m.end, m.text, m.match))
    return mentions


# a line break and the blanks after it, inside a run
_LINE_BREAK_RE = re.compile(r"(?:\r\n|\r|\n)[^\S\r\n]*")


def name_line_pieces(run: str, first_line_whole: bool, last_line_whole: bool) -> list[tuple[int, int]]:
    """Return the pieces of a run that spans lines (offsets in the run): it is cut at each line
    break between two lines that hold nothing but its words, so a list of names one a line is a
    name a line ("Hama\nTripoli" is two places), while a name wrapped across lines of prose stays
    whole ("said Mohamed Chia\nal-Soudani spoke"), and so does one wrapped after a hyphen.
    `first_line_whole` and `last_line_whole` say whether the run's first line starts with it and
    its last line ends with it."""
    pieces, piece = [], 0
    breaks = list(_LINE_BREAK_RE.finditer(run))
    for number, found in enumerate(breaks):
        at, after = found.span()
        before = run[piece:at].rstrip()
        whole_before = first_line_whole or number > 0
        whole_after = last_line_whole or number < len(breaks) - 1
        if before and not before.endswith("-") and after < len(run) and whole_before and whole_after:
            pieces.append((piece, piece + len(before)))
            piece = after
    pieces.append((piece, len(run)))
    return pieces


# a run without a line break is one piece: the whole run
_WHOLE_RUN = ((0, None),)


_NO_SURNAMES: frozenset[str] = frozenset()
_NOTHING = ((), (), _NO_SURNAMES)


def _may_hold_a_name(tokens: list[Token], matcher: Matcher) -> bool:
    """Return False when no word of a run could begin a lexicon form: no window then starts
    anywhere in it (_may_start asks this of the word itself, or of the word after an article),
    so the run holds no mention."""
    may_begin = matcher.may_begin
    return any(may_begin(folded_word(token.text)) for token in tokens)


def _run_answers_of(run: str, matcher: Matcher, seen: dict) -> tuple:
    """Return a run's mentions (relative offsets), those a fix may change or that give
    evidence, and the surnames of other people it names."""
    tokens = text_tokens(run)
    if not _may_hold_a_name(tokens, matcher):
        return _NOTHING
    surnames: set = set()
    everything = tuple(_run_mentions(run, tokens, matcher, seen, surnames))
    if not everything and not surnames:
        return _NOTHING  # most runs: one shared answer keeps the memory of runs small
    relevant = tuple(m for m in everything if may_change(m) or gives_evidence(m))
    if len(relevant) == len(everything):  # a subsequence: the same tuple
        relevant = everything
    return everything, relevant, frozenset(surnames) if surnames else _NO_SURNAMES


def _longest_at(text: str, run: _Run, index: int, matcher: Matcher, others: set) -> tuple[Mention, int] | None:
    """Return the longest mention starting at token `index` and its last token, or None. The
    surname of another person met on the way ("Hilal Soudani") is added to `others`."""
    tokens = run.tokens
    limit = min(matcher.max_words + EXTRA_WORDS, MAX_WINDOW)
    for end in reversed(_window_ends(run, index, limit, matcher)):
        surface = text[tokens[index].start : tokens[end].end]
        match = matcher.match_words(surface, run.texts[index : end + 1], run.gaps[index : end + 1])
        if match is None:
            continue
        if _is_surname_after_given_name(tokens, index, match, matcher):
            others.update(_surname_keys(surface, match, matcher))
            continue
        if _is_patronymic_name(tokens, index, end, match, matcher):
            continue
        if not _is_other_name(tokens, index, end, match, matcher):
            return Mention(tokens[index].start, tokens[end].end, surface, match), end
        if _ends_a_longer_name(tokens, index, end, match, matcher):
            others.update(_surname_keys(surface, match, matcher))
    return None


def _run_mentions(text: str, tokens: list[Token], matcher: Matcher, seen: dict, others: set) -> list[Mention]:
    """Return the mentions in one run of name-like words, longest match first; a name that starts
    inside one found and reaches beyond it wins ("Sultan Haitham bin Tarik": "Haitham bin Tarik",
    not the alias "Sultan Haitham")."""
    mentions = []
    run = _Run(tokens, matcher.connectors)
    index = 0
    while index < len(tokens):
        found = _longest_at(text, run, index, matcher, others) if _may_start(tokens, index, matcher, seen) else None
        if found is None:
            index += 1
            continue
        for later in range(index + 1, found[1] + 1):
            # a start inside the name found is only a probe: the surnames met on the way count
            # only when a longer name starts there (al-Soudani inside "Mohamed Chia al-Soudani"
            # is nobody else's)
            probed: set = set()
            longer = _longest_at(text, run, later, matcher, probed) if _may_start(tokens, later, matcher, seen) else None
            if longer is not None and longer[1] > found[1]:
                found = longer
                others.update(probed)
                break
        mentions.append(found[0])
        index = found[1] + 1
    return mentions
