"""The HTML report, parsed: one self-contained page with a card and bars per entity."""

from html.parser import HTMLParser

import pytest
from conftest import DATA

from namecheck.api import load_matcher
from namecheck.consistency import ConsistencyCounter
from namecheck.report_html import html_report
from namecheck.scanner import scan_mentions

DOCS = {
    "a.txt": "Saddam Hussein visited Najaf. Later Saddam Husayn left Nadjaf for <Basra> & Najaf.",
    "b&c.txt": "Saddam Hussein spoke in Basra.",
}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.entities, self.bars, self.external, self.buttons = [], [], [], []
        self._in_name = None
        self.names = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class", "").split()
        if tag == "section" and "entity" in classes:
            self.entities.append(attrs)
        if "bar" in classes:
            self.bars.append((self.entities[-1]["data-entity"], classes[1], attrs["style"]))
        if tag in ("script", "img", "link") and attrs.get("src", attrs.get("href", "")).startswith(("http", "//")):
            self.external.append(attrs)
        if tag == "button":
            self.buttons.append(attrs["data-sort"])
        if tag == "div" and classes == ["name"]:
            self._in_name = ""

    def handle_data(self, data):
        if self._in_name == "":
            self.names.append(data)
            self._in_name = None


@pytest.fixture(scope="module")
def page():
    matcher = load_matcher([str(DATA / "house_only.toml")], with_default=False)
    counter = ConsistencyCounter(matcher.lexicon)
    for path, text in DOCS.items():
        counter.add(path, scan_mentions(text, matcher))
    html = html_report(counter.report())
    parser = Page()
    parser.feed(html)
    return html, parser


def test_one_card_per_entity_most_inconsistent_first(page):
    _, parsed = page
    assert [e["data-entity"] for e in parsed.entities] == ["najaf", "saddam-hussein", "basra"]
    assert [int(e["data-inconsistencies"]) for e in parsed.entities] == [1, 1, 0]
    assert "consistent" in parsed.entities[-1]["class"].split()


def test_bars_show_the_distribution(page):
    _, parsed = page
    najaf = [(kind, style) for entity, kind, style in parsed.bars if entity == "najaf"]
    assert najaf == [("house", "width:100.0%"), ("other", "width:50.0%")]


def test_spellings_documents_and_suggestion(page):
    html, parsed = page
    assert parsed.names[:2] == ["Najaf", "Nadjaf"]
    assert "replace with Najaf" in html and 'class="suggested">Najaf<' in html
    assert '<li><span class="path">a.txt</span> (2)</li>' in html


def test_self_contained_sortable_and_escaped(page):
    html, parsed = page
    assert parsed.external == [] and "http" not in html
    assert parsed.buttons == ["inconsistencies", "mentions", "name"]
    assert "<style>" in html and "<script>" in html
    assert "b&amp;c.txt" in html and "b&c.txt" not in html  # paths are escaped


def test_a_spelling_homonyms_share_says_it_is_ambiguous():
    from namecheck.lexicon import build_lexicon
    from namecheck.matcher import Matcher

    source = (
        '[lexicon]\nname = "x"\n'
        '[[entity]]\nid = "tripoli-lebanon"\nname = "Tripoli"\n'
        '[[entity]]\nid = "tripoli-libya"\nname = "Tripoli"\n'
    )
    matcher = Matcher(build_lexicon([("tripolis.toml", source)]))
    counter = ConsistencyCounter(matcher.lexicon)
    counter.add("a.txt", scan_mentions("Clashes in Tripoli went on.", matcher))
    assert "ambiguous: tripoli-lebanon, tripoli-libya" in html_report(counter.report())
