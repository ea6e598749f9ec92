"""How the words of a name are read: articles, particles and compounds.

"Mohamed Chia al-Soudani" becomes three parts, the last one carrying the article "al";
"Abdelkader" becomes "abd" + "al" "kader"; "Nasreddine" becomes "nasr" + "al" "din". Articles
are kept beside the part they belong to, so that scoring can see them and the index key can
leave them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from sys import intern
from typing import NamedTuple

from .keys import Unit, coarse_key, run_together, sound_key, word_keys, word_units
from .resources import english_words, romanization_rules
from .tokens import HYPHEN, SPACE


class Part(NamedTuple):
    """One significant word of a name, with the article written before it."""

    word: str  # folded, particles in their canonical spelling
    units: tuple[Unit, ...]
    key: str  # coarse consonant key (keys.coarse_key)
    sound_key: str  # jellyfish metaphone of the word: a second way into the index
    article: str = ""  # folded article ("al", "el", "ash" ...), "" when none
    attached: bool = False  # the article was written joined to the word (Alsudani)
    alternate_keys: tuple[str, ...] = ()  # coarse keys with the other reading of j, c, kh, s


@dataclass(frozen=True)
class Particles:
    articles: frozenset[str]
    spaced_articles: frozenset[str]
    attached_articles: tuple[str, ...]
    attached_min_rest: int
    lowercase: frozenset[str]
    canonical: dict
    patronymics: frozenset[str]
    abd_stems: tuple[str, ...]
    abd_joins: tuple[str, ...]
    din_suffixes: tuple[str, ...]
    din_min_stem: int
    ezafe: frozenset[str]


@lru_cache(maxsize=None)
def particles() -> Particles:
    """Return the article and particle rules of the shipped rules."""
    data = romanization_rules()["particles"]
    return Particles(
        articles=frozenset(data["articles"]),
        spaced_articles=frozenset(data["spaced_articles"]),
        attached_articles=tuple(data["attached_articles"]),
        attached_min_rest=data["attached_min_rest"],
        lowercase=frozenset(data["lowercase"]),
        canonical=dict(data["canonical"]),
        patronymics=frozenset(data["patronymics"]),
        abd_stems=tuple(data["abd_stems"]),
        abd_joins=tuple(data["abd_joins"]),
        din_suffixes=tuple(sorted(data["din_suffixes"], key=len, reverse=True)),
        din_min_stem=data["din_min_stem"],
        ezafe=frozenset(data["ezafe"]),
    )


# English nouns this long or longer are found in the other number (shorter words: "Ba" / "Bas").
ENGLISH_NOUN = 4
EZAFE = "e"  # the canonical spelling of the Persian ezafe, kept like an article beside its part


def _is_ezafe(word: str, gap_before: str | None, gap_after: str | None) -> bool:
    """Return True for the Persian and Urdu ezafe between two words of a name, written with a
    hyphen on at least one side: "Mazar-i-Sharif", "Mazar-e Sharif", "Bandar-e Abbas"."""
    if word not in particles().ezafe or gap_before is None or gap_after is None:
        return False
    return HYPHEN in (gap_before, gap_after)


def is_article(word: str, gap: str | None, following: str = "", free: bool = False) -> bool:
    """Return True when a folded word, joined to the next word by `gap`, is the article.

    With a hyphen any article form counts (ash-Shaabi); with a space only al and el, or an
    assimilated form before its own consonant (Az Zagazig, Kafr az Zayyat) where it is `free` to
    be one: capitalized or inside a name, since a lower-case "as", "at" or "an" is English.
    """
    rules = particles()
    if gap == HYPHEN:
        return word in rules.articles
    if gap != SPACE:
        return False
    if word in rules.spaced_articles:
        return True
    consonant = word[1:]
    return free and word in rules.articles and bool(consonant) and following.startswith(consonant)


@lru_cache(maxsize=None)
def _compound_patterns() -> tuple[re.Pattern, re.Pattern]:
    rules = particles()
    stems = "|".join(map(re.escape, rules.abd_stems))
    joins = "|".join(map(re.escape, rules.abd_joins))
    suffixes = "|".join(map(re.escape, rules.din_suffixes))
    abd = re.compile(rf"({stems})(?:{joins})((?:.{{3,}})?)")
    din = re.compile(rf"(.{{{rules.din_min_stem},}}?)(?:{suffixes})")
    return abd, din


def _split_word(word: str) -> tuple[tuple[str, str], ...]:
    """Split compounds into (article, word) pairs: "abdelkader" -> (("", "abd"), ("al", "kader"))."""
    rules = particles()
    abd, din = _compound_patterns()
    # most words start with no stem and end in no suffix: settled without the patterns
    found = word.startswith(rules.abd_stems) and abd.fullmatch(word)
    if found:
        return (("", found.group(1)), ("al", found.group(2)))
    found = word.endswith(rules.din_suffixes) and din.fullmatch(word)
    if found:
        return (("", found.group(1)), ("al", "din"))
    return (("", rules.canonical.get(word, word)),)


# A scan reads the same words in ever new windows: a part is read once per spelling and article.
@lru_cache(maxsize=65536)
def _part(spelled: str, article: str, attached: bool = False) -> Part:
    word, units, key, sound, alternate = _word_reading(spelled)
    return Part(word, units, key, sound, article, attached, alternate)


@lru_cache(maxsize=4096)
def _word_reading(spelled: str) -> tuple[str, tuple[Unit, ...], str, str, tuple[str, ...]]:
    """Return a part's word, units, key, sound key and alternate keys."""
    word = spelled.replace("'", "")
    units = word_units(spelled)
    key, alternates = word_keys(units)
    # keys are few and words many: one string per key, however many parts hold it
    key, alternates = intern(key), tuple(map(intern, alternates + _other_number_keys(word, key)))
    return word, units, key, intern(sound_key(word)), alternates


# A lexicon form's words are read once, when a scan first proposes the form, and kept with it
# (index.IndexedForm): they have a small memory of their own, for the words many forms share
# (Al, Kafr, Deh), and leave `_part`'s to the words of the text, which come back in run after
# run. A gazetteer's 100,000 words would otherwise push the text's out of it.
_form_part = lru_cache(maxsize=8192)(_part.__wrapped__)


def english_number_pair(a: str, b: str) -> bool:
    """Return True when two folded words are one English noun in the singular and the plural
    (Guard / Guards, Brigade / Brigades): in a name of English words, the same name."""
    short, long = sorted((a, b), key=len)
    return long == short + "s" and len(short) >= ENGLISH_NOUN and short in english_words()


def _other_number_keys(word: str, key: str) -> tuple[str, ...]:
    """Return the index key of an English noun in the other number (its plural's key is its key
    and an s), so that a name of English words is found in the singular or the plural."""
    if word.endswith("s") and len(word) > ENGLISH_NOUN and word[:-1] in english_words():
        return (coarse_key(word_units(word[:-1])),)
    if len(word) >= ENGLISH_NOUN and word in english_words() and not key.endswith("s"):
        return (key + "s",)
    return ()


@lru_cache(maxsize=65536)
def _word_pieces(word: str) -> tuple[str, bool, tuple[tuple[str, str], ...]]:
    """Return a word (spelled_word) without its marks, whether it may be an article or an ezafe
    (only then do its neighbours matter), and its (article, spelling) pieces, marks kept when the
    word is not split: what a name's parts need of each word, read once per word."""
    plain = word.replace("'", "")
    rules = particles()
    particle = plain in rules.articles or plain in rules.spaced_articles or plain in rules.ezafe
    pieces = _split_word(plain)
    if len(pieces) == 1 and pieces[0][1] == plain:
        pieces = (("", word),)  # keep the marks: units never span them
    return plain, particle, pieces


_form_word_pieces = lru_cache(maxsize=8192)(_word_pieces.__wrapped__)


# Windows are remembered by the matcher, so few come back here (one in nine or so): a small memory.
@lru_cache(maxsize=4096)
def name_parts(
    words: tuple[str, ...], gaps: tuple[str | None, ...], capitals: tuple[bool, ...] = ()
) -> tuple[Part, ...]:
    """Return the parts of a name given its words (normalize.spelled_word: marks kept as
    apostrophes), the gap after each word and which words were written with a capital."""
    return _name_parts(words, gaps, capitals, _word_pieces, _part)


def form_name_parts(words: tuple[str, ...], gaps: tuple[str | None, ...]) -> tuple[Part, ...]:
    """Return the parts of a lexicon form given alone (name_parts, every word capitalized), read
    past the scan's memories of words (see _form_part)."""
    return _name_parts(words, gaps, (True,) * len(words), _form_word_pieces, _form_part)


def _name_parts(words, gaps, capitals, pieces_of, part_of) -> tuple[Part, ...]:
    parts: list[Part] = []
    pending = ""
    read = [pieces_of(word) for word in words]
    last = len(words) - 1
    for index, (word, particle, pieces) in enumerate(read):
        if particle:
            gap = gaps[index] if index < len(gaps) else None
            # a lower-case "as", "at", "an" starting a run of text is English; inside a name it is the article
            free = index > 0 or (index < len(capitals) and capitals[index])
            if index < last and is_article(word, gap, read[index + 1][0], free):
                pending = word
                continue
            if 0 < index < last and _is_ezafe(word, gaps[index - 1], gap):
                pending = EZAFE
                continue
        for article, piece in pieces:
            if not piece:  # "Abdel Kader": the article goes with the next word
                pending = article
                continue
            parts.append(part_of(piece, article or pending))
            pending = ""
    return tuple(parts)


def without_attached_article(part: Part) -> Part | None:
    """Return the part read with its attached article split off (Alsudani, Azzor), or None."""
    rules = particles()
    if part.article:
        return None
    word = part.word
    for article in rules.attached_articles:
        if word.startswith(article) and len(word) - len(article) >= rules.attached_min_rest:
            return _part(word[len(article) :], article, attached=True)
    # an assimilated article written joined: Azzor, Ezzor, Arrashid, Assalam
    if len(word) >= 5 and word[0] in "ae" and word[1] == word[2] and word[1] not in "aeiouwyh":
        return _part(word[2:], word[:2], attached=True)
    return None


def with_article_attached(part: Part) -> Part | None:
    """Return the part read with its article written joined to it (al-Busaidi as Albusaidi,
    el-Baradei as ElBaradei), or None when it has no article that may be written so."""
    if not part.article or part.attached or part.article not in particles().attached_articles:
        return None
    return _part(part.article + part.word, "")


@lru_cache(maxsize=4096)
def _reading_options(part: Part) -> tuple[Part, ...]:
    """Return the ways to read one part, as written first, each told apart by its word, article
    and key (an English noun's other number may give a key an ambiguous letter gives too)."""
    other = without_attached_article(part) or with_article_attached(part)
    options = {(part.word, part.article, part.key): part}
    if other is not None:
        options.setdefault((other.word, other.article, other.key), other)
    for key in part.alternate_keys:
        options.setdefault((part.word, part.article, key), part._replace(key=key))
    return tuple(options.values())


def part_readings(parts: tuple[Part, ...], limit: int = 8) -> list[tuple[Part, ...]]:
    """Return the ways to read a name for the index: as written, with attached articles split
    off (or articles joined: al-Busaidi as Albusaidi), and with the alternate readings of ambiguous letters (j as y, c as s). Readings that
    change one word come before those that change several, so that the limit keeps a change
    of each word (Jamal Abdel Nasser finds Gamal with its j read as g)."""
    options = [_reading_options(part) for part in parts]
    readings = [tuple(choices[0] for choices in options)]
    for changed, choices in enumerate(options):
        for choice in choices[1:]:
            if len(readings) == limit:
                return readings
            readings.append(readings[0][:changed] + (choice,) + readings[0][changed + 1 :])
    # then every reading that changes several words, in the order itertools.product gives them
    for picked in product(*(range(len(choices)) for choices in options)):
        if len(readings) == limit:
            break
        if len(picked) - picked.count(0) > 1:
            readings.append(tuple(choices[at] for choices, at in zip(options, picked)))
    return readings


def name_key(parts: tuple[Part, ...]) -> str:
    """Return the index key of a name: the coarse keys of its parts, articles left out."""
    return " ".join(part.key for part in parts)


def joined_part(parts: tuple[Part, ...]) -> Part:
    """Return the name read as one word (Ram Allah as Ramallah, Tall Kalakh as Tallkalakh)."""
    return _part("".join(part.word for part in parts), parts[0].article, parts[0].attached)


def joined_form_part(parts: tuple[Part, ...]) -> Part:
    """Return a lexicon form read as one word (joined_part), past the scan's memory of parts:
    the form keeps it (index.IndexedForm), and a gazetteer's joined names are many."""
    return _part.__wrapped__("".join(part.word for part in parts), parts[0].article, parts[0].attached)


def joined_key(parts: tuple[Part, ...]) -> str:
    """Return the index key of the name read as one word (keys.run_together of its parts' keys)."""
    return run_together([part.key for part in parts])


def name_sound_key(parts: tuple[Part, ...]) -> str:
    """Return the second index key of a name: the metaphone codes of its parts."""
    return "~" + " ".join(part.sound_key for part in parts)
