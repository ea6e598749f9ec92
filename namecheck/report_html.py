"""The consistency report as one self-contained HTML page (no network resources).

Per entity: a bar for each spelling (house spellings green, others red), the documents that use
it with the first line numbers in each, a line of text around a mention with the name
highlighted, and the suggested house spelling. Inconsistent entities come first; entities
written one way only are folded away under one heading, so that what needs an editor fills the
page. A filter box keeps the entities whose name, spellings or documents contain what is typed,
and the entities can be sorted by number of inconsistencies, mentions or name.
"""

from __future__ import annotations

from html import escape

from .consistency import ConsistencyReport, EntityUse, SpellingUse
from .terminal import visible

_STYLE = """
:root { --ink: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --house: #2e8b57; --other: #c0392b;
        --bg: #f6f7f9; --card: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
header { background: var(--ink); color: #fff; padding: 22px 32px; }
header h1 { margin: 0 0 6px; font-size: 22px; font-weight: 600; }
header p { margin: 0; color: #c9d1dc; }
main { max-width: 1080px; margin: 0 auto; padding: 20px 24px 48px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 18px; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
.stat b { display: block; font-size: 22px; }
.stat span { color: var(--muted); font-size: 13px; }
.controls { margin: 0 0 14px; color: var(--muted); }
.controls button { font: inherit; margin-left: 6px; padding: 4px 12px; border: 1px solid var(--line);
                   background: var(--card); border-radius: 14px; cursor: pointer; }
.controls button.active { background: var(--ink); color: #fff; border-color: var(--ink); }
.entity { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
          padding: 14px 18px; margin: 0 0 12px; }
.entity.inconsistent { border-left: 5px solid var(--other); }
.entity.consistent { border-left: 5px solid var(--house); }
.entity h2 { margin: 0; font-size: 17px; }
.entity .meta { color: var(--muted); font-size: 13px; margin: 2px 0 10px; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; margin-left: 8px;
         vertical-align: middle; color: #fff; }
.badge.inconsistent { background: var(--other); } .badge.consistent { background: var(--house); }
.spelling { display: grid; grid-template-columns: minmax(180px, 28%) 1fr 64px; gap: 10px;
            align-items: center; margin: 4px 0; }
.spelling .name { font-weight: 500; overflow-wrap: anywhere; }
.spelling .name small { display: block; color: var(--muted); font-weight: 400; }
.spelling .name .ambiguous { color: var(--other); }
.track { background: #eef1f5; border-radius: 4px; height: 16px; overflow: hidden; }
.bar { height: 100%; border-radius: 4px; }
.bar.house { background: var(--house); } .bar.other { background: var(--other); }
.count { text-align: right; font-variant-numeric: tabular-nums; }
details { margin: 2px 0 6px; grid-column: 1 / -1; color: var(--muted); font-size: 13px; }
details ul { margin: 4px 0 0; padding-left: 20px; }
.mixed table { border-collapse: collapse; width: 100%; background: var(--card); }
.mixed td, .mixed th { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; font-size: 14px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 12px; }
.filter { font: inherit; padding: 6px 12px; border: 1px solid var(--line); border-radius: 14px; width: 280px;
          margin-right: 12px; }
.snippets { grid-column: 1 / -1; margin: 0 0 6px; padding: 0; list-style: none; font-size: 13px; }
.snippets li { background: #fbfbfc; border-left: 3px solid var(--line); padding: 3px 8px; margin: 2px 0;
               overflow-wrap: anywhere; }
.snippets .where { color: var(--muted); margin-right: 8px; font-variant-numeric: tabular-nums; }
mark { background: #ffe08a; padding: 0 1px; border-radius: 2px; }
.spelling.other mark { background: #f8c4bd; }
#folded > summary { cursor: pointer; color: var(--muted); margin: 18px 0 10px; font-size: 15px; }
.hidden { display: none; }
"""

_SCRIPT = """
(function () {
  var list = document.getElementById('entities');
  var keys = { inconsistencies: function (e) { return -Number(e.dataset.inconsistencies); },
               mentions: function (e) { return -Number(e.dataset.mentions); },
               name: function (e) { return e.dataset.name; } };
  function sortBy(key) {
    var items = Array.prototype.slice.call(list.children);
    items.sort(function (a, b) {
      var x = keys[key](a), y = keys[key](b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    items.forEach(function (item) { list.appendChild(item); });
    document.querySelectorAll('.controls button').forEach(function (button) {
      button.classList.toggle('active', button.dataset.sort === key);
    });
  }
  document.querySelectorAll('.controls button').forEach(function (button) {
    button.addEventListener('click', function () { sortBy(button.dataset.sort); });
  });
  var filter = document.getElementById('filter'), folded = document.getElementById('folded');
  filter.addEventListener('input', function () {
    var wanted = filter.value.trim().toLowerCase(), shownFolded = 0;
    document.querySelectorAll('section.entity').forEach(function (entity) {
      var keep = !wanted || entity.dataset.search.indexOf(wanted) >= 0;
      entity.classList.toggle('hidden', !keep);
      if (keep && entity.closest('#folded')) { shownFolded += 1; }
    });
    if (folded) { folded.open = wanted ? shownFolded > 0 : false; }
  });
})();
"""


def _snippets_html(use: SpellingUse) -> str:
    """Return a line around a mention in each of the first documents, the name highlighted."""
    items = "".join(
        f'<li><span class="where">{escape(example.path)}:{example.line}</span>'
        f"{escape(example.snippet[: example.start])}<mark>{escape(example.snippet[example.start : example.end])}</mark>"
        f"{escape(example.snippet[example.end :])}</li>"
        for example in use.examples
    )
    return f'<ul class="snippets">{items}</ul>' if items else ""


def _document_html(path: str, count: int, lines: tuple[int, ...]) -> str:
    shown = ", ".join(str(line) for line in lines) + ("…" if count > len(lines) else "")
    where = f" line{'s' if len(lines) > 1 else ''} {shown}" if lines else ""
    return f'<li><span class="path">{escape(path)}</span> ({count}){where}</li>'


def _spelling_html(use: SpellingUse, largest: int) -> str:
    width = 100 * use.count / largest if largest else 0
    kind = "house" if use.house else "other"
    note = "house spelling" if use.house else f"replace with {escape(use.replacement)}"
    if use.ambiguous:  # homonyms no document told apart
        note += f' <span class="ambiguous">ambiguous: {escape(", ".join(use.ambiguous))}</span>'
    documents = "".join(_document_html(path, count, use.lines.get(path, ())) for path, count in use.documents)
    if len(use.documents) == 1:
        summary = f"in {escape(use.documents[0][0])}"
    else:
        summary = f"in {len(use.documents)} documents"
    return (
        f'<div class="spelling {kind}" data-house="{str(use.house).lower()}">'
        f'<div class="name">{escape(use.spelling)}<small>{note}</small></div>'
        f'<div class="track"><div class="bar {kind}" style="width:{width:.1f}%"></div></div>'
        f'<div class="count">{use.count}</div>'
        f"{'' if use.house else _snippets_html(use)}"
        f'<details{"" if use.house else " open"}><summary>{summary}</summary><ul class="documents">{documents}</ul>'
        f"{_snippets_html(use) if use.house else ''}</details>"
        "</div>"
    )


def _search_text(entity: EntityUse) -> str:
    """Return what the filter box looks in: names, spellings and documents, in lower case."""
    words = [entity.name, entity.entity] + [use.spelling for use in entity.spellings]
    words += [path for use in entity.spellings for path, _ in use.documents]
    return " ".join(words).lower()


def _entity_html(entity: EntityUse) -> str:
    state = "inconsistent" if entity.inconsistent else "consistent"
    largest = max(use.count for use in entity.spellings)
    spellings = "".join(_spelling_html(use, largest) for use in entity.spellings)
    return (
        f'<section class="entity {state}" data-entity="{escape(entity.entity)}" '
        f'data-name="{escape(entity.name.lower())}" data-mentions="{entity.mentions}" '
        f'data-inconsistencies="{entity.inconsistencies}" data-search="{escape(_search_text(entity))}">'
        f'<h2>{escape(entity.name)}<span class="badge {state}">{state}</span></h2>'
        f'<div class="meta">{escape(entity.entity)} · {escape(entity.type)} · {entity.mentions} mention(s) · '
        f"{entity.inconsistencies} not in house spelling · suggested spelling: "
        f'<b class="suggested">{escape(entity.name)}</b></div>'
        f"{spellings}</section>"
    )


def _folded(entity: EntityUse) -> bool:
    """Whether an entity is folded away: consistent and written one way only."""
    return not entity.inconsistent and len(entity.spellings) == 1


def _entities_html(report: ConsistencyReport) -> str:
    shown = "".join(_entity_html(entity) for entity in report.entities if not _folded(entity))
    folded = [entity for entity in report.entities if _folded(entity)]
    if not folded:
        return f'<div id="entities">{shown}</div>'
    hidden = "".join(_entity_html(entity) for entity in folded)
    return (
        f'<div id="entities">{shown}</div><details id="folded"><summary>{len(folded)} '
        f"entit{'y' if len(folded) == 1 else 'ies'} written one way only</summary>"
        f'<div id="folded-entities">{hidden}</div></details>'
    )


def _mixed_html(report: ConsistencyReport) -> str:
    if not report.mixed:
        return ""
    rows = "".join(
        f"<tr><td>{escape(m.path)}</td><td>{escape(m.entity)}</td><td>"
        + ", ".join(f"{escape(s)} ({c})" for s, c in m.spellings)
        + "</td></tr>"
        for m in report.mixed
    )
    return (
        '<section class="mixed"><h2>Documents that mix spellings</h2><table>'
        f"<tr><th>document</th><th>entity</th><th>spellings</th></tr>{rows}</table></section>"
    )


def html_report(report: ConsistencyReport) -> str:
    """Return the whole report as one HTML document."""
    summary = report.summary()
    stats = "".join(
        f'<div class="stat"><b>{summary[key]}</b><span>{label}</span></div>'
        for key, label in (
            ("documents", "documents"),
            ("mentions", "mentions"),
            ("entities", "entities"),
            ("inconsistent_entities", "spelled inconsistently"),
            ("mixed_documents", "documents mixing spellings"),
        )
    )
    # the page itself holds no control character: any one comes from a document or a file name
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>namecheck consistency report</title><style>{_STYLE}</style></head><body>"
        "<header><h1>Name spellings across documents</h1>"
        "<p>Each bar is one spelling; green is a house spelling, red is a spelling to replace.</p></header>"
        f'<main><div class="stats">{stats}</div>'
        '<div class="controls"><input id="filter" class="filter" type="search" '
        'placeholder="Filter: a name, a spelling, a document" aria-label="Filter">Sort by'
        '<button data-sort="inconsistencies" class="active">inconsistencies</button>'
        '<button data-sort="mentions">mentions</button><button data-sort="name">name</button></div>'
        f"{_entities_html(report)}{_mixed_html(report)}</main>"
        "<footer>namecheck report</footer>"
        f"<script>{_SCRIPT}</script></body></html>"
    )
    return visible(page, keep="\t\n")
