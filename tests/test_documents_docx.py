import csv
import io
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from conftest import DATA, table
from typer.testing import CliRunner

from namecheck.api import scan_file
from namecheck.cli import app
from namecheck.documents import docx as docx_reader
from namecheck.documents.docx import DocxError, DocxUnavailable, read_docx
from namecheck.documents.regions import Region
from namecheck.models import Edit

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

FIXTURES = DATA / "documents" / "docx"
ARTICLE = (FIXTURES / "article.docx").read_bytes()
EXPECTED_FIXED = (FIXTURES / "article.fixed.docx").read_bytes()
PARAGRAPHS = tomllib.loads((FIXTURES / "article.paragraphs.toml").read_text(encoding="utf-8"))["paragraph"]
with open(FIXTURES / "article.edits.csv", encoding="utf-8", newline="") as stream:
    EDIT_ROWS = list(csv.DictReader(stream))
EXPECTED_TEXT = "\n".join(paragraph["text"] for paragraph in PARAGRAPHS)
NOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")
FINDINGS = table("documents/docx/article.findings.csv")


@pytest.fixture(scope="module")
def article():
    return read_docx(ARTICLE)


def edit_at(text: str, context: str, old: str, replacement: str) -> Edit:
    """The edit replacing `old` where it stands inside `context`, a stretch found once in `text`."""
    assert text.count(context) == 1, context
    start = text.index(context) + context.index(old)
    return Edit(start, start + len(old), replacement)


def article_edits(text: str) -> list[Edit]:
    return [edit_at(text, row["context"], row["old"], row["replacement"]) for row in EDIT_ROWS]


def edited(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def entries(package: bytes) -> dict[str, tuple]:
    """Every zip entry's bytes and the metadata a rewrite must keep, in archive order."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {
            info.filename: (archive.read(info), info.date_time, info.compress_type, info.external_attr)
            for info in archive.infolist()
        }


def python_docx_text(package: bytes) -> str:
    """The document's paragraph texts as python-docx reads them: the body (tables and text boxes
    in document order), the headers and footers, the notes parts."""
    document = docx.Document(io.BytesIO(package))
    paragraphs = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    section = document.sections[0]
    for story in (section.header, section.first_page_header, section.footer):
        paragraphs += story.paragraphs
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in NOTE_PARTS:
            paragraphs += [Paragraph(p, None) for p in parse_xml(archive.read(name)).iter(qn("w:p"))]
    return "\n".join(paragraph.text for paragraph in paragraphs)


def run_formats(package: bytes) -> list[list[tuple]]:
    document = docx.Document(io.BytesIO(package))
    return [[(run.bold, run.italic, run.underline) for run in paragraph.runs] for paragraph in document.paragraphs]


def test_text_is_every_paragraph_a_line_in_reading_order(article):
    assert article.text == EXPECTED_TEXT


def test_regions_are_the_non_empty_paragraphs_with_their_kinds_and_barriers(article):
    expected, at = [], 0
    for paragraph in PARAGRAPHS:
        if paragraph["text"]:
            expected.append((paragraph["text"], at, paragraph["kind"], tuple(paragraph["barriers"])))
        at += len(paragraph["text"]) + 1
    regions = list(article.regions())
    assert [(region.text, region.start, region.kind, region.barriers) for region in regions] == expected
    assert all(article.text[region.start : region.end] == region.text for region in regions)


def region_with(regions: list[Region], text: str) -> Region:
    return next(region for region in regions if text in region.text)


@pytest.mark.parametrize(
    "paragraph, name, fixable",
    [
        ("Aides to", "Mohamed Chia al-Soudani", False),  # plain and bold runs
        ("Aides to", "Chia al-Soudani", True),  # the bold run alone
        ("Aides to", "Mohamed", True),  # the plain run alone
        ("Talks with", "Hachd al-Chaabi", False),  # plain and bold inside a word
        ("Talks with", "Hachd", True),
        ("Commanders", "Hachd al-Chaabi", True),  # two plain runs
        ("Buses took", "Nadjaf", True),  # two italic runs
        ("See the", "the Nadjaf", False),  # into a hyperlink
    ],
)
def test_a_name_across_differently_formatted_runs_has_no_source_span(article, paragraph, name, fixable):
    region = region_with(list(article.regions()), paragraph)
    start = region.text.index(name)
    assert (region.source_span(start, start + len(name)) is not None) == fixable


def test_fixed_gives_the_expected_document_entry_for_entry(article):
    fixed = article.fixed(article_edits(article.text))
    assert entries(fixed) == entries(EXPECTED_FIXED)


def test_fixed_reopens_with_the_same_text_except_the_fixed_names(article):
    fixed = article.fixed(article_edits(article.text))
    expected = python_docx_text(ARTICLE)
    for row in EDIT_ROWS:
        context = row["context"]
        if context in expected:  # python-docx leaves out what it does not read (a field's text)
            expected = expected.replace(context, context.replace(row["old"], row["replacement"]), 1)
    assert python_docx_text(fixed) == expected
    assert read_docx(fixed).text == edited(EXPECTED_TEXT, article_edits(EXPECTED_TEXT))


def test_fixed_keeps_every_run_and_its_formatting(article):
    fixed = article.fixed(article_edits(article.text))
    assert run_formats(fixed) == run_formats(ARTICLE)
    office = next(p for p in docx.Document(io.BytesIO(fixed)).paragraphs if p.text.startswith("The office"))
    runs = [(run.text, run.bold) for run in office.runs]
    assert runs == [("The office of ", None), ("Sudani", True), (" declined to comment.", None)]


def test_one_edit_changes_one_entry_and_only_the_name_bytes(article):
    fixed = article.fixed([edit_at(article.text, "flew to Nadjaf", "Nadjaf", "Najaf")])
    before, after = entries(ARTICLE), entries(fixed)
    assert list(after) == list(before)
    assert {name for name in before if before[name] != after[name]} == {"word/document.xml"}
    old_xml = before["word/document.xml"][0]
    assert old_xml.count(b"flew to Nadjaf") == 1
    assert after["word/document.xml"][0] == old_xml.replace(b"flew to Nadjaf", b"flew to Najaf")


def test_every_entry_keeps_its_zip_metadata():
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ARTICLE)) as source, zipfile.ZipFile(output, "w") as target:
        for number, info in enumerate(source.infolist()):
            copy = zipfile.ZipInfo(info.filename, (2020, 1 + number % 12, 2, 3, 4, 6))
            copy.external_attr, copy.comment = (0o640 + number) << 16, f"entry {number}".encode()
            copy.compress_type = zipfile.ZIP_STORED if number % 2 else zipfile.ZIP_DEFLATED
            target.writestr(copy, source.read(info))
        target.comment = b"archive"
    package = output.getvalue()
    text = read_docx(package).text
    fixed = read_docx(package).fixed([edit_at(text, "flew to Nadjaf", "Nadjaf", "Najaf")])

    def metadata(data: bytes) -> list[tuple]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            fields = [(i.filename, i.date_time, i.compress_type, i.external_attr, i.comment) for i in archive.infolist()]
            return fields + [archive.comment]

    assert metadata(fixed) == metadata(package)


def test_no_edits_give_the_package_unchanged(article):
    assert article.fixed([]) == ARTICLE


@pytest.mark.parametrize(
    "context, old, replacement, reason",
    [
        ("Aides to Mohamed Chia al-Soudani", "Mohamed Chia al-Soudani", "Mohammed Shia al-Sudani", "differently formatted"),
        ("the Hachd al-Chaabi ended", "Chaabi", "Shaabi", "differently formatted"),
        ("Role\nMohamed", "Role\nMohamed", "Role Mohammed", "end of a paragraph"),
        ("Source:\tHachd", "Source:\tHachd", "Source: Hashd", "drops a tab"),
    ],
)
def test_an_edit_that_cannot_keep_the_runs_is_refused(article, context, old, replacement, reason):
    edit = edit_at(article.text, context, old, replacement)
    assert reason in article.refusal(edit)
    with pytest.raises(ValueError, match=reason):
        article.fixed([edit])


def test_overlapping_edits_are_refused(article):
    first = edit_at(article.text, "flew to Nadjaf", "Nadjaf", "Najaf")
    with pytest.raises(ValueError, match="overlap"):
        article.fixed([first, Edit(first.start + 2, first.end + 2, "x")])


def test_a_fixable_edit_has_no_refusal(article):
    assert article.refusal(edit_at(article.text, "pilgrims to Nadjaf", "Nadjaf", "Najaf")) is None


def replaced_entry(name: str, data: bytes | None) -> bytes:
    """ARTICLE with one zip entry replaced, or left out when `data` is None."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ARTICLE)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
            elif data is not None:
                target.writestr(info, data)
    return output.getvalue()


def with_content_types(old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(ARTICLE)) as source:
        return replaced_entry("[Content_Types].xml", source.read("[Content_Types].xml").replace(old, new))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Mohamed Chia al-Soudani\n", "not a zip archive"),
        (ARTICLE[: len(ARTICLE) // 2], "not a zip archive"),
        (replaced_entry("word/document.xml", None), "word/document.xml"),
        (replaced_entry("[Content_Types].xml", None), "Content_Types"),
        (replaced_entry("word/document.xml", b"<w:document><w:body>"), "corrupt XML"),
        (with_content_types(b"document.main+xml", b"template.main+xml"), "main part is .*template.main"),
        (replaced_entry("word/footnotes.xml", b"<w:footnotes xmlns:w='x'><w:p>"), "corrupt XML .*: word/footnotes.xml"),
    ],
)
def test_bytes_that_are_not_a_word_document_are_refused(data, message):
    with pytest.raises(DocxError, match=message.replace("[", r"\[")):
        read_docx(data)


def test_a_word_file_that_unpacks_to_too_much_is_refused_unread(monkeypatch):
    monkeypatch.setattr(docx_reader, "UNPACKED_LIMIT", 4 * 2**20)
    read_docx(ARTICLE)  # a few KB unpacked: read
    with zipfile.ZipFile(io.BytesIO(ARTICLE)) as source, zipfile.ZipFile(output := io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/media/padding.bin", bytes(8 * 2**20))  # 8 MB of zeros, 8 KB packed
    bomb = output.getvalue()
    assert len(bomb) < len(ARTICLE) + 2**16
    with pytest.raises(DocxError, match=r"unpacks to [89] MB, more than the 4 MB namecheck reads"):
        read_docx(bomb)


def test_without_python_docx_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(DocxUnavailable, match=r"pip install 'namecheck\[docx\]'") as raised:
        read_docx(ARTICLE)
    assert isinstance(raised.value, ImportError)


def test_the_pipeline_reports_every_name_and_fixes_those_the_runs_allow(default_matcher):
    scan = scan_file(str(FIXTURES / "article.docx"), default_matcher)
    results = list(scan.results)
    findings = [finding for result in results for finding in result.findings]
    found = [(str(f.line), str(f.column), f.text, f.replacement, "yes" if f.fixable else "no") for f in findings]
    assert found == [tuple(row.values()) for row in FINDINGS]
    assert all(finding.note for finding in findings if not finding.fixable)
    assert entries(scan.fixed_bytes(results)) == entries(EXPECTED_FIXED)


def test_fix_command_rewrites_a_word_file_in_place_and_a_second_fix_changes_nothing(tmp_path):
    path = tmp_path / "article.docx"
    path.write_bytes(ARTICLE)
    first = CliRunner().invoke(app, ["fix", str(path)])
    assert first.exit_code == 0, first.output
    assert entries(path.read_bytes()) == entries(EXPECTED_FIXED)
    fixed = path.read_bytes()
    CliRunner().invoke(app, ["fix", str(path)])
    assert path.read_bytes() == fixed


def test_fix_command_reads_a_word_file_from_stdin_when_told_its_format():
    result = CliRunner().invoke(app, ["fix", "--input-format", "docx", "-"], input=ARTICLE)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")  # the package alone, the notes go to stderr
    assert entries(result.stdout_bytes) == entries(EXPECTED_FIXED)


def test_an_edit_the_runs_cannot_take_is_reported_with_the_reason(tmp_path, default_matcher):
    document = docx.Document()
    paragraph = document.add_paragraph("Pilgrims reached ")
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>Nadj</w:t><w:softHyphen/><w:t>af</w:t></w:r>'))
    paragraph.add_run(" at dawn.")
    path = tmp_path / "soft.docx"
    document.save(path)
    scan = scan_file(str(path), default_matcher)
    results = list(scan.results)
    [finding] = [finding for result in results for finding in result.findings]
    assert (finding.text, finding.fixable) == ("Nadj\u00adaf", False)
    assert "soft hyphen" in finding.note
    assert scan.fixed_bytes(results) == path.read_bytes()


def soffice_text(tmp_path, name: str, package: bytes) -> str:
    source = tmp_path / name
    source.write_bytes(package)
    outdir = tmp_path / f"{source.stem}-txt"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (outdir / f"{source.stem}.txt").read_text(encoding="utf-8-sig")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_fixed_file_as_the_expected_document(article, tmp_path):
    fixed = article.fixed(article_edits(article.text))
    text = soffice_text(tmp_path, "fixed.docx", fixed)
    assert "Mohammed Shia al-Sudani" in text
    assert text == soffice_text(tmp_path, "expected.docx", EXPECTED_FIXED)
