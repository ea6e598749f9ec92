"""Plain functions over text: build a matcher, check a text, fix a text. No printing, no exits."""

from __future__ import annotations

from .files import read_lexicon_texts
from .fixer import apply_edits, cased_like, mention_edits
from .lexicon import Lexicon, build_lexicon
from .matcher import DEFAULT_THRESHOLD, Matcher
from .models import Finding, Mention
from .positions import LineIndex
from .scanner import scan_mentions


def load_lexicon(paths: list[str] = (), with_default: bool = True) -> Lexicon:
    """Load the default lexicon (unless told not to) and the files or folders in `paths`."""
    return build_lexicon(read_lexicon_texts(list(paths), with_default=with_default))


def load_matcher(paths: list[str] = (), with_default: bool = True, threshold: float = DEFAULT_THRESHOLD) -> Matcher:
    """Return a matcher over the default lexicon (unless told not to) and `paths`."""
    return Matcher(load_lexicon(paths, with_default), threshold=threshold)


def findings_of(path: str, text: str, mentions: list[Mention]) -> list[Finding]:
    """Return the flagged mentions of one text as findings with lines and columns."""
    lines = LineIndex(text)
    findings = []
    for mention in mentions:
        if not mention.flagged:
            continue
        line, column = lines.line_and_column(mention.start)
        match = mention.match
        findings.append(
            Finding(path, line, column, mention.start, mention.end, mention.text, cased_like(mention.text, match.replacement),
                    match.entity_id, match.kind, match.score, lines.line_text(line))
        )
    return findings


def check_text(text: str, matcher: Matcher, path: str = "-") -> list[Finding]:
    """Return the findings of one text, in text order."""
    return findings_of(path, text, scan_mentions(text, matcher))


def fix_text(text: str, matcher: Matcher) -> str:
    """Return `text` with every finding replaced by its house spelling."""
    return apply_edits(text, mention_edits(scan_mentions(text, matcher)))
