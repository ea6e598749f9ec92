"""The HTML report in headless Chromium: what an editor sees and can do, asserted on the DOM,
with a screenshot. Skipped without Chromium and its driver, except under CI (CI=true), where a
missing browser fails."""

import os
import shutil

import pytest
from conftest import HOUSE_ONLY
from typer.testing import CliRunner

from namecheck.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
# The flags headless Chromium needs as root on a machine without a network but localhost.
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,1600",
)
DOCS = {
    "a.md": "# Notes\n\nThe governor of Nadjaf met Saddam Hussein.\n\nLater Saddam Husayn went to Nadjaf again.\n",
    "b.md": "Saddam Hussein spoke in Najaf and in Basra.\n",
    "c.md": "Karbala was quiet.\n",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and DRIVER):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium and chromedriver are needed under CI (Debian packages chromium, chromium-driver)")
        pytest.skip("Chromium or chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = folder.parent / "report.html"
    result = CliRunner().invoke(app, ["report", "--no-default-lexicon", "-l", str(HOUSE_ONLY), "--format", "html", "-o", str(report), str(folder)])
    assert result.exit_code == 0, result.stderr
    browser.get(report.as_uri())
    return browser, report


def _visible_entities(driver) -> list[str]:
    return [e.get_attribute("data-entity") for e in driver.find_elements("css selector", "section.entity") if e.is_displayed()]


def test_inconsistent_entities_first_and_single_spellings_folded(page, tmp_path):
    driver, _ = page
    assert _visible_entities(driver) == ["najaf", "saddam-hussein"]  # basra and karbala are folded away
    folded = driver.find_element("css selector", "#folded")
    assert folded.get_attribute("open") is None and "2 entities written one way only" in folded.text
    screenshot = tmp_path / "report.png"
    driver.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 10_000


def test_each_spelling_shows_documents_lines_and_a_highlighted_snippet(page):
    driver, _ = page
    najaf = driver.find_element("css selector", 'section[data-entity="najaf"]')
    other = najaf.find_element("css selector", '.spelling[data-house="false"]')
    assert other.find_element("css selector", ".name").text.startswith("Nadjaf")
    snippets = other.find_elements("css selector", ".snippets li")
    assert [s.find_element("css selector", "mark").text for s in snippets] == ["Nadjaf"]
    assert snippets[0].find_element("css selector", ".where").text.endswith("a.md:3")
    assert "a.md (2) lines 3, 5" in other.find_element("css selector", "ul.documents").text


def test_the_filter_box(page):
    driver, _ = page
    box = driver.find_element("css selector", "#filter")
    box.send_keys("karb")
    assert _visible_entities(driver) == ["karbala"]
    assert driver.find_element("css selector", "#folded").get_attribute("open") is not None
    box.clear()
    box.send_keys("b.md")
    assert set(_visible_entities(driver)) == {"najaf", "saddam-hussein", "basra"}
    driver.execute_script("var f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input'));")
    assert _visible_entities(driver) == ["najaf", "saddam-hussein"]


def test_still_one_self_contained_file(page):
    driver, report = page
    html = report.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "src=" not in html
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
