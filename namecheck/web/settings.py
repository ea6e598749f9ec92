"""What the web application is allowed to accept, and where it listens."""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024
DEFAULT_MAX_UPLOAD = 20 * MEGABYTE
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class WebSettings:
    """Limits of one running application; every limit is enforced before work starts."""

    max_upload: int = DEFAULT_MAX_UPLOAD  # bytes of one request body, and of a zip's contents unpacked
    max_files: int = 1000  # files in one request, or entries read from a zip
    max_names: int = 10_000  # names in one /api/match request
    host: str = "127.0.0.1"  # where the server listens: it decides which Host headers are answered

    def allowed_hosts(self) -> list[str]:
        """Return the Host header values answered: the loopback names and the bound host, or
        every host when the server listens on all interfaces (the user asked for that)."""
        if self.host in ("0.0.0.0", "::", ""):
            return ["*"]
        names = {name.strip("[]") for name in (*LOOPBACK_NAMES, self.host)}
        return sorted(names | {f"[{name}]" for name in names if ":" in name})


def size_text(size: int) -> str:
    """Return a byte count for a message: "20 MB", "512 KB", "100 bytes"."""
    for unit, name in ((MEGABYTE, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{size / unit:g} {name}" if size % unit else f"{size // unit} {name}"
    return f"{size} bytes"
