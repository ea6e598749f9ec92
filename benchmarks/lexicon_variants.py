"""Attested romanizations: the default lexicon's own variants, with every variant list emptied.

Run after the README's test install:  python benchmarks/lexicon_variants.py [--misses N]

Each entity of the default lexicon keeps only its house spellings; every listed variant (French,
German, older English and other attested romanizations) is then matched. Reported: how many find
their own entity (recall), how many find another entity (wrong), and the same for jellyfish
metaphone equality and the best Levenshtein ratio threshold with no more wrong answers.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="print this many missed variants")
    args = parser.parse_args()
    lexicon = load_lexicon()
    house_only = Lexicon(tuple(replace(entity, variants=()) for entity in lexicon.entities))
    matcher = Matcher(house_only)
    queries = [(variant.text, entity.id) for entity in lexicon.entities for variant in entity.variants]
    house = [(folded(spelling), entity.id) for entity in house_only.entities for spelling in entity.house_spellings]

    right = wrong = 0
    misses = []
    for variant, expected in queries:
        found = matcher.match(variant)
        if found is None:
            misses.append((variant, lexicon.entity(expected).name))
        elif found.entity_id == expected:
            right += 1
        else:
            wrong += 1
            misses.append((variant, f"{lexicon.entity(expected).name} (matched {found.replacement})"))

    codes = {}
    for spelling, entity_id in house:
        codes.setdefault(jellyfish.metaphone(spelling.replace(" ", "")), entity_id)
    meta_right = sum(codes.get(jellyfish.metaphone(folded(v).replace(" ", ""))) == e for v, e in queries)
    meta_wrong = sum(codes.get(jellyfish.metaphone(folded(v).replace(" ", ""))) not in (None, e) for v, e in queries)

    best = []
    for variant, expected in queries:
        query = folded(variant)
        score, entity_id = max(
            (1 - jellyfish.levenshtein_distance(query, s) / max(len(query), len(s)), e) for s, e in house
        )
        best.append((score, entity_id == expected))
    levenshtein = (0, 0, 1.0)
    for threshold in sorted({score for score, _ in best}):
        accepted = [ok for score, ok in best if score >= threshold]
        if len(accepted) - sum(accepted) <= wrong:
            levenshtein = (sum(accepted), len(accepted) - sum(accepted), threshold)
            break

    total = len(queries)
    print(f"{total} attested variants of {len(lexicon.entities)} entities, variant lists emptied")
    print()
    print("| method | found their entity | found another entity |")
    print("|---|---|---|")
    print(f"| namecheck | {right} ({right / total:.1%}) | {wrong} |")
    print(f"| jellyfish metaphone equality | {meta_right} ({meta_right / total:.1%}) | {meta_wrong} |")
    lev_right, lev_wrong, lev_threshold = levenshtein
    print(f"| Levenshtein ratio >= {lev_threshold:.3f} | {lev_right} ({lev_right / total:.1%}) | {lev_wrong} |")
    for variant, expected in misses[: args.misses]:
        print(f"  miss: {variant!r} for {expected!r}")


if __name__ == "__main__":
    main()
