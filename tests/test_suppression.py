"""suppression.py: the accept list and the suppression comments, in every format, chunk by chunk."""

import io

import pytest
from conftest import table

from namecheck.api import check_text, scan_text
from namecheck.documents import ReadOptions, text_formats
from namecheck.pipeline import chunks_of, scan_chunks
from namecheck.suppression import Acceptance

SUPPRESSIONS = table("suppressions.csv")
ACCEPTED = table("accepted.csv")


def _text(cell: str) -> str:
    return cell.replace("\\n", "\n")


def _lines(cell: str) -> list[int]:
    return [int(number) for number in cell.split()]


@pytest.mark.parametrize("case", SUPPRESSIONS, ids=[case["why"] for case in SUPPRESSIONS])
def test_suppression_comments(case, house_only_matcher):
    results = list(scan_text(_text(case["text"]), house_only_matcher, "doc", case["format"]))
    assert [f.line for r in results for f in r.findings] == _lines(case["flagged_lines"])
    assert [u.line for u in results[-1].unused_suppressions] == _lines(case["unused_lines"])


@pytest.mark.parametrize("case", ACCEPTED, ids=[case["why"] for case in ACCEPTED])
def test_accepted_phrases(case, house_only_matcher):
    text = _text(case["text"])
    findings = check_text(text, house_only_matcher, acceptance=Acceptance((case["accept"],)))
    assert [f"{f.text}@{f.start}" for f in findings] == case["flagged"].split()


def test_a_region_turned_off_stays_off_across_chunks(house_only_matcher):
    paragraph = "Nadjaf is named here once more.\n\n"
    text = paragraph + "namecheck: off\n\n" + paragraph * 20 + "namecheck: on\n\n" + paragraph
    reader = text_formats()["text"]
    chunks = chunks_of([text[i : i + 40] for i in range(0, len(text), 40)], reader, chunk_size=64)
    results = list(scan_chunks(chunks, reader, house_only_matcher, "doc", ReadOptions()))
    assert len(results) > 5  # read in many chunks
    assert [f.line for r in results for f in r.findings] == [1, text.count("\n") - 1]
    assert results[-1].unused_suppressions == []


def test_suppressed_mentions_leave_the_report_too(house_only_matcher):
    text = "Nadjaf one.\nNadjaf two. namecheck: ignore\n"
    mentions = [m for r in scan_text(text, house_only_matcher, every=True) for _, m in r.mentions]
    assert len(mentions) == 1


def test_an_unused_suppression_record_names_the_directive(house_only_matcher):
    text = "Najaf.\n<p>x</p> namecheck: ignore-next-line\nNajaf.\n"
    unused = list(scan_text(text, house_only_matcher, "doc.txt"))[-1].unused_suppressions
    assert [u.to_dict() for u in unused] == [
        {"path": "doc.txt", "line": 2, "column": 10, "start": 16, "end": 43, "text": "namecheck: ignore-next-line", "kind": "unused-suppression"}
    ]
    assert text[16:43] == "namecheck: ignore-next-line"


def test_a_word_paragraph_takes_a_directive_on_its_line(tmp_path, house_only_matcher):
    docx = pytest.importorskip("docx")
    from namecheck.api import scan_docx

    document = docx.Document()
    for text in ("Nadjaf one.", "Nadjaf two. namecheck: ignore", "namecheck: ignore-next-line", "Nadjaf three.", "Nadjaf four."):
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    results = list(scan_docx("story.docx", data.getvalue(), house_only_matcher).results)
    assert [f.text for r in results for f in r.findings] == ["Nadjaf", "Nadjaf"]
    assert [f.line for r in results for f in r.findings] == [1, 5]
