"""Writes the Word fixtures of the docx tests: article.docx and article.fixed.docx.

Both come from one description of the document, in which "{before|after}" marks text that a fix
changes: article.docx is written with the "before" texts, article.fixed.docx with the "after"
texts, run for run. So article.fixed.docx is what fixing article.docx must give, byte for byte
in every part: a name inside one run rewritten in place, a name split across runs of the same
formatting rewritten into the first run and cut from the next, a name whose words are split
between a plain and a bold run rewritten word by word in each, and nothing else touched. A name
with a word split between a plain and a bold run is the same in both (reported, never fixed).

python-docx cannot write notes, hyperlinks or text boxes: those parts are written as XML here.
Zip dates are fixed so that running this again gives the same bytes.

Run from anywhere: python tests/data/documents/docx/make_fixtures.py
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).parent
MARK_RE = re.compile(r"\{([^|{}]*)\|([^|{}]*)\}")
DATE = (2024, 5, 6, 12, 0, 0)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

BOLD = {"bold": True}
ITALIC = {"italic": True}

# (style, [(text, formatting), ...]); a plain string is one run without formatting.
BODY = [
    ("Title", "Talks in {Nadjaf|Najaf}"),
    ("Subtitle", "A day with the clerics"),
    ("Heading 1", "{Mohamed Chia al-Soudani|Mohammed Shia al-Sudani} meets the seminary"),
    (None, "On Monday the prime minister, {Mohamed Chia al-Soudani|Mohammed Shia al-Sudani}, flew to {Nadjaf|Najaf} for a day of meetings."),
    (None, [("Commanders of the {Hachd al-Cha|Hashd al-Shaabi}", None), ("{abi|} joined the talks.", None)]),
    (None, [("Aides to {Mohamed|Mohammed} ", None), ("{Chia al-Soudani|Shia al-Sudani}", BOLD), (" said the visit went well.", None)]),
    (None, [("Talks with the Hachd al-Cha", None), ("abi", BOLD), (" ended late.", None)]),
    (None, [("The office of ", None), ("{Soudani|Sudani}", BOLD), (" declined to comment.", None)]),
    (None, [("Buses took pilgrims to {Nadj|Najaf}", ITALIC), ("{af|} and {Kerbala|Karbala} overnight.", ITALIC)]),
    (None, "Café owners & reporters in {Nadjaf|Najaf} waited."),
    (None, ""),
    (None, "Source:\t{Hachd al-Chaabi|Hashd al-Shaabi} statement,\nissued by {Mohamed Chia|Mohammed Shia}\n{al-Soudani|al-Sudani}'s office."),
]
FOOTNOTE_ANCHOR = "The visit was announced on Sunday."
FOOTNOTE = "Spelled {Soudani|Sudani} in the agency release."
ENDNOTE = "Figures from the {Hachd al-Chaabi|Hashd al-Shaabi} press office."
HYPERLINK = ("See the ", "{Nadjaf|Najaf} programme", " below.")
TEXT_BOX = "Box: {Kerbala|Karbala} shrine"
TABLE = [["Name", "Role"], ["{Mohamed Chia al-Soudani|Mohammed Shia al-Sudani}", "Prime minister"], ["{Hachd al-Chaabi|Hashd al-Shaabi}", None]]
NESTED_CELL = "Based in {Nadjaf|Najaf}"
HEADER = "{Hachd al-Chaabi|Hashd al-Shaabi} briefing notes"
FIRST_PAGE_HEADER = "First page: the {Nadjaf|Najaf} edition"
FOOTER = "Draft for the {Soudani|Sudani} desk, page "


def rendered(text: str, version: int) -> str:
    """The text with each {before|after} mark replaced by its before (0) or after (1) text."""
    return MARK_RE.sub(lambda found: found.group(version + 1), text)


def add_runs(paragraph, runs, version: int) -> None:
    if isinstance(runs, str):
        runs = [(runs, None)] if runs else []
    for text, formatting in runs:
        run = paragraph.add_run(rendered(text, version))
        for name, value in (formatting or {}).items():
            setattr(run, name, value)


def add_raw_run(paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def note_part(kind: str, text: str, version: int) -> bytes:
    """A footnotes or endnotes part: the two separator notes Word writes, and note 1."""
    separators = "".join(
        f'<w:{kind} w:type="{name}" w:id="{ident}"><w:p><w:r><w:{name}/></w:r></w:p></w:{kind}>'
        for name, ident in (("separator", -1), ("continuationSeparator", 0))
    )
    reference = "footnoteRef" if kind == "footnote" else "endnoteRef"
    note = (
        f'<w:{kind} w:id="1"><w:p><w:pPr><w:pStyle w:val="{kind.capitalize()}Text"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{reference}/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {rendered(text, version)}</w:t></w:r></w:p></w:{kind}>'
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {W_NS}>{separators}{note}</w:{kind}s>'
    return xml.encode("utf-8")


def add_notes(document, version: int) -> None:
    package = document.part.package
    for kind, text, content_type, reltype in (
        ("footnote", FOOTNOTE, CT.WML_FOOTNOTES, RT.FOOTNOTES),
        ("endnote", ENDNOTE, CT.WML_ENDNOTES, RT.ENDNOTES),
    ):
        part = Part(PackURI(f"/word/{kind}s.xml"), content_type, note_part(kind, text, version), package)
        document.part.relate_to(part, reltype)


def add_body(document, version: int) -> None:
    for style, runs in BODY:
        add_runs(document.add_paragraph(style=style), runs, version)
    anchor = document.add_paragraph(FOOTNOTE_ANCHOR)
    for kind in ("footnote", "endnote"):
        add_raw_run(anchor, f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="1"/></w:r>')
    before, link, after = HYPERLINK
    linked = document.add_paragraph(before)
    add_raw_run(linked, f'<w:hyperlink {nsdecls("w")} w:anchor="programme"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>{rendered(link, version)}</w:t></w:r></w:hyperlink>')
    linked.add_run(after)
    boxed = document.add_paragraph("A note sits in a box: ")
    add_raw_run(
        boxed,
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="box1" type="#_x0000_t202" style="width:180pt;height:36pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{rendered(TEXT_BOX, version)}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    )
    add_table(document, version)
    document.add_paragraph("End of notes.")


def add_table(document, version: int) -> None:
    table = document.add_table(rows=len(TABLE), cols=2)
    for row, texts in zip(table.rows, TABLE):
        for cell, text in zip(row.cells, texts):
            if text is not None:
                add_runs(cell.paragraphs[0], text, version)
    nested = table.rows[2].cells[1].add_table(rows=1, cols=1)
    add_runs(nested.rows[0].cells[0].paragraphs[0], NESTED_CELL, version)


def add_header_footer(document, version: int) -> None:
    section = document.sections[0]
    add_runs(section.header.paragraphs[0], HEADER, version)
    section.different_first_page_header_footer = True
    add_runs(section.first_page_header.paragraphs[0], FIRST_PAGE_HEADER, version)
    footer = section.footer.paragraphs[0]
    add_runs(footer, FOOTER, version)
    add_raw_run(footer, f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')


def document_bytes(version: int) -> bytes:
    """The fixture's bytes: version 0 before the fix, 1 after it."""
    document = docx.Document()
    add_body(document, version)
    add_header_footer(document, version)
    add_notes(document, version)
    saved = io.BytesIO()
    document.save(saved)
    return with_fixed_dates(saved.getvalue())


def with_fixed_dates(package: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, DATE), source.read(info), zipfile.ZIP_DEFLATED)
    return output.getvalue()


def main() -> None:
    (HERE / "article.docx").write_bytes(document_bytes(0))
    (HERE / "article.fixed.docx").write_bytes(document_bytes(1))


if __name__ == "__main__":
    main()
