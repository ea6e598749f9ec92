"""The index of spellings: folded words and phonetic keys -> the forms that carry them.

Built once from any spellings (a lexicon's, or the candidate names discovery collects): every
form is read into parts, and filed under its folded words (exact look-up) and under its index
keys (phonetic look-up: the coarse consonant key of a name, its metaphone key, and the key of the
name read as one word). A spelling then costs a few dictionary look-ups; the forms are never
looped over. The index also knows every form's beginnings (prefixes.py), so that a scanner window
stops growing once no form could start with it.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .models import Form
from .names import (
    Part,
    form_name_parts,
    joined_form_part,
    joined_key,
    joined_part,
    name_key,
    name_parts,
    name_sound_key,
)
from .normalize import folded_word, is_all_caps, spelled_word, surface_signature
from .prefixes import FormPrefixes
from .runtime import paused_cycle_collection
from .tokens import text_tokens

# Spellings in capitals up to this long are acronyms: matched only as written, never guessed at.
ACRONYM_LENGTH = 6


class IndexedForm:
    """A form as the index reads it. What it reads (words, signature, parts) is worked out when
    first asked: a cached index holds many forms that a scan never looks at. Slots, and no
    tokens kept: a scan against a gazetteer reads tens of thousands of forms."""

    __slots__ = ("form", "_words", "_parts", "_signature", "_joined")

    def __init__(self, form: Form):
        self.form = form
        self._words = self._parts = self._signature = self._joined = None

    def __repr__(self) -> str:
        return f"IndexedForm({self.form!r})"

    def __reduce__(self):
        # a copy sent to another process reads its form again where it is needed: the pickle
        # stays the same size however much of it was read before
        return (IndexedForm, (self.form,))

    def read_tokens(self, tokens) -> None:
        """Read the words and parts from the form's tokens (text_tokens of its text, alone)."""
        # read past the scan's memories of words, as names.form_name_parts does
        self._words = tuple(folded_word.__wrapped__(token.text) for token in tokens)
        self._parts = form_name_parts(tuple(spelled_word.__wrapped__(t.text) for t in tokens), tuple(t.gap for t in tokens))

    @property
    def words(self) -> tuple[str, ...]:
        """The folded words."""
        if self._words is None:
            self.read_tokens(text_tokens(self.form.text, alone=True))
        return self._words

    @property
    def signature(self) -> str:
        """The spelling with case and spacing folded, marks kept."""
        if self._signature is None:
            self._signature = surface_signature(self.form.text)
        return self._signature

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts of the name (articles and particles read)."""
        if self._parts is None:
            self.read_tokens(text_tokens(self.form.text, alone=True))
        return self._parts

    @property
    def joined(self) -> tuple[Part]:
        """The name read as one word (Ramallah for Ram Allah), as the only part."""
        if self._joined is None:
            self._joined = (joined_form_part(self.parts),)
        return self._joined

    @property
    def case_sensitive(self) -> bool:
        """True for an acronym: matched only as written."""
        return is_all_caps(self.form.text) and len(self.form.text) <= ACRONYM_LENGTH


def _parts_of_tokens(tokens) -> tuple[Part, ...]:
    # a name given alone: "Kafr az Zayyat" has its article in lower case
    return name_parts(tuple(spelled_word(t.text) for t in tokens), tuple(t.gap for t in tokens), (True,) * len(tokens))


def parts_of_name(name: str) -> tuple[Part, ...]:
    """Return the parts of a name given alone (articles and particles read; signs at the edges
    of its words belong to them)."""
    return _parts_of_tokens(text_tokens(name, alone=True))


def indexed_form(form: Form) -> IndexedForm:
    """Return a form read for the index."""
    return IndexedForm(form)


Candidates = list[tuple[tuple[Part, ...], tuple[Part, ...], IndexedForm]]


class SpellingIndex:
    """Forms by folded words and by phonetic keys. `guessable(parts)` says whether a form may be
    found phonetically at all (an ordinary English word alone may not)."""

    def __init__(self, forms: Iterable[Form] = (), guessable: Callable[[tuple[Part, ...]], bool] = bool):
        self.guessable = guessable
        self.exact: dict[tuple[str, ...], list[IndexedForm]] = {}
        self.phonetic: dict[str, list[IndexedForm]] = {}
        self.prefixes = FormPrefixes()
        self.connectors: set[str] = set()  # lower-case words inside names: "in the" of "al-Qaeda in the ..."
        self.max_words = 1
        with paused_cycle_collection():
            for form in forms:
                self.add(indexed_form(form))

    @classmethod
    def of_tables(cls, exact, phonetic, prefixes: FormPrefixes, connectors: set[str], max_words: int) -> "SpellingIndex":
        """Return an index over tables built before (a cache's): `exact` and `phonetic` map folded
        words and keys to lists of forms, as `add` files them."""
        index = cls()
        index.exact, index.phonetic, index.prefixes = exact, phonetic, prefixes
        index.connectors, index.max_words = connectors, max_words
        return index

    def add(self, indexed: IndexedForm) -> None:
        """File one form under its words and keys."""
        tokens = text_tokens(indexed.form.text, alone=True)
        indexed.read_tokens(tokens)
        self.exact.setdefault(indexed.words, []).append(indexed)
        self.connectors.update(_connectors(tokens))
        self.prefixes.add_words(indexed.words)
        self.max_words = max(self.max_words, len(indexed.words))
        if indexed.parts and not indexed.case_sensitive and self.guessable(indexed.parts):
            joined = joined_key(indexed.parts)
            keys = [name_key(indexed.parts), name_sound_key(indexed.parts), joined]
            if len(indexed.parts) > 1:
                keys.append(several_parts_key(joined))
            for key in keys:
                self.phonetic.setdefault(key, []).append(indexed)
            self.prefixes.add_parts(indexed.parts)

    def exact_forms(self, words: tuple[str, ...]) -> list[IndexedForm]:
        """Return the forms whose folded words are exactly these."""
        return self.exact.get(words, [])

    def candidates(self, readings: list[tuple[Part, ...]]) -> Candidates:
        """Return (query parts, form parts, form) for every form sharing a key, once each.

        Forms with as many words as a reading are compared word by word; forms with another
        number of words are compared as one word each, when the names read as one word share a
        key (Ram Allah / Ramallah).
        """
        found = {}
        for number, reading in enumerate(readings):
            for key in (name_key(reading), name_sound_key(reading)):
                for indexed in self.phonetic.get(key, ()):
                    found.setdefault((number, indexed.form.entity_id, indexed.form.text), (reading, indexed.parts, indexed))
        if readings and readings[0]:
            query, count = None, len(readings[0])
            joined = joined_key(readings[0])
            # a one-word query looks only among the forms of several words
            for indexed in self.phonetic.get(joined if count > 1 else several_parts_key(joined), ()):
                if len(indexed.parts) != count:
                    query = query or (joined_part(readings[0]),)
                    pair = (query, indexed.joined, indexed)
                    found.setdefault(("=", indexed.form.entity_id, indexed.form.text), pair)
        return list(found.values())

    def may_begin(self, word: str) -> bool:
        """Return True when some form could start with this folded word."""
        return self.prefixes.may_start((word,), name_parts((word,), (None,)))

    def may_start(self, words: tuple[str, ...], parts: tuple[Part, ...]) -> bool:
        """Return True when some form could begin with a window of these folded words and parts."""
        return self.prefixes.may_start(words, parts)


def several_parts_key(joined: str) -> str:
    """Return the second key a form of several parts is filed under, read as one word: beside
    the joined key (names.joined_key), under which every form is filed, this one holds only
    forms of several parts, in the same order. A one-word query wants only those, and most
    forms of a gazetteer are of one word, which it would otherwise read only to pass over."""
    return "+" + joined[1:]


def _connectors(tokens) -> list[str]:
    """Return the lower-case words a name holds between two of its words (folded), given its tokens."""
    return [folded_word(t.text) for t in tokens[1:-1] if t.text[:1].islower() and len(t.text) <= 12]
