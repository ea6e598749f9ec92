"""Several documents sent at once (or a zip of them) -> the cross-document consistency report,
counted as `namecheck report` counts a corpus."""

from __future__ import annotations

from ..consistency import ConsistencyCounter, ConsistencyReport
from ..matcher import Matcher
from .checking import Upload, checked_document, chosen_format
from .fields import BadInput, SentFile
from .zips import is_zip_name, zip_members


def corpus_files(files: list[SentFile], max_bytes: int, max_files: int) -> list[SentFile]:
    """Return the documents sent: each file, and each document inside a zip, in order."""
    documents = []
    for sent in files:
        documents.extend(zip_members(sent, max_bytes, max_files) if is_zip_name(sent.filename) else [sent])
        if len(documents) > max_files:
            raise BadInput(413, f"more than {max_files} documents")
    if not documents:
        raise BadInput(400, "no documents: send one or more files, or a zip of them")
    return documents


def file_uploads(files: list[SentFile]) -> list[Upload]:
    """Return sent files as documents, each read as its name's extension says."""
    return [Upload(sent.filename, chosen_format(None, sent.filename, True), data=sent.data) for sent in files]


def consistency_report(uploads: list[Upload], matcher: Matcher) -> ConsistencyReport:
    """Return the report over the documents; one that cannot be read is listed as an error."""
    counter = ConsistencyCounter(matcher.lexicon)
    for upload in uploads:
        try:
            document = checked_document(upload, matcher, every=True)
        except BadInput as error:
            counter.add_error(error.message)
            continue
        counter.add_results(upload.filename, document.results)
        for problem in document.problems:
            counter.add_error(f"{upload.filename}: {problem}")
    return counter.report()
