"""The beginnings of every lexicon form, so that a scanner window stops growing once no form
could start with it.

A window of words is only worth deciding when some form could start with it: its folded words
begin an exactly listed form, or its parts' index keys (any reading of each part) begin a form's
keys, or its metaphone keys or its name read as one word begin a form's. A run of name-like words
that belong to no one ("Erbil Hachd Iran Soudani Nadjaf ...") then costs one or two set look-ups
per word instead of a decision for every window up to the longest form.

The key sets hold the same keys the phonetic index is looked up by (names.name_key and friends),
so a window this rejects could not have been proposed a candidate.
"""

from __future__ import annotations

from functools import lru_cache

from .keys import run_together
from .names import Part, with_article_attached, without_attached_article

# Readings of a window tried before giving up and letting it through (a bound on the work).
MAX_LIVE = 64


# The same words come back in every window that holds them: their choices are read once.
@lru_cache(maxsize=16384)
def _choices(part: Part) -> tuple[str, ...]:
    other = without_attached_article(part) or with_article_attached(part)
    return (part.key, *part.alternate_keys, *((other.key,) if other is not None else ()))


class FormPrefixes:
    """Every beginning of the forms of a lexicon: folded words, part keys, metaphone keys, joined keys."""

    def __init__(self):
        self.words: set[tuple[str, ...]] = {()}
        self.keys: set[tuple[str, ...]] = {()}
        self.sounds: set[tuple[str, ...]] = {()}
        self.joined: set[str] = {"=_"}  # a window of articles and particles alone

    def add_words(self, words: tuple[str, ...]) -> None:
        """Add the folded words of an exactly matched form."""
        self.words.update(words[:length] for length in range(1, len(words) + 1))

    def add_parts(self, parts: tuple[Part, ...]) -> None:
        """Add the parts of a form in the phonetic index."""
        keys = tuple(part.key for part in parts)
        sounds = tuple(part.sound_key for part in parts)
        for length in range(1, len(parts) + 1):
            self.keys.add(keys[:length])
            self.sounds.add(sounds[:length])
        joined = run_together(keys)
        self.joined.update(joined[:length] for length in range(2, len(joined) + 1))

    def _keys_may_start(self, parts: tuple[Part, ...]) -> bool:
        if not parts:
            return True
        keys = self.keys
        live = {(key,) for key in _choices(parts[0]) if (key,) in keys}
        if not live:
            return False
        for part in parts[1:]:
            choices = _choices(part)
            live = {prefix + (key,) for prefix in live for key in choices if prefix + (key,) in keys}
            if not live:
                return False
            if len(live) > MAX_LIVE:
                return True
        return True

    def may_start(self, words: tuple[str, ...], parts: tuple[Part, ...]) -> bool:
        """Return True when a form could begin with a window of these folded words and parts."""
        if words in self.words:
            return True
        if any(len(part.word) < 2 for part in parts):
            return False  # a single letter is an initial: only an exact form may hold one
        if self._keys_may_start(parts):
            return True
        if tuple([part.sound_key for part in parts]) in self.sounds:
            return True
        return run_together([part.key for part in parts]) in self.joined
