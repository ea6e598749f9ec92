"""Discovery: names no lexicon knows that a corpus spells in more than one way.

Candidate names are the runs of capitalized words in the text, cut at ordinary English words,
acronyms and punctuation ("Iraqi Prime Minister Mohamed Chia al-Soudani" gives "Iraqi" and
"Mohamed Chia al-Soudani"). The distinct candidates are indexed like a lexicon and each is
matched against the others with the same phonetic matcher and guards as the checker; spellings it
judges to be one name form a cluster. A one-word name joins the cluster of the longer names that
end with it (Sudani with Mohammed Shia al-Sudani) when only one cluster does.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from unidecode import unidecode

from .consistency import document_counts
from .lexicon import entity_toml, spelling_key, toml_string
from .matcher import Matcher
from .models import Entity, Variant
from .names import particles
from .normalize import folded_word, is_all_caps, is_capitalized, surface_signature
from .resources import english_words, titles
from .scanner import name_runs
from .terminal import visible
from .tokens import HYPHEN, Token

MIN_LETTERS = 3


@dataclass(frozen=True)
class DiscoveredSpelling:
    text: str
    count: int
    documents: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict:
        return {
            "spelling": self.text,
            "count": self.count,
            "documents": document_counts(self.documents),
        }


@dataclass(frozen=True)
class Cluster:
    """Spellings judged to be one name, with the lexicon entry they suggest."""

    # name: the most frequent spelling of the longest form; aliases: the most frequent spelling
    # of each shorter form; every other spelling a variant of the one with its number of words
    entity: Entity
    spellings: tuple[DiscoveredSpelling, ...]  # most frequent first

    def to_dict(self) -> dict:
        return {
            "id": self.entity.id,
            **self.entity.spellings_dict(),
            "spellings": [spelling.to_dict() for spelling in self.spellings],
        }


def _splits_names(token: Token, words: frozenset[str]) -> bool:
    word = folded_word(token.text)
    if word in particles().articles or word in particles().lowercase:
        return False
    if not is_capitalized(token.text):
        return True
    if word in words or word in titles():  # "Mr", "President", "Sheikh" are no part of a name
        return True
    return is_all_caps(token.text)  # acronyms: US, PM, ISIS


def _without_english_lead(segment: list[Token]) -> list[Token]:
    """Drop the lower-case words that lead a candidate and read as English when a space follows
    them ("at Arbaeen", "as Sunni"); "as-Sunni" and "al Sudani" keep their article."""
    spaced = particles().spaced_articles
    while segment and not is_capitalized(segment[0].text):
        word = folded_word(segment[0].text)
        if segment[0].gap == HYPHEN or word in spaced or word not in english_words():
            break
        segment = segment[1:]
    return segment


def name_candidates(text: str) -> list[tuple[int, int]]:
    """Return the spans of the candidate names of a text, in text order."""
    words = english_words()
    found = []
    for run in name_runs(text):
        if len(run) > 1 and all(is_all_caps(t.text) for t in run):
            continue  # all-capital headlines cannot tell names from words
        segment: list[Token] = []
        for token in run + [None]:
            if token is not None and not _splits_names(token, words):
                segment.append(token)
                if token.gap is not None:
                    continue
            while segment and not is_capitalized(segment[-1].text):
                segment.pop()
            segment = _without_english_lead(segment)
            if segment and sum(ch.isalpha() for t in segment for ch in t.text) >= MIN_LETTERS:
                found.append((segment[0].start, segment[-1].end))
            segment = []
    return found


class _Spellings:
    """Counts per spelling (folded key): surfaces and documents."""

    def __init__(self):
        self.surfaces: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        self.documents: dict[tuple[str, ...], Counter] = defaultdict(Counter)

    def add(self, surface: str, path: str) -> None:
        key = spelling_key(surface)
        self.surfaces[key][surface] += 1
        self.documents[key][path] += 1

    def usual(self, key) -> str:
        """The most frequent surface; on a tie, the plainest (no accents or marks)."""
        counts = self.surfaces[key]
        return min(counts, key=lambda s: (-counts[s], unidecode(s) != s or "'" in s or "’" in s, s))

    def count(self, key) -> int:
        return sum(self.documents[key].values())


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-") or "name"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


class Discovery:
    """Collects candidate names document by document; `clusters()` groups their spellings."""

    def __init__(self, known: Matcher | None = None, threshold: float | None = None):
        self.known = known
        self.threshold = threshold
        self.documents = 0
        self._spellings = _Spellings()

    def add(self, path: str, text: str) -> None:
        """Collect the candidate names of one document's text."""
        self.add_regions(path, [text])

    def add_regions(self, path: str, texts: list[str]) -> None:
        """Collect the candidate names of one document read as regions of text (documents.*)."""
        self.documents += 1
        for text in texts:
            self._add_text(path, text)

    def _add_text(self, path: str, text: str) -> None:
        for start, end in name_candidates(text):
            surface = " ".join(text[start:end].split())
            if self.known is not None and self.known.match(surface) is not None:
                continue
            self._spellings.add(surface, path)

    def clusters(self) -> list[Cluster]:
        """Return the clusters of two or more spellings, largest first."""
        keys = sorted(self._spellings.surfaces)
        ids = {key: f"n{number}" for number, key in enumerate(keys)}
        options = {} if self.threshold is None else {"threshold": self.threshold}
        matcher = Matcher.of_spellings(((ids[key], self._spellings.usual(key)) for key in keys), **options)
        by_id = {ids[key]: key for key in keys}
        parent = {key: key for key in keys}

        def root(key):
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        varied = set()
        surnames = self._surnames(keys, matcher)
        for key in keys:
            for candidate in matcher.phonetic_candidates(self._spellings.usual(key)):
                other = by_id[candidate.form.entity_id]
                if other != key and (key in surnames) == (other in surnames):
                    parent[root(other)] = root(key)
                    varied.add(key)
        self._attach_short_forms(keys, matcher, root, parent)
        groups = defaultdict(list)
        for key in keys:
            groups[root(key)].append(key)
        varied_roots = {root(key) for key in varied}
        found = [self._cluster(members, matcher) for r, members in groups.items() if r in varied_roots]
        taken: set[str] = set()
        found = [cluster for cluster in found if cluster is not None]
        found.sort(key=lambda c: (-sum(s.count for s in c.spellings), c.entity.name))
        return [Cluster(replace(c.entity, id=_slug(c.entity.name, taken)), c.spellings) for c in found]

    def _surnames(self, keys, matcher: Matcher) -> set:
        """Return the one-word spellings that end a longer name of the corpus (Soleimani in
        Qassem Soleimani): one is never merged with a one-word name that stands alone (the city
        Sulaimani), though they may be written alike."""
        endings = {parts[-1].word for key in keys if len(parts := matcher.parts_of(self._spellings.usual(key))) > 1}
        return {
            key for key in keys if len(parts := matcher.parts_of(self._spellings.usual(key))) == 1 and parts[0].word in endings
        }

    def _attach_short_forms(self, keys, matcher: Matcher, root, parent) -> None:
        """Join each one-word name to the one cluster of longer names ending with it."""
        endings = defaultdict(set)
        for key in keys:
            parts = matcher.parts_of(self._spellings.usual(key))
            if len(parts) > 1:
                endings[parts[-1].word].add(key)
        for key in keys:
            parts = matcher.parts_of(self._spellings.usual(key))
            if len(parts) != 1 or matcher.is_given_name(parts[0].word):
                continue
            owners = {root(longer) for longer in endings.get(parts[0].word, ())}
            if len(owners) == 1:
                parent[root(key)] = owners.pop()

    def _cluster(self, members: list, matcher: Matcher) -> Cluster | None:
        spellings = sorted(
            (
                DiscoveredSpelling(
                    self._spellings.usual(key),
                    self._spellings.count(key),
                    tuple(self._spellings.documents[key].items()),
                )
                for key in members
            ),
            key=lambda s: (-s.count, s.text),
        )
        if len({surface_signature(s.text) for s in spellings}) < 2:
            return None
        sizes = {s.text: len(matcher.parts_of(s.text)) for s in spellings}
        shapes: dict[int, str] = {}  # number of words -> its most frequent spelling
        for spelling in spellings:
            shapes.setdefault(sizes[spelling.text], spelling.text)
        name = shapes[max(shapes)]
        aliases = tuple(shapes[size] for size in sorted(shapes, reverse=True) if shapes[size] != name)
        variants = tuple(Variant(s.text, shapes[sizes[s.text]]) for s in spellings if s.text not in shapes.values())
        return Cluster(Entity("", "other", name, aliases, variants), tuple(spellings))


def clusters_toml(clusters: list[Cluster], documents: int, name: str = "suggestions") -> str:
    """Return the clusters as a lexicon file, counts and documents as comments, for review."""
    lines = [
        f"# Suggested by namecheck discover from {documents} document(s): spellings judged to be one name.",
        "# Review each entry (type, house spelling, aliases) before merging it into a lexicon.",
        "",
        "[lexicon]",
        f"name = {toml_string(name)}",
        'language = "en"',
    ]
    for cluster in clusters:
        lines.append("")
        for spelling in cluster.spellings:
            where = ", ".join(f"{path} ({count})" for path, count in spelling.documents)
            # a comment may hold no control character (TOML), nor reach a terminal with one
            lines.append(visible(f"# {spelling.text}: {spelling.count} in {where}"))
        lines.append(entity_toml(cluster.entity))
    return "\n".join(lines) + "\n"
