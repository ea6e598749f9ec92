"""The JSON API under /api/: the same records as the command line's --format json, only the
accepted fixes applied, byte-exact downloads, and clear 4xx answers for bad input, with nothing
written to the file system on any request."""

import base64
import io
import json
import tomllib
import zipfile

import pytest
from conftest import DATA
from typer.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
from starlette.testclient import TestClient  # noqa: E402

from namecheck.cli import app as cli_app  # noqa: E402
from namecheck.web.app import create_app  # noqa: E402
from namecheck.web.settings import WebSettings  # noqa: E402
from web_support import file_writes  # noqa: E402

WEB = DATA / "web"
ERROR_CASES = tomllib.loads((WEB / "api_errors.toml").read_text(encoding="utf-8"))["case"]
ARTICLE = WEB / "article.txt"
ARTICLE_DOCX = WEB / "article.docx"
SEND = "Mr. Soudani met the commanders of the Hachd al-Chaabi in Nadjaf."


@pytest.fixture(scope="module")
def client(default_matcher):
    return TestClient(create_app(default_matcher), base_url="http://127.0.0.1")


def cli_json(*arguments: str) -> dict:
    result = CliRunner().invoke(cli_app, [*arguments, "--format", "json"])
    return json.loads(result.stdout)


def form_request(case: dict) -> dict:
    """The keyword arguments of a request: a multipart form or a raw body, as the case says."""
    if "upload" in case:
        return {"files": {case.get("upload_field", "file"): (case["upload"], case["upload_bytes"].encode("latin-1"))}, "data": case.get("form", {})}
    headers = {"content-type": case["content_type"]} if case["content_type"] else {}
    return {"content": case["body"].encode("latin-1"), "headers": headers}


def test_file_writes_sees_writes_from_any_thread(tmp_path):
    import threading

    with file_writes() as writes:
        (tmp_path / "a").write_bytes(b"x")
        worker = threading.Thread(target=(tmp_path / "b").mkdir)
        worker.start()
        worker.join()
        (tmp_path / "a").read_bytes()
    assert [event for event, _ in writes] == ["open", "os.mkdir"]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case["name"] for case in ERROR_CASES])
def test_bad_input_is_refused_with_a_clear_4xx_and_nothing_written(case, default_matcher):
    settings = WebSettings(max_upload=case.get("max_upload", WebSettings().max_upload))
    client = TestClient(create_app(default_matcher, settings), base_url="http://127.0.0.1")
    with file_writes() as writes:
        response = client.post(case["path"], **form_request(case))
    assert response.status_code == case["status"], response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert answer["status"] == case["status"]
    assert case["message"] in answer["error"]
    assert writes == []


def test_oversize_body_sent_in_chunks_without_a_length_is_cut_off(default_matcher):
    client = TestClient(create_app(default_matcher, WebSettings(max_upload=1000)), base_url="http://127.0.0.1")
    sent = []

    def chunks():
        for _ in range(100):
            sent.append(1)
            yield b"x" * 100

    response = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "larger than the limit of 1000 bytes" in response.json()["error"]


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(default_matcher):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "Mr. Soudani " * 20_000)  # 240 KB that packs to a few hundred bytes
    client = TestClient(create_app(default_matcher, WebSettings(max_upload=100_000)), base_url="http://127.0.0.1")
    with file_writes() as writes:
        response = client.post("/api/report", files={"files": ("corpus.zip", packed.getvalue())})
    assert response.status_code == 413
    assert "corpus.zip: unpacks to more than 97.6562 KB" in response.json()["error"]
    assert writes == []


@pytest.mark.parametrize("method, path, status", [("GET", "/api/check", 405), ("POST", "/api/nothing", 404)])
def test_unknown_paths_and_methods_answer_json(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["status"] == status


def test_check_answers_what_check_format_json_prints(client):
    text = ARTICLE.read_text(encoding="utf-8")
    with file_writes() as writes:
        answer = client.post("/api/check", json={"text": text, "filename": str(ARTICLE)}).json()
    assert answer == cli_json("check", str(ARTICLE))
    assert answer["summary"]["findings"] == 7
    assert writes == []


def test_check_of_an_uploaded_file_answers_what_the_command_line_prints(client):
    with file_writes() as writes:
        response = client.post("/api/check", files={"file": (str(ARTICLE_DOCX), ARTICLE_DOCX.read_bytes())})
    assert response.json() == cli_json("check", str(ARTICLE_DOCX))
    assert writes == []


def test_check_reads_the_format_named_or_the_file_names_extension(client):
    html = "<p>Mr. <b>Soudani</b> &amp; the Hachd al-Chaabi</p>"
    by_name = client.post("/api/check", json={"text": html, "filename": "page.html"}).json()
    by_format = client.post("/api/check", json={"text": html, "format": "html"}).json()
    as_text = client.post("/api/check", json={"text": html}).json()
    assert [f["text"] for f in by_name["findings"]] == ["Soudani", "Hachd al-Chaabi"]
    assert by_format["findings"] == [{**finding, "path": "-"} for finding in by_name["findings"]]
    assert by_name["findings"][0]["start"] == html.index("Soudani")
    assert len(as_text["findings"]) == 2 and as_text["findings"][0]["path"] == "-"


def test_check_names_the_lines_it_cannot_read(client):
    records = '{"id": "a", "body": "Mr. Soudani spoke."}\nnot json\n{"body": "Mr. Soudani left."}\n'
    answer = client.post("/api/check", json={"text": records, "format": "jsonl"}).json()
    assert answer["summary"] == {"files": 1, "findings": 2, "errors": 1}
    assert answer["problems"][0].startswith("line 2: ")
    # A record is named by its id field, or failing one by its 0-based line.
    assert [finding["record"] for finding in answer["findings"]] == ["a", "2"]


def test_details_give_what_a_fix_can_write_and_the_entities(client):
    answer = client.post("/api/check", json={"text": SEND, "details": True}).json()
    document = answer["document"]
    assert "text" not in document  # pasted text: the offsets index the text as sent
    assert [SEND[f["start"] : f["end"]] for f in answer["findings"]] == [f["text"] for f in answer["findings"]]
    assert document["fixable"] == [True, True, True]
    entity = answer["entities"]["mohammed-shia-al-sudani"]
    assert entity["name"] == "Mohammed Shia al-Sudani"
    assert entity["source"] == "default lexicon: iraq.toml"
    assert entity["note"]
    assert set(answer["entities"]) == {f["entity"] for f in answer["findings"]}


def streamed(response) -> list[dict]:
    assert response.headers["content-type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.text.splitlines()]


def test_a_streamed_check_gives_the_same_findings_piece_by_piece(client):
    text = "\n\n".join([ARTICLE.read_text(encoding="utf-8")] * 200)  # about 170 KB: several pieces
    whole = client.post("/api/check", json={"text": text, "details": True}).json()
    records = streamed(client.post("/api/check", json={"text": text, "stream": True}))
    pieces = records[1:-1]
    assert records[0] == {"document": {"filename": "-", "format": "text"}}
    assert len(pieces) >= 3
    assert [f for piece in pieces for f in piece["findings"]] == whole["findings"]
    assert [fixable for piece in pieces for fixable in piece["fixable"]] == whole["document"]["fixable"]
    assert {k: v for piece in pieces for k, v in piece["entities"].items()} == whole["entities"]
    assert sum(len(piece["entities"]) for piece in pieces) == len(whole["entities"])  # each entity once
    ends = [piece["end"] for piece in pieces]
    assert ends == sorted(ends) and ends[-1] == len(text)
    assert all(f["end"] <= piece["end"] for piece in pieces for f in piece["findings"])
    assert records[-1] == {"summary": whole["summary"]}


def test_a_streamed_check_of_an_upload_sends_its_text_first(client):
    data = "\ufeffNadjaf \U0001F4F0 and Kerkouk\r\n".encode("utf-8")
    records = streamed(client.post("/api/check", files={"file": ("a.txt", data)}, data={"stream": "true"}))
    text = records[0]["document"]["text"]
    assert text == "Nadjaf \U0001F4F0 and Kerkouk\r\n"
    assert [text[f["start"] : f["end"]] for f in records[1]["findings"]] == ["Nadjaf", "Kerkouk"]


def test_details_of_a_word_document_give_its_paragraph_text(client):
    answer = client.post("/api/check", files={"file": ("a.docx", ARTICLE_DOCX.read_bytes())}, data={"details": "true"}).json()
    text = answer["document"]["text"]
    assert text.startswith("Sudani calls for calm as Hachd al-Chaabi leaders meet\n")
    assert [text[f["start"] : f["end"]] for f in answer["findings"]] == [f["text"] for f in answer["findings"]]


def test_fix_applies_every_finding_like_fix(client):
    answer = client.post("/api/fix", json={"text": SEND}).json()
    assert answer["fixed"] == "Mr. Sudani met the commanders of the Hashd al-Shaabi in Najaf."
    assert answer["applied"] == [0, 1, 2]
    assert answer["findings"] == client.post("/api/check", json={"text": SEND}).json()["findings"]


def test_fix_applies_only_the_accepted_findings(client):
    answer = client.post("/api/fix", json={"text": SEND, "accept": [2, 0, 2]}).json()
    assert answer["fixed"] == "Mr. Sudani met the commanders of the Hachd al-Chaabi in Najaf."
    assert answer["applied"] == [0, 2]
    assert client.post("/api/fix", json={"text": SEND, "accept": []}).json()["fixed"] == SEND


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_download_keeps_every_byte_outside_the_accepted_fixes(client, newline, bom):
    text = f"Mr. Soudani spoke.{newline}Nadjaf and the Hachd al-{newline}Chaabi.{newline}"
    data = bom + text.encode("utf-8")
    with file_writes() as writes:
        response = client.post(
            "/api/fix", files={"file": ("story.txt", data)}, data={"accept": "0,2", "download": "true"}
        )
    expected = bom + f"Mr. Sudani spoke.{newline}Nadjaf and the Hashd al-{newline}Shaabi.{newline}".encode("utf-8")
    assert response.content == expected
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == "attachment; filename=\"story.txt\"; filename*=UTF-8''story.txt"
    assert "sandbox" in response.headers["content-security-policy"]
    assert writes == []


def test_download_of_pasted_text_is_named_for_its_format(client):
    response = client.post("/api/fix", json={"text": "<p>Mr. Soudani</p>", "format": "html", "download": True})
    assert response.content == b"<p>Mr. Sudani</p>"
    assert 'filename="namecheck-fixed.html"' in response.headers["content-disposition"]


def test_download_name_keeps_only_the_file_name(client):
    response = client.post("/api/fix", files={"file": ("../x\\\u00e9t\u00e9 a.txt", b"Soudani")}, data={"download": "true"})
    disposition = response.headers["content-disposition"]
    assert disposition == "attachment; filename=\"_t_ a.txt\"; filename*=UTF-8''%C3%A9t%C3%A9%20a.txt"


def test_fixed_word_document_stays_a_word_document_with_only_the_accepted_fixes(client):
    sent = {"files": {"file": ("article.docx", ARTICLE_DOCX.read_bytes())}}
    download = client.post("/api/fix", **sent, data={"accept": "[0, 2]", "download": "true"})
    answer = client.post("/api/fix", **sent, data={"accept": "[0, 2]"}).json()
    expected = (WEB / "article.accepted-0-2.docx").read_bytes()
    assert download.content == expected
    assert base64.b64decode(answer["fixed_base64"]) == expected
    assert "fixed" not in answer


def test_match_answers_what_match_format_json_prints(client):
    names = ["Mohamed Chia al-Soudani", "Kerkouk", "Iraqi", "Jean Dupont"]
    answer = client.post("/api/match", json={"names": names}).json()
    assert answer == cli_json("match", *names)
    assert answer["summary"] == {"queries": 4, "matched": 2}


def test_match_explains_each_name_with_the_steps_of_explain(client):
    answer = client.post("/api/match", json={"names": ["Kerkouk"], "explain": True}).json()
    printed = CliRunner().invoke(cli_app, ["match", "--explain", "Kerkouk"]).stdout
    assert answer["explanations"] == [printed.rstrip("\n").split("\n")]


def test_match_reads_a_file_of_names_and_repeated_fields(client):
    response = client.post(
        "/api/match", files={"file": ("names.txt", "\ufeffKerkouk\n\n  Nadjaf  \n".encode("utf-8"))}, data={"names": ["Soudani", "Erbil"]}
    )
    assert [match["query"] for match in response.json()["matches"]] == ["Soudani", "Erbil", "Kerkouk", "Nadjaf"]


def test_report_counts_files_and_the_documents_of_a_zip_like_report(client, tmp_path, monkeypatch):
    corpus = {"corpus.zip/a.txt": "Mr. Soudani spoke.", "corpus.zip/b/c.html": "<p>Mr. Sudani and Mr. Soudani</p>"}
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name, text in corpus.items():
            archive.writestr(name.removeprefix("corpus.zip/"), text)
        archive.writestr(".hidden.txt", "Nadjaf")
        archive.writestr("__MACOSX/b/._c.html", "Nadjaf")
    sent = [("files", ("corpus.zip", packed.getvalue())), ("files", ("d.txt", b"Nadjaf"))]
    with file_writes() as writes:
        answer = client.post("/api/report", files=sent).json()
    assert writes == []
    # the same documents as files named as the zip names them, reported by the command line
    monkeypatch.chdir(tmp_path)
    for name, text in [*corpus.items(), ("d.txt", "Nadjaf")]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert answer == cli_json("report", *corpus, "d.txt")
    assert answer["summary"]["documents"] == 3


def test_openapi_documents_every_api_route(client):
    document = client.get("/api/openapi.json").json()
    routes = {route.path for route in client.app.router.routes if route.path.startswith("/api/")}
    assert set(document["paths"]) == routes
    for path, methods in document["paths"].items():
        for method in methods:
            assert client.request(method.upper(), path).status_code != 405, (method, path)
