import html
import os
import random
import tomllib

import pytest
from conftest import DATA, assert_checked_and_fixed, assert_fixed_exactly, table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namecheck.api import load_matcher
from namecheck.documents import FORMAT_NAMES, format_of, text_formats
from namecheck.documents import html as html_format
from namecheck.documents.regions import ESCAPE_HTML, ESCAPE_HTML_ATTRIBUTE, KIND_ATTRIBUTE

HTML_DATA = DATA / "documents" / "html"
PLANTED = table("planted.csv")
# Each fixture X.html comes with X.regions.toml, X.findings.csv and X.fixed.html.
FIXTURES = sorted(path.name.removesuffix(".regions.toml") for path in HTML_DATA.glob("*.regions.toml"))


def toml_table(name: str, key: str) -> list[dict]:
    with open(HTML_DATA / name, "rb") as stream:
        return tomllib.load(stream)[key]


def fixture_source(stem: str) -> str:
    with open(HTML_DATA / f"{stem}.html", encoding="utf-8", newline="") as stream:
        return stream.read()


def described(regions) -> list[str]:
    return [f"{region.kind}: {region.text}" for region in regions]


def mapping_problems(source: str, regions) -> list[str]:
    """Every way the regions fail to map back to `source`: literal pieces that differ from
    their source, escapes whose source does not decode to them, pieces that do not tile the
    reader text, regions out of source order, escapings that do not fit the kind."""
    problems, previous_start = [], 0
    for region in regions:
        at = 0
        for piece in region.pieces:
            written = source[piece.source : piece.source + piece.source_length]
            read = region.text[piece.at : piece.at + piece.length]
            if piece.at != at or not read:
                problems.append(f"pieces do not tile {region.text!r} at {piece}")
            if piece.literal and (written != read or piece.length != piece.source_length):
                problems.append(f"literal {written!r} read as {read!r}")
            if not piece.literal and html.unescape(written) != read:
                problems.append(f"escape {written!r} read as {read!r}")
            at = piece.at + piece.length
        if at != len(region.text):
            problems.append(f"pieces end at {at} in {region.text!r}")
        if region.start < previous_start:
            problems.append(f"{region.text!r} at {region.start} comes after a region at {previous_start}")
        expected_escape = ESCAPE_HTML_ATTRIBUTE if region.kind == KIND_ATTRIBUTE else ESCAPE_HTML
        if region.escape != expected_escape:
            problems.append(f"{region.kind} region escaped as {region.escape}")
        previous_start = region.start
    return problems


@pytest.mark.parametrize("stem", FIXTURES)
def test_fixture_regions(stem):
    expected = toml_table(f"{stem}.regions.toml", "region")
    assert described(html_format.regions(fixture_source(stem))) == [f"{r['kind']}: {r['text']}" for r in expected]


@pytest.mark.parametrize("stem", FIXTURES)
def test_fixture_regions_map_back_to_the_source(stem):
    source = fixture_source(stem)
    assert mapping_problems(source, list(html_format.regions(source))) == []


@pytest.mark.parametrize("stem", FIXTURES)
@pytest.mark.parametrize("feed_size", [1, 2, 7, 100])
def test_regions_do_not_depend_on_how_the_parser_is_fed(stem, feed_size):
    source = fixture_source(stem)
    assert list(html_format.regions(source, feed_size=feed_size)) == list(html_format.regions(source))


@pytest.fixture(scope="module")
def fixture_matcher():
    return load_matcher([str(HTML_DATA / "lexicon.toml")], with_default=False)


@pytest.mark.parametrize("stem", FIXTURES)
def test_fixture_findings_and_fixed_file(stem, fixture_matcher):
    assert_checked_and_fixed(fixture_source(stem), HTML_DATA / f"{stem}.html", "html", fixture_matcher,
                             HTML_DATA / f"{stem}.findings.csv", HTML_DATA / f"{stem}.fixed.html")


CASES = toml_table("cases.toml", "case")


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_cases(case):
    regions = list(html_format.regions(case["html"]))
    assert described(regions) == case["regions"]
    assert mapping_problems(case["html"], regions) == []


SPANS = toml_table("spans.toml", "span")


@pytest.mark.parametrize("case", SPANS, ids=[f"{case['html']} {case['text']}" for case in SPANS])
def test_source_span_of_reader_text(case):
    region = next(r for r in html_format.regions(case["html"]) if case["text"] in r.text)
    start = region.text.index(case["text"])
    span = region.source_span(start, start + len(case["text"]))
    assert (span and case["html"][span[0] : span[1]]) == case.get("source")


FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<span class='c1'>", "</span>", "<td>", "<h2>", "</h2>", "<br>",
    "<pre>", "</pre>", "<code>", "</code>", "<script>", "</script>", "<style>", "</style>", "<svg>",
    "</svg>", "<!--", "-->", "<!", "<?", "<![", "]]>", "<![CDATA[", "<", ">", "/>", "</", "&", "&#",
    "&#39;", "&#x27", "&amp;", "&amp", "&nbsp;", "&notin", "&bogus;", ";", "=", "'", '"', " ",
    "\n", "\r\n", "\t", "<img alt=", "<abbr title=\"", "<a href=", " title=", " alt='", "Soudani",
    "al-", "Mohamed", "Nadjaf", "é", "\u00ad", "x", "1",
]


def random_document(seed: int) -> str:
    chooser = random.Random(seed)
    return "".join(chooser.choice(FRAGMENTS) for _ in range(chooser.randint(0, 60)))


@pytest.mark.parametrize("seed", range(400))
def test_any_input_reads_without_error_and_maps_back(seed):
    source = random_document(seed)
    regions = list(html_format.regions(source))
    assert mapping_problems(source, regions) == []
    assert list(html_format.regions(source, feed_size=3)) == regions


def test_documents_are_read_whole():
    assert html_format.safe_cut("<p>Mohamed Chia</p>\n\n<p>al-Soudani</p>", final=False) == 0
    assert html_format.safe_cut("<p>Mohamed Chia</p>", final=True) == len("<p>Mohamed Chia</p>")


@pytest.mark.parametrize("path", ["story.html", "story.HTM", "page.xhtml", "dir.v2/index.htm"])
def test_html_format_by_extension(path):
    assert format_of(path) == "html"
    assert text_formats()["html"] is html_format
    assert "html" in FORMAT_NAMES


def test_explicit_format_wins_over_the_extension():
    assert format_of("story.html", "text") == "text"
    assert format_of("story.txt", "html") == "html"


# Places a planted variant is written into: read (so fixed) or not read (so left alone).
READABLE_TEXT = [
    "<p>{}</p>", "<h2>{}</h2>", "<table><tr><td>{}</td></tr></table>", "<ul><li>{}</li></ul>",
    "<p>the <b>{}</b> said</p>", '<p>the <a href="/x">{}</a> said</p>', "<p>{}&#39;s aides</p>",
]
READABLE_ATTRIBUTES = ['<img alt="{}" src="photo.jpg">', "<p><abbr title='{}'>PMF</abbr> said</p>"]
UNREADABLE = [
    '<p><a href="{}">the desk</a></p>', '<div id="{}"></div>', '<p class="{}">the desk</p>',
    '<p data-name="{}">the desk</p>', '<script>var name = "{}";</script>', "<style>/* {} */</style>",
    "<p><code>{}</code></p>", "<pre>{}</pre>", "<!-- {} -->", "<p><kbd>{}</kbd></p>",
]
# How the words of a readable variant may be written: as they are, one word in a tag of its own
# (in text), or the first space as a no-break space.
WRITINGS = ["plain", "<em>", "<a href='/x'>", "<span class='c2'>", "nbsp"]


def written(spelling: str, writing: str, word: int) -> str:
    words = spelling.split(" ")
    if writing.startswith("<"):
        tag = writing[1:].split(" ")[0].rstrip(">")
        words[word % len(words)] = f"{writing}{words[word % len(words)]}</{tag}>"
    if writing == "nbsp" and len(words) > 1:
        return words[0] + "&nbsp;" + " ".join(words[1:])
    return " ".join(words)


@st.composite
def planted_page(draw):
    """Return (page, expected fixed page) of an HTML page with planted variants."""
    head = "<html><head><title>Notes</title></head><body>"
    blocks, expected = [head], [head]
    for _ in range(draw(st.integers(1, 10))):
        row = draw(st.sampled_from(PLANTED))
        if draw(st.booleans()):
            context = draw(st.sampled_from(READABLE_TEXT + READABLE_ATTRIBUTES))
            writings = WRITINGS if context in READABLE_TEXT else ["plain", "nbsp"]
            writing, word = draw(st.sampled_from(writings)), draw(st.integers(0, 3))
            blocks.append(context.format(written(row["variant"], writing, word)))
            expected.append(context.format(written(row["fixed"], writing, word)))
        else:
            context = draw(st.sampled_from(UNREADABLE))
            blocks.append(context.format(row["variant"]))
            expected.append(blocks[-1])
    separator = draw(st.sampled_from(["\n", "", "\r\n  "]))
    return separator.join(blocks + ["</body></html>\n"]), separator.join(expected + ["</body></html>\n"])


@settings(max_examples=int(os.environ.get("NAMECHECK_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(planted_page())
def test_exactly_the_readable_planted_variants_are_fixed(default_matcher, document):
    page, expected = document
    assert_fixed_exactly(page, expected, "html", default_matcher)
