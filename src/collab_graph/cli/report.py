"""``collab-graph report``: a briefing page (HTML, and PDF with ``--pdf``) on one area, organisation, initiative or theme."""

from __future__ import annotations

from pathlib import Path

import click

from ..report.pdf import ENGINES
from .context import get_compiled, get_project, get_store

# a file name from a label: letters, digits and dashes only
_SAFE = "abcdefghijklmnopqrstuvwxyz0123456789"


@click.command(name="report")
@click.option("--area", metavar="NAME", help="An area: its collaborations, the post holders printed under it, how it compares.")
@click.option("--org", metavar="NAME", help="An organisation (name, alias or abbreviation): its collaborations, leaders, rank and cluster.")
@click.option("--initiative", metavar="NAME", help="An initiative: where it runs, with whom, with what figures.")
@click.option("--theme", metavar="NAME", help="A theme: its initiatives and collaborations.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write (default: build/reports/<kind>-<id>.html)."
)
@click.option("--pdf", "pdf", is_flag=True, help="Also print the page to a PDF beside it (same name, .pdf).")
@click.option(
    "--pdf-engine", type=click.Choice(ENGINES), default="auto", show_default=True, help="auto: WeasyPrint, else headless Chromium."
)
@click.pass_context
def report(ctx: click.Context, out: Path | None, pdf: bool, pdf_engine: str, **subject: str | None) -> None:
    """Write a briefing report: one printable, self-contained HTML page (and a PDF with --pdf).

    Give exactly one of --area, --org, --initiative or --theme; names resolve as in `show`.
    The page gives, in plain words: a headline with the counts; the leaders; every
    collaboration with its status, dates, partners and figures (units and kinds kept apart),
    each with the source lines and page; a network picture in the maps' colours; how the
    subject compares (an area with the national median, an organisation's rank, cluster and
    brokers); and the caveats the data flags. The page loads nothing and runs no script
    (a strict Content-Security-Policy) and prints on A4. See docs/reports.md.

    Example:

        collab-graph report --area Merseyside --pdf
    """
    from ..report.make import Reporter, one_subject

    kind, name = one_subject(**subject)
    project = get_project(ctx)
    reporter = Reporter(get_compiled(ctx).graph, get_store(ctx))
    page = reporter.report(kind, name)
    target = out or project.build_dir / "reports" / f"{kind}-{file_stem(page.briefing.iri.rsplit('/', 1)[-1])}.html"
    page.write(target)
    click.echo(f"wrote {project.shown(target)}: {page.briefing.headline}")
    if pdf:
        pdf_target = target.with_suffix(".pdf")
        engine = page.write_pdf(pdf_target, pdf_engine)
        click.echo(f"wrote {project.shown(pdf_target)} ({engine})")


def write_area_reports(ctx: click.Context) -> None:
    """Every area with a collaboration, into build/reports/, with an index page (for `collab-graph all`)."""
    from ..common.atomic import write_files
    from ..report.make import Reporter
    from ..report.render import index_page

    project = get_project(ctx)
    reporter = Reporter(get_compiled(ctx).graph, get_store(ctx))
    folder = project.build_dir / "reports"
    pages: dict[Path, bytes] = {}
    entries = []
    for area in reporter.areas_with_collaborations():
        page = reporter.report("area", iri=area)
        name = f"area-{file_stem(area.rsplit('/', 1)[-1])}.html"
        pages[folder / name] = page.html.encode("utf-8")
        entries.append((name, page.briefing.label, page.briefing.headline))
    pages[folder / "index.html"] = index_page(entries).encode("utf-8")
    write_files(pages)
    click.echo(f"wrote {project.shown(folder)}/: {len(entries)} area reports and index.html")


def file_stem(label: str) -> str:
    """A safe file name for an id or label: lower case, letters and digits joined by dashes.

    >>> file_stem("Joint Control Rooms (JCC)"), file_stem("<script>")
    ('joint-control-rooms-jcc', 'script')
    """
    words, word = [], ""
    for ch in label.casefold():
        if ch in _SAFE:
            word += ch
        elif word:
            words.append(word)
            word = ""
    return "-".join([*words, word] if word else words)[:80].strip("-") or "report"


COMMANDS = [report]
