"""The report page: one self-contained HTML document, no script, no request, every text escaped once.

The page carries a Content-Security-Policy that allows nothing but its own stylesheet (by hash): no
script, image, font or frame can load, from a host or from the data. Its print stylesheet lays it
out on A4. The same input gives the same bytes.

>>> policy("p { color: red }")
"default-src 'none'; style-src 'sha256-...'; base-uri 'none'; form-action 'none'"
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from html import escape
from importlib import resources

from .. import __version__
from .content import Briefing, Caveat, amount_text
from .gather import Figure, Implementation, Post, Row

HOW_TO_READ = (
    "How to read this: each circle is an organisation named as a partner in the collaborations listed in this report, "
    "coloured by sector as on the collaboration maps. A line joins two organisations that take part in the same "
    "collaboration; the thicker the line, the more collaborations they share. Circle size grows with the number of "
    "collaborations listed here. Distance on the page has no geographic meaning."
)
STANDING_CAVEATS = (
    "Figures are given as the source prints them, with their unit and kind (reported, estimated, anticipated, target); "
    "figures of different units or kinds are never added together.",
    "Status follows the source: 'planned' for intentions and Future paragraphs, 'pilot' for pilots and trials, otherwise 'live'. "
    "The source describes the position in 2016.",
    "Partners are the organisations the source names as taking part; a collaboration may involve others it does not name.",
)
SOURCE_FILE = "esc-national-overview-2016.txt"


@cache
def stylesheet() -> str:
    """The report's stylesheet (``report/report.css``)."""
    return resources.files("collab_graph").joinpath("report/report.css").read_text(encoding="utf-8")


def policy(css: str) -> str:
    """The Content-Security-Policy: nothing may load or run but the one stylesheet ``css`` (allowed by its hash)."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def render(briefing: Briefing, picture: str) -> str:
    """The complete HTML document of ``briefing``; ``picture`` is the network SVG (already escaped inside)."""
    css = stylesheet()
    b = briefing
    body = [
        f'<p class="kicker">Emergency services collaboration · {escape(b.title.split(":", 1)[0])}</p>',
        f"<h1>{escape(b.label)}</h1>",
        f'<p class="headline">{escape(b.headline)}</p>',
    ]
    if b.highlights:
        body.append('<ul class="highlights">' + "".join(f"<li>{escape(h)}</li>" for h in b.highlights) + "</ul>")
    body += _leaders(b)
    body += _collaborations(b)
    body += [
        "<h2>Who works with whom</h2>",
        f'<figure class="network">{picture}</figure>',
        f'<p class="how">{escape(HOW_TO_READ)}</p>',
        "<h2>How it compares</h2>",
        *_blocks(b.comparison),
    ]
    body += _caveats(b.caveats)
    body.append(
        "<footer>"
        f"<p>Source: {escape(b.source)}, {escape(SOURCE_FILE)}. Every row names the lines of that text it comes from "
        "(and the printed page, where the source shows one). The data describe the position in 2016.</p>"
        f"<p>Made with collab-graph {escape(__version__)} from the curated graph (graph/ and ontology/); "
        f"subject id: {escape(b.iri)}.</p>"
        "</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy(css), quote=False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="collab-graph report">\n'
        f"<title>{escape(b.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _leaders(b: Briefing) -> list[str]:
    heading = "Leaders" if b.kind in ("area", "org") else "Who leads"
    out = [f"<h2>{heading}</h2>", f'<p class="muted">{escape(b.leaders_note)}</p>']
    if not b.leaders:
        return out
    if b.kind not in ("area", "org"):  # lead organisations: (organisation, "leads", collaboration)
        rows = "".join(f"<tr><td>{escape(p.organisation)}</td><td>{escape(p.holder)}</td></tr>" for p in b.leaders)
        return [*out, f"<table><thead><tr><th>organisation</th><th>leads</th></tr></thead><tbody>{rows}</tbody></table>"]
    rows = "".join(
        f"<tr><td>{escape(p.organisation)}</td><td>{escape(p.role)}</td><td>{escape(p.holder)}</td>"
        f"<td>{escape(_post_note(p))}</td><td>{_source(p.source)}</td></tr>"
        for p in b.leaders
    )
    head = "<tr><th>organisation</th><th>post</th><th>holder</th><th>note</th><th>source</th></tr>"
    return [*out, f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"]


def _post_note(p: Post) -> str:
    return "; ".join(x for x in (p.note, p.party) if x)


def _collaborations(b: Briefing) -> list[str]:
    out = [f"<h2>Collaborations ({len(b.rows)})</h2>"]
    if not b.rows:
        return [*out, '<p class="muted">The graph records no collaboration for this subject.</p>']
    head = "<tr><th>initiative</th><th>status and dates</th><th>partners</th><th>figures</th></tr>"
    return [*out, f"<table><thead>{head}</thead><tbody>{''.join(_row(b, r) for r in b.rows)}</tbody></table>"]


def _row(b: Briefing, row: Row) -> str:
    impl = row.implementation
    first = f"<strong>{escape(impl.initiative_label)}</strong>"
    if impl.local_name:
        first += f"<br>{escape(impl.local_name)}"
    first += f"<br>{escape(impl.area_label or 'no area')}"
    if row.joint:
        first += ' <span class="mark">joint area</span>'
    first += f'<span class="muted"><br>{escape(impl.theme_label)}</span>'
    first += "".join(_source(s) for s in impl.sources) or _source("no provenance")
    return f"<tr><td>{first}</td><td>{_status(impl)}</td><td>{_partners(b, impl)}</td><td>{_figures(impl.figures)}</td></tr>"


def _status(impl: Implementation) -> str:
    text = escape(impl.status or "status not given")
    if impl.start and impl.end:
        text += f"<br>{escape(impl.start)} to {escape(impl.end)}"
    elif impl.start:
        text += f"<br>from {escape(impl.start)}"
    elif impl.end:
        text += f"<br>until {escape(impl.end)}"
    return text


def _partners(b: Briefing, impl: Implementation) -> str:
    items = []
    for p in impl.partners:
        mark = ' <span class="mark">lead</span>' if p in impl.leads else ""
        name = escape(b.labels.get(p, p))
        items.append(f"<li><strong>{name}</strong>{mark}</li>" if p in b.subject_nodes else f"<li>{name}{mark}</li>")
    items += [f'<li>{escape(g)} <span class="muted">(group)</span></li>' for g in impl.groups]
    printed = f'<span class="source">as printed: {escape(impl.partners_as_printed)}</span>' if impl.partners_as_printed else ""
    return f'<ul class="partners">{"".join(items)}</ul>{printed}'


def _figures(figures: list[Figure]) -> str:
    if not figures:
        return '<span class="muted">none given</span>'
    items = []
    for f in figures:
        text = f"<strong>{escape(amount_text(f))}</strong> {escape(f.kind or 'kind not given')}: {escape(f.measure)}"
        if f.period:
            text += f" ({escape(f.period)})"
        if f.printed:
            text += f' <span class="muted">printed “{escape(f.printed)}”</span>'
        if f.alternative_of:
            text += ' <span class="mark">alternative: not added</span>'
        items.append(f"<li>{text}{_source(f.source)}</li>")
    return f'<ul class="figures">{"".join(items)}</ul>'


def _source(text: str) -> str:
    return f'<span class="source">source: {escape(text)}</span>'


def _blocks(blocks: list[str | list[list[str]]]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p>{escape(block)}</p>")
            continue
        head, *rows = block
        cells = "".join(
            "<tr>" + "".join(f'<td class="num">{escape(c)}</td>' if _numeric(c) else f"<td>{escape(c)}</td>" for c in r) + "</tr>"
            for r in rows
        )
        out.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + f"</tr></thead><tbody>{cells}</tbody></table>")
    return out


def _numeric(cell: str) -> bool:
    return cell.replace(".", "", 1).replace("–", "").isdigit() or cell == "–"


def _caveats(caveats: list[Caveat]) -> list[str]:
    items = [f"<li><strong>{escape(c.about)}</strong>: {escape(c.text)}{_source(c.source) if c.source else ''}</li>" for c in caveats]
    items += [f"<li>{escape(text)}</li>" for text in STANDING_CAVEATS]
    flagged = (
        f"{len(caveats)} fact{'s' if len(caveats) != 1 else ''} on this page {'is' if len(caveats) == 1 else 'are'} flagged as doubtful "
        "or easily misread in the data:"
        if caveats
        else "No fact on this page is flagged as doubtful in the data. In general:"
    )
    return ["<h2>Caveats</h2>", f"<p>{escape(flagged)}</p>", f'<ul class="caveats">{"".join(items)}</ul>']


def index_page(entries: list[tuple[str, str, str]], *, title: str = "Emergency services collaboration: briefing reports") -> str:
    """An index of report files: (file name, subject label, headline) each, in the given order."""
    css = stylesheet()
    items = "".join(f'<li><a href="{escape(name, quote=True)}">{escape(label)}</a>: {escape(text)}</li>' for name, label, text in entries)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy(css), quote=False)}">\n'
        '<meta name="generator" content="collab-graph report">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n<p>{len(entries)} reports, one per area with a collaboration. Source: {escape(SOURCE_FILE)}.</p>\n"
        f"<ul>{items}</ul>\n</body>\n</html>\n"
    )
