"""What a plain `check` of a text file loads: not the parsers of other formats (start-up time)."""

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample.txt"

PROBE = """
import sys
from namecheck.cli import app
try:
    app(["check", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
loaded = [name for name in ("markdown_it", "namecheck.documents.markdown", "namecheck.documents.html") if name in sys.modules]
print("loaded:", ",".join(loaded))
"""


def test_checking_plain_text_loads_no_markdown_or_html_reader():
    result = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLE)], capture_output=True, text=True, check=True)
    assert "Soleimani" in result.stdout  # the check itself ran
    assert result.stdout.strip().splitlines()[-1] == "loaded:"


def test_checking_markdown_loads_its_reader():
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace('app(["check", sys.argv[1]]', 'app(["check", "--input-format", "markdown", sys.argv[1]]'), str(SAMPLE)],
        capture_output=True, text=True, check=True,
    )
    assert "markdown_it" in result.stdout.strip().splitlines()[-1]
