"""The guards: named rules that keep look-alikes apart, each with the reason it gives.

A phonetic candidate must pass every rule of RULES, in order; the first that fails is the
verdict `--explain` shows. The rules' numbers are data (rules.toml [decision]); the facts they
need about entities (who is a person, which forms are short forms, what is listed as distinct)
come from the lexicon, or are empty for an index of bare spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .distance import allowance, similarity, word_cost
from .keys import coarse_key, unit_table, word_units
from .lexicon import Lexicon, spelling_key
from .models import ROLE_VARIANT, Form
from .names import Part, name_parts, particles
from .normalize import folded_word, is_all_caps
from .resources import english_words, function_words, given_names, romanization_rules, well_known_names

_DECISION = romanization_rules()["decision"]
DEFAULT_THRESHOLD = _DECISION["threshold"]
# Every word of a multi-word name must be at least this close on its own; in a person's name a
# short word (up to SHORT_WORD units) must reach the threshold itself, so that a long surname
# cannot carry another given name (Hamad Karzai is not Hamid Karzai).
PART_FLOOR = _DECISION["part_floor"]
SHORT_WORD = _DECISION["short_word"]
# A person's name of one word (a surname alone) carries less evidence than the full name, and
# common surnames of other languages sound like it (Barry / Berri): it must score this much more.
SURNAME_MARGIN = _DECISION["surname_margin"]
# Two entities this close to each other's score make the answer ambiguous: nothing is flagged.
AMBIGUITY_MARGIN = _DECISION["ambiguity_margin"]
GIVEN_NAME_MARGIN = _DECISION["given_name_margin"]
# A word in capitals this short is an abbreviation, even where it spells a listed variant: a
# gazetteer lists "Bel" for Bell, and "BEL" in a text is the control character all the same.
SHORT_ACRONYM = _DECISION["short_acronym"]
# Endings that turn a name into another one: nisba and demonyms, feminine forms.
SUFFIXES = frozenset(_DECISION["suffixes"])
SUFFIXES_AFTER_A = frozenset(_DECISION["suffixes_after_a"])
# The feminine ending (ta marbuta) a nisba takes the place of.
_FEMININE_ENDINGS = ("ah", "eh", "a")
_DOUBLED_CONSONANT = re.compile(r"([^aeiou])\1+")

ACCEPTED = "accepted"
_PLAIN_VOWELS = frozenset({"A", "I", "U"})
# English endings: a word that is an English word plus one of these is English too ("Tuples").
_INFLECTIONS = ("s", "es", "ed", "ing")
SHORT_WORD_LETTERS = 3  # "the", "any": words of a phrase that is no name
# Letters that make a syllable: a word with none of them is an abbreviation or an identifier.
_VOWELS = frozenset("aeiouy")
# The verdict of a person's surname alone that passes the threshold but not the surname margin:
# accepted only where the document names the person in full (document context).
NEEDS_EVIDENCE = "surname-margin"
GIVEN_NAME = "given-name"


class Rule(NamedTuple):
    """A guard: its name (as `--explain` shows it) and what it keeps apart."""

    name: str
    keeps_apart: str


RULES = (
    Rule("english-join", "English words are never read together as one name (\"Call The\" is not Kallithea)"),
    Rule("distinct", "a spelling the entity lists as distinct (Sudan is not Sudani)"),
    Rule("suffix", "a name plus a suffix is another name (Iraq / Iraqi, Karim / Karima)"),
    Rule("part-floor", "every word of a multi-word name must be close on its own"),
    Rule("short-word", "in a person's name a short word must reach the threshold (Hamad is not Hamid)"),
    Rule("threshold", "the whole name must reach the threshold"),
    Rule("vowel-pattern", "the same consonants with a vowel of another class between them are another word (Salim / Salam)"),
    Rule("surname-margin", "a person's one-word name needs a margin above the threshold (Barry is not Berri)"),
)
QUERY_RULES = (
    Rule("initial", "a single letter is an initial, never a name variant"),
    Rule("no-vowel", "a word without a vowel is an abbreviation or an identifier (Cls), never a name variant"),
    Rule("well-known-name", "a country, nationality or world region is only ever a spelling of another such name (Iraq is not Arak)"),
    Rule("english-word", "an ordinary English word alone is never a name variant"),
    Rule("given-name", "a common given name alone is nobody in particular"),
    Rule("short-acronym", "a word in capitals of three letters or fewer is an abbreviation, even where it spells a listed variant (BEL is not Bel)"),
    Rule("english-lead", "a lower-case English function word starts no name in a text (\"an IEEE\", \"as NAME\")"),
)


@dataclass(frozen=True)
class EntityFacts:
    """What the guards know of the entities behind the forms."""

    people: frozenset[str] = frozenset()  # ids of persons
    short_forms: frozenset[tuple[str, str]] = frozenset()  # (entity id, form text) of a person's short forms
    distinct: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # id -> folded spellings

    @classmethod
    def of(cls, lexicon: Lexicon) -> "EntityFacts":
        """Return the facts a lexicon states about its entities."""
        people, short, distinct = set(), set(), {}
        for entity in lexicon.entities:
            distinct[entity.id] = frozenset(spelling_key(text) for text in entity.distinct)
            if entity.type != "person":
                continue
            people.add(entity.id)
            full = spelling_key(entity.name)
            forms = [*entity.house_spellings, *(variant.text for variant in entity.variants)]
            houses = [*entity.house_spellings, *(variant.house for variant in entity.variants)]
            short.update((entity.id, form) for form, house in zip(forms, houses) if spelling_key(house) != full)
        return cls(frozenset(people), frozenset(short), distinct)


@lru_cache(maxsize=65536)
def _vowel_units(units) -> list[str]:
    return [unit.text for unit in units if unit.vowel and not unit.glide]


def _has_suffix(word: str, base: str) -> bool:
    """Return True when `word` is `base` plus a suffix; a doubled last vowel is no suffix (Karbalaa).
    Letters written twice count once (Ghazzi / Ghazieh), and a nisba may replace the feminine
    ending of its base (Rumaythah / Rumaythiyah)."""
    if word[:1] != base[:1]:
        return False
    word, base = _undoubled(word), _undoubled(base)
    if len(word) > len(base) >= 3 and word.startswith(base):
        suffix = word[len(base) :]
        if base[-1] == "a" and suffix in SUFFIXES_AFTER_A:
            return True  # a demonym keeps the name's final a: Syria / Syrian, Armenia / Armenian
        return suffix in SUFFIXES and not (suffix[0] == base[-1] and suffix[0] in "aeiou")
    if not base.endswith(_FEMININE_ENDINGS):
        return False  # most pairs, settled without looking for which ending it is
    stem = next(base[: -len(end)] for end in _FEMININE_ENDINGS if base.endswith(end))
    suffix = word[len(stem) :]
    return len(stem) >= 3 and word.startswith(stem) and suffix[:1] == "i" and suffix in SUFFIXES


@lru_cache(maxsize=65536)
def _undoubled(word: str) -> str:
    """Return a word with each consonant written twice written once (vowels kept as written)."""
    return _DOUBLED_CONSONANT.sub(r"\1", word)


def _suffix_pair(query: tuple[Part, ...], form: tuple[Part, ...]) -> bool:
    return any(_has_suffix(q.word, f.word) or _has_suffix(f.word, q.word) for q, f in zip(query, form))


def _suffix_of_house(query: tuple[Part, ...], house: str) -> bool:
    """Return True when the query is the house spelling a listed variant stands for plus a suffix,
    word for word, articles aside ("Armenian" reaches "Armenien", a variant of "Armenia")."""
    words = [word for word in spelling_key(house) if word not in particles().articles]
    return len(words) == len(query) and any(_has_suffix(q.word, w) or _has_suffix(w, q.word) for q, w in zip(query, words))


def _slots(units) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """Return a word's consonants and the vowel sounds between them (see _slots_of_units)."""
    return _slots_of_units(tuple(unit.text for unit in units))


@lru_cache(maxsize=65536)
def _slots_of_units(texts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """Return a word's consonants (their classes, a doubled one once) and the vowel sounds
    written between each two (every reading of an ambiguous e or o; none when none is written).
    The vowel before a doubled consonant reads as no vowel: it is often the vowel of a case
    ending before an assimilated article (Nasrallah / Nasrullah, Abdallah / Abdullah)."""
    consonants: list[str] = []
    vowels: list[frozenset[str]] = []
    pending: frozenset[str] = frozenset()
    for unit in map(unit_table().units.__getitem__, texts):
        if unit.vowel and not unit.glide:
            pending |= {sound for sound, _ in unit.readings if sound in _PLAIN_VOWELS}
            continue
        letter = unit.coarse or unit.readings[0][0]
        if consonants and consonants[-1] == letter and not pending:
            vowels[-1:] = [frozenset()] * len(vowels[-1:])
            continue
        if consonants:
            vowels.append(pending)
        consonants.append(letter)
        pending = frozenset()
    return tuple(consonants), tuple(vowels)


def _other_vowel_pattern(query, form) -> bool:
    """Return True when two words have the same consonants and, between two of them inside the
    word, clear vowels of different classes (Salimiya / Salamiya, Turubah / Turabah): in Arabic
    that is another pattern of the root, so another word, not another spelling. The first and
    last syllables' vowels vary with dialect and case (Qana / Qina, Yunus / Yunis)."""
    a, b = _slots(query), _slots(form)
    if a[0] != b[0]:
        return False
    return any(x and y and not x & y for x, y in zip(a[1][1:-1], b[1][1:-1]))


class GivenNames:
    """Common given names, recognized in any romanization (Mohamed, Muhammad, Mehmet ...)."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.names = given_names()
        self._by_key: dict[str, list[tuple]] = {}
        for name in self.names:
            units = word_units(name)
            self._by_key.setdefault(coarse_key(units), []).append(units)

    def has_part(self, part: Part) -> bool:
        """Return True when a part is a common given name or sounds like one."""
        return self.closeness(part) >= self.threshold

    def closeness(self, part: Part) -> float:
        """Return how close a part comes to a common given name: 1.0 for a listed one, else the
        best score of the given names of about its length (a given name with an ending is
        another word: Ismailieh), 0.0 when none shares its key."""
        if part.word in self.names:
            return 1.0
        return max(
            (
                similarity(word_cost(part.units, units), allowance(part.units, units))
                for units in self._by_key.get(part.key, ())
                if abs(len(part.units) - len(units)) <= 1
            ),
            default=0.0,
        )

    def opens_name(self, word: str) -> bool:
        """Return True when a folded word is abd alone or with its join (Abd, Abdel, Abdul): the
        first word of a given name written as two (Abdel Fattah, Abdul Malik)."""
        parts = name_parts((word,), (None,))
        return len(parts) == 1 and parts[0].word in particles().abd_stems

    def has_word(self, word: str) -> bool:
        """Return True when a folded word is a common given name, in any romanization. A word read
        as abd joined to a name ("servant of": Abdullah, Abdulaziz, Abdelkader) is always one."""
        parts = name_parts((word,), (None,))
        if len(parts) == 2 and parts[0].word in particles().abd_stems and parts[1].article:
            return True
        return len(parts) == 1 and self.has_part(parts[0])


class Guards:
    """The rules, with the facts and word lists they read."""

    def __init__(self, facts: EntityFacts, threshold: float = DEFAULT_THRESHOLD):
        self.facts = facts
        self.threshold = threshold
        self.english = english_words()
        self.function = function_words()
        self.well_known = well_known_names()
        self.given = GivenNames(threshold)

    def is_well_known(self, words: tuple[str, ...]) -> bool:
        """Return True when folded `words` are a well-known name: a country, a nationality, a
        world region, or an English plural of one."""
        name = " ".join(words)
        return name in self.well_known or (name.endswith("s") and name[:-1] in self.well_known)

    def is_well_known_elsewhere(self, words: tuple[str, ...], house: str) -> bool:
        """Return True when folded `words` are a well-known name and the house spelling they would
        become is not one: a gazetteer lists "Iraq" among the names of Arak, and a house style may
        list "Turkey" under "Türkiye", but Iraq is never Arak."""
        if not self.is_well_known(words):
            return False
        # the house spelling's words as written ("Guinea-Bissau") or apart ("al-Qaeda": al Qaeda)
        return not (self.is_well_known(tuple(map(folded_word, house.split()))) or self.is_well_known(spelling_key(house)))

    def guessable(self, parts: tuple[Part, ...]) -> bool:
        """Return False for a one-word form that is an English word or a listed given name: it is
        never guessed at. Only listed given names count here: a place that merely sounds like one
        (Daraa / Dara) stays in the index, and the query rules keep a lone given name from it."""
        lone = len(parts) == 1 and not parts[0].article
        return not (lone and (parts[0].word in self.english or parts[0].word in self.given.names))

    def is_common_word(self, words: tuple[str, ...]) -> bool:
        """Return True for one folded word that is an English word (an inflection of one counts:
        "Sets") or has two letters or fewer ("To", "Lu"), or for short English words only ("To
        The", "An Or"). Longer English words together may well be a name ("Revolutionary Guard")."""
        if len(words) == 1:
            return self._is_common(words[0])
        return bool(words) and all(len(word) <= SHORT_WORD_LETTERS and self._is_common(word) for word in words)

    def _is_common(self, word: str) -> bool:
        return len(word) <= 2 or self._is_english(word)

    def _is_english(self, word: str) -> bool:
        return word in self.english or any(
            word.endswith(ending) and word[: -len(ending)] in self.english for ending in _INFLECTIONS
        )

    def is_english_phrase(self, words: tuple[str, ...]) -> bool:
        """Return True for folded words that read as English when taken together: they start with a
        function word ("as", "an", "to": a lower-case "as" is English, not an assimilated article,
        unless its own letter follows) or every one of them is an English word ("Call The"); a
        prefix short of a word ("Co-operation") is none."""
        return len(words) > 1 and (words[0] in self.function or all(self._is_english(word) for word in words))

    def is_short_acronym(self, texts: tuple[str, ...], form_text: str) -> bool:
        """Return True for one short word of a text written in capitals that a form spells in
        other case: an abbreviation ("BEL", "ROM"), not that form. A datelined "ARBIL" is longer."""
        return len(texts) == 1 and is_all_caps(texts[0]) and len(texts[0]) <= SHORT_ACRONYM and not is_all_caps(form_text)

    def english_lead_verdict(self, texts: tuple[str, ...], parts: tuple[Part, ...]) -> str:
        """Return why a window of a text that starts with a lower-case English function word is no
        name ("as", "an" and "at" are Arabic articles only before their own letter), or ""."""
        first = texts[0] if texts else ""
        if len(texts) < 2 or not first.islower() or first.casefold() not in self.function:
            return ""
        if parts and parts[0].article:
            return ""
        return f"english-lead: '{first}' is an English word, not part of a name"

    def query_verdict(self, parts: tuple[Part, ...]) -> str:
        """Return why a spelling may not be a phonetic match at all, or "" when it may."""
        if not parts:
            return "no name words"
        if any(len(part.word) < 2 for part in parts):
            return "initial: a single letter is an initial, not a name"
        if any(_VOWELS.isdisjoint(part.word) for part in parts):
            return "no-vowel: a word without a vowel is an abbreviation or an identifier, not a name"
        if self.is_common_word(tuple(part.word for part in parts)):
            return f"english-word: '{parts[0].word}' is an ordinary English word"
        if len(parts) == 1 and self.given.has_part(parts[0]):
            return f"{GIVEN_NAME}: '{parts[0].word}' is a common given name: a lone given name is nobody in particular"
        return ""

    def is_person(self, entity_id: str) -> bool:
        """Return True when an entity is a person."""
        return entity_id in self.facts.people

    def is_surname_of_person(self, entity_id: str, form: str) -> bool:
        """Return True when a form is a person's short form (a surname), not the full name."""
        return (entity_id, form) in self.facts.short_forms

    def _short_vowels_written_e(self, query: Part, form: Part) -> bool:
        """Return True when a short word differs from the form's in its vowels only where one of
        them is an e (Persian, Turkish and French copy write a short a or i as e: Hafis / Hafez,
        Celal / Jalal), and is no listed given name or English word of its own. Any other vowel
        makes another name (Hamad / Hamid, Cemal / Cemil, Amar / Omar)."""
        if query.word in self.given.names or query.word in self.english:
            return False
        mine, theirs = _vowel_units(query.units), _vowel_units(form.units)
        return len(mine) == len(theirs) and mine != theirs and all(a == b or "e" in (a, b) for a, b in zip(mine, theirs))

    def candidate_verdict(
        self,
        words,
        reading: tuple[Part, ...],
        form_parts: tuple[Part, ...],
        form: Form,
        score: float,
        part_scores,
        spelled: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset()),
        joined: bool = False,
    ) -> str:
        """Return ACCEPTED, or the first rule a candidate fails and why. `spelled` holds the
        candidate form's folded words and the entities the query itself is a spelling of: a
        look-alike either entity lists as distinct is no match, whichever side lists it. `joined`
        says the query's words were read together as one word (Ram Allah / Ramallah)."""
        person = form.entity_id in self.facts.people
        if joined and self.is_english_phrase(words):
            return "english-join: English words read together as one name"
        if words in self.facts.distinct.get(form.entity_id, ()):
            return f"distinct: listed as distinct from {form.entity_id}"
        form_words, spelled_by = spelled
        lister = next((e for e in spelled_by if form_words in self.facts.distinct.get(e, ())), None)
        if lister is not None:
            return f"distinct: {lister} lists '{form.text}' as distinct"
        if _suffix_pair(reading, form_parts):
            return "suffix: a name plus a suffix is another name"
        if min(part_scores) < PART_FLOOR:
            return f"part-floor: a word scores below {PART_FLOOR}"
        if person and any(
            part_score < self.threshold and min(len(q.units), len(f.units)) <= SHORT_WORD and not self._short_vowels_written_e(q, f)
            for part_score, q, f in zip(part_scores, reading, form_parts)
        ):
            return f"short-word: a short word scores below {self.threshold}"
        if score < self.threshold:
            return f"threshold: score below {self.threshold}"
        # judged last of the refusals: only a candidate that would pass is read this closely
        if any(_other_vowel_pattern(q.units, f.units) for q, f in zip(reading, form_parts)):
            return "vowel-pattern: the same consonants with another vowel between them are another word"
        # a name of several words compared as one word (Abdrabbuh Mansur Hadi) is no surname alone
        lone = len(reading) == 1 and sum(word not in particles().articles for word in words) <= 1
        if lone and person and score < self.threshold + SURNAME_MARGIN:
            return f"surname-margin: a person's one-word name scores below {self.threshold + SURNAME_MARGIN:.2f}"
        if form.role == ROLE_VARIANT and _suffix_of_house(reading, form.house):
            return "suffix: a name plus a suffix is another name (the house spelling a variant stands for)"
        return ACCEPTED
