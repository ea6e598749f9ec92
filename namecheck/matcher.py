"""Spelling -> entity: the decision and its explanation, over an index of spellings and guards.

The index (index.py) proposes forms: the exact spellings a query's folded words name, or the
forms sharing one of its phonetic keys. Each proposed form is scored by a romanization-aware
alignment and judged by the guards (guards.py), named rules that keep look-alikes apart. The
decision picks the best accepted form, or none when two entities with different house spellings
are about as close (ambiguous). Every decision can be explained (`Matcher.explain`).

Several entities may share a house spelling (Tripoli in Lebanon and in Libya): a match names
every entity it may stand for, and a variant of a shared spelling is replaced by it whichever
entity is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Callable, Iterable

from .cost_floor import word_cost_floor
from .distance import allowance, edit_costs, similarity, word_cost
from .guards import ACCEPTED, AMBIGUITY_MARGIN, DEFAULT_THRESHOLD, GIVEN_NAME, GIVEN_NAME_MARGIN, NEEDS_EVIDENCE, PART_FLOOR, EntityFacts, Guards
from .index import ACRONYM_LENGTH, SpellingIndex, parts_of_name
from .lexicon import Lexicon
from .models import HOUSE_ROLES, KIND_EXACT, KIND_PHONETIC, KIND_VARIANT, ROLE_ALIAS, ROLE_NAME, ROLE_VARIANT, Form, Match
from .names import Part, english_number_pair, joined_part, name_key, name_parts, name_sound_key, part_readings, particles
from .normalize import folded_word, is_all_caps, is_capitalized, spelled_word, surface_signature
from .tokens import HYPHEN, SPACE, text_tokens

__all__ = ["DEFAULT_THRESHOLD", "Candidate", "Explanation", "Matcher", "lexicon_forms", "score_parts"]

# How many scanner windows' answers a matcher remembers before starting afresh.
WINDOW_MEMORY = 100_000
# What joins the words of a window given as one string (Matcher.may_start_window).
_WINDOW_GAP_RE = re.compile(f"({re.escape(SPACE)}|{re.escape(HYPHEN)})")

# A guess through a listed variant must come this close to the variant's house spelling too.
HOUSE_FLOOR = PART_FLOOR


@dataclass(frozen=True, slots=True)
class Candidate:
    """A form the index proposed for a spelling, with its score and the verdict on it."""

    form: Form
    score: float
    cost: float
    part_scores: tuple[float, ...]
    verdict: str  # "accepted" or the rule it failed and why


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
    # False when the candidates a word refuses before any alignment (see below_part_floor) are
    # left out: a scan asks only for the match, an explanation shows every candidate
    every_candidate: bool = True


def score_parts(
    query: tuple[Part, ...], form: tuple[Part, ...], identical: bool, extra: float = 0.0
) -> tuple[float, float, tuple[float, ...]]:
    """Return (score, cost, per-part scores) of reading `query` as `form` (same part count);
    `extra` is a cost for the whole name (words joined or split)."""
    costs = edit_costs()
    total_cost, total_budget = extra, 0.0
    part_scores = []
    for q, f in zip(query, form):
        cost = costs.marks if english_number_pair(q.word, f.word) else word_cost(q.units, f.units)
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


def below_part_floor(query: tuple[Part, ...], form: tuple[Part, ...]) -> bool:
    """Return True when some word of `query` is sure to score below the part floor read as its
    word of `form`, judged by a lower bound on its cost before any alignment: the candidate is
    then refused whatever else (by the part floor, or by a rule judged before it)."""
    for q, f in zip(query, form):
        floor = word_cost_floor(q.units, f.units)
        # the bound leaves out what score_parts adds (articles, marks): the cost only grows
        if similarity(floor, allowance(q.units, f.units)) < PART_FLOOR and not english_number_pair(q.word, f.word):
            return True
    return False


def lexicon_forms(lexicon: Lexicon) -> Iterable[Form]:
    """Return every spelling of a lexicon as a form: names and aliases (their own house
    spellings) and variants (replaced by the house spelling they are listed under)."""
    for entity in lexicon.entities:
        yield Form(entity.id, entity.name, ROLE_NAME, entity.name)
        for alias in entity.aliases:
            yield Form(entity.id, alias, ROLE_ALIAS, alias)
        for variant in entity.variants:
            yield Form(entity.id, variant.text, ROLE_VARIANT, variant.house)


def _articles_in_a_row(words: tuple[str, ...]) -> bool:
    """Return True when two articles follow each other ("Al Al"): no name reads so."""
    articles = particles().articles
    previous = False
    for word in words:
        current = word in articles
        if current and previous:
            return True
        previous = current
    return False


@lru_cache(maxsize=32768)
def text_word_facts(text: str) -> tuple[str, bool, str]:
    """Return a word of a text folded, whether it is capitalized, and spelled (marks kept): what
    a window asks of each of its words, read once per word however many windows hold it."""
    return folded_word(text), is_capitalized(text), spelled_word(text)


def _entities_of(forms: list[Form]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form.entity_id for form in forms))


class Matcher:
    """Matches spellings against one lexicon (or any index of spellings). Build once, use for
    any number of texts."""

    def __init__(
        self,
        lexicon: Lexicon | Callable[[], Lexicon] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        index: SpellingIndex | None = None,
        facts: EntityFacts | None = None,
    ):
        # a function returning the lexicon is called when the lexicon is first asked for (a
        # cached index and facts need no lexicon to match)
        self._lexicon = lexicon if lexicon is not None else Lexicon(entities=())
        self.threshold = threshold
        self.guards = Guards(facts if facts is not None else EntityFacts.of(self.lexicon), threshold)
        self.index = index if index is not None else SpellingIndex(lexicon_forms(self.lexicon), self.guards.guessable)
        self._window_answers: dict[tuple, Match | None] = {}
        self._window_starts: dict[tuple, bool] = {}
        self._begins: dict[str, bool] = {}
        self._given: dict[str, bool] = {}
        self.decisions = 0  # spellings decided afresh so far
        self.windows = 0  # windows of text asked about so far (remembered or not): the scan's work

    # Memories of the answers given so far only save work: a matcher sent to another process
    # (multiprocessing, a Dask worker) travels without them, so its pickle is the lexicon, the
    # index and the guards (about 1.6 MB for the default lexicon) however much text it has seen.
    _MEMORIES = ("_window_answers", "_window_starts", "_begins", "_given")

    def __getstate__(self) -> dict:
        """Return what a pickle of the matcher holds: everything but the per-text memories and counters."""
        state = {key: value for key, value in self.__dict__.items() if key not in self._MEMORIES}
        state.update(decisions=0, windows=0)
        return state

    def __setstate__(self, state: dict) -> None:
        """Rebuild a pickled matcher with empty memories."""
        self.__dict__.update(state)
        for key in self._MEMORIES:
            setattr(self, key, {})

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon matched against."""
        if callable(self._lexicon):
            self._lexicon = self._lexicon()
        return self._lexicon

    @classmethod
    def of_spellings(cls, spellings: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD) -> "Matcher":
        """Return a matcher over bare spellings, (id, spelling) pairs, each its own house spelling."""
        guards = Guards(EntityFacts(), threshold)
        forms = (Form(key, text, ROLE_NAME, text) for key, text in spellings)
        return cls(threshold=threshold, index=SpellingIndex(forms, guards.guessable), facts=EntityFacts())

    @property
    def max_words(self) -> int:
        return self.index.max_words

    @cached_property
    def connectors(self) -> frozenset[str]:
        """The lower-case words the lexicon's names hold inside them, besides particles."""
        return frozenset(self.index.connectors - particles().articles - particles().lowercase)

    # --- questions the scanner asks ---------------------------------------------------------

    def is_given_name(self, word: str) -> bool:
        """Return True when a folded word is a common given name, in any romanization."""
        known = self._given.get(word)
        if known is None:
            if len(self._given) >= WINDOW_MEMORY:
                self._given.clear()
            known = self._given[word] = self.guards.given.has_word(word)
        return known

    def opens_given_name(self, word: str) -> bool:
        """Return True when a folded word opens a given name written as two words (Abdel Fattah)."""
        return self.guards.given.opens_name(word)

    def names_a_person(self, match: Match) -> bool:
        """Return True when a match names a person (its first entity is one)."""
        return self.guards.is_person(match.entity_id)

    def is_surname_of_person(self, match: Match) -> bool:
        """Return True when a match is a person's short form (a surname), not the full name."""
        return self.guards.is_surname_of_person(match.entity_id, match.form)

    def may_begin(self, word: str) -> bool:
        """Return True when some form could start with this folded word (a cheap pre-filter)."""
        known = self._begins.get(word)
        if known is None:
            known = self._begins[word] = self.index.may_begin(word)
        return known

    def may_start_window(self, window: str) -> bool:
        """Return True when some form could begin with a window of a text's words, given as the
        words joined by their gaps (SPACE or HYPHEN, which no word holds: one string to remember
        it by); a False ends the scanner's window there."""
        self.windows += 1
        known = self._window_starts.get(window)
        if known is None:
            if len(self._window_starts) >= WINDOW_MEMORY:
                self._window_starts.clear()
            pieces = _WINDOW_GAP_RE.split(window)
            texts, gaps = pieces[::2], (*pieces[1::2], None)
            words, capitals, spelled = zip(*map(text_word_facts, texts))
            known = not _articles_in_a_row(words) and self.index.may_start(words, name_parts(spelled, gaps, capitals))
            self._window_starts[window] = known
        return known

    # --- deciding -------------------------------------------------------------------------

    def explain(self, query: str) -> Explanation:
        """Return the full account of how `query` is matched (or why it is not)."""
        tokens = text_tokens(query, alone=True)
        return self._decide(query, tuple(t.text for t in tokens), tuple(t.gap for t in tokens), in_text=False)

    def phonetic_candidates(self, query: str) -> list[Candidate]:
        """Return the forms the phonetic matcher accepts for a name given alone, exact hits aside."""
        tokens = text_tokens(query, alone=True)
        explanation = self._decide(
            query, tuple(t.text for t in tokens), tuple(t.gap for t in tokens), in_text=False, skip_exact=True
        )
        return [candidate for candidate in explanation.candidates if candidate.verdict == ACCEPTED]

    def parts_of(self, name: str) -> tuple[Part, ...]:
        """Return the parts of a name given alone (articles and particles read)."""
        return parts_of_name(name)

    def match(self, query: str) -> Match | None:
        """Return the match of one spelling given alone (no document around it to lend
        evidence), or None."""
        found = self.explain(query).match
        return None if found is not None and found.needs_evidence else found

    def match_words(self, surface: str, texts: tuple[str, ...], gaps: tuple[str | None, ...]) -> Match | None:
        """Return the match of a run of words of a text (the scanner's window), or None.

        Answers are remembered per spelling: news repeats its names, so most windows are decided
        by one dictionary look-up.
        """
        self.windows += 1
        # the surface tells the words and the gaps between them; the gap after the last word
        # (SPACE, HYPHEN or None) goes after it, where no word ends
        key = surface if gaps[-1] is None else surface + gaps[-1]
        if key in self._window_answers:
            return self._window_answers[key]
        if len(self._window_answers) >= WINDOW_MEMORY:
            self._window_answers.clear()
        found = self._decide(surface, texts, gaps, in_text=True).match
        self._window_answers[key] = found
        return found

    def _decide(
        self, query: str, texts: tuple[str, ...], gaps: tuple[str | None, ...], in_text: bool, skip_exact: bool = False
    ) -> Explanation:
        """Match a spelling; `in_text` when it is a window of running text rather than a name given alone."""
        self.decisions += 1
        result = self._decide_spelling(query, texts, gaps, in_text, skip_exact)
        if result.match is not None and self.guards.is_well_known_elsewhere(result.words, result.match.replacement):
            result.reason = f"well-known-name: '{result.query}' is a name in its own right, never a spelling of {result.match.replacement}"
            result.match = None
        return result

    def _decide_spelling(
        self, query: str, texts: tuple[str, ...], gaps: tuple[str | None, ...], in_text: bool, skip_exact: bool
    ) -> Explanation:
        words = tuple(folded_word(text) for text in texts)
        result = Explanation(query=query, words=words, every_candidate=not in_text)
        if not skip_exact and self._decide_exact(result, texts, in_text):
            return result
        capitals = tuple(is_capitalized(text) for text in texts) if in_text else (True,) * len(texts)
        parts = name_parts(tuple(spelled_word(text) for text in texts), gaps, capitals)
        if in_text and self._article_before_house_spelling(words, gaps, parts):
            result.reason = "an article joined by a space to a house spelling: the name is the words after it"
            return result
        readings = part_readings(parts)
        result.parts = parts
        result.keys = tuple(key for reading in readings for key in (name_key(reading), name_sound_key(reading)))
        if in_text and len(texts) == 1 and is_all_caps(texts[0]) and len(texts[0]) <= ACRONYM_LENGTH:
            result.reason = "acronym: a short word in capitals is an abbreviation (SANA is not Sanaa)"
            return result
        guard = (self.guards.english_lead_verdict(texts, parts) if in_text else "") or self.guards.query_verdict(parts)
        if guard.startswith(GIVEN_NAME) and self._place_nearer_than_given_name(result, readings):
            return result
        if guard.startswith(GIVEN_NAME):
            # a lone given name is nobody in particular, unless the document just named a person
            # whose surname it is written like ("Riad Salamé ... Salamé said")
            self._decide_phonetic(result, readings, people_only=True)
            if result.match is not None:
                result.match = replace(result.match, needs_evidence=True)
            result.reason = f"{guard}; {result.reason}"
            return result
        if guard:
            result.reason = guard
            return result
        self._decide_phonetic(result, readings)
        return result

    def _place_nearer_than_given_name(self, result: Explanation, readings: list[tuple[Part, ...]]) -> bool:
        """Match a lone word that only sounds like a given name to a place or group it is clearly
        nearer to (Deraa: Daraa 0.86, the given name Dara 0.79): the nearer reading wins. A listed
        given name stays nobody in particular (Amal), and so does a word about as near to a given
        name as to the place (Eman: Iman 0.79, Amman 0.83)."""
        closeness = self.guards.given.closeness(result.parts[0])
        if closeness >= 1.0:
            return False
        found = Explanation(
            query=result.query, words=result.words, parts=result.parts, keys=result.keys, every_candidate=result.every_candidate
        )
        self._decide_phonetic(found, readings, people_only=False, others_only=True)
        if found.match is None or found.match.needs_evidence or found.match.score < closeness + GIVEN_NAME_MARGIN:
            return False
        result.candidates, result.match = found.candidates, found.match
        result.reason = f"{found.reason}: nearer than the given name it sounds like ({closeness:.2f})"
        return True

    def _article_before_house_spelling(self, words, gaps, parts) -> bool:
        return (
            len(words) > 1
            and gaps[0] == SPACE
            and parts
            and bool(parts[0].article)
            and any(i.form.role in HOUSE_ROLES for i in self.index.exact_forms(words[1:]))
        )

    def _decide_exact(self, result: Explanation, texts: tuple[str, ...], in_text: bool = False) -> bool:
        entries = [
            indexed
            for indexed in self.index.exact_forms(result.words)
            if not indexed.case_sensitive or indexed.form.text == " ".join(texts)
        ]
        if not entries:
            return False
        signature = surface_signature(result.query)
        identical = [indexed for indexed in entries if indexed.signature == signature]
        listed = [indexed for indexed in entries if indexed.form.role == ROLE_VARIANT]
        # "Tripoli" is the house spelling of two cities and a listed variant of Greece's "Trípoli":
        # a spelling some entity writes as its house spelling is never a variant of another
        written = [indexed for indexed in identical if indexed.form.role in HOUSE_ROLES]
        chosen = (written or identical or listed or entries)[0]
        form = chosen.form
        result.exact = form
        if (
            (form.role == ROLE_VARIANT or not identical)
            and self.guards.is_common_word(result.words)
            # "Turkey" listed under "Türkiye": a country's name, though an English word too
            and not (self.guards.is_well_known(result.words) and not self.guards.is_well_known_elsewhere(result.words, form.house))
        ):
            # a gazetteer lists "Set" for Sète and "To" for Tô: an English word is never flagged
            result.reason = f"english-word: '{result.words[0]}' is an ordinary word, never flagged as a name"
            return True
        if (form.role == ROLE_VARIANT or not identical) and in_text and self.guards.is_short_acronym(texts, form.text):
            result.reason = f"short-acronym: '{texts[0]}' is an abbreviation, not a listed variant written in capitals"
            return True
        if form.role == ROLE_VARIANT:
            kind, score, why = KIND_VARIANT, 1.0, "a listed variant"
        elif identical:
            kind, score, why = KIND_EXACT, 1.0, "a house spelling"
        else:
            kind, why = KIND_PHONETIC, "the house spelling with other marks, accents or separators"
            score = score_parts(chosen.parts, chosen.parts, identical=False)[0]
        sharing = [i.form for i in entries if i.form.house == form.house and (i.form.role == ROLE_VARIANT) == (form.role == ROLE_VARIANT)]
        result.match = Match(result.query, form.entity_id, form.text, form.house, kind, score, _entities_of(sharing))
        result.reason = f"{why} of {', '.join(result.match.entities)}"
        return True

    def _decide_phonetic(
        self, result: Explanation, readings: list[tuple[Part, ...]], people_only: bool = False, others_only: bool = False
    ) -> None:
        accepted: list[Candidate] = []
        with_evidence: list[Candidate] = []
        # the entities the query itself spells: a look-alike one of them lists as distinct is no match
        spelled_by = frozenset(indexed.form.entity_id for indexed in self.index.exact_forms(result.words))
        proposed = False
        for reading, form_parts, indexed in self.index.candidates(readings):
            if (people_only or others_only) and self.guards.is_person(indexed.form.entity_id) != people_only:
                continue
            proposed = True
            if not result.every_candidate and below_part_floor(reading, form_parts):
                continue
            joined = len(indexed.parts) != len(reading)
            # the query's own words read together as one (Ram Allah / Ramallah)
            together = len(reading) < len(result.parts)
            candidate = self._judge(result.words, reading, form_parts, indexed, (joined, together), spelled_by)
            result.candidates.append(candidate)
            if candidate.verdict == ACCEPTED:
                accepted.append(candidate)
            elif candidate.verdict.startswith(NEEDS_EVIDENCE):
                with_evidence.append(candidate)
        if not proposed:
            result.reason = "no lexicon form shares its keys"
            return
        needs_evidence = not accepted
        accepted = accepted or with_evidence
        if not accepted:
            result.reason = "no candidate reached the threshold"
            return
        accepted.sort(key=lambda c: (-c.score, c.form.role not in HOUSE_ROLES))
        best = accepted[0]
        close = [c.form for c in accepted if c.score >= best.score - AMBIGUITY_MARGIN]
        rival = next((form for form in close if form.house != best.form.house), None)
        if rival is not None and rival.entity_id != best.form.entity_id:
            result.reason = f"ambiguous between {best.form.entity_id} and {rival.entity_id}"
            return
        form = best.form
        if form.role == ROLE_VARIANT and not self._near_its_house(readings, form):
            result.reason = f"far from the house spelling: '{form.text}' is a listed variant of '{form.house}', which the query does not sound like"
            return
        entities = _entities_of([other for other in close if other.house == form.house])
        result.match = Match(
            result.query, form.entity_id, form.text, form.house, KIND_PHONETIC, best.score, entities, needs_evidence
        )
        result.reason = f"sounds like '{form.text}' ({form.role} of {', '.join(entities)})"
        if needs_evidence:
            result.reason += ": a person's surname alone, accepted only where the document names the person in full"

    def _near_its_house(self, readings: list[tuple[Part, ...]], form) -> bool:
        """Return True when a query guessed through a listed variant also comes within reach of
        the house spelling that variant stands for: a gazetteer's variants are many and some far
        from their name ("Meliki" for Milwaukee), and a guess through one of them alone would make
        al-Maliki a city. A house spelling of another number of words is compared with the query
        both read as one word, and word for word with each run of its words as long as the query
        (Kluss near the Cluj of Cluj-Napoca; but "Hasan Abdal", listed for a place named "Chak
        Thirty-one -Eleven Left", makes no place of Hassan Abdel)."""
        house = parts_of_name(form.house)
        if not house:
            return True
        pairs = [(reading, house) for reading in readings if len(reading) == len(house)]
        if not pairs:
            for reading in filter(None, readings):
                pairs.append(((joined_part(reading),), (joined_part(house),)))
                pairs += [(reading, house[at : at + len(reading)]) for at in range(len(house) - len(reading) + 1)]
        return any(score_parts(query, house, identical=False)[0] >= HOUSE_FLOOR for query, house in pairs)

    def _judge(self, words, reading: tuple[Part, ...], form_parts: tuple[Part, ...], indexed, joins, spelled_by) -> Candidate:
        joined, together = joins  # words split or joined otherwise; the query's words read as one
        extra = edit_costs().marks if joined else 0.0
        score, cost, part_scores = score_parts(reading, form_parts, identical=False, extra=extra)
        verdict = self.guards.candidate_verdict(
            words, reading, form_parts, indexed.form, score, part_scores, (indexed.words, spelled_by), together
        )
        return Candidate(indexed.form, score, cost, part_scores, verdict)
