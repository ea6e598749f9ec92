"""The block tokens of a Markdown text, with markdown-it-py's block parser run only where needed.

Most of a news article is paragraphs, and the block parser spends most of its time trying every
block rule at every line of them. So a text is first split at its blank lines into blocks, and a
block is taken for a paragraph without parsing it when this rule holds:

    No line of the block can start a block construct or continue one: no line begins with white
    space (indentation, or what markdown-it-py trims), with one of `# > - + * = _ | : [ < ~` or a
    backtick, or with digits followed by `.` or `)`. And no construct that runs on across blank
    lines is open where the block starts: fenced code, an HTML block of types 1 to 5 (`<script>`,
    `<!--`, `<?`, `<!X`, `<![CDATA[`), front matter.

Such a block is a paragraph by CommonMark's rules: without indentation or a marker no line can
open a heading, thematic break, list item, block quote, fence, HTML block, reference definition,
indented code or front matter, nor be a setext underline or a table's delimiter row; after a
blank line it cannot be a lazy continuation of a block quote or list item, and lists end there.
For it this module makes the tokens markdown-it-py's paragraph rule makes (the same content,
lines and line offsets as markdown_source records), and its inline content is read as any other
(markdown_inline: text without markup directly, markup by markdown-it-py's inline parser).

The other blocks are parsed by markdown-it-py, each run of consecutive ones on its own, their
positions then moved to their place in the text. A run starts at the text's start or after a
blank line that ends a paragraph, and ends before the blank-line-separated paragraph that follows:
it reads there as in the whole text, since nothing before it is open and nothing after it changes
how it ends. Only the three constructs above can be open at a run's end; when one is (its token
reaches the run's end, or the text opens with `---` and no front matter closed in the run), the
run takes in the following blocks and is parsed again, taking in twice as many each time.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, NamedTuple

from markdown_it.common.utils import mdTrim
from markdown_it.token import Token

# A line start that may begin a construct other than a paragraph, or that markdown-it-py would trim.
_NOT_PLAIN_LINE_RE = re.compile(r"^(?:[\s#>\-+*=_|:\[<~`]|\d+[.)])", re.MULTILINE)
_GAP_RE = re.compile(r"\n(?:[ \t]*\n)+")  # the blank lines between two blocks
_LEADING_BLANK_LINES_RE = re.compile(r"(?:[ \t]*\n)*")
_TRAILING_BLANK_LINES_RE = re.compile(r"(?:\n[ \t]*)*\Z")
_OPEN_ACROSS_BLANK_LINES = ("fence", "html_block")

# Parses a stretch of normalized text; True when the stretch starts the text (front matter allowed).
Parse = Callable[[str, bool], list[Token]]


class Block(NamedTuple):
    """Consecutive non-blank lines of a normalized text."""

    start: int  # offset of its first line
    end: int  # offset where its last line ends (before the line break)
    line: int  # 0-based number of its first line
    plain: bool  # can only be a paragraph (see the module's docstring), when nothing is open before it


def block_tokens(src: str, parse: Parse) -> list[Token]:
    """Return the block-level tokens of normalized text `src` as a parse of all of it gives them."""
    blocks = list(_blocks(src))
    tokens: list[Token] = []
    index = 0
    while index < len(blocks):
        if blocks[index].plain:
            tokens += _paragraph_tokens(src, blocks[index])
            index += 1
        else:
            index = _add_run(tokens, src, blocks, index, parse)
    return tokens


def _blocks(src: str) -> Iterator[Block]:
    at = _LEADING_BLANK_LINES_RE.match(src).end()
    line = src.count("\n", 0, at)
    for gap in _GAP_RE.finditer(src, at):
        yield Block(at, gap.start(), line, _NOT_PLAIN_LINE_RE.search(src, at, gap.start()) is None)
        line += src.count("\n", at, gap.end())
        at = gap.end()
    end = _TRAILING_BLANK_LINES_RE.search(src, at).start()
    if end > at:
        yield Block(at, end, line, _NOT_PLAIN_LINE_RE.search(src, at, end) is None)


def _paragraph_tokens(src: str, block: Block) -> list[Token]:
    """Return the tokens of a plain block: a paragraph, its inline content as the paragraph rule
    gives it, and where its lines' content starts and ends (no line is indented)."""
    starts, ends = [block.start], []
    found = src.find("\n", block.start, block.end)
    while found >= 0:
        ends.append(found)
        starts.append(found + 1)
        found = src.find("\n", found + 1, block.end)
    ends.append(block.end)
    lines = [block.line, block.line + len(starts)]
    meta = {"block": "paragraph", "starts": starts, "ends": ends, "cell": 0}
    return [
        Token("paragraph_open", "p", 1, map=lines, block=True),
        Token("inline", "", 0, map=list(lines), level=1, content=mdTrim(src[block.start : block.end]), children=[], meta=meta, block=True),
        Token("paragraph_close", "p", -1, block=True),
    ]


def _add_run(tokens: list[Token], src: str, blocks: list[Block], first: int, parse: Parse) -> int:
    """Parse the run of blocks that starts at blocks[first] (taking in more while a construct is
    open at its end), add its tokens; return the index of the block after it."""
    start, line = (blocks[first].start, blocks[first].line) if first else (0, 0)
    after, grow = _next_plain(blocks, first), 1
    while True:
        end = blocks[after].start if after < len(blocks) else len(src)
        parsed = parse(src[start:end], start == 0)
        if after == len(blocks) or not _open_at_end(parsed, src, start, end):
            break
        for _ in range(grow):
            after = _next_plain(blocks, min(after + 1, len(blocks)))
        grow *= 2
    tokens += _moved(parsed, start, line)
    return after


def _next_plain(blocks: list[Block], index: int) -> int:
    while index < len(blocks) and not blocks[index].plain:
        index += 1
    return index


def _open_at_end(parsed: list[Token], src: str, start: int, end: int) -> bool:
    """Return True when a construct that runs on across blank lines is open at the end of the
    run src[start:end] (which ends with a blank line): it would take in what follows."""
    if start == 0 and src.startswith("---") and not (parsed and parsed[0].type == "front_matter"):
        return True
    last = next((token for token in reversed(parsed) if token.level == 0 and token.nesting >= 0), None)
    return last is not None and last.type in _OPEN_ACROSS_BLANK_LINES and last.map[1] >= src.count("\n", start, end)


def _moved(parsed: list[Token], offset: int, line: int) -> list[Token]:
    """Return the tokens of a parse of a stretch starting at `offset` on `line`, their lines and
    the recorded line offsets moved to their place in the whole text."""
    if not offset:
        return parsed
    for token in parsed:
        if token.map:
            token.map = [token.map[0] + line, token.map[1] + line]
        if token.meta.get("starts") is not None:
            token.meta["starts"] = [start + offset for start in token.meta["starts"]]
            token.meta["ends"] = [end + offset for end in token.meta["ends"]]
    return parsed
