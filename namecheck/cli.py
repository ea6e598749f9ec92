"""The namecheck command line: arguments, output streams and exit codes; nothing else."""

from __future__ import annotations

import difflib
import errno
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from importlib.metadata import PackageNotFoundError, version as package_version
from typing import Annotated, Optional

import click
import typer

from .api import DocumentScan, cache_state, clear_index_cache, load_lexicon, scan_docx, scan_file, scan_source, with_findings
from .batch import ANNOTATIONS_FIELD, BatchOptions
from .batch_run import INPUT_FORMATS, REJECTS_SUFFIX, EngineError, RunResult, RunSettings, normalize_file, parse_size
from .config import CONFIG_NAME, ConfigError, Settings, settings_records, with_accepted_spelling
from .consistency import ConsistencyCounter
from .discovery import Discovery
from .documents import DEFAULT_JSON_ID, FORMAT_NAMES, ReadOptions
from .files import (
    CACHE_FOLDER_VARIABLE,
    InputError,
    file_size,
    git_top,
    read_optional_text,
    remove_stale_temporaries_beside,
    text_source_of,
    unsafe_output_reason,
    walk_paths,
    write_atomically,
)
from .formats import CHECK, DISCOVER, FIX, MATCH, REPORT, SHOW, Answer, formats_for, formats_help, formatter
from .interrupt import Interrupted, signals_raise_interrupted
from .lexicon import LexiconError
from .matcher import Matcher
from .parallel import default_jobs, in_order
from .report import finding_text, loaded_entity_record
from .review import ANSWERS, Review
from .runtime import settle_for_batch
from .selection import Selection
from .synonyms import FORMATS as SYNONYM_FORMATS
from .synonyms import exported_synonyms
from .terminal import color_wanted, visible
from .workspace import Workspace

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
# Files read as documents of their own although their content is not text.
BINARY_DOCUMENT_SUFFIXES = (".docx",)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Find and fix inconsistent spellings of transliterated names (Arabic, Persian, Slavic).",
)
lexicon_app = typer.Typer(
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]}, help="Work with lexicon files."
)
app.add_typer(lexicon_app, name="lexicon")
cache_app = typer.Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Inspect or clear the cache of built lexicon indexes.",
)
app.add_typer(cache_app, name="cache")


def _version() -> str:
    try:
        return package_version("namecheck")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"namecheck {_version()}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find and fix inconsistent spellings of transliterated names (Arabic, Persian, Slavic)."""


def _format_choice(command: str):
    """Return the --format option of a command: its values and help come from the registry."""
    choices = Enum(f"{command.title().replace(' ', '')}Format", {name: name for name in formats_for(command)}, type=str)
    return Annotated[Optional[choices], typer.Option("--format", "-f", help=formats_help(command), show_default=False)]


CheckFormatOption = _format_choice(CHECK)
FixFormatOption = _format_choice(FIX)
MatchFormatOption = _format_choice(MATCH)
ReportFormatOption = _format_choice(REPORT)
DiscoverFormatOption = _format_choice(DISCOVER)
ShowFormatOption = _format_choice(SHOW)

LexiconOption = Annotated[
    Optional[list[str]],
    typer.Option("--lexicon", "-l", help="A lexicon file or folder to add (repeatable).", show_default=False),
]
DefaultLexiconOption = Annotated[
    Optional[bool],
    typer.Option("--default-lexicon/--no-default-lexicon", help="Load the default lexicon [default: yes].", show_default=False),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Build the lexicons' index afresh; neither read nor write the cache.")
]
MinScoreOption = Annotated[
    Optional[float],
    typer.Option("--min-score", min=0.0, max=1.0, help="Lowest score of a phonetic match [default: 0.75].", show_default=False),
]
ExcludeOption = Annotated[
    Optional[list[str]],
    typer.Option("--exclude", help="Leave out files and folders matching this glob (repeatable).", show_default=False),
]
IncludeOption = Annotated[
    Optional[list[str]],
    typer.Option("--include", help="Take only files matching this glob (repeatable).", show_default=False),
]
UnsafeFixesOption = Annotated[
    Optional[bool],
    typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply unsafe fixes (phonetic guesses).", show_default=False),
]
UnusedOption = Annotated[
    bool, typer.Option("--report-unused-suppressions", help="Report suppression comments that suppress nothing.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print findings and errors only: no summary, no notes.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say which configuration each file takes and what was left out.")]
JobsOption = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, help="Processes checking documents (default: every core when there are several files)."),
]
PathsArgument = Annotated[list[str], typer.Argument(help="Files, folders (walked recursively) or - for stdin.", show_default=False)]
InputFormat = Enum("InputFormat", {name: name for name in FORMAT_NAMES}, type=str)
InputFormatOption = Annotated[
    Optional[InputFormat],
    typer.Option("--input-format", help="Read every document as this format (default: by extension; text for stdin)."),
]
JsonFieldOption = Annotated[
    Optional[list[str]],
    typer.Option("--json-field", help="JSONL: a dotted path of a field to read (repeatable; default: every string).", show_default=False),
]
JsonIdOption = Annotated[
    Optional[str],
    typer.Option("--json-id", help='JSONL: the field that names a record; it is not read unless --json-field chooses it ("" to name records by their line).'),
]


def _write(text: str) -> None:
    """Write a piece of output as it is (no line break added)."""
    if text:
        sys.stdout.write(text)


def _out(text: str) -> None:
    """Write one record to standard output (buffered: no flush per finding)."""
    sys.stdout.write(text + "\n")


def _error(message: str) -> None:
    # messages name files, and file names may hold escape sequences
    typer.echo(visible(f"namecheck: {message}", keep="\n"), err=True)


def _note(text: str) -> None:
    if text:
        sys.stdout.flush()
        sys.stderr.write(text)


def _fail(message: str) -> typer.Exit:
    _error(message)
    return typer.Exit(EXIT_ERROR)


@dataclass
class Run:
    """The documents of a run with the settings of each, and what they share."""

    workspace: Workspace
    files: list[tuple[str, Settings]]
    quiet: bool = False
    verbose: bool = False

    def matcher(self, settings: Settings) -> Matcher:
        try:
            return self.workspace.matcher(settings)
        except (LexiconError, InputError) as error:
            raise _fail(f"cannot load the lexicon:\n{error}") from None

    @property
    def first_settings(self) -> Settings:
        return self.files[0][1] if self.files else self.workspace.settings_of("-")


def _command_line(lexicon=None, default_lexicon=None, min_score=None, exclude=None, include=None, unsafe_fixes=None, format=None) -> dict:
    """Return the options given on the command line by configuration key (None: not given)."""
    return {
        "lexicons": lexicon,
        "default-lexicon": default_lexicon,
        "min-score": min_score,
        "exclude": exclude,
        "include": include,
        "unsafe-fixes": unsafe_fixes,
        "format": format.value if isinstance(format, Enum) else format,
    }


def _walk(paths: list[str], workspace: Workspace, input_format, quiet: bool, verbose: bool) -> list[str]:
    """Return the files the paths name, as the configurations and .gitignore files select them;
    the files a walk skips are noted on stderr and change no exit status."""
    binary = None if input_format is not None and input_format.value == "docx" else BINARY_DOCUMENT_SUFFIXES
    walk = walk_paths(paths, selection=Selection(workspace.settings_for), binary_suffixes=binary)
    for skipped in () if quiet else walk.skipped:
        _error(f"note: {skipped.message}")
    for path, reason in walk.left_out if verbose else ():
        _error(f"note: {path}: {reason}: left out")
    return list(walk.files)


def _run(
    paths: list[str], command_line: dict, input_format=None, quiet: bool = False, verbose: bool = False, cache: bool = True
) -> Run:
    """Find the documents of a run and their settings, and load every matcher they need, before
    any output: a configuration or lexicon that cannot be used ends the run (exit status 2).
    With `cache`, matchers' indexes come from the index cache when they were built before."""
    workspace = Workspace(command_line, cache=cache)
    try:
        files = _walk(paths, workspace, input_format, quiet, verbose)
        run = Run(workspace, [(path, workspace.settings_of(path)) for path in files], quiet, verbose)
        for settings in {id(settings): settings for _, settings in run.files or [("-", run.first_settings)]}.values():
            run.matcher(settings)
            settle_for_batch()
            if verbose:
                where = settings.config.path if settings.config else "no configuration file"
                _error(f"note: {sum(1 for _, s in run.files if s is settings)} file(s) with {where}")
    except (ConfigError, InputError) as error:
        raise _fail(f"cannot use the configuration:\n{error}") from None
    return run


def _format_name(command: str, given, settings: Settings) -> str:
    """Return the output format: the command line's, else the configuration's (check only), else
    the command's default."""
    if given is not None:
        return given.value
    configured = settings["format"] if command == CHECK else None
    if configured is None:
        return next(iter(formats_for(command)))
    if configured not in formats_for(command):
        raise _fail(f"{settings.sources['format']}: unknown format {configured!r} for {command} (one of {', '.join(formats_for(command))})")
    return configured


def _color() -> bool:
    return color_wanted(os.environ, sys.stdout.isatty())


class UnreadableDocument(Exception):
    """A document that cannot be read; the message names it."""


def _scan(path: str, matcher: Matcher, acceptance, input_format, options: ReadOptions, every: bool = False) -> DocumentScan:
    """Open one document for scanning; raise UnreadableDocument with a message naming it."""
    format = input_format.value if input_format else None
    try:
        if path == "-" and format == "docx":
            return scan_docx(path, sys.stdin.buffer.read(), matcher, every, acceptance)
        if path == "-":
            source = text_source_of(sys.stdin.buffer.read(), "-")
            return scan_source(source, matcher, format, options, every, acceptance)
        return scan_file(path, matcher, format, options, every, acceptance)
    except InputError as error:
        raise UnreadableDocument(str(error)) from None
    except (ImportError, ValueError) as error:  # a Word document without its extra, or not one
        raise UnreadableDocument(f"{path}: {error}") from None


def _scans(run: Run, input_format, options: ReadOptions, every: bool = False, matcher: Matcher | None = None):
    """Yield (path, settings, scan or None, error message or None) for every document of the run,
    each read with its settings' matcher (or `matcher`, the same for all)."""
    for path, settings in run.files:
        acceptance = run.workspace.acceptance(settings)
        try:
            scan = _scan(path, matcher or run.matcher(settings), acceptance, input_format, options, every)
            yield path, settings, scan, None
        except UnreadableDocument as error:
            yield path, settings, None, str(error)


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


@app.command()
def check(
    paths: PathsArgument,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    format: CheckFormatOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
    exclude: ExcludeOption = None,
    include: IncludeOption = None,
    report_unused_suppressions: UnusedOption = False,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = DEFAULT_JSON_ID,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    jobs: JobsOption = None,
) -> None:
    """Report every spelling that is not the house spelling. Exit 0: none; 1: found; 2: error."""
    command_line = _command_line(lexicon, default_lexicon, min_score, exclude, include, format=format)
    run = _run(paths, command_line, input_format, quiet, verbose, cache=not no_cache)
    out = formatter(CHECK, _format_name(CHECK, format, run.first_settings), _color(), _version())
    files = errors = count = 0
    _write(out.opening())

    def problem(message: str) -> None:
        nonlocal errors
        errors += 1
        _error(message)
        _write(out.problem(message))

    _CHECKING.update(run=run, input_format=input_format, options=_options(json_field, json_id), unused=report_unused_suppressions)
    jobs = jobs if jobs is not None else default_jobs(len(run.files))
    serial = jobs <= 1 or "-" in paths
    for event, value in _checked_in_order(run, serial, jobs):
        if event == OPENED:
            files += 1
        elif event == PROBLEM:
            problem(value)
        else:
            count += len(value)
            _write("".join(map(out.record, value)))
    summary = {"files": files, "findings": count, "errors": errors}
    _write(out.closing(summary))
    if not quiet:
        _note(out.note(summary))
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FINDINGS if count else EXIT_CLEAN)


# What every document of a `check` run is checked with; set before the workers are forked.
_CHECKING: dict = {}
PROBLEM, RECORDS, OPENED = "problem", "records", "opened"


def _check_events(item: tuple[str, Settings]):
    """Yield what checking one document gives, as it comes: (OPENED, path) once it could be
    read, (PROBLEM, message) and (RECORDS, a chunk's findings and unused suppressions, a list
    never empty): a chunk's records travel together, which costs a finding less on its way."""
    path, settings = item
    run = _CHECKING["run"]
    try:
        scan = _scan(path, run.matcher(settings), run.workspace.acceptance(settings), _CHECKING["input_format"], _CHECKING["options"])
        yield OPENED, path
        for result in _results(scan):
            yield from ((PROBLEM, f"{scan.path}: {message}") for message in result.problems)
            records = result.findings + (result.unused_suppressions if _CHECKING["unused"] else [])
            if records:
                yield RECORDS, records
    except UnreadableDocument as error:
        yield PROBLEM, str(error)


def _checked_document(item: tuple[str, Settings]) -> list:
    """Return the events of one document, whole (in a worker process)."""
    return list(_check_events(item))


def _checked_in_order(run: Run, serial: bool, jobs: int):
    """Yield every document's events in the run's order: as they come when serial (memory holds
    one chunk of a document), else a document at a time from `jobs` processes."""
    if serial:
        for item in run.files:
            yield from _check_events(item)
        return
    for events in in_order(_checked_document, run.files, jobs):
        yield from events


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


def _unfixed_notes(path: str, findings: list) -> None:
    for finding in findings:
        if not finding.fixable:
            _error(f"{path}:{finding.line}:{finding.column}: {finding.text!r}: {finding.note}")


def _ask(finding, color: bool) -> str:
    """Show a finding and its proposed fix on the terminal; return the key pressed."""
    safety = "" if finding.safe else " (unsafe: a phonetic guess)"
    typer.echo(finding_text(finding, color))
    keys = " ".join(f"[{key}] {meaning}" for key, meaning in ANSWERS.items())
    typer.echo(visible(f"Write {finding.replacement!r}{safety}? {keys} "), nl=False)
    key = click.getchar()
    typer.echo(visible(key))
    return key


def _config_to_accept_into(path: str, settings: Settings) -> str:
    """Return the configuration file a spelling accepted in `path` goes to: the one in force, or
    a new namecheck.toml at the top of its git repository (else beside the document)."""
    if settings.config is not None:
        return settings.config.path
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.join(git_top(folder) or folder, CONFIG_NAME)


def _accept_into_config(path: str, settings: Settings, spelling: str) -> None:
    config = _config_to_accept_into(path, settings)
    try:
        text = with_accepted_spelling(read_optional_text(config) or "", config, spelling)
        write_atomically(config, text.encode("utf-8"))
    except (OSError, ValueError) as error:
        _error(f"{config}: cannot add {spelling!r} to accept: {error}")
        return
    typer.echo(visible(f"accepted {spelling!r} in {config}"))


def _reviewed(path: str, settings: Settings, findings: list, review: Review) -> list:
    """Return the findings the person chose to fix, asking about each one not yet decided."""
    chosen = []
    for finding in findings:
        decided = review.decided(finding)
        while decided is None:
            key = _ask(finding, _color())
            decided = review.answer(finding, key)
            if decided is False and key.lower() == "s":
                _accept_into_config(path, settings, " ".join(finding.text.split()))
        if decided:
            chosen.append(finding)
    return chosen


@dataclass
class FixCounts:
    """What a fix run did, and whether to say it (not with --quiet)."""

    quiet: bool = False
    changed: int = 0
    errors: int = 0
    unsafe_left: int = 0


def _chosen(path: str, settings: Settings, findings: list, review: Review | None, counts: FixCounts, verbose: bool) -> list:
    """Return the fixable findings to apply: the person's choice, or the safe ones (and the
    unsafe ones when asked); count the unsafe fixes left."""
    fixable = [finding for finding in findings if finding.fixable]
    if review is not None:
        return _reviewed(path, settings, fixable, review)
    left = [finding for finding in fixable if not finding.safe and not settings["unsafe-fixes"]]
    counts.unsafe_left += len(left)
    for finding in left if verbose else ():
        _error(f"{path}:{finding.line}:{finding.column}: {finding.text!r} -> {finding.replacement!r}: unsafe fix not applied")
    return [finding for finding in fixable if finding not in left]


def _fix_one(scan: DocumentScan, settings: Settings, out, diff: bool, review: Review | None, counts: FixCounts, verbose: bool) -> None:
    """Fix one document (or show its diff), counting what changed and what failed."""
    if scan.path != "-" and not diff:
        remove_stale_temporaries_beside(scan.path)  # left by a run that was killed
    try:
        results = list(_results(scan))
    except UnreadableDocument as error:
        counts.errors += 1
        _error(str(error))
        return
    findings = [finding for result in results for finding in result.findings]
    _unfixed_notes(scan.path, findings)
    for message in (message for result in results for message in result.problems):
        counts.errors += 1
        _error(f"{scan.path}: {message}")
    chosen = _chosen(scan.path, settings, findings, review, counts, verbose)
    results = with_findings(results, lambda finding: finding in chosen)
    if scan.path == "-" and not diff:
        sys.stdout.buffer.write(scan.fixed_bytes(results))
        sys.stdout.buffer.flush()
    elif chosen and diff and scan.docx is None:
        counts.changed += 1
        old = "".join(result.chunk.text for result in results)
        _out_diff(_diff(scan.path, old, "".join(result.fixed_text() for result in results)))
    elif chosen and diff:
        counts.changed += 1
        _note(visible(f"{scan.path}: {len(chosen)} spelling(s) to fix (no diff of a Word document)") + "\n")
    elif chosen and _write_fixed(scan, scan.fixed_bytes(results)):
        counts.changed += 1
        stdout, stderr = out.fixed(scan.path, chosen)
        _write(stdout)
        _note("" if counts.quiet else stderr)
    elif chosen:
        counts.errors += 1


@app.command()
def fix(
    paths: PathsArgument,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask about each fix: y, n, a, s, q.")] = False,
    unsafe_fixes: UnsafeFixesOption = None,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    format: FixFormatOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
    exclude: ExcludeOption = None,
    include: IncludeOption = None,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = DEFAULT_JSON_ID,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rewrite findings to the house spelling, in place and atomically (- : stdin to stdout).
    Safe fixes only, unless --unsafe-fixes. Exit 0: done; 1: unsafe fixes left (or --diff has changes); 2: error."""
    if interactive and not (sys.stdin.isatty() and "-" not in paths):
        raise _fail("fix --interactive asks on a terminal: standard input must be one (and no path may be -)")
    command_line = _command_line(lexicon, default_lexicon, min_score, exclude, include, unsafe_fixes, format)
    run = _run(paths, command_line, input_format, quiet, verbose, cache=not no_cache)
    out = formatter(FIX, _format_name(FIX, format, run.first_settings), _color(), _version())
    counts = FixCounts(quiet)
    review = Review() if interactive else None
    show_records = not diff and scan_writes_records(paths)
    _write(out.opening() if show_records else "")
    for _, settings, scan, unreadable in _scans(run, input_format, _options(json_field, json_id)):
        if unreadable:
            counts.errors += 1
            _error(unreadable)
            continue
        _fix_one(scan, settings, out, diff, review, counts, verbose)
        if review is not None and review.stopped:
            break
    _write(out.closing({"files_changed": counts.changed, "errors": counts.errors}) if show_records else "")
    if counts.unsafe_left and not quiet:
        _error(f"{counts.unsafe_left} unsafe fix(es) not applied: --unsafe-fixes applies them, --interactive asks about each")
    fixes_left = counts.unsafe_left or (diff and counts.changed)
    raise typer.Exit(EXIT_ERROR if counts.errors else EXIT_FINDINGS if fixes_left else EXIT_CLEAN)


def scan_writes_records(paths: list[str]) -> bool:
    """Whether fix writes its records on standard output: not when that carries the fixed text."""
    return "-" not in paths


def _queries(names: list[str]) -> list[str]:
    if names == ["-"]:
        return [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    return names


@app.command()
def match(
    names: Annotated[list[str], typer.Argument(help="Names to match, or - to read one per line from stdin.", show_default=False)],
    explain: Annotated[bool, typer.Option("--explain", help="Show how each decision was reached (text format).")] = False,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    format: MatchFormatOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the entity, house spelling, kind and score the matcher gives each name."""
    run = _run([], _command_line(lexicon, default_lexicon, min_score), cache=not no_cache)
    matcher = run.matcher(run.first_settings)
    out = formatter(MATCH, _format_name(MATCH, format, run.first_settings), _color(), _version())
    queries = matched = 0
    _write(out.opening())
    for query in _queries(names):
        found = matcher.match(query)
        queries += 1
        matched += found is not None
        _write(out.record(Answer(query, found, matcher.explain(query) if explain else None)))
    _write(out.closing({"queries": queries, "matched": matched}))


OutputOption = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


def _refuse_unsafe_output(output: str | None, paths: list[str]) -> None:
    """Exit with status 2 before any work when `output` is a device or one of the inputs."""
    reason = output and unsafe_output_reason(output, paths)
    if reason:
        raise _fail(reason)


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


def _one_matcher(run: Run) -> Matcher:
    """Return the matcher a whole corpus is read with (report, discover): that of the first
    document's settings; documents whose configuration asks for another are noted."""
    first = run.first_settings
    others = {s.config.path for _, s in run.files if s.matcher_key != first.matcher_key and s.config}
    for path in sorted(others):
        _error(f"note: {path} asks for other lexicons or min-score; this command reads every document with the first one's")
    return run.matcher(first)


def _corpus(run: Run, matcher: Matcher, errors: list[str], input_format=None, options=ReadOptions()):
    """Yield (path, chunk results) of the readable documents of a corpus read with `matcher`,
    with progress; unreadable ones are named on stderr and their messages collected in `errors`."""
    for path, settings in _with_progress(run.files, "Reading"):
        one = Run(run.workspace, [(path, settings)])
        for _, _, scan, problem in _scans(one, input_format, options, every=True, matcher=matcher):
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
    default_lexicon: DefaultLexiconOption = None,
    format: ReportFormatOption = None,
    output: OutputOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
    exclude: ExcludeOption = None,
    include: IncludeOption = None,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = DEFAULT_JSON_ID,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """How each entity is spelled across documents: spellings, counts, documents. Exit 2 on input errors."""
    _refuse_unsafe_output(output, paths)
    run = _run(paths, _command_line(lexicon, default_lexicon, min_score, exclude, include), input_format, quiet, verbose, cache=not no_cache)
    out = formatter(REPORT, _format_name(REPORT, format, run.first_settings), False, _version())
    matcher = _one_matcher(run)
    counter = ConsistencyCounter(matcher.lexicon)
    errors: list[str] = []
    for path, results in _corpus(run, matcher, errors, input_format, _options(json_field, json_id)):
        counter.add_results(path, results)
    for problem in errors:
        counter.add_error(problem)
    result = counter.report()
    _write_output(out.document(result), output)
    raise typer.Exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


@app.command()
def discover(
    paths: PathsArgument,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    format: DiscoverFormatOption = None,
    output: OutputOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
    exclude: ExcludeOption = None,
    include: IncludeOption = None,
    input_format: InputFormatOption = None,
    json_field: JsonFieldOption = None,
    json_id: JsonIdOption = DEFAULT_JSON_ID,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Find names no lexicon knows that are spelled several ways; write them as lexicon entries."""
    _refuse_unsafe_output(output, paths)
    run = _run(paths, _command_line(lexicon, default_lexicon, min_score, exclude, include), input_format, quiet, verbose, cache=not no_cache)
    out = formatter(DISCOVER, _format_name(DISCOVER, format, run.first_settings), False, _version())
    known = _one_matcher(run)
    finder = Discovery(known if known.lexicon.entities else None, threshold=run.first_settings["min-score"])
    errors: list[str] = []
    for path, results in _corpus(run, known, errors, input_format, _options(json_field, json_id)):
        finder.add_regions(path, [region.text for result in results for region in result.regions])
    clusters = finder.clusters()
    summary = {"documents": finder.documents, "clusters": len(clusters), "errors": len(errors)}
    _write_output(out.document((clusters, summary)), output)
    if output is not None and not quiet:
        typer.echo(visible(f"{len(clusters)} cluster(s) from {finder.documents} document(s) written to {output}"), err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_CLEAN)


@app.command("config")
def config_command(
    path: Annotated[str, typer.Argument(help="A file or folder whose settings to show.")] = ".",
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    min_score: MinScoreOption = None,
    exclude: ExcludeOption = None,
    include: IncludeOption = None,
    unsafe_fixes: UnsafeFixesOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Show the settings in force for a file or folder, and where each comes from."""
    workspace = Workspace(_command_line(lexicon, default_lexicon, min_score, exclude, include, unsafe_fixes))
    try:
        settings = workspace.settings_for(path if os.path.isdir(path) else os.path.dirname(path) or os.curdir)
    except (ConfigError, InputError) as error:
        raise _fail(f"cannot use the configuration:\n{error}") from None
    records = settings_records(settings)
    config = settings.config.path if settings.config else None
    if json_output:
        typer.echo(json.dumps({"config": config, "settings": records}, ensure_ascii=False, indent=2))
        return
    typer.echo(visible(f"# configuration: {config or 'none found'}"))
    width = max(len(record["key"]) for record in records)
    for record in records:
        value = json.dumps(record["value"], ensure_ascii=False)
        typer.echo(visible(f"{record['key']:<{width}} = {value}  # {record['source']}"))


@lexicon_app.command("validate")
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Lexicon files or folders to check with the default.", show_default=False)] = None,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
) -> None:
    """Check lexicon files: syntax, keys, ids, and spellings claimed twice. Exit 1 on problems."""
    try:
        loaded = load_lexicon((paths or []) + (lexicon or []), with_default=default_lexicon is not False)
    except LexiconError as error:
        for problem in error.problems:
            typer.echo(visible(str(problem)), err=True)  # problems name files, which may hold escapes
        typer.echo(f"{len(error.problems)} problem(s)", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    except InputError as error:
        raise _fail(str(error)) from None
    off = f" ({len(loaded.disabled)} more turned off)" if loaded.disabled else ""
    typer.echo(f"ok: {len(loaded.entities)} entities{off} in {len(loaded.sources)} file(s)")


@lexicon_app.command("show")
def show(
    entity_id: Annotated[str, typer.Argument(help="The id of the entity to show.")],
    paths: Annotated[Optional[list[str]], typer.Argument(help="Lexicon files or folders to load after the default.", show_default=False)] = None,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    format: ShowFormatOption = None,
) -> None:
    """Print an entity as loaded, with the lexicon file each field came from. Exit 2: unknown id."""
    try:
        loaded = load_lexicon((paths or []) + (lexicon or []), with_default=default_lexicon is not False)
    except (LexiconError, InputError) as error:
        raise _fail(f"cannot load the lexicon:\n{error}") from None
    entity = loaded.loaded_entity(entity_id)
    if entity is None:
        raise _fail(f"no entity {entity_id!r} in the loaded lexicons")
    record = loaded_entity_record(entity, loaded.provenance[entity.id], entity in loaded.disabled)
    out = formatter(SHOW, format.value if format else next(iter(formats_for(SHOW))), False, _version())
    _out(out.document(record))


def _cache_entry_line(entry) -> str:
    when = datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M")
    if entry.meta is None:
        what = "not signed by this folder's key: will be rebuilt"
    else:
        files = len(entry.meta.get("lexicons", ()))
        what = f"{entry.meta.get('entities', 0):,} entities from {files} lexicon file(s), namecheck {entry.meta.get('version', '?')}"
    return f"{os.path.basename(entry.path)}  {entry.size / 1e6:.1f} MB  {when}  {what}"


@cache_app.command("info")
def cache_info() -> None:
    """Show where the cache is and what it holds (one file per set of lexicon files)."""
    state = cache_state()
    typer.echo(visible(f"cache folder: {state.folder} (set {CACHE_FOLDER_VARIABLE} to use another)"))
    if state.problem:
        typer.echo(visible(f"not used: {state.problem}"))
    for entry in state.entries:
        typer.echo(visible(_cache_entry_line(entry)))
    total = sum(entry.size for entry in state.entries)
    typer.echo(f"{len(state.entries)} index file(s), {total / 1e6:.1f} MB")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove the cached indexes and the key that signs them; the next run builds afresh."""
    folder, removed = clear_index_cache()
    typer.echo(visible(f"removed {len(removed)} file(s) from {folder}"))


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
    default_lexicon: DefaultLexiconOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Serve the web page (check, lexicon, report) and the JSON API under /api/. Needs namecheck[web].
    The lexicon is the one the configuration of the working directory names, as for `check`."""
    run = _run([], _command_line(lexicon, default_lexicon, min_score), cache=not no_cache)
    application = _web_app(run.matcher(run.first_settings), host, max_upload_mb)
    import uvicorn

    typer.echo(visible(f"namecheck: serving on http://{host}:{port}/ (Ctrl-C stops)"), err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    except Interrupted:  # uvicorn stops on the signal, then raises it again for us
        typer.echo("namecheck: server stopped", err=True)


CorpusFormat = Enum("CorpusFormat", {name: name for name in INPUT_FORMATS}, type=str)
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
    json_id: JsonIdOption = DEFAULT_JSON_ID,
    annotations_field: Annotated[str, typer.Option("--annotations-field", help="The field listing the names found.")] = ANNOTATIONS_FIELD,
    rejects: Annotated[Optional[str], typer.Option("--rejects", help=f"Where invalid records go (default OUTPUT{REJECTS_SUFFIX}, when there are any).")] = None,
    input_format: Annotated[Optional[CorpusFormat], typer.Option("--input-format", help=f"{' or '.join(INPUT_FORMATS)} (default: by extension).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes (local) or workers of a local Dask cluster.")] = 1,
    engine: Annotated[Engine, typer.Option("--engine", help="local, or dask (the namecheck\\[dask] extra).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask: a running scheduler's address.")] = None,
    partition_size: Annotated[Optional[str], typer.Option("--partition-size", help="Input per part, e.g. 64MB.")] = None,
    lexicon: LexiconOption = None,
    default_lexicon: DefaultLexiconOption = None,
    min_score: MinScoreOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Rewrite a corpus's records to house spellings and annotate the names found. Exit 0: done; 1: some records rejected."""
    _refuse_unsafe_output(output, [source])
    _refuse_unsafe_output(rejects or output + REJECTS_SUFFIX, [source, output])
    settings = _settings(input_format, engine, jobs, scheduler, partition_size)
    run = _run([], _command_line(lexicon, default_lexicon, min_score), cache=not no_cache)
    matcher = run.matcher(run.first_settings)
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
    default_lexicon: DefaultLexiconOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the lexicon as search-engine synonyms: variant spellings => house spelling."""
    run = _run([], _command_line(lexicon, default_lexicon), cache=not no_cache)
    loaded = run.matcher(run.first_settings).lexicon
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
