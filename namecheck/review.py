"""Reviewing fixes one by one (`fix --interactive`): what each answer decides for the findings
still to come. Pure: the command line shows the findings and reads the keys.

y: apply this fix; n: leave it; a: apply it and every later fix of the same spelling to the same
replacement without asking; s: accept the spelling (the command line adds it to the
configuration's `accept` list) and leave every later finding of it; q: leave this one and stop
asking (what was decided is still written).
"""

from __future__ import annotations

from .models import Finding

ANSWERS = {
    "y": "apply this fix",
    "n": "leave it",
    "a": "apply all like it",
    "s": "accept the spelling into the configuration",
    "q": "quit",
}


def _spelling(finding: Finding) -> str:
    return " ".join(finding.text.split()).casefold()


class Review:
    """The answers given so far and what they decide."""

    def __init__(self) -> None:
        self.always: set[tuple[str, str]] = set()  # (spelling, replacement) applied without asking
        self.accepted: set[str] = set()  # spellings accepted into the configuration
        self.stopped = False

    def decided(self, finding: Finding) -> bool | None:
        """Return True to apply without asking, False to leave without asking, None to ask."""
        if self.stopped or _spelling(finding) in self.accepted:
            return False
        if (_spelling(finding), finding.replacement) in self.always:
            return True
        return None

    def answer(self, finding: Finding, key: str) -> bool | None:
        """Take an answer (one of ANSWERS); return whether to apply the fix, None for a key that
        is not an answer (ask again)."""
        key = key.lower()
        if key == "a":
            self.always.add((_spelling(finding), finding.replacement))
        elif key == "s":
            self.accepted.add(_spelling(finding))
        elif key == "q":
            self.stopped = True
        elif key not in ANSWERS:
            return None
        return key in ("y", "a")
