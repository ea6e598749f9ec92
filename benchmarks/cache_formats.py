"""The index cache's encoding: signed marshal blobs against JSON blobs, by load time.

Run after the README's test install:  python benchmarks/cache_formats.py LEXICON... [--rounds N]
(for example a folder written by `python benchmarks/gazetteer.py FOLDER`).

Builds the index of the given lexicon files, encodes its tables as the cache does (cache.py:
buckets of about 64 keys), once as marshal blobs and once as JSON blobs (tuples and sets written
as lists, turned back on reading), and times, in CPU seconds (medians of the rounds):
- checking the file: an HMAC-SHA256 over the whole file (what makes marshal safe to load; JSON
  needs a checksum at least, to tell a corrupt file, and costs the same);
- decoding every blob (a long text ends up needing them all);
- decoding one blob in a hundred (about what a small file needs from a 30,000-entity index).
"""

from __future__ import annotations

import argparse
import hmac
import json
import marshal
import statistics
import time

from namecheck import cache
from namecheck.api import load_matcher

KEY = b"k" * 32


def json_ready(value):
    """Return a blob's value as JSON can hold it: dicts as lists of pairs, tuples and sets as lists."""
    if isinstance(value, dict):
        return [[json_ready(key), json_ready(item)] for key, item in value.items()]
    if isinstance(value, (tuple, list, set, frozenset)):
        return [json_ready(item) for item in value]
    return value


def from_json(value, kind):
    """Return a decoded JSON blob as the cache holds it: a dict with tuple keys, or a frozenset."""
    def key(item):
        return tuple(item) if isinstance(item, list) else item

    if kind is str:
        return value  # a text table's bucket (file format 2)
    if kind is dict:
        return {key(k): tuple(v) if isinstance(v, list) else v for k, v in value}
    if kind is frozenset:
        return frozenset(key(item) for item in value)
    return tuple(tuple(row) for row in value)


def cpu_seconds(action, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.process_time()
        action()
        timings.append(time.process_time() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lexicons", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    matcher = load_matcher(args.lexicons, with_default=False)
    values = cache.blob_values(matcher.index, matcher.guards.facts)
    kinds = [type(value) if not isinstance(value, tuple) else tuple for value in values]
    marshal_blobs = [marshal.dumps(value) for value in values]
    json_blobs = [json.dumps(json_ready(value), ensure_ascii=False).encode() for value in values]
    sample = range(0, len(values), 100)
    print(f"{len(matcher.lexicon.entities):,} entities, {len(values):,} blobs; median CPU time of {args.rounds} rounds")
    print("| encoding | file (MB) | check the file (ms) | decode every blob (ms) | decode 1 blob in 100 (ms) |")
    print("|---|---|---|---|---|")
    for label, blobs, decode in (
        ("marshal, HMAC-SHA256", marshal_blobs, lambda blob, kind: marshal.loads(blob)),
        ("JSON", json_blobs, lambda blob, kind: from_json(json.loads(blob), kind)),
    ):
        whole = b"".join(blobs)
        check = cpu_seconds(lambda: hmac.digest(KEY, whole, "sha256"), args.rounds)
        every = cpu_seconds(lambda: [decode(blob, kind) for blob, kind in zip(blobs, kinds)], args.rounds)
        some = cpu_seconds(lambda: [decode(blobs[n], kinds[n]) for n in sample], args.rounds)
        print(f"| {label} | {len(whole) / 1e6:.1f} | {check * 1000:.1f} | {every * 1000:.0f} | {some * 1000:.1f} |")


if __name__ == "__main__":
    main()
