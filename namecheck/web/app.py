"""The web application: pages for people, a JSON API for programs, both over one matcher.

Every handler reads its request body within the upload limit, turns it into records with the
pure modules beside this one (fields, checking, answers, corpus, lexicon_search) and answers;
scanning runs in a worker thread so the server keeps answering while a long document is read.
No handler opens a file: templates and static assets are the package's own, and the assets are
read once at start-up, so no path in a request ever reaches the file system.
"""

from __future__ import annotations

import threading
from importlib import resources
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from ..matcher import Matcher
from ..report_html import html_report
from . import answers
from .checking import PASTED, Upload, checked_document, chosen_format, download_name, format_names, opened_document
from .corpus import consistency_report, corpus_files, file_uploads
from .fields import BadInput, Fields, fields_of
from .lexicon_search import LexiconSearch
from .security import DOWNLOAD_POLICY, SecurityHeaders, inline_policy
from .settings import WebSettings, size_text

JSON_TYPE = "application/json"
NDJSON_TYPE = "application/x-ndjson"
DOWNLOAD_TYPE = "application/octet-stream"
DRAINED_FACTOR = 4  # a body up to this many times the upload limit is read to its end before the refusal
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}


def _assets() -> dict[str, tuple[bytes, str]]:
    """Return the static files by name, read once: name -> (bytes, media type)."""
    folder = resources.files(__package__) / "static"
    found = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in ASSET_TYPES:
            found[entry.name] = (entry.read_bytes(), ASSET_TYPES[suffix])
    return found


def json_response(data: dict, status: int = 200) -> Response:
    """Return an answer as JSON, escaped as the command line escapes it."""
    return Response(answers.json_text(data), status_code=status, media_type=JSON_TYPE)


def attachment(data: bytes, filename: str) -> Response:
    """Return a download: bytes the browser saves under `filename` and never renders."""
    fallback = "".join(char if char.isascii() and char.isprintable() and char not in '"\\' else "_" for char in filename)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    headers = {"Content-Disposition": disposition, "Content-Security-Policy": DOWNLOAD_POLICY}
    return Response(data, media_type=DOWNLOAD_TYPE, headers=headers)


def sent_document(fields: Fields) -> Upload:
    """Return the one document a check or fix request sends: `text`, or one uploaded file."""
    filename, text = fields.string("filename"), fields.string("text")
    if fields.files and text is not None:
        raise BadInput(400, "send either 'text' or a file, not both")
    if len(fields.files) > 1:
        raise BadInput(400, f"one file at a time, not {len(fields.files)} (the report takes several)")
    if fields.files:
        sent = fields.files[0]
        name = filename or sent.filename
        return Upload(name, chosen_format(fields.string("format"), name, True), data=sent.data)
    if text is None:
        raise BadInput(400, "send the document as 'text', or upload it as a file")
    name = filename or PASTED
    return Upload(name, chosen_format(fields.string("format"), name, False), text=text)


class WebApp:
    """The handlers, sharing one matcher, its lexicon search and the settings."""

    def __init__(self, matcher: Matcher, settings: WebSettings):
        self.matcher = matcher
        self.settings = settings
        self.search = LexiconSearch(matcher)
        self.assets = _assets()
        self.openapi_document = resources.files(__package__).joinpath("openapi.json").read_bytes()
        self.templates = Environment(
            loader=PackageLoader(__package__, "templates"), autoescape=select_autoescape(default=True), auto_reload=False
        )
        self._lock = threading.Lock()  # the matcher keeps caches: one scan at a time

    def _locked(self, function, *args):
        with self._lock:
            return function(*args)

    async def run(self, function, *args):
        """Run a scan in a worker thread, so the event loop keeps serving."""
        return await run_in_threadpool(self._locked, function, *args)

    async def body(self, request: Request) -> bytes:
        """Return a request's body; raise BadInput (413) when it is over the upload limit. A body
        a little over it is read to its end and dropped, so that a client still sending it gets
        the answer instead of a broken connection; a much larger one is cut off."""
        limit = self.settings.max_upload
        too_large = BadInput(413, f"the upload is larger than the limit of {size_text(limit)}")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > DRAINED_FACTOR * limit:
            raise too_large
        body, size = bytearray(), 0
        async for chunk in request.stream():
            size += len(chunk)
            if size <= limit:
                body.extend(chunk)
            elif size > DRAINED_FACTOR * limit:
                break
        if size > limit:
            raise too_large
        return bytes(body)

    async def lines(self, records):
        """Yield records as lines of JSON, each worked out in a worker thread."""
        while (record := await self.run(next, records, None)) is not None:
            yield answers.json_text(record) + "\n"

    async def fields(self, request: Request, known: set[str]) -> Fields:
        """Return a request's fields, read within the upload limit; raise BadInput."""
        fields = fields_of(await self.body(request), request.headers.get("content-type", ""), self.settings.max_files)
        fields.refuse_unknown(known)
        return fields

    def page(self, template: str, status: int = 200, **values) -> HTMLResponse:
        """Return a page rendered from a template, every value escaped."""
        values.setdefault("max_upload", self.settings.max_upload)
        values.setdefault("max_upload_text", size_text(self.settings.max_upload))
        return HTMLResponse(self.templates.get_template(template).render(**values), status_code=status)

    # --- pages ----------------------------------------------------------------------------

    async def check_page(self, request: Request) -> Response:
        """GET /: the check page."""
        return self.page("check.html", formats=format_names(), page="check")

    async def lexicon_page(self, request: Request) -> Response:
        """GET /lexicon?q=...: entities found for any spelling."""
        query = request.query_params.get("q", "")[:200]
        hits = await self.run(self.search.hits, query) if query.strip() else []
        entities, files = self.search.source_count()
        records = [(hit, answers.entity_record(hit.entity)) for hit in hits]
        return self.page("lexicon.html", page="lexicon", query=query, hits=records, entities=entities, files=files)

    async def report_form(self, request: Request) -> Response:
        """GET /report: the form that sends documents for the report."""
        return self.page("report.html", page="report")

    async def report_page(self, request: Request) -> Response:
        """POST /report: the HTML report of the documents sent, with links back to the pages."""
        fields = await self.fields(request, {"files"})
        documents = corpus_files(fields.files, self.settings.max_upload, self.settings.max_files)
        report = await self.run(consistency_report, file_uploads(documents), self.matcher)
        nav = self.templates.get_template("report_nav.html").render()
        head = '<link rel="icon" href="/static/favicon.svg"><link rel="stylesheet" href="/static/report-nav.css"></head>'
        page = html_report(report).replace("</head>", head, 1)
        page = page.replace("<header>", "<header>" + nav, 1)
        return HTMLResponse(page, headers={"Content-Security-Policy": inline_policy(page)})

    async def asset(self, request: Request) -> Response:
        """GET /static/NAME: one of the files read at start-up; any other name is 404."""
        found = self.assets.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)
        data, media_type = found
        return Response(data, media_type=media_type, headers={"Cache-Control": "no-cache"})

    # --- the API --------------------------------------------------------------------------

    async def api_check(self, request: Request) -> Response:
        """POST /api/check: the findings of one document (streamed piece by piece with `stream`)."""
        fields = await self.fields(request, {"text", "file", "format", "filename", "details", "stream"})
        if fields.flag("stream"):
            opened = await self.run(opened_document, sent_document(fields), self.matcher)
            return StreamingResponse(self.lines(answers.streamed_lines(opened, self.matcher.lexicon)), media_type=NDJSON_TYPE)
        document = await self.run(checked_document, sent_document(fields), self.matcher)
        answer = answers.check_answer(document)
        if fields.flag("details"):
            answer.update(answers.details(document, self.matcher.lexicon))
        return json_response(answer)

    async def api_fix(self, request: Request) -> Response:
        """POST /api/fix: the document with every finding, or the accepted ones, fixed."""
        fields = await self.fields(request, {"text", "file", "format", "filename", "accept", "download"})
        upload = sent_document(fields)
        document = await self.run(checked_document, upload, self.matcher)
        applied = document.fixable_indices(fields.indices("accept"))
        if fields.flag("download"):
            return attachment(await run_in_threadpool(document.fixed_bytes, applied), download_name(upload))
        return json_response(await run_in_threadpool(answers.fix_answer, document, applied))

    async def api_match(self, request: Request) -> Response:
        """POST /api/match: the matcher's answer for each name."""
        fields = await self.fields(request, {"names", "file", "explain"})
        names = fields.strings("names") or []
        for sent in fields.files:
            names += names_in_file(sent)
        if not names:
            raise BadInput(400, "send 'names': a list of names to match (or a file of names, one a line)")
        if len(names) > self.settings.max_names:
            raise BadInput(413, f"at most {self.settings.max_names} names at a time")
        return json_response(await self.run(answers.match_answer, names, self.matcher, fields.flag("explain")))

    async def api_report(self, request: Request) -> Response:
        """POST /api/report: the consistency report of several documents, as JSON."""
        fields = await self.fields(request, {"files"})
        documents = corpus_files(fields.files, self.settings.max_upload, self.settings.max_files)
        report = await self.run(consistency_report, file_uploads(documents), self.matcher)
        return json_response(report.to_dict())

    async def openapi(self, request: Request) -> Response:
        """GET /api/openapi.json: the API's description."""
        return Response(self.openapi_document, media_type=JSON_TYPE)


def names_in_file(sent) -> list[str]:
    """Return the names of an uploaded list, one a line, blank lines skipped (as `match -` reads)."""
    try:
        text = sent.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(422, f"{sent.filename}: not UTF-8 text (byte {error.start})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _error_handlers(web: WebApp) -> dict:
    """JSON errors under /api/, an error page elsewhere; the message always says what to change."""

    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return json_response({"error": message, "status": status}, status)
        return web.page("error.html", status=status, message=message, status_code=status)

    async def bad_input(request: Request, error: BadInput) -> Response:
        return answer(request, error.status, error.message)

    async def http_error(request: Request, error: HTTPException) -> Response:
        messages = {404: "no such page", 405: "this address does not take that method"}
        return answer(request, error.status_code, messages.get(error.status_code, error.detail))

    return {BadInput: bad_input, HTTPException: http_error}


def create_app(matcher: Matcher, settings: WebSettings | None = None) -> Starlette:
    """Return the ASGI application over `matcher` (see WebSettings for its limits)."""
    settings = settings or WebSettings()
    web = WebApp(matcher, settings)
    routes = [
        Route("/", web.check_page),
        Route("/lexicon", web.lexicon_page),
        Route("/report", web.report_form, methods=["GET"]),
        Route("/report", web.report_page, methods=["POST"]),
        Route("/static/{name}", web.asset),
        Route("/api/check", web.api_check, methods=["POST"]),
        Route("/api/fix", web.api_fix, methods=["POST"]),
        Route("/api/match", web.api_match, methods=["POST"]),
        Route("/api/report", web.api_report, methods=["POST"]),
        Route("/api/openapi.json", web.openapi),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts()),
    ]
    return Starlette(routes=routes, middleware=middleware, exception_handlers=_error_handlers(web))
