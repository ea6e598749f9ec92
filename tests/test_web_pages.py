"""The pages: strict Content-Security-Policy, no external resource, every text escaped, the
lexicon search answered by the matcher, the report page made of the HTML report, and no request
path that reaches the file system."""

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from conftest import DATA

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
from starlette.testclient import TestClient  # noqa: E402

from namecheck.api import load_matcher  # noqa: E402
from namecheck.web.app import create_app  # noqa: E402
from namecheck.web.security import PAGE_POLICY, inline_policy  # noqa: E402
from namecheck.web.settings import WebSettings  # noqa: E402
from web_support import file_writes  # noqa: E402

HOSTILE = DATA / "web" / "hostile.toml"
PAGES = ["/", "/lexicon", "/lexicon?q=Soudani", "/report", "/no-such-page"]


@pytest.fixture(scope="module")
def client(default_matcher):
    return TestClient(create_app(default_matcher), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def hostile_client():
    matcher = load_matcher([str(HOSTILE)], with_default=False)
    return TestClient(create_app(matcher), base_url="http://127.0.0.1")


class Resources(HTMLParser):
    """What a page loads or runs: addresses it names, inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.addresses, self.inline = [], []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.addresses += [attributes[key] for key in ("src", "href", "action") if key in attributes]
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline.append((tag, attributes))
        if tag == "style" or (tag == "script" and "src" not in attributes):
            self.inline.append((tag, attributes))


def resources_of(page: str) -> Resources:
    parser = Resources()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_their_own_files_under_a_strict_policy(client, path):
    response = client.get(path)
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    found = resources_of(response.text)
    assert found.inline == []
    assert found.addresses and all(address.startswith("/") and not address.startswith("//") for address in found.addresses)
    for address in found.addresses:
        assert client.get(address).status_code == 200, address


def test_the_policy_has_no_unsafe_source_and_no_other_host():
    sources = PAGE_POLICY.replace(";", " ").split()
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources and "*" not in sources
    assert not [source for source in sources if "." in source or ":" in source]
    assert "default-src 'none'" in PAGE_POLICY and "frame-ancestors 'none'" in PAGE_POLICY


def test_static_files_name_no_other_host(client):
    script = client.get("/static/check.js").text
    style = client.get("/static/style.css").text
    assert client.get("/static/check.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    for text in (style, client.get("/static/report-nav.css").text):
        assert not re.search(r"https?:|url\(|@import", text), text[:80]
    assert not re.search(r"https?:", script)
    assert set(re.findall(r"send\('(/[^']*)'", script)) == {"/api/check", "/api/match", "/api/fix"}


@pytest.mark.parametrize(
    "path",
    ["/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/templates", "/static/nothing.js"],
)
def test_no_request_path_reaches_the_file_system(client, path):
    def requests():
        client.get("/lexicon?q=../../../etc/passwd")
        client.post("/api/check", files={"file": ("../../../../etc/passwd", b"Soudani")})
        client.post("/api/fix", json={"text": "Soudani", "filename": "/etc/passwd", "download": True})
        return client.get(path)

    requests()  # templates are read once when first used, and the client reads its MIME types
    with file_writes(reads=True) as events:
        response = requests()
    assert response.status_code == 404
    assert events == []


def test_an_unknown_host_is_refused(client):
    assert client.get("/", headers={"host": "rebound.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8000"}).status_code == 200


@pytest.mark.parametrize(
    "host, allowed",
    [("127.0.0.1", ["127.0.0.1", "::1", "[::1]", "localhost"]), ("0.0.0.0", ["*"]), ("10.1.2.3", ["10.1.2.3", "127.0.0.1", "::1", "[::1]", "localhost"])],
)
def test_the_hosts_answered_follow_the_address_served(host, allowed):
    assert WebSettings(host=host).allowed_hosts() == sorted(allowed)


def test_check_page_offers_every_format_and_the_upload_limit(default_matcher):
    page = TestClient(create_app(default_matcher, WebSettings(max_upload=5 * 1024 * 1024)), base_url="http://127.0.0.1").get("/").text
    options = re.findall(r'<option value="([^"]*)">', page)
    assert options == ["", "text", "markdown", "html", "jsonl", "docx"]
    assert 'data-max-upload="5242880"' in page and "at most 5 MB" in page


def test_lexicon_search_finds_an_entity_by_a_misspelling(client):
    page = client.get("/lexicon", params={"q": "Hachd al-Chaabi"}).text
    cards = re.findall(r'data-entity="([^"]+)"', page)
    assert cards[0] == "popular-mobilization-forces"
    first = page[page.index('data-entity="popular-mobilization-forces"') :]
    assert "matched as <b>variant</b>" in first[:2000]
    assert "Hashd al-Shaabi" in first[:500]
    assert "default lexicon: iraq.toml" in first[:4000]


@pytest.mark.parametrize(
    "query, entity, how",
    [("Kerkouk", "kirkuk", "matched as <b>phonetic</b>"), ("Kirkuk", "kirkuk", "the house spelling"), ("irku", "kirkuk", "a spelling holds your text")],
)
def test_lexicon_search_says_how_it_found_the_entity(client, query, entity, how):
    page = client.get("/lexicon", params={"q": query}).text
    card = page[page.index(f'data-entity="{entity}"') :]
    assert how in card[: card.index("</article>")]


def test_lexicon_search_for_nothing_known_says_so(client):
    page = client.get("/lexicon", params={"q": "Xqzv Wrtp"}).text
    assert "No entity is spelled like that." in page and "data-entity" not in page


def test_lexicon_page_escapes_the_query_and_every_lexicon_text(hostile_client):
    page = hostile_client.get("/lexicon", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = hostile_client.get("/lexicon", params={"q": "Zayd Karmouti"}).text
    assert "<img" not in page and "<script>document" not in page
    assert "&lt;img src=x onerror=&#34;document.title=&#39;owned&#39;&#34;&gt; &amp; &lt;script&gt;" in page
    assert f"<dd class=\"source\">{HOSTILE}</dd>" in page


def test_api_answers_keep_lexicon_markup_as_text(hostile_client):
    answer = hostile_client.post("/api/check", json={"text": "Zayd Karmouti spoke.", "details": True}).json()
    assert answer["entities"]["hostile-name"]["note"].startswith("<img src=x")
    assert hostile_client.post("/api/check", json={"text": "Zayd Karmouti"}).headers["content-type"] == "application/json"


def report_files() -> list:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("one.txt", "Mr. Soudani met the Hachd al-Chaabi.")
        archive.writestr("two.html", "<p>Mr. Sudani and Mr. Soudani</p>")
    return [("files", ("desk.zip", packed.getvalue())), ("files", ("three.txt", b"Nadjaf <script>x</script>"))]


def test_report_page_is_the_html_report_under_a_policy_of_its_own_hashes(client):
    with file_writes() as writes:
        response = client.post("/report", files=report_files())
    assert writes == []
    page = response.text
    assert 'data-entity="mohammed-shia-al-sudani"' in page and "desk.zip/two.html" in page
    assert "Nadjaf &lt;script&gt;" not in page  # a document's text is counted, never shown
    assert '<link rel="stylesheet" href="/static/report-nav.css">' in page and 'href="/report"' in page
    policy = response.headers["content-security-policy"]
    assert policy == inline_policy(page)
    assert "'unsafe-inline'" not in policy and "'self'" not in policy.split("script-src")[1].split(";")[0]


def test_inline_policy_admits_exactly_the_inline_pieces_of_the_page():
    page = '<style>b{}</style><b style="width:5%">x</b><b style="width:5%"></b><script>go()</script>'
    policy = inline_policy(page)
    # sha256 of "go()", "b{}" and "width:5%", as `openssl dgst -sha256 -binary | base64` gives them
    assert "script-src 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw=';" in policy
    assert "'sha256-7yqHVAesot11p6HczDsgKRipvI5UPgs97z80zNXlans=' 'unsafe-hashes' 'sha256-g7TjfyQeK41uaP4TMhNgOd8QBpUCXofUCBgm12yYSkA='" in policy
    assert "script-src 'none'" in inline_policy("<p>nothing inline</p>")


def test_report_page_without_files_answers_an_error_page(client):
    response = client.post("/report", files={"file": ("x.txt", b"")})
    assert response.status_code == 400
    assert "unknown field &#39;file&#39; (fields: files)" in response.text
    assert response.headers["content-type"].startswith("text/html")
