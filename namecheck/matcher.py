"""Spelling -> entity: exact look-up first, then the transliteration-aware phonetic match.

Candidates come from dictionaries built once per lexicon: folded words -> forms (exact and
listed variants), and index keys -> forms (phonetic: the coarse consonant key of a name, its
metaphone key, alternate keys for ambiguous letters, and the key of the name read as one word).
A spelling costs a few dictionary look-ups and the scoring of the handful of forms that share a
key; the lexicon is never looped over. The decision's thresholds and the suffixes it refuses are
data (rules.toml [decision]). Every decision can be explained (`Matcher.explain`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .distance import allowance, edit_costs, similarity, word_cost
from .keys import coarse_key, word_units
from .lexicon import Lexicon, spelling_key
from .models import (
    HOUSE_ROLES,
    KIND_EXACT,
    KIND_PHONETIC,
    KIND_VARIANT,
    ROLE_ALIAS,
    ROLE_NAME,
    ROLE_VARIANT,
    Form,
    Match,
)
from .names import (
    Part,
    joined_key,
    joined_part,
    name_key,
    name_parts,
    name_sound_key,
    part_readings,
    without_attached_article,
)
from .normalize import folded_word, is_all_caps, is_capitalized, spelled_word, surface_signature
from .prefixes import FormPrefixes
from .resources import english_words, given_names, romanization_rules
from .tokens import SPACE, text_tokens

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
# Endings that turn a name into another one: nisba and demonyms, feminine forms.
SUFFIXES = frozenset(_DECISION["suffixes"])
# How many scanner windows' answers a matcher remembers before starting afresh.
WINDOW_MEMORY = 200_000


@dataclass(frozen=True)
class IndexedForm:
    form: Form
    words: tuple[str, ...]
    signature: str
    parts: tuple[Part, ...]
    case_sensitive: bool


@dataclass(frozen=True)
class Candidate:
    """A form the index proposed for a spelling, with its score and the verdict on it."""

    form: Form
    score: float
    cost: float
    part_scores: tuple[float, ...]
    verdict: str  # "accepted" or why not


@dataclass
class Explanation:
    """Why a spelling was or was not matched: every step the matcher took."""

    query: str
    words: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    keys: tuple[str, ...] = ()
    exact: Form | None = None
    candidates: list[Candidate] = field(default_factory=list)
    match: Match | None = None
    reason: str = ""


def _has_suffix(word: str, base: str) -> bool:
    """Return True when `word` is `base` plus a suffix; a doubled last vowel is no suffix (Karbalaa)."""
    if not (len(word) > len(base) >= 3 and word.startswith(base)):
        return False
    suffix = word[len(base) :]
    return suffix in SUFFIXES and not (suffix[0] == base[-1] and suffix[0] in "aeiou")


def _suffix_pair(query: tuple[Part, ...], form: tuple[Part, ...]) -> bool:
    return any(_has_suffix(q.word, f.word) or _has_suffix(f.word, q.word) for q, f in zip(query, form))


def score_parts(
    query: tuple[Part, ...], form: tuple[Part, ...], identical: bool, extra: float = 0.0
) -> tuple[float, float, tuple[float, ...]]:
    """Return (score, cost, per-part scores) of reading `query` as `form` (same part count);
    `extra` is a cost for the whole name (words joined or split)."""
    costs = edit_costs()
    total_cost, total_budget = extra, 0.0
    part_scores = []
    for q, f in zip(query, form):
        cost = word_cost(q.units, f.units)
        if q.article != f.article:
            cost += costs.marks if q.article and f.article else costs.article
        elif q.attached != f.attached:
            cost += costs.marks
        budget = allowance(q.units, f.units)
        part_scores.append(similarity(cost, budget))
        total_cost += cost
        total_budget += budget
    if not identical and total_cost < costs.marks:
        total_cost = costs.marks  # an equivalence is cheap, never free
    return similarity(total_cost, total_budget), total_cost, tuple(part_scores)


class Matcher:
    """Matches spellings against one lexicon. Build once, use for any number of texts."""

    def __init__(self, lexicon: Lexicon, threshold: float = DEFAULT_THRESHOLD):
        self.lexicon = lexicon
        self.threshold = threshold
        self._english = english_words()
        self._given = given_names()
        self._given_by_key: dict[str, list[tuple]] = {}
        for name in self._given:
            units = word_units(name)
            self._given_by_key.setdefault(coarse_key(units), []).append(units)
        self._exact: dict[tuple[str, ...], list[IndexedForm]] = {}
        self._phonetic: dict[str, list[IndexedForm]] = {}
        self._distinct: dict[str, set[tuple[str, ...]]] = {}
        self._first_words: set[str] = set()
        self._first_keys: set[str] = set()
        self._begins: dict[str, bool] = {}
        self._prefixes = FormPrefixes()
        self._window_starts: dict[tuple, bool] = {}
        self._short_forms: set[tuple[str, str]] = set()
        self._window_answers: dict[tuple, Match | None] = {}
        self._people = {entity.id for entity in lexicon.entities if entity.type == "person"}
        self.max_words = 1
        for entity in lexicon.entities:
            self._add_entity(entity)

    # --- building -------------------------------------------------------------------------

    def _indexed(self, form: Form) -> IndexedForm:
        tokens = text_tokens(form.text)
        words = tuple(folded_word(token.text) for token in tokens)
        parts = name_parts(
            tuple(spelled_word(t.text) for t in tokens),
            tuple(t.gap for t in tokens),
            (True,) * len(tokens),  # a name given alone: "Kafr az Zayyat" has its article in lower case
        )
        case_sensitive = is_all_caps(form.text) and len(form.text) <= 6
        return IndexedForm(form, words, surface_signature(form.text), parts, case_sensitive)

    def _add_entity(self, entity) -> None:
        house = [self._indexed(Form(entity.id, entity.name, ROLE_NAME, entity.name))]
        house += [self._indexed(Form(entity.id, alias, ROLE_ALIAS, alias)) for alias in entity.aliases]
        # A variant is replaced by the house spelling it is listed under, never by the one it
        # sounds closest to: "Julani" (a variant of the nom de guerre) is not "Sharaa".
        variants = [self._indexed(Form(entity.id, v.text, ROLE_VARIANT, v.house)) for v in entity.variants]
        self._distinct[entity.id] = {spelling_key(text) for text in entity.distinct}
        if entity.type == "person":
            full = spelling_key(entity.name)
            self._short_forms.update((entity.id, i.form.text) for i in house + variants if spelling_key(i.form.house) != full)
        for indexed in house + variants:
            self._exact.setdefault(indexed.words, []).append(indexed)
            self._first_words.add(indexed.words[0])
            self._prefixes.add_words(indexed.words)
            self.max_words = max(self.max_words, len(indexed.words))
            if indexed.parts and not indexed.case_sensitive and not self._is_lone_common_word(indexed.parts):
                self._phonetic.setdefault(name_key(indexed.parts), []).append(indexed)
                self._phonetic.setdefault(name_sound_key(indexed.parts), []).append(indexed)
                self._phonetic.setdefault(joined_key(indexed.parts), []).append(indexed)
                self._first_keys.update((indexed.parts[0].key, "~" + indexed.parts[0].sound_key))
                self._prefixes.add_parts(indexed.parts)

    # --- guards ---------------------------------------------------------------------------

    def _is_given_name(self, part: Part) -> bool:
        if part.word in self._given:
            return True
        for units in self._given_by_key.get(part.key, ()):
            if similarity(word_cost(part.units, units), allowance(part.units, units)) >= self.threshold:
                return True
        return False

    def is_given_name(self, word: str) -> bool:
        """Return True when a folded word is a common given name, in any romanization."""
        parts = name_parts((word,), (None,))
        return len(parts) == 1 and self._is_given_name(parts[0])

    def is_surname_of_person(self, match: Match) -> bool:
        """Return True when a match is a person's short form (a surname), not the full name."""
        return (match.entity_id, match.form) in self._short_forms

    def _is_lone_common_word(self, parts: tuple[Part, ...]) -> bool:
        """A one-word form that is an English word or a listed given name: never guessed at.

        Only listed given names count here: a place that merely sounds like one (Daraa / Dara)
        stays in the index, and the query guard keeps a lone given name from matching it.
        """
        return len(parts) == 1 and not parts[0].article and (parts[0].word in self._english or parts[0].word in self._given)

    def _query_guard(self, parts: tuple[Part, ...]) -> str:
        """Return why a spelling may not be a phonetic match at all, or ""."""
        if not parts:
            return "no name words"
        if len(parts) == 1 and parts[0].word in self._english:
            return f"'{parts[0].word}' is an ordinary English word"
        if len(parts) == 1 and self._is_given_name(parts[0]):
            return f"'{parts[0].word}' is a common given name: a lone given name is nobody in particular"
        return ""

    # --- deciding -------------------------------------------------------------------------

    def explain(self, query: str) -> Explanation:
        """Return the full account of how `query` is matched (or why it is not)."""
        tokens = text_tokens(query)
        return self._decide(query, tuple(t.text for t in tokens), tuple(t.gap for t in tokens), in_text=False)

    def phonetic_candidates(self, query: str) -> list[Candidate]:
        """Return the forms the phonetic matcher accepts for a name given alone, exact hits aside."""
        tokens = text_tokens(query)
        explanation = self._decide(
            query, tuple(t.text for t in tokens), tuple(t.gap for t in tokens), in_text=False, skip_exact=True
        )
        return [candidate for candidate in explanation.candidates if candidate.verdict == "accepted"]

    def parts_of(self, name: str) -> tuple[Part, ...]:
        """Return the parts of a name given alone (articles and particles read)."""
        tokens = text_tokens(name)
        return name_parts(tuple(spelled_word(t.text) for t in tokens), tuple(t.gap for t in tokens), (True,) * len(tokens))

    def match(self, query: str) -> Match | None:
        """Return the match of one spelling, or None."""
        return self.explain(query).match

    def match_words(self, surface: str, texts: tuple[str, ...], gaps: tuple[str | None, ...]) -> Match | None:
        """Return the match of a run of words of a text (the scanner's window), or None.

        Answers are remembered per spelling: news repeats its names, so most windows are decided
        by one dictionary look-up.
        """
        key = (surface, gaps)
        if key in self._window_answers:
            return self._window_answers[key]
        if len(self._window_answers) >= WINDOW_MEMORY:
            self._window_answers.clear()
        found = self._decide(surface, texts, gaps, in_text=True).match
        self._window_answers[key] = found
        return found

    def may_begin(self, word: str) -> bool:
        """Return True when some form could start with this folded word (a cheap pre-filter)."""
        known = self._begins.get(word)
        if known is None:
            known = word in self._first_words or any(
                key in self._first_keys for key in self._first_part_keys(name_parts((word,), (None,)))
            )
            self._begins[word] = known
        return known

    def may_start_window(self, texts: tuple[str, ...], gaps: tuple[str | None, ...]) -> bool:
        """Return True when some form could begin with this window of a text's words (gaps: how
        each word joins the next); a False ends the scanner's window there."""
        key = (texts, gaps)
        known = self._window_starts.get(key)
        if known is None:
            if len(self._window_starts) >= WINDOW_MEMORY:
                self._window_starts.clear()
            words = tuple(folded_word(text) for text in texts)
            capitals = tuple(is_capitalized(text) for text in texts)
            parts = name_parts(tuple(spelled_word(text) for text in texts), gaps, capitals)
            known = self._window_starts[key] = self._prefixes.may_start(words, parts)
        return known

    @staticmethod
    def _first_part_keys(parts: tuple[Part, ...]):
        if not parts:
            return
        first = parts[0]
        yield first.key
        yield from first.alternate_keys
        yield "~" + first.sound_key
        split = without_attached_article(first)
        if split is not None:
            yield split.key

    def _decide(
        self, query: str, texts: tuple[str, ...], gaps: tuple[str | None, ...], in_text: bool, skip_exact: bool = False
    ) -> Explanation:
        """Match a spelling; `in_text` when it is a window of running text rather than a name given alone."""
        words = tuple(folded_word(text) for text in texts)
        result = Explanation(query=query, words=words)
        if not skip_exact and self._decide_exact(result, texts):
            return result
        capitals = tuple(is_capitalized(text) for text in texts) if in_text else (True,) * len(texts)
        parts = name_parts(tuple(spelled_word(text) for text in texts), gaps, capitals)
        if in_text and self._article_before_house_spelling(words, gaps, parts):
            result.reason = "an article joined by a space to a house spelling: the name is the words after it"
            return result
        readings = part_readings(parts)
        result.parts = parts
        result.keys = tuple(key for reading in readings for key in (name_key(reading), name_sound_key(reading)))
        guard = self._query_guard(parts)
        if guard:
            result.reason = guard
            return result
        self._decide_phonetic(result, readings)
        return result

    def _article_before_house_spelling(self, words, gaps, parts) -> bool:
        return (
            len(words) > 1
            and gaps[0] == SPACE
            and parts
            and bool(parts[0].article)
            and any(i.form.role in HOUSE_ROLES for i in self._exact.get(words[1:], ()))
        )

    def _decide_exact(self, result: Explanation, texts: tuple[str, ...]) -> bool:
        entries = [
            indexed
            for indexed in self._exact.get(result.words, ())
            if not indexed.case_sensitive or indexed.form.text == " ".join(texts)
        ]
        if not entries:
            return False
        signature = surface_signature(result.query)
        identical = [indexed for indexed in entries if indexed.signature == signature]
        listed = [indexed for indexed in entries if indexed.form.role == ROLE_VARIANT]
        chosen = (identical or listed or entries)[0]
        form = chosen.form
        result.exact = form
        if form.role == ROLE_VARIANT:
            kind, score, why = KIND_VARIANT, 1.0, "a listed variant"
        elif identical:
            kind, score, why = KIND_EXACT, 1.0, "a house spelling"
        else:
            kind, why = KIND_PHONETIC, "the house spelling with other marks, accents or separators"
            score = score_parts(chosen.parts, chosen.parts, identical=False)[0]
        result.match = Match(result.query, form.entity_id, form.text, form.house, kind, score)
        result.reason = f"{why} of {form.entity_id}"
        return True

    def _candidates(self, readings: list[tuple[Part, ...]]) -> list[tuple[tuple[Part, ...], tuple[Part, ...], IndexedForm]]:
        """Return (query parts, form parts, form) for every form sharing a key, once each.

        Forms with as many words as a reading are compared word by word; forms with another
        number of words are compared as one word each, when the names read as one word share a
        key (Ram Allah / Ramallah).
        """
        found = {}
        for number, reading in enumerate(readings):
            for key in (name_key(reading), name_sound_key(reading)):
                for indexed in self._phonetic.get(key, ()):
                    found.setdefault((number, indexed.form.entity_id, indexed.form.text), (reading, indexed.parts, indexed))
        if readings and readings[0]:
            for indexed in self._phonetic.get(joined_key(readings[0]), ()):
                if len(indexed.parts) != len(readings[0]):
                    pair = ((joined_part(readings[0]),), (joined_part(indexed.parts),), indexed)
                    found.setdefault(("=", indexed.form.entity_id, indexed.form.text), pair)
        return list(found.values())

    def _decide_phonetic(self, result: Explanation, readings: list[tuple[Part, ...]]) -> None:
        accepted: list[Candidate] = []
        for reading, form_parts, indexed in self._candidates(readings):
            candidate = self._judge(result.words, reading, form_parts, indexed.form, len(indexed.parts) != len(reading))
            result.candidates.append(candidate)
            if candidate.verdict == "accepted":
                accepted.append(candidate)
        if not result.candidates:
            result.reason = "no lexicon form shares its keys"
            return
        if not accepted:
            result.reason = "no candidate reached the threshold"
            return
        accepted.sort(key=lambda c: (-c.score, c.form.role not in HOUSE_ROLES))
        best = accepted[0]
        rival = next((c for c in accepted if c.form.entity_id != best.form.entity_id), None)
        if rival is not None and rival.score >= best.score - AMBIGUITY_MARGIN:
            result.reason = f"ambiguous between {best.form.entity_id} and {rival.form.entity_id}"
            return
        form = best.form
        result.match = Match(result.query, form.entity_id, form.text, form.house, KIND_PHONETIC, best.score)
        result.reason = f"sounds like '{form.text}' ({form.role} of {form.entity_id})"

    def _judge(self, words, reading: tuple[Part, ...], form_parts: tuple[Part, ...], form: Form, joined: bool) -> Candidate:
        extra = edit_costs().marks if joined else 0.0  # words split or joined otherwise
        score, cost, part_scores = score_parts(reading, form_parts, identical=False, extra=extra)
        if words in self._distinct.get(form.entity_id, ()):
            verdict = f"listed as distinct from {form.entity_id}"
        elif _suffix_pair(reading, form_parts):
            verdict = "a name plus a suffix is another name"
        elif min(part_scores) < PART_FLOOR:
            verdict = f"a word scores below {PART_FLOOR}"
        elif form.entity_id in self._people and any(
            score < self.threshold and min(len(q.units), len(f.units)) <= SHORT_WORD
            for score, q, f in zip(part_scores, reading, form_parts)
        ):
            verdict = f"a short word scores below {self.threshold}"
        elif score < self.threshold:
            verdict = f"score below {self.threshold}"
        elif len(reading) == 1 and form.entity_id in self._people and score < self.threshold + SURNAME_MARGIN:
            verdict = f"a person's one-word name scores below {self.threshold + SURNAME_MARGIN:.2f}"
        else:
            verdict = "accepted"
        return Candidate(form, score, cost, part_scores, verdict)
