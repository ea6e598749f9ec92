import tomllib

import pytest

from conftest import DATA
from namecheck.documents.wordml import read_part
from namecheck.documents.wordml_edits import paragraph_changes, part_byte_edits, rewritten

FIXTURES = DATA / "documents" / "docx"
READING = tomllib.loads((FIXTURES / "wordml_reading.toml").read_text(encoding="utf-8"))["case"]
EDITS = tomllib.loads((FIXTURES / "wordml_edits.toml").read_text(encoding="utf-8"))["case"]
NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in (
        ("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
        ("m", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
        ("v", "urn:schemas-microsoft-com:vml"),
    )
)


def part(xml: str, doctype: str = "") -> bytes:
    """A part whose root element, with the namespaces declared, holds `xml`."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    return f"{declaration}{doctype}<w:document {NAMESPACES}>{xml}</w:document>".encode("utf-8")


@pytest.mark.parametrize("case", [case for case in READING if "error" not in case], ids=lambda case: case["name"])
def test_a_part_is_read_as_paragraphs_with_barriers(case):
    read = read_part(part(case["xml"]))
    assert [paragraph.text for paragraph in read.paragraphs] == case["paragraphs"]
    assert [list(paragraph.barriers) for paragraph in read.paragraphs] == case["barriers"]
    if "styles" in case:
        assert [paragraph.style or "" for paragraph in read.paragraphs] == case["styles"]
    if "cells" in case:
        assert [paragraph.in_cell for paragraph in read.paragraphs] == case["cells"]
    assert list(read.references) == case.get("references", [])


@pytest.mark.parametrize("case", [case for case in READING if "error" in case], ids=lambda case: case["name"])
def test_a_part_that_is_not_plain_xml_is_refused(case):
    with pytest.raises(ValueError, match=case["error"]):
        read_part(part(case["xml"], case.get("doctype", "")))


def test_every_chunk_maps_to_the_bytes_that_write_it():
    data = part('<w:p><w:r><w:t>Caf&#233; &amp; Sana’a</w:t><w:tab/><w:t xml:space="preserve"> x</w:t></w:r></w:p>')
    for chunk in read_part(data).paragraphs[0].chunks:
        if chunk.literal:
            assert data[chunk.start : chunk.end] == chunk.text.encode("utf-8")
        elif chunk.element >= 0:
            assert data[chunk.start : chunk.end] in (b"&#233;", b"&amp;")


@pytest.mark.parametrize(
    "declaration, codec",
    [
        ('<?xml version="1.0" encoding="UTF-8"?>', "utf-8"),
        ("", "utf-8-sig"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', "latin-1"),
        ('<?xml version="1.0" encoding="UTF-16"?>', "utf-16"),
    ],
)
def test_a_part_is_read_and_edited_in_its_own_encoding(declaration, codec):
    before = f"{declaration}<w:document {NAMESPACES}><w:p><w:r><w:t>Café Soudani</w:t></w:r></w:p></w:document>"
    data = before.encode(codec)
    read = read_part(data)
    assert [paragraph.text for paragraph in read.paragraphs] == ["Café Soudani"]
    changes = paragraph_changes(read.paragraphs[0], 5, 12, "Šudani")  # Š is not in Latin-1
    edited = rewritten(data, part_byte_edits(data, read, changes))
    assert [paragraph.text for paragraph in read_part(edited).paragraphs] == ["Café Šudani"]
    assert edited.startswith(before[: before.index("Soudani")].encode(codec))


def edited_part(case: dict) -> bytes:
    data = part(case["xml"])
    read = read_part(data)
    paragraph = next(paragraph for paragraph in read.paragraphs if case["old"] in paragraph.text)
    assert paragraph.text.count(case["old"]) == 1
    start = paragraph.text.index(case["old"])
    changes = paragraph_changes(paragraph, start, start + len(case["old"]), case["replacement"])
    return rewritten(data, part_byte_edits(data, read, changes))


@pytest.mark.parametrize("case", [case for case in EDITS if "expected" in case], ids=lambda case: case["name"])
def test_an_edit_rewrites_only_the_replaced_characters(case):
    edited = edited_part(case)
    assert edited == part(case["expected"])


@pytest.mark.parametrize("case", [case for case in EDITS if "refused" in case], ids=lambda case: case["name"])
def test_an_edit_that_would_move_markup_is_refused(case):
    with pytest.raises(ValueError, match=case["refused"]):
        edited_part(case)
