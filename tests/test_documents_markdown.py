"""The Markdown reader: what is read, how each piece maps back to the source, and cutting."""

from __future__ import annotations

import os
import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from conftest import assert_checked_and_fixed, assert_fixed_exactly
from conftest import table as conftest_table

from namecheck.api import load_matcher
from namecheck.documents import DocumentProblem, format_of, markdown, markdown_blocks, markdown_inline, text_formats
from namecheck.documents.front_matter import front_matter_regions

DATA = Path(__file__).parent / "data" / "documents" / "markdown"
# Each fixture X.md comes with X.regions.toml, X.findings.csv and X.fixed.md.
FIXTURES = sorted(path.name.removesuffix(".regions.toml") for path in DATA.glob("*.regions.toml"))


def table(name: str, key: str = "case") -> list[dict]:
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)[key]


def fixture(name: str) -> str:
    return (DATA / f"{name}.md").read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def fixture_matcher():
    return load_matcher([str(DATA / "lexicon.toml")], with_default=False)


def expected_regions(name: str) -> list[tuple[str, str]]:
    with open(DATA / f"{name}.regions.toml", "rb") as handle:
        return [(region["kind"], region["text"]) for region in tomllib.load(handle)["region"]]


def assert_mapped(source: str, regions) -> None:
    """Every literal piece is the source text it claims; pieces cover the reader text in order
    and move forward through the source without overlapping."""
    last_end = 0
    for region in regions:
        if isinstance(region, DocumentProblem):
            continue
        at = 0
        for piece in region.pieces:
            assert piece.at == at and piece.length > 0
            assert piece.source >= last_end
            if piece.literal:
                assert source[piece.source : piece.source + piece.length] == region.text[piece.at : piece.at + piece.length]
            at, last_end = at + piece.length, piece.source + piece.source_length
        assert at == len(region.text)


def read_in_pieces(text: str, step: int) -> list:
    """Read `text` as a large file is read: buffers growing by `step`, cut where safe_cut says."""
    regions, start, end = [], 0, 0
    while True:
        end = min(len(text), end + step)
        final = end == len(text)
        buffer = text[start:end]
        cut = markdown.safe_cut(buffer, final)
        regions += [region.shifted(start) for region in markdown.regions(buffer[:cut])]
        start += cut
        if final:
            return regions


@pytest.mark.parametrize("name", FIXTURES)
def test_regions_are_what_a_reader_reads(name):
    regions = list(markdown.regions(fixture(name)))
    assert [(region.kind, region.text) for region in regions] == expected_regions(name)


@pytest.mark.parametrize("name", FIXTURES)
def test_pieces_map_to_the_source(name):
    text = fixture(name)
    assert_mapped(text, markdown.regions(text))


@pytest.mark.parametrize("name", FIXTURES)
def test_crlf_line_breaks_are_read_as_written(name):
    text = fixture(name).replace("\n", "\r\n")
    regions = list(markdown.regions(text))
    assert_mapped(text, regions)
    assert [(r.kind, r.text) for r in regions] == [(kind, t.replace("\n", "\r\n")) for kind, t in expected_regions(name)]


@pytest.mark.parametrize("name", FIXTURES)
def test_plain_blocks_read_as_the_inline_walk_reads_them(name, monkeypatch):
    text = fixture(name)
    fast = list(markdown.regions(text))
    monkeypatch.setattr(markdown_inline, "_MARKUP_RE", re.compile(""))
    assert list(markdown.regions(text)) == fast


@pytest.mark.parametrize("name", FIXTURES)
def test_every_allowed_cut_reads_as_the_whole(name):
    text = fixture(name)
    whole = list(markdown.regions(text))
    cuts = {markdown.safe_cut(text[:end], False) for end in range(len(text))} - {0}
    assert len(cuts) > 5
    for cut in sorted(cuts):
        pieces = list(markdown.regions(text[:cut])) + [r.shifted(cut) for r in markdown.regions(text[cut:])]
        assert pieces == whole, cut


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("step", [1, 40, 333])
def test_reading_in_pieces_reads_as_the_whole(name, step):
    text = fixture(name)
    assert read_in_pieces(text, step) == list(markdown.regions(text))


@contextmanager
def parsed_whole():
    """Read as markdown-it-py's parse of the whole text gives it: no block is taken for a plain
    paragraph without the block parser."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_blocks, "_NOT_PLAIN_LINE_RE", re.compile(""))
        yield


def cuts_and_readings(text: str, ends) -> tuple[list[int], list[list]]:
    """Return where safe_cut cuts text[:end] for each end, and the regions of the text read in the
    two pieces of each of those cuts."""
    cuts = [markdown.safe_cut(text[:end], False) for end in ends]
    readings = [list(markdown.regions(text[:cut])) + [r.shifted(cut) for r in markdown.regions(text[cut:])] for cut in sorted(set(cuts))]
    return cuts, readings


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_plain_paragraphs_read_and_cut_as_the_whole_parse(name, line_break):
    text = fixture(name).replace("\n", line_break)
    quick = cuts_and_readings(text, range(len(text) + 1))
    with parsed_whole():
        whole = cuts_and_readings(text, range(len(text) + 1))
    assert quick == whole


BLOCKS = table("blocks.toml", "block")


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block["construct"])
def test_which_blocks_are_plain(block):
    first = next(markdown_blocks._blocks(block["markdown"].replace("{}", "Mohamed Chia al-Soudani")))
    assert first.plain == block.get("plain", False)


@st.composite
def mixed_markdown(draw):
    """Return Markdown mixing plain paragraphs with every construct, blocks between blank lines
    (of spaces too) or run together, and a few places to cut it."""
    names = ["Soudani", "Mohamed Chia al-Soudani", "the minister", "Hizballah's office"]
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=12))
    if draw(st.booleans()):  # front matter, or what may look like its start, opens the text
        blocks.insert(0, draw(st.sampled_from([block for block in BLOCKS if block["markdown"].startswith("---")])))
    parts = []
    for block in blocks:
        parts.append(block["markdown"].replace("{}", draw(st.sampled_from(names))))
        parts.append(draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n  \n", "\n"])))
    text = "".join(parts).replace("\n", draw(st.sampled_from(["\n", "\r\n"])))
    return text, draw(st.lists(st.integers(0, len(text)), max_size=4))


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_markdown())
def test_mixed_markdown_reads_and_cuts_as_the_whole_parse(document):
    text, ends = document
    quick = list(markdown.regions(text)), cuts_and_readings(text, ends)
    with parsed_whole():
        whole = list(markdown.regions(text)), cuts_and_readings(text, ends)
    assert quick == whole


@pytest.mark.parametrize("case", table("source_spans.toml"), ids=lambda case: case["phrase"])
def test_source_span_of_a_phrase(case):
    text = case["markdown"]
    region = next(r for r in markdown.regions(text) if case["phrase"] in r.text)
    start = region.text.index(case["phrase"])
    span = region.source_span(start, start + len(case["phrase"]))
    marked = "" if span is None else text[: span[0]] + "⟦" + text[span[0] : span[1]] + "⟧" + text[span[1] :]
    assert marked == case["marked"]


@pytest.mark.parametrize("case", table("front_matter.toml"), ids=lambda case: case["line"])
def test_front_matter_line(case):
    read = [(region.kind, region.text) for region in front_matter_regions([(case["line"], 0)])]
    assert read == ([(case["kind"], case["text"])] if "kind" in case else [])


@pytest.mark.parametrize("case", table("safe_cuts.toml"), ids=lambda case: case["buffer"])
def test_safe_cut(case):
    buffer = case["buffer"].replace("⟂", "")
    assert markdown.safe_cut(buffer, case.get("final", False)) == case["buffer"].index("⟂")


def test_front_matter_is_read_only_at_the_start():
    text = "Intro\n\n---\ntitle: Soudani\n---\n"
    assert [region.text for region in markdown.regions(text)] == ["Intro", "title: Soudani"]


def test_markdown_is_a_registered_format():
    assert text_formats()["markdown"] is markdown
    assert format_of("notes/Visit.MD") == format_of("post.markdown") == "markdown"


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_findings_and_fixed_file(name, fixture_matcher):
    assert_checked_and_fixed(fixture(name), DATA / f"{name}.md", "markdown", fixture_matcher,
                             DATA / f"{name}.findings.csv", DATA / f"{name}.fixed.md")


MARKDOWN_PIECES = ["Soudani", "al-", " ", "\n", "\r\n", "\n\n", "> ", "- ", "1. ", "    ", "\t", "*", "**", "_", "`",
                   "```\n", "[", "]", "(", ")", "](x.example/a)", "![", "<b>", "</b>", "<!-- c -->", "&amp;",
                   "&nbsp;", "\\", "\\*", "|", "| a | b |\n|---|---|\n", "#", "## ", "===\n", "---\n", "\x00"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
@example("al-\n\n---\n| a | b |\n|---|---|\n---\n")  # a buffer ending in "--" where it would be cut
@example("Soudani\n\n" + "> " * 20 + "Soudani\n\n" + "- " * 10 + "x\n")  # nested too deeply, said twice
def test_any_text_maps_back_and_reads_the_same_in_pieces(text):
    whole = list(markdown.regions(text))
    assert_mapped(text, whole)
    assert read_in_pieces(text, 7) == whole


# Constructs that stay open across blank lines, and their closers.
OPENERS = ["```\n", "~~~\n", "<script>\n", "</script>", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<div>\n", "2. ", "\u00a0"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKDOWN_PIECES + OPENERS), max_size=40).map("".join))
def test_any_text_reads_as_the_whole_parse(text):
    quick = list(markdown.regions(text))
    with parsed_whole():
        assert list(markdown.regions(text)) == quick


# Places a planted variant is written into: read (so fixed) or not read (so left alone). Indented
# code is in the fixtures only: after a list item, an indented block belongs to the item.
READABLE = [
    "{}", "## {}", "- {}", "> {}", "1. {}", "| Name |\n|---|\n| {} |", "the **{}** said",
    "the [{}](https://x.example/a) said", "![{}](photo.jpg)", "{}&#39;s aides", "Reported by\n{}.",
]
UNREADABLE = [
    "`{}`", "```\n{}\n```", "[the desk](<https://x.example/{}>)", "<!-- {} -->",
    '<div class="note">\n{}\n</div>', "[desk]: https://x.example/ 'about {}'", "the <b title=\"{}\">desk</b>",
]
# How the words of a readable variant may be written: as they are, one word emphasized, or the
# first space as a no-break space entity.
WRITINGS = ["plain", "*", "**", "_", "nbsp"]


def written(spelling: str, writing: str, word: int) -> str:
    words = spelling.split(" ")
    if writing == "nbsp" and len(words) > 1:
        return words[0] + "&nbsp;" + " ".join(words[1:])
    if writing in ("*", "**", "_"):
        words[word % len(words)] = f"{writing}{words[word % len(words)]}{writing}"
    return " ".join(words)


@st.composite
def planted_markdown(draw):
    """Return (document, expected fixed document) of Markdown with planted variants."""
    rows = conftest_table("planted.csv")
    blocks, expected = [], []
    if draw(st.booleans()):
        row = draw(st.sampled_from(rows))
        blocks.append(f"---\ntitle: {row['variant']}\nslug: {row['variant']}\n---")
        expected.append(f"---\ntitle: {row['fixed']}\nslug: {row['variant']}\n---")
    for _ in range(draw(st.integers(1, 10))):
        row = draw(st.sampled_from(rows))
        if draw(st.booleans()):
            context = draw(st.sampled_from(READABLE))
            writing, word = draw(st.sampled_from(WRITINGS)), draw(st.integers(0, 3))
            blocks.append(context.format(written(row["variant"], writing, word)))
            expected.append(context.format(written(row["fixed"], writing, word)))
        else:
            blocks.append(draw(st.sampled_from(UNREADABLE)).format(row["variant"]))
            expected.append(blocks[-1])
    separator = draw(st.sampled_from(["\n\n", "\r\n\r\n"]))
    return separator.join(blocks) + "\n", separator.join(expected) + "\n"


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(planted_markdown())
def test_exactly_the_readable_planted_variants_are_fixed(default_matcher, document):
    source, expected = document
    assert_fixed_exactly(source, expected, "markdown", default_matcher)



@pytest.mark.parametrize(
    "text, read, problem_at",
    [
        ("> " * 19 + "Soudani\n", "Soudani", None),
        ("intro\n\n" + "> " * 20 + "Soudani\n", "intro", 7),
        ("- " * 9 + "Soudani\n", "Soudani", None),
        ("- " * 10 + "Soudani\n", "", 0),
    ],
)
def test_blocks_nested_too_deeply_to_read_are_said_not_skipped_silently(text, read, problem_at):
    found = list(markdown.regions(text))
    problems = [(item.offset, item.message) for item in found if isinstance(item, DocumentProblem)]
    assert " ".join(item.text for item in found if not isinstance(item, DocumentProblem)) == read
    assert problems == ([] if problem_at is None else [(problem_at, markdown.NESTED_TOO_DEEPLY)])
