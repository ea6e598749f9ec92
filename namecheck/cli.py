"""The namecheck command line: arguments, output streams and exit codes; nothing else."""

from __future__ import annotations

import difflib
import errno
import os
import sys
import time
from enum import Enum
from typing import Annotated, Optional

import typer

from . import report
from .api import DocumentScan, load_lexicon, scan_docx, scan_file, scan_source
from .batch import ANNOTATIONS_FIELD, BatchOptions
from .batch_run import EngineError, RunResult, RunSettings, normalize_file, parse_size
from .consistency import ConsistencyCounter
from .discovery import Discovery, clusters_toml
from .documents import FORMAT_NAMES, ReadOptions
from .files import (
    InputError,
    file_size,
    remove_stale_temporaries_beside,
    text_source_of,
    unsafe_output_reason,
    walk_paths,
    write_atomically,
)
from .interrupt import Interrupted, signals_raise_interrupted
from .lexicon import LexiconError
from .matcher import DEFAULT_THRESHOLD, Matcher
from .report_html import html_report
from .runtime import settle_for_batch
from .synonyms import FORMATS as SYNONYM_FORMATS
from .synonyms import exported_synonyms
from .terminal import visible

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find and fix inconsistent spellings of transliterated names (Arabic, Persian, Slavic).",
)
lexicon_app = typer.Typer(no_args_is_help=True, help="Work with lexicon files.")
app.add_typer(lexicon_app, name="lexicon")


class Format(str, Enum):
    text = "text"
    jsonl = "jsonl"
    json = "json"


LexiconOption = Annotated[
    Optional[list[str]],
    typer.Option("--lexicon", "-l", help="A lexicon file or folder to add (repeatable)."),
]
NoDefaultOption = Annotated[bool, typer.Option("--no-default-lexicon", help="Do not load the default lexicon.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
MinScoreOption = Annotated[
    float,
    typer.Option("--min-score", min=0.0, max=1.0, help="Lowest score of a phonetic match."),
]
PathsArgument = Annotated[list[str], typer.Argument(help="Files, folders (walked recursively) or - for stdin.")]
InputFormat = Enum("InputFormat", {name: name for name in FORMAT_NAMES}, type=str)
InputFormatOption = Annotated[
    Optional[InputFormat],
    typer.Option("--input-format", help="Read every document as this format (default: by extension; text for stdin)."),
]
JsonFieldOption = Annotated[
    Optional[list[str]],
    typer.Option("--json-field", help="JSONL: a dotted path of a field to read (repeatable; default: every string)."),
]
JsonIdOption = Annotated[Optional[str], typer.Option("--json-id", help="JSONL: the field that names a record.")]


def _write(text: str) -> None:
    """Write a piece of output as it is (no line break added)."""
    sys.stdout.write(text)


def _out(text: str) -> None:
    """Write one record to standard output (buffered: no flush per finding)."""
    sys.stdout.write(text + "\n")


def _error(message: str) -> None:
    # messages name files, and file names may hold escape sequences
    typer.echo(visible(f"namecheck: {message}", keep="\n"), err=True)


def _matcher(lexicons: list[str] | None, no_default: bool, min_score: float) -> Matcher:
    try:
        matcher = Matcher(load_lexicon(lexicons or [], with_default=not no_default), threshold=min_score)
    except (LexiconError, InputError) as error:
        _error(f"cannot load the lexicon:\n{error}")
        raise typer.Exit(EXIT_ERROR) from None
    settle_for_batch()
    return matcher


class UnreadableDocument(Exception):
    """A document that cannot be read; the message names it."""


def _scan(path: str, matcher: Matcher, input_format, options: ReadOptions, every: bool = False) -> DocumentScan:
    """Open one document for scanning; raise UnreadableDocument with a message naming it."""
    format = input_format.value if input_format else None
    try:
        if path == "-" and format == "docx":
            return scan_docx(path, sys.stdin.buffer.read(), matcher, every)
        if path == "-":
            return scan_source(text_source_of(sys.stdin.buffer.read(), "-"), matcher, format or "text", options, every)
        return scan_file(path, matcher, format, options, every)
    except InputError as error:
        raise UnreadableDocument(str(error)) from None
    except (ImportError, ValueError) as error:  # a Word document without its extra, or not one
        raise UnreadableDocument(f"{path}: {error}") from None


def _files(paths: list[str]) -> list[str]:
    """Return the files the paths name; the FIFOs, devices and sockets a folder walk skips are
    noted on stderr and change no exit status."""
    walk = walk_paths(paths)
    for skipped in walk.skipped:
        _error(f"note: {skipped.message}")
    return list(walk.files)


def _scans(paths: list[str], matcher: Matcher, input_format, options: ReadOptions, every: bool = False):
    """Yield (scan or None, error message or None) for every document the paths name."""
    for path in _files(paths):
        try:
            yield _scan(path, matcher, input_format, options, every), None
        except UnreadableDocument as error:
            yield None, str(error)


def _results(scan: DocumentScan):
    """Yield a scan's chunk results; a document that turns out unreadable midway raises."""
    try:
        yield from scan.results
    except InputError as error:
        raise UnreadableDocument(str(error)) from None
    except ValueError as error:
        raise UnreadableDocument(f"{scan.path}: {error}") from None


def _options(json_field: list[str] | None, json_id: str | None) -> ReadOptions:
    return ReadOptions(json_fields=tuple(json_field or ()), json_id=json_id)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@app.command()
def check(
    paths: PathsArgument,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: FormatOption = Format.text,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = None,
) -> None:
    """Report every spelling that is not the house spelling. Exit 0: none; 1: found; 2: error."""
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    files = errors = count = 0
    stream = report.JsonStream("findings")
    if format is Format.json:
        _write(stream.opening())
    color = _color()
    for scan, problem in _scans(paths, matcher, input_format, _options(json_field, json_id)):
        if problem:
            errors += 1
            _error(problem)
            continue
        files += 1
        try:
            for result in _results(scan):
                for message in result.problems:
                    errors += 1
                    _error(f"{scan.path}: {message}")
                for finding in result.findings:
                    count += 1
                    if format is Format.text:
                        _out(report.finding_text(finding, color))
                    elif format is Format.jsonl:
                        _out(report.json_line(finding.to_dict()))
                    else:
                        _write(stream.record(finding.to_dict()))
        except UnreadableDocument as error:
            errors += 1
            _error(str(error))
    if format is Format.json:
        _out(stream.closing({"files": files, "findings": count, "errors": errors}))
    elif format is Format.text:
        sys.stdout.flush()
        typer.echo(report.findings_summary(files, count, errors), err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FINDINGS if count else EXIT_CLEAN)


def _diff(path: str, old: str, new: str) -> str:
    old_name, new_name = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=old_name, tofile=new_name)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def _write_fixed(scan: DocumentScan, data: bytes) -> bool:
    """Write a fixed document in place, unless it changed since it was read; say why not on
    stderr and return False when it fails."""
    path = scan.path
    try:
        write_atomically(path, data, expected=scan.state)
    except OSError as error:
        _error(f"{path}: cannot write: {error.strerror or error}: left untouched")
        return False
    return True


def _out_diff(diff: str) -> None:
    """Write a diff: made visible on a terminal; elsewhere byte for byte, so a saved patch applies
    (typer.echo would strip its escape sequences, a strict stdout refuse non-UTF-8 file names)."""
    if sys.stdout.isatty():
        sys.stdout.write(visible(diff, keep="\t\n"))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(diff.encode("utf-8", "surrogateescape"))


def _report_fixed(path: str, findings: list, format: Format) -> None:
    if format is Format.text:
        typer.echo(visible(f"{path}: fixed {len(findings)} spelling(s)"), err=True)
    elif format is Format.jsonl:
        for finding in findings:
            _out(report.json_line(finding.to_dict()))


def _unfixed_notes(path: str, findings: list) -> None:
    for finding in findings:
        if not finding.fixable:
            _error(f"{path}:{finding.line}:{finding.column}: {finding.text!r}: {finding.note}")


@app.command()
def fix(
    paths: PathsArgument,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: FormatOption = Format.text,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = None,
) -> None:
    """Rewrite every finding to the house spelling, in place and atomically (- : stdin to stdout)."""
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    errors = changed = 0
    records = []
    for scan, problem in _scans(paths, matcher, input_format, _options(json_field, json_id)):
        if problem:
            errors += 1
            _error(problem)
            continue
        if scan.path != "-" and not diff:
            remove_stale_temporaries_beside(scan.path)  # left by a run that was killed
        try:
            results = list(_results(scan))
        except UnreadableDocument as error:
            errors += 1
            _error(str(error))
            continue
        findings = [finding for result in results for finding in result.findings]
        fixed = [finding for finding in findings if finding.fixable]
        _unfixed_notes(scan.path, findings)
        for result in results:
            for message in result.problems:
                errors += 1
                _error(f"{scan.path}: {message}")
        if scan.path == "-" and not diff:
            sys.stdout.buffer.write(scan.fixed_bytes(results))
            sys.stdout.buffer.flush()
        elif fixed:
            changed += 1
            if diff and scan.docx is None:
                old = "".join(result.chunk.text for result in results)
                _out_diff(_diff(scan.path, old, "".join(result.fixed_text() for result in results)))
            elif diff:
                _report_fixed(scan.path, fixed, Format.jsonl if format is Format.jsonl else Format.text)
            elif _write_fixed(scan, scan.fixed_bytes(results)):
                records.extend(finding.to_dict() for finding in fixed)
                _report_fixed(scan.path, fixed, format)
            else:
                errors += 1
    if format is Format.json and not diff:
        _out(report.json_document("fixed", records, {"files_changed": changed, "errors": errors}))
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FINDINGS if diff and changed else EXIT_CLEAN)


def _queries(names: list[str]) -> list[str]:
    if names == ["-"]:
        return [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    return names


@app.command()
def match(
    names: Annotated[list[str], typer.Argument(help="Names to match, or - to read one per line from stdin.")],
    explain: Annotated[bool, typer.Option("--explain", help="Show how each decision was reached.")] = False,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: FormatOption = Format.text,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
) -> None:
    """Show the entity, house spelling, kind and score the matcher gives each name."""
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    records = []
    for query in _queries(names):
        if explain and format is Format.text:
            typer.echo(report.explanation_text(matcher.explain(query)))
            continue
        found = matcher.match(query)
        if format is Format.text:
            typer.echo(report.match_text(query, found))
        elif format is Format.jsonl:
            typer.echo(report.json_line(report.match_record(query, found)))
        else:
            records.append(report.match_record(query, found))
    if format is Format.json:
        matched = sum(1 for record in records if record["entity"])
        typer.echo(report.json_document("matches", records, {"queries": len(records), "matched": matched}))


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


OutputOption = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


def _refuse_unsafe_output(output: str | None, paths: list[str]) -> None:
    """Exit with status 2 before any work when `output` is a device or one of the inputs."""
    reason = output and unsafe_output_reason(output, paths)
    if reason:
        _error(reason)
        raise typer.Exit(EXIT_ERROR)


def _write_output(text: str, output: str | None) -> None:
    if output is None:
        _out(text)
        return
    try:
        write_atomically(output, (text + "\n").encode("utf-8", "backslashreplace"))
    except OSError as error:
        _error(f"{output}: cannot write: {error.strerror or error}")
        raise typer.Exit(EXIT_OUTPUT) from None


def _with_progress(items: list, label: str):
    """Yield the items, with a progress bar on stderr only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=label, console=Console(stderr=True), transient=True)


def _corpus(paths: list[str], matcher: Matcher, errors: list[str], input_format=None, options=ReadOptions()):
    """Yield (path, chunk results) of the readable documents of a corpus, with progress;
    unreadable ones are named on stderr and their messages collected in `errors`."""
    for path in _with_progress(_files(paths), "Reading"):
        for scan, problem in _scans([path], matcher, input_format, options, every=True):
            if problem:
                _error(problem)
                errors.append(problem)
                continue
            try:
                yield scan.path, list(_results(scan))
            except UnreadableDocument as error:
                _error(str(error))
                errors.append(str(error))


@app.command("report")
def report_command(
    paths: PathsArgument,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: OutputOption = None,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = None,
) -> None:
    """How each entity is spelled across documents: spellings, counts, documents. Exit 2 on input errors."""
    _refuse_unsafe_output(output, paths)
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    counter = ConsistencyCounter(matcher.lexicon)
    errors: list[str] = []
    for path, results in _corpus(paths, matcher, errors, input_format, _options(json_field, json_id)):
        counter.add(path, [mention for result in results for _, mention in result.mentions])
    for problem in errors:
        counter.add_error(problem)
    result = counter.report()
    if format is ReportFormat.json:
        _write_output(report.json_document_of(result.to_dict()), output)
    elif format is ReportFormat.html:
        _write_output(html_report(result), output)
    else:
        _write_output(report.consistency_text(result), output)
    raise typer.Exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


class DiscoverFormat(str, Enum):
    toml = "toml"
    json = "json"


@app.command()
def discover(
    paths: PathsArgument,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: Annotated[DiscoverFormat, typer.Option("--format", "-f", help="Output format.")] = DiscoverFormat.toml,
    output: OutputOption = None,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = None,
) -> None:
    """Find names no lexicon knows that are spelled several ways; write them as lexicon entries."""
    _refuse_unsafe_output(output, paths)
    known = _matcher(lexicon, no_default_lexicon, min_score)
    finder = Discovery(known if known.lexicon.entities else None, threshold=min_score)
    errors: list[str] = []
    for path, results in _corpus(paths, known, errors, input_format, _options(json_field, json_id)):
        finder.add_regions(path, [region.text for result in results for region in result.regions])
    clusters = finder.clusters()
    if format is DiscoverFormat.json:
        summary = {"documents": finder.documents, "clusters": len(clusters), "errors": len(errors)}
        _write_output(report.json_document("clusters", [c.to_dict() for c in clusters], summary), output)
    else:
        _write_output(clusters_toml(clusters, finder.documents).rstrip("\n"), output)
    if output is not None:
        typer.echo(visible(f"{len(clusters)} cluster(s) from {finder.documents} document(s) written to {output}"), err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_CLEAN)


@lexicon_app.command("validate")
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Lexicon files or folders to check with the default.")] = None,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
) -> None:
    """Check lexicon files: syntax, keys, ids, and spellings claimed twice. Exit 1 on problems."""
    try:
        loaded = load_lexicon((paths or []) + (lexicon or []), with_default=not no_default_lexicon)
    except LexiconError as error:
        for problem in error.problems:
            typer.echo(visible(str(problem)), err=True)  # problems name files, which may hold escapes
        typer.echo(f"{len(error.problems)} problem(s)", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    except InputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_ERROR) from None
    off = f" ({len(loaded.disabled)} more turned off)" if loaded.disabled else ""
    typer.echo(f"ok: {len(loaded.entities)} entities{off} in {len(loaded.sources)} file(s)")


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@lexicon_app.command("show")
def show(
    entity_id: Annotated[str, typer.Argument(help="The id of the entity to show.")],
    paths: Annotated[Optional[list[str]], typer.Argument(help="Lexicon files or folders to load after the default.")] = None,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = ShowFormat.text,
) -> None:
    """Print an entity as loaded, with the lexicon file each field came from. Exit 2: unknown id."""
    try:
        loaded = load_lexicon((paths or []) + (lexicon or []), with_default=not no_default_lexicon)
    except (LexiconError, InputError) as error:
        _error(f"cannot load the lexicon:\n{error}")
        raise typer.Exit(EXIT_ERROR) from None
    entity = loaded.loaded_entity(entity_id)
    if entity is None:
        _error(f"no entity {entity_id!r} in the loaded lexicons")
        raise typer.Exit(EXIT_ERROR)
    record = report.loaded_entity_record(entity, loaded.provenance[entity.id], entity in loaded.disabled)
    _out(report.json_document_of(record) if format is ShowFormat.json else report.loaded_entity_text(record))


def _web_app(matcher: Matcher, host: str, max_upload_mb: float):
    """Return the web application, or exit 2 saying how to install the extra it needs."""
    from .web import EXTRA_MODULES, INSTALL_HINT

    try:
        from .web.app import create_app
        from .web.settings import MEGABYTE, WebSettings
    except ImportError as error:
        module = (error.name or "").split(".")[0]
        if module not in EXTRA_MODULES:
            raise
        _error(f"serve needs the web extra ({module} is missing): {INSTALL_HINT}")
        raise typer.Exit(EXIT_ERROR) from None
    return create_app(matcher, WebSettings(max_upload=int(max_upload_mb * MEGABYTE), host=host))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (only this machine by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="Largest upload or request body, in MB.")
    ] = 20.0,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
) -> None:
    """Serve the web page (check, lexicon, report) and the JSON API under /api/. Needs namecheck[web]."""
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    application = _web_app(matcher, host, max_upload_mb)
    import uvicorn

    typer.echo(visible(f"namecheck: serving on http://{host}:{port}/ (Ctrl-C stops)"), err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    except Interrupted:  # uvicorn stops on the signal, then raises it again for us
        typer.echo("namecheck: server stopped", err=True)


CorpusFormat = Enum("CorpusFormat", {name: name for name in ("jsonl", "parquet")}, type=str)
Engine = Enum("Engine", {name: name for name in ("local", "dask")}, type=str)


def _normalize_progress(source: str):
    """Return a progress callback (bytes done) drawing a bar on stderr when it is a terminal,
    and the bar to stop; (no-op, None) elsewhere. The bar refreshes from the callback only, so
    no thread runs when worker processes are forked."""
    if not sys.stderr.isatty():
        return (lambda done: None), None
    from rich.console import Console
    from rich.progress import Progress

    try:
        total = file_size(source)
    except InputError:
        return (lambda done: None), None  # the run will say why it cannot read it
    bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
    task = bar.add_task("Normalizing", total=total)
    bar.start()
    return (lambda done: bar.update(task, advance=done, refresh=True)), bar


def _normalize_summary(result: RunResult, seconds: float) -> str:
    tally = result.tally
    rate = tally.bytes / 1e6 / seconds if seconds > 0 else 0.0
    line = (
        f"{tally.records} record(s), {tally.mentions} name(s), {tally.changed} record(s) changed, "
        f"{tally.rejects} rejected; {tally.bytes / 1e6:.1f} MB in {seconds:.1f} s ({rate:.1f} MB/s)"
    )
    return line + (f"; rejects written to {result.rejects_path}" if result.rejects_path else "")


def _settings(input_format, engine, jobs: int, scheduler: str | None, partition_size: str | None) -> RunSettings:
    if scheduler and engine is not Engine.dask:
        _error("--scheduler needs --engine dask")
        raise typer.Exit(EXIT_ERROR)
    try:
        size = parse_size(partition_size) if partition_size else None
    except ValueError as error:
        _error(str(error))
        raise typer.Exit(EXIT_ERROR) from None
    return RunSettings(input_format.value if input_format else None, engine.value, jobs, scheduler, size)


@app.command()
def normalize(
    source: Annotated[str, typer.Argument(help="A JSON Lines or Parquet file.")],
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write, in the input's format.")],
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = None,
    annotations_field: Annotated[str, typer.Option("--annotations-field", help="The field listing the names found.")] = ANNOTATIONS_FIELD,
    rejects: Annotated[Optional[str], typer.Option("--rejects", help="Where invalid records go (default OUTPUT.rejects.jsonl, when there are any).")] = None,
    input_format: Annotated[Optional[CorpusFormat], typer.Option("--input-format", help="jsonl or parquet (default: by extension).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes (local) or workers of a local Dask cluster.")] = 1,
    engine: Annotated[Engine, typer.Option("--engine", help="local, or dask (the namecheck\\[dask] extra).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask: a running scheduler's address.")] = None,
    partition_size: Annotated[Optional[str], typer.Option("--partition-size", help="Input per part, e.g. 64MB.")] = None,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
    min_score: MinScoreOption = DEFAULT_THRESHOLD,
) -> None:
    """Rewrite a corpus's records to house spellings and annotate the names found. Exit 0: done; 1: some records rejected."""
    _refuse_unsafe_output(output, [source])
    _refuse_unsafe_output(rejects or output + ".rejects.jsonl", [source, output])
    settings = _settings(input_format, engine, jobs, scheduler, partition_size)
    matcher = _matcher(lexicon, no_default_lexicon, min_score)
    options = BatchOptions(tuple(json_field or ()), json_id, annotations_field)
    progress, bar = _normalize_progress(source)
    started = time.monotonic()
    try:
        result = normalize_file(source, output, matcher, options, rejects, settings, progress)
    except (InputError, ImportError, ValueError, EngineError) as error:
        _error(f"{error}: nothing written")
        raise typer.Exit(EXIT_ERROR) from None
    except OSError as error:
        _error(f"{error.filename or output}: cannot write: {error.strerror or error}: nothing written")
        raise typer.Exit(EXIT_OUTPUT) from None
    finally:
        if bar is not None:
            bar.stop()
    typer.echo(visible(_normalize_summary(result, time.monotonic() - started)), err=True)
    raise typer.Exit(EXIT_FINDINGS if result.tally.rejects else EXIT_CLEAN)


SynonymFormat = Enum("SynonymFormat", {name: name for name in SYNONYM_FORMATS}, type=str)


@lexicon_app.command("export")
def export(
    format: Annotated[SynonymFormat, typer.Option("--format", "-f", help="Synonym syntax.")] = SynonymFormat["solr-synonyms"],
    output: OutputOption = None,
    lexicon: LexiconOption = None,
    no_default_lexicon: NoDefaultOption = False,
) -> None:
    """Write the lexicon as search-engine synonyms: variant spellings => house spelling."""
    try:
        loaded = load_lexicon(lexicon or [], with_default=not no_default_lexicon)
    except (LexiconError, InputError) as error:
        _error(f"cannot load the lexicon:\n{error}")
        raise typer.Exit(EXIT_ERROR) from None
    _write_output(exported_synonyms(loaded, format.value).rstrip("\n"), output)


def _output_failed(error: OSError) -> int:
    """Say why standard output could not be written (nothing for a closed pipe); return status 3."""
    if error.errno != errno.EPIPE:
        _error(f"cannot write the output: {error.strerror or error}")
    # what is still buffered can never be written: let the interpreter's last flush succeed
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OUTPUT


def _status_of_run() -> int:
    """Run the command line; return its exit status, or 3 when standard output failed."""
    stdout = sys.stdout
    try:
        app(prog_name="namecheck")
        status = EXIT_CLEAN
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else EXIT_ERROR if done.code else EXIT_CLEAN
    except OSError as error:
        if error.filename is not None:  # a file, not the output stream: a bug to show in full
            raise
        return _output_failed(error)
    if sys.stdout is not stdout:
        return EXIT_OUTPUT  # typer swaps stdout when the reader closed the pipe; it said nothing
    try:
        sys.stdout.flush()
    except OSError as error:
        return _output_failed(error)
    return status


def main() -> None:
    """Run the command line. SIGINT and SIGTERM stop it through its clean-up (exit 130); an
    output that cannot be written exits 3 with a message, a closed pipe quietly."""
    try:
        with signals_raise_interrupted():
            status = _status_of_run()
    except Interrupted as interruption:
        _error(f"interrupted ({interruption.signal_name}): files already written are complete, the others untouched")
        status = EXIT_INTERRUPTED
    sys.exit(status)
