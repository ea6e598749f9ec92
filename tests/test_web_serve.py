"""`namecheck serve`: the lexicon options and the upload limit reach the running server, it
listens on this machine only unless told otherwise, stops cleanly, and says how to install the
web extra when it is missing."""

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from conftest import DATA
from typer.testing import CliRunner

from namecheck.cli import app
from namecheck.web import INSTALL_HINT
from web_server import ServerDidNotStart, started_server

HOSTILE = DATA / "web" / "hostile.toml"


def post_json(address: str, path: str, data: dict) -> tuple[int, dict]:
    request = urllib.request.Request(address + path, json.dumps(data).encode("utf-8"), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def started(arguments: list[str]) -> tuple[subprocess.Popen, str]:
    pytest.importorskip("uvicorn")
    try:
        return started_server(arguments)
    except ServerDidNotStart as error:
        pytest.fail(str(error))


def test_serve_uses_the_lexicon_options_and_the_upload_limit_then_stops_on_ctrl_c():
    process, address = started(["--no-default-lexicon", "-l", str(HOSTILE), "--max-upload-mb", "0.5"])
    try:
        status, answer = post_json(address, "/api/match", {"names": ["Zayd Karmouti", "Mohamed Chia al-Soudani"]})
        assert status == 200
        assert [match["entity"] for match in answer["matches"]] == ["hostile-name", None]
        status, answer = post_json(address, "/api/check", {"text": "x" * 600_000})
        assert (status, answer["error"]) == (413, "the upload is larger than the limit of 512 KB")
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0
    assert f"serving on {address}/" in err and err.rstrip().endswith("namecheck: server stopped")


def test_serve_refuses_a_lexicon_that_does_not_load():
    result = CliRunner().invoke(app, ["serve", "--no-default-lexicon", "-l", str(DATA / "lexicon_problems.toml")])
    assert result.exit_code == 2
    assert "cannot load the lexicon" in result.stderr


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch):
    for name in [name for name in sys.modules if name.startswith("namecheck.web.") or name.split(".")[0] == "starlette"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "starlette", None)  # an import of it fails as when it is not installed
    result = CliRunner().invoke(app, ["serve", "--no-default-lexicon", "-l", str(HOSTILE)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"namecheck: serve needs the web extra (starlette is missing): {INSTALL_HINT}"
