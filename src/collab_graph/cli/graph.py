"""``build``, ``validate``, ``stats``, ``show``, ``coverage`` and ``all``: the commands that compile and read the graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..common.errors import CollabGraphError
from ..common.paths import Project
from ..common.tables import format_table
from ..names.keys import NAMED_KINDS as SEARCH_KINDS
from .context import get_compiled, get_project

if TYPE_CHECKING:
    from ..compiler import Compiled


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.pass_context
def build(ctx: click.Context, out: Path | None) -> None:
    """Compile graph/ and ontology/, validate, and write the release files.

    Writes collab-graph.ttl, collab-graph.nt and collab-graph.jsonld, byte-identical for the
    same input, and collab-graph.sha256 (their checksums: `sha256sum -c collab-graph.sha256`
    tells a whole set from one a build is swapping). Nothing is written when the data has
    errors or violates the shapes: the previous release files stay as they were.

    Example:

        collab-graph build --out build/
    """
    from ..compiler.release import MANIFEST, write_release

    project = get_project(ctx)
    compiled = get_compiled(ctx, fresh=True)
    _fail_on_violations(project, compiled)
    folder = out or project.build_dir
    for path, triples in write_release(compiled.graph, folder):
        click.echo(f"wrote {project.shown(path)} ({triples} triples)")
    click.echo(f"wrote {project.shown(folder / MANIFEST)} (checksums: sha256sum -c {MANIFEST})")


@click.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the data against the SHACL shapes and the rule checks.

    Prints each violation as `file:line: record [property]: message` and exits 1 if there
    is any; a malformed data file is reported with its file and line.

    Example:

        collab-graph validate
    """
    project = get_project(ctx)
    compiled = get_compiled(ctx)
    _fail_on_violations(project, compiled)
    click.echo(f"valid: {len(compiled.graph)} triples conform to ontology/shapes.ttl and ontology/checks/")


def _fail_on_violations(project: Project, compiled: Compiled) -> None:
    from ..compiler.validate import validate_graph

    results = validate_graph(project, compiled)
    for result in results:
        click.echo(f"{result.severity}: {result}", err=True)
    violations = [r for r in results if r.severity == "violation"]
    if violations:
        raise CollabGraphError(f"{len(violations)} violation(s): fix the records named above, then run `collab-graph validate`")


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count entities per class, organisations per sector, and initiatives per theme.

    Example:

        collab-graph stats
    """
    from ..analysis.stats import class_counts, sector_counts, theme_counts

    graph = get_compiled(ctx).graph
    click.echo(f"{len(graph)} triples\n")
    click.echo(format_table(["class", "count"], class_counts(graph)) + "\n")
    click.echo(format_table(["sector", "organisations", "groups", "implementations"], sector_counts(graph)) + "\n")
    click.echo(format_table(["#", "theme", "initiatives", "implementations", "partners", "figures"], theme_counts(graph)))


@click.command()
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Describe anything by name, alias, abbreviation or id, with where the source says it.

    NAME is matched as `collab-graph search` matches it (case, punctuation, word order, "the" and
    common variants of service names ignored; partial words count). One match: its description,
    each related item cited by the lines stating the relationship. Several, or an abbreviation the
    source prints for several services: the ranked list (with kinds, ids, and the lines using each
    sense) and exit 1. An id or IRI from any output pastes back.

    Example:

        collab-graph show EEAS
    """
    from rdflib import URIRef

    from ..names.describe import describe

    compiled = get_compiled(ctx)
    node = URIRef(compiled.resolver.resolve(name).node)
    click.echo(describe(compiled.reader(), node, compiled.origins.get(str(node))))


@click.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(SEARCH_KINDS), help="Only things of this kind (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many matches.")
@click.pass_context
def search(ctx: click.Context, text: str, kinds: tuple[str, ...], limit: int) -> None:
    """List everything TEXT could name, best first: organisations, people, areas, initiatives, schemes, bodies, sites, documents.

    Matching ignores case, punctuation, word order and "the"; knows common variants of service
    names (Police / Constabulary / Police Service, Fire and Rescue Service / Fire / FRS, Ambulance
    Service / Trust); takes partial words; near misses come last (ranked by rapidfuzz). Each match
    shows its kind and its id, which `show`, `query --param` and `map --focus` accept. An
    abbreviation the source prints for several services lists every sense with the lines using it.
    Exit 1 when nothing is near.

    Example:

        collab-graph search "kent fire"
    """

    matches, senses = get_compiled(ctx).resolver.search(text, kinds or None, limit)
    if not matches:
        raise CollabGraphError(f"nothing in the graph is named like {text!r}")
    rows = [(m.entry.label, m.entry.kind_text, m.entry.ident, m.how) for m in matches]
    click.echo(format_table(["name", "kind", "id", "match"], rows))
    if senses:
        click.echo(f"\n{senses[0].abbreviation} is printed for {len(senses)} different things:")
        click.echo("\n".join(f"  {sense.describe()}" for sense in senses))


@click.command(name="coverage")
@click.option("--strict", is_flag=True, help="Exit 1 when any gap remains.")
@click.pass_context
def coverage_(ctx: click.Context, strict: bool) -> None:
    """Compare the graph with the source's own checklists and list every gap.

    Themes and initiatives come from each theme's "In this section" list, implementations from
    each initiative's area bullets, partners from the printed partner lines, sites from the
    stations the source names, figures from the lines that print £ amounts or percentages.
    What the running text says is checked too: counts and times, partner groups named only
    collectively, people, Future headings and the status read for each block, dates, funding,
    yearly amounts, alternative figures, every implementation's heading path, flagged facts.
    Deliberate omissions are listed in graph/not-modelled.yaml with the reason.

    Example:

        collab-graph coverage --strict
    """
    from ..compiler.coverage import coverage, format_coverage

    measures = coverage(get_project(ctx), get_compiled(ctx).graph)
    click.echo(format_coverage(measures))
    gaps = sum(len(m.gaps) for m in measures)
    if strict and gaps:
        raise CollabGraphError(f"{gaps} coverage gap(s) listed above")


@click.command(name="all")
@click.pass_context
def all_(ctx: click.Context) -> None:
    """The main job: release files, summary, partnership analysis, the HTML map and area reports.

    Builds and validates build/collab-graph.{ttl,nt,jsonld}, prints the summary (`stats`),
    writes the cluster report and rankings to build/analysis/ (`analyse`), the
    self-contained collaboration map to build/map.html (`map`), and a briefing report for
    every area with a collaboration to build/reports/ with an index page (`report`).

    Example:

        collab-graph all
    """
    ctx.invoke(build)
    click.echo("")
    ctx.invoke(stats)
    click.echo("")
    commands = ctx.find_root().command.commands  # type: ignore[attr-defined]
    ctx.invoke(commands["analyse"], top=5)
    click.echo("")
    ctx.invoke(commands["map"], colour="cluster")
    click.echo("")
    from .report import write_area_reports

    write_area_reports(ctx)


COMMANDS = [build, validate, stats, show, search, coverage_, all_]
