"""Attested romanizations: the default lexicon's own variants, with every variant list emptied.

Run after the README's test install:  python benchmarks/lexicon_variants.py [--misses N]

Each entity of the default lexicon keeps only its house spellings; every listed variant (French,
German, older English and other attested romanizations) is then matched. Reported: how many find
their own entity (recall), how many find another entity (wrong), and the same for jellyfish
metaphone equality and the best Levenshtein ratio threshold with no more wrong answers. A spelling
that several entities share (a surname of relatives) counts as each one's own.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import jellyfish

from namecheck.api import load_lexicon
from namecheck.lexicon import Lexicon
from namecheck.matcher import Matcher
from namecheck.normalize import folded_word


def folded(name: str) -> str:
    return " ".join(folded_word(word) for word in name.replace("-", " ").split())


def namecheck_counts(matcher, lexicon, queries):
    """Return (right, wrong, misses) of the matcher on (variant, expected entity) queries."""
    right = wrong = 0
    misses = []
    for variant, expected in queries:
        found = matcher.match(variant)
        if found is None:
            misses.append((variant, lexicon.entity(expected).name))
        elif expected in found.entities:  # a surname shared by relatives stands for each of them
            right += 1
        else:
            wrong += 1
            misses.append((variant, f"{lexicon.entity(expected).name} (matched {found.replacement})"))
    return right, wrong, misses


def metaphone_counts(house, queries):
    """Return (right, wrong) of metaphone equality: right when every house spelling with the
    variant's code is the expected entity's own (a surname shared by relatives is each one's)."""
    codes: dict[str, set[str]] = {}
    owned: dict[str, set[str]] = {}
    for spelling, entity_id in house:
        codes.setdefault(jellyfish.metaphone(spelling.replace(" ", "")), set()).add(spelling)
        owned.setdefault(entity_id, set()).add(spelling)
    coded = [(codes.get(jellyfish.metaphone(folded(v).replace(" ", "")), set()), owned[e]) for v, e in queries]
    right = sum(bool(found) and found <= own for found, own in coded)
    return right, sum(bool(found) for found, _ in coded) - right


def levenshtein_counts(house, queries, allowed_wrong):
    """Return (right, wrong, threshold) of the lowest Levenshtein ratio threshold with no more
    than `allowed_wrong` wrong answers; right when every closest spelling is the entity's own."""
    best = []
    for variant, expected in queries:
        query = folded(variant)
        ratios = [(1 - jellyfish.levenshtein_distance(query, s) / max(len(query), len(s)), s) for s, _ in house]
        score = max(ratio for ratio, _ in ratios)
        own = {s for s, e in house if e == expected}
        best.append((score, all(s in own for ratio, s in ratios if ratio == score)))
    for threshold in sorted({score for score, _ in best}):
        accepted = [ok for score, ok in best if score >= threshold]
        if len(accepted) - sum(accepted) <= allowed_wrong:
            return sum(accepted), len(accepted) - sum(accepted), threshold
    return 0, 0, 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="print this many missed variants")
    args = parser.parse_args()
    lexicon = load_lexicon()
    house_only = Lexicon(tuple(replace(entity, variants=()) for entity in lexicon.entities))
    queries = [(variant.text, entity.id) for entity in lexicon.entities for variant in entity.variants]
    house = [(folded(spelling), entity.id) for entity in house_only.entities for spelling in entity.house_spellings]
    right, wrong, misses = namecheck_counts(Matcher(house_only), lexicon, queries)
    meta_right, meta_wrong = metaphone_counts(house, queries)
    lev_right, lev_wrong, lev_threshold = levenshtein_counts(house, queries, wrong)

    total = len(queries)
    print(f"{total} attested variants of {len(lexicon.entities)} entities, variant lists emptied")
    print()
    print("| method | found their entity | found another entity |")
    print("|---|---|---|")
    print(f"| namecheck | {right} ({right / total:.1%}) | {wrong} |")
    print(f"| jellyfish metaphone equality | {meta_right} ({meta_right / total:.1%}) | {meta_wrong} |")
    print(f"| Levenshtein ratio >= {lev_threshold:.3f} | {lev_right} ({lev_right / total:.1%}) | {lev_wrong} |")
    for variant, expected in misses[: args.misses]:
        print(f"  miss: {variant!r} for {expected!r}")


if __name__ == "__main__":
    main()
