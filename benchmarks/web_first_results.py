"""How long the check page takes to show its first results for a 1 MB article.

Run after the README's test install:
    python benchmarks/web_first_results.py [--rounds N] [--size BYTES] [--seeds FOLDER]

Every time is taken against a real `namecheck serve` (default lexicon) started afresh in its
own process, its matcher's caches empty, as for the first article a person checks, except the
one marked warm. For each corpus of about 1 MB:

- API first findings: POST /api/check with stream (what the page asks for) until the first
  piece of findings arrives;
- API whole: POST /api/check with details, until the whole JSON answer is read and parsed;
  "warm": the same request a second time on the same server;
- page first marks, page all marked: in headless Chromium (when Debian's chromium and
  chromedriver are installed), from the click on Check to the first flagged name marked in the
  document, and to the whole document marked with the download ready, timed in the page.

Medians over the rounds. Corpora: the web tests' article (tests/data/web/article.txt, a name to
fix every 120 characters: far denser than news) repeated, and the seed articles repeated when
their folder (--seeds, default ../shared/seeds) is present.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_server import started_server  # noqa: E402  (the tests' own way to start the server)

ARTICLE = ROOT / "tests" / "data" / "web" / "article.txt"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)

# Resolves with [first, all]: the milliseconds from the click on Check to the first marked name,
# and to the whole document marked with the download ready.
PAGE_TIMING = """
const done = arguments[arguments.length - 1];
const marked = document.getElementById('document');
const download = document.getElementById('download');
const started = performance.now();
let first = null;
const observer = new MutationObserver(() => {
  if (first === null && marked.querySelector('mark.finding')) { first = performance.now() - started; }
  if (first !== null && !download.disabled) {
    observer.disconnect();
    requestAnimationFrame(() => done([first, performance.now() - started]));
  }
});
observer.observe(document.getElementById('results'), {attributes: true, childList: true, subtree: true});
document.getElementById('check-button').click();
"""


def repeated(text: str, size: int) -> str:
    """Return `text` repeated to `size` bytes, copies separated by a blank line."""
    copies = size // len(text.encode("utf-8")) + 1
    return "\n\n".join([text.strip()] * copies)[:size]


def corpora(size: int, seeds_folder: Path) -> list[tuple[str, str]]:
    """Return (name, text) of the corpora of about `size` bytes."""
    found = [("web test article repeated", repeated(ARTICLE.read_text(encoding="utf-8"), size))]
    if seeds_folder.is_dir():
        seeds = "\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds_folder.glob("*.txt")))
        found.append(("seed articles repeated", repeated(seeds, size)))
    return found


def api_seconds(address: str, text: str) -> tuple[float, int]:
    """Return the seconds until the whole answer of a check with details is read, and its findings."""
    body = json.dumps({"text": text, "details": True}).encode("utf-8")
    request = urllib.request.Request(address + "/api/check", body, {"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    return time.perf_counter() - start, len(answer["findings"])


def first_piece_seconds(address: str, text: str) -> float:
    """Return the seconds until a streamed check (what the page asks for) sends its first findings."""
    body = json.dumps({"text": text, "stream": True}).encode("utf-8")
    request = urllib.request.Request(address + "/api/check", body, {"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        for line in response:
            if json.loads(line).get("findings"):
                return time.perf_counter() - start
    raise SystemExit("the streamed check found nothing")


def browser():
    """Return a headless Chromium driver, or None when the browser is not installed."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_script_timeout(120)
    return driver


def page_seconds(driver, address: str, text: str) -> tuple[float, float]:
    """Return the seconds from Check to the first marked name, and to the whole document marked."""
    driver.get(address + "/")
    driver.execute_script("document.getElementById('text').value = arguments[0];", text)
    first, whole = driver.execute_async_script(PAGE_TIMING)
    return first / 1000, whole / 1000


def on_fresh_server(measure, *args):
    """Return what `measure(address, *args)` gives against a server just started."""
    process, address = started_server()
    try:
        return measure(address, *args)
    finally:
        process.terminate()
        process.wait()


def round_times(driver, text: str) -> dict:
    """Return one round's times in seconds, each on a fresh server unless marked warm."""
    times = {"API first findings": on_fresh_server(first_piece_seconds, text)}
    times["API whole"], times["findings"] = on_fresh_server(lambda address: api_seconds(address, text))
    times["API whole, warm"] = on_fresh_server(lambda address: [api_seconds(address, text) for _ in range(2)][1][0])
    if driver is not None:
        times["page first marks"], times["page all marked"] = on_fresh_server(lambda address: page_seconds(driver, address, text))
    return times


def main() -> None:
    """Print the table of times for each corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of each corpus")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the seed articles")
    args = parser.parse_args()
    driver = browser()
    try:
        print(f"browser: {'headless Chromium' if driver else 'not installed (page times skipped)'}; rounds: {args.rounds}")
        for name, text in corpora(args.size, args.seeds):
            rounds = [round_times(driver, text) for _ in range(args.rounds)]
            columns = [key for key in rounds[0] if key != "findings"]
            if name == corpora(args.size, args.seeds)[0][0]:
                print("| corpus | MB | findings | " + " | ".join(f"{key} (s)" for key in columns) + " |")
                print("|---|---|---|" + "---|" * len(columns))
            medians = " | ".join(f"{statistics.median(r[key] for r in rounds):.3f}" for key in columns)
            print(f"| {name} | {len(text.encode('utf-8')) / 1e6:.2f} | {rounds[0]['findings']} | {medians} |")
    finally:
        if driver is not None:
            driver.quit()
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
