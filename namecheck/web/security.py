"""Response headers that keep the pages to themselves: a strict Content-Security-Policy (scripts
and styles only from the app's own files, no request leaves for another host, no framing) and
the headers that stop a browser from guessing types or sending referrers.

The consistency report is the command line's self-contained HTML page, whose style and script
are inline: its policy admits exactly those inline pieces by their SHA-256 hashes, computed from
the page being sent, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# a download is never rendered by the browser, whatever its content
DOWNLOAD_POLICY = "default-src 'none'; sandbox"

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_INLINE_ELEMENT_RE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_STYLE_ATTRIBUTE_RE = re.compile(r'\sstyle="([^"]*)"')


def _hash_source(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_policy(page: str) -> str:
    """Return a policy for a page whose own inline <script> and <style> elements and style
    attributes are the only ones allowed to run or apply."""
    scripts, styles = set(), set()
    for kind, content in _INLINE_ELEMENT_RE.findall(page):
        (scripts if kind == "script" else styles).add(_hash_source(content))
    attributes = {_hash_source(html.unescape(value)) for value in _STYLE_ATTRIBUTE_RE.findall(page)}
    style_sources = " ".join(sorted(styles) + (["'unsafe-hashes'", *sorted(attributes)] if attributes else []))
    script_sources = " ".join(sorted(scripts)) or "'none'"
    return (
        f"default-src 'none'; script-src {script_sources}; "
        f"style-src 'self' {style_sources}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: every response gets the base headers, and the page policy unless it
    set a policy of its own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*BASE_HEADERS.items(), ("Content-Security-Policy", PAGE_POLICY)):
                    if name.lower().encode("latin-1") not in present:
                        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
