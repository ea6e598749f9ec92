"""The pages driven in headless Chromium (Debian's chromium and chromedriver, through Selenium)
against a real `namecheck serve`: send a document, see its names marked, accept and reject with
the keyboard, download, and compare the file byte for byte. Screenshots of the check page go to
build/screenshots/ (or $NAMECHECK_SCREENSHOTS) for a person to look at.

Without a browser these tests are skipped, except in CI (CI=true), where they fail: the CI
script installs the browser, so a missing piece there is a broken set-up, not a reason to pass.
"""

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import DATA
from web_server import ServerDidNotStart, started_server

WEB = DATA / "web"
CASES = tomllib.loads((WEB / "browser_cases.toml").read_text(encoding="utf-8"))["case"]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(os.environ.get("NAMECHECK_SCREENSHOTS") or ROOT / "build" / "screenshots")
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)
WAIT = 20  # seconds a page may take to show what is awaited (a slow CI machine)


def missing(reason: str):
    """Fail in CI, where the browser must be there; skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _program(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if found is None:
        missing(f"{name} is not installed (Debian packages chromium chromium-driver)")
    return found


@pytest.fixture(scope="module")
def webdriver_module():
    try:
        from selenium import webdriver
    except ImportError:
        missing("selenium is not installed (pip install '.[test]')")
    return webdriver


@pytest.fixture(scope="module")
def server():
    """A real `namecheck serve` in its own process; yields its address."""
    if os.environ.get("CI") != "true":
        pytest.importorskip("starlette")
    try:
        process, address = started_server()
    except ServerDidNotStart as error:
        pytest.fail(str(error))
    yield address
    process.terminate()
    process.communicate(timeout=20)


@pytest.fixture(scope="module")
def browser(webdriver_module):
    from selenium.webdriver.chrome.service import Service

    options = webdriver_module.ChromeOptions()
    options.binary_location = _program("chromium")
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver_module.Chrome(service=Service(_program("chromedriver")), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def downloads(browser, tmp_path):
    """A fresh folder that the browser saves downloads into."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    browser.get_log("browser")  # start each test with an empty console
    return folder


def wait_for(browser, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT).until(lambda driver: condition(driver), message)


def by_id(browser, element_id: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id)


def marks(browser) -> list:
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, "#document mark.finding")


def press(browser, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(browser).send_keys(key).perform()


def console_errors(browser) -> list:
    """Errors the page logged (a script error, a resource or inline code the policy refused)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def downloaded(folder: Path, name: str, browser) -> bytes:
    target = folder / name
    wait_for(browser, lambda _: target.exists() and not list(folder.glob("*.crdownload")), f"no download {name}")
    return target.read_bytes()


def screenshot(browser, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


DROP_SCRIPT = """
const [name, text] = arguments;
const data = new DataTransfer();
data.items.add(new File([text], name));
const zone = document.getElementById('drop');
for (const type of ['dragenter', 'dragover', 'drop']) {
  zone.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
}
"""


def send_document(browser, case: dict) -> None:
    """Put the case's document on the page as a person would, then press Check."""
    path = WEB / case["document"]
    if case["send"] == "paste":
        by_id(browser, "text").send_keys(path.read_text(encoding="utf-8"))
    elif case["send"] == "choose":
        by_id(browser, "file").send_keys(str(path))
    else:
        browser.execute_script(DROP_SCRIPT, path.name, path.read_text(encoding="utf-8"))
        assert by_id(browser, "file-name").text.startswith(path.name)
    by_id(browser, "check-button").click()


def shown_names(browser) -> list[tuple[str, str]]:
    """(spelling, kind) of every marked name, in page order."""
    found = []
    for mark in marks(browser):
        kind = next(name.removeprefix("kind-") for name in mark.get_attribute("class").split() if name.startswith("kind-"))
        found.append((mark.find_element("css selector", ".from").get_attribute("textContent"), kind))
    return found


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_check_accept_reject_and_download(browser, server, downloads, case):
    browser.get(server + "/")
    send_document(browser, case)
    wait_for(browser, lambda _: len(marks(browser)) == len(case["flagged"]), "the flagged names are not marked")
    assert shown_names(browser) == list(zip(case["flagged"], case["kinds"]))
    colours = {kind: mark.value_of_css_property("background-color") for mark, kind in zip(marks(browser), case["kinds"])}
    assert len(set(colours.values())) == len(colours)  # one colour a kind

    marks(browser)[0].click()
    assert by_id(browser, "p-text").get_attribute("textContent") == case["flagged"][0]
    wait_for(browser, lambda _: "decision:" in by_id(browser, "p-explain").text, "no explanation in the panel")
    assert by_id(browser, "p-house").text and by_id(browser, "p-note").text and by_id(browser, "p-score").text == "1.00"
    entity_link = by_id(browser, "p-entity").find_element("css selector", "a")
    assert entity_link.get_attribute("href").startswith(server + "/lexicon?q=")
    press(browser, case["keys"])
    states = [set(mark.get_attribute("class").split()) & {"accepted", "rejected"} for mark in marks(browser)]
    assert [index for index, state in enumerate(states) if state == {"accepted"}] == case["accepted"]
    assert [index for index, state in enumerate(states) if state == {"rejected"}] == case["rejected"]
    pending = len(case["flagged"]) - len(case["accepted"]) - len(case["rejected"])
    assert by_id(browser, "summary").text.endswith(f"{len(case['accepted'])} accepted, {len(case['rejected'])} rejected, {pending} to decide.")
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, f"check-{case['name']}")

    by_id(browser, "download").click()
    assert downloaded(downloads, case["download"], browser) == (WEB / case["expected"]).read_bytes()
    assert console_errors(browser) == []


ESCAPE_TEXT = (
    "Mr. Soudani spoke <img src=x onerror=\"document.title='owned'\"> in Nadjaf;\n"
    "Soudani's aides <b>stayed</b> behind.\n"
)


def test_keys_move_between_names_and_accept_all_like_this(browser, server, downloads):
    browser.get(server + "/")
    title = browser.title
    browser.execute_script("const area = document.getElementById('text'); area.value = arguments[0];", ESCAPE_TEXT)
    by_id(browser, "check-button").click()
    wait_for(browser, lambda _: len(marks(browser)) == 3, "the flagged names are not marked")
    shown = browser.execute_script(
        "const copy = document.getElementById('document').cloneNode(true);"
        "copy.querySelectorAll('.to').forEach((node) => node.remove()); return copy.textContent;"
    )
    assert shown == ESCAPE_TEXT  # the markup is shown as text
    assert not browser.find_elements("css selector", "#document img, #document b")
    assert browser.title == title

    current = lambda: by_id(browser, "p-text").get_attribute("textContent")  # noqa: E731
    assert current() == "Soudani"  # the first name is selected on arrival
    press(browser, "j")
    assert current() == "Nadjaf"
    press(browser, "nkp")
    assert current() == "Soudani" and by_id(browser, "p-position").text.startswith("Name 1 of 3")
    press(browser, "A")
    states = [mark.get_attribute("class") for mark in marks(browser)]
    assert ["accepted" in state for state in states] == [True, False, True]
    by_id(browser, "download").click()
    assert downloaded(downloads, "namecheck-fixed.txt", browser) == ESCAPE_TEXT.replace("Soudani", "Sudani").encode("utf-8")
    assert console_errors(browser) == []


def test_a_document_that_cannot_be_read_is_named_in_an_error(browser, server, downloads, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Mr. Soudani a été reçu.".encode("latin-1"))
    browser.get(server + "/")
    by_id(browser, "file").send_keys(str(latin))
    by_id(browser, "check-button").click()
    wait_for(browser, lambda _: by_id(browser, "error").is_displayed(), "no error shown")
    assert by_id(browser, "error").text == "latin.txt: not UTF-8 text (byte 14)"
    assert not by_id(browser, "results").is_displayed()


def test_report_page_shows_the_html_report_under_its_own_policy(browser, server, downloads, tmp_path):
    from selenium.webdriver.common.by import By

    (tmp_path / "one.txt").write_text("Mr. Soudani met the Hachd al-Chaabi in Nadjaf.", encoding="utf-8")
    (tmp_path / "two.html").write_text("<p>Mr. Sudani and Mr. Soudani visited Najaf.</p>", encoding="utf-8")
    browser.get(server + "/report")
    by_id(browser, "report-files").send_keys(f"{tmp_path / 'one.txt'}\n{tmp_path / 'two.html'}")
    by_id(browser, "report-button").click()
    wait_for(browser, lambda _: browser.find_elements(By.CSS_SELECTOR, "section.entity"), "no report")
    entities = [section.get_attribute("data-entity") for section in browser.find_elements(By.CSS_SELECTOR, "section.entity")]
    assert set(entities) == {"mohammed-shia-al-sudani", "najaf", "popular-mobilization-forces"}
    bars = browser.find_elements(By.CSS_SELECTOR, ".bar")
    assert all(float(bar.value_of_css_property("width").removesuffix("px")) > 0 for bar in bars)  # style attributes applied
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="name"]').click()  # the report's own script runs
    assert "active" in browser.find_element(By.CSS_SELECTOR, 'button[data-sort="name"]').get_attribute("class")
    screenshot(browser, "report")
    assert console_errors(browser) == []


def test_lexicon_page_finds_a_misspelled_name(browser, server, downloads):
    from selenium.webdriver.common.by import By

    browser.get(server + "/lexicon")
    by_id(browser, "lexicon-query").send_keys("Massrour Barzani\n")
    wait_for(browser, lambda _: browser.find_elements(By.CSS_SELECTOR, ".entity-card"), "no entity found")
    first = browser.find_elements(By.CSS_SELECTOR, ".entity-card")[0]
    assert first.get_attribute("data-entity") == "masrour-barzani"
    assert "matched as phonetic" in first.text
    assert console_errors(browser) == []
