"""What one briefing report says, in plain words: the subject, headline, leaders, collaborations, caveats.

:func:`briefing` turns the :class:`~collab_graph.report.gather.Dataset` and the partnership
analysis into a :class:`Briefing` for one area, organisation, initiative or theme; the comparisons
(section 5) come from :mod:`collab_graph.report.compare`, the page from :mod:`collab_graph.report.render`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..common.errors import CollabGraphError, UnknownName
from .gather import Dataset, Figure, Post, Row

if TYPE_CHECKING:
    from rdflib import Graph


KINDS = ("area", "org", "initiative", "theme")
KIND_WORDS = {"area": "Area", "org": "Organisation", "initiative": "Initiative", "theme": "Theme"}
STATUS_ORDER = ("live", "pilot", "planned")
MONEY = ("GBP", "GBP-per-year")
UNIT_WORDS = {
    "GBP-per-year": "a year",
    "count-per-year": "a year",
    "count-per-month": "a month",
    "count-per-week": "a week",
    "minutes": "minutes",
    "seconds": "seconds",
    "hours": "hours",
    "days": "days",
    "months": "months",
    "years": "years",
}


@dataclass(frozen=True)
class Caveat:
    """A doubtful or easily misread fact: what it is about, the warning, where the source says it."""

    about: str
    text: str
    source: str = ""


@dataclass
class Briefing:
    """Everything one report page shows (texts raw; the renderer escapes them)."""

    kind: str
    iri: str
    label: str
    headline: str
    highlights: list[str]
    leaders: list[Post]
    leaders_note: str
    rows: list[Row]
    comparison: list[tuple[str, list[list[str]] | str]]
    caveats: list[Caveat]
    source: str
    subject_nodes: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{KIND_WORDS[self.kind]} briefing: {self.label}"


def resolve_subject(graph: Graph, kind: str, name: str) -> str:
    """The IRI ``name`` names as an area, organisation (``org``), initiative or theme, by the one resolver.

    Raises CollabGraphError naming the option, e.g. ``--org 'Kent Polise': unknown name ... (did you mean ...)``.
    """
    from ..names.matches import AmbiguousName
    from ..names.resolve import SCHEMES, resolve_concept, resolve_typed

    if kind not in KINDS:
        raise CollabGraphError(f"unknown report subject {kind!r} (choose from {', '.join(KINDS)})")
    try:
        if kind == "theme":
            return str(resolve_concept(graph, SCHEMES["theme"], name))
        return str(resolve_typed(graph, name, "organisation" if kind == "org" else kind))
    except (UnknownName, AmbiguousName) as exc:
        raise CollabGraphError(f"--{kind} {name!r}: {exc}") from None
    except ValueError as exc:
        text = str(exc)
        raise CollabGraphError(text if text.startswith(repr(name)) else f"--{kind} {name!r}: {text}") from None


def select_rows(data: Dataset, kind: str, iri: str) -> list[Row]:
    """The collaborations a report on ``iri`` lists, by theme, initiative, area and label."""
    rows = []
    for impl in data.implementations.values():
        if kind == "area":
            reach = data.reach(impl.area) if impl.area else {}
            if iri in reach:
                rows.append(Row(impl, reach[iri]))
        elif (
            (kind == "org" and iri in impl.partners)
            or (kind == "initiative" and impl.initiative == iri)
            or (kind == "theme" and impl.theme == iri)
        ):
            rows.append(Row(impl))
    return sorted(
        rows,
        key=lambda r: (
            r.implementation.theme_label,
            r.implementation.initiative_label,
            r.implementation.area_label,
            r.implementation.label,
        ),
    )


def money(amount: Decimal) -> str:
    """An amount as a reader writes it: thousands separated, no trailing zeros.

    >>> money(Decimal("6600000")), money(Decimal("0.280")), money(Decimal("55.5"))
    ('6,600,000', '0.28', '55.5')
    """
    text = f"{amount:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount_text(figure: Figure) -> str:
    """The figure with its unit in words, e.g. ``£371,028 a year``, ``40%``, ``12 minutes``.

    >>> f = Figure("", "", Decimal("371028"), "GBP-per-year", "estimated", "", "", "")
    >>> amount_text(f)
    '£371,028 a year'
    """
    number = money(figure.amount)
    if figure.unit in MONEY:
        number = "£" + number
    if figure.unit == "percent":
        return number + "%"
    if figure.unit == "ratio":
        return f"ratio {number}"
    words = UNIT_WORDS.get(figure.unit, "")
    return f"{number} {words}".strip()


def partner_counts(data: Dataset, rows: list[Row], exclude: str = "") -> Counter[str]:
    """How many of ``rows`` each partner takes part in (``exclude``: the subject organisation)."""
    return Counter(p for r in rows for p in r.implementation.partners if p != exclude)


def headline(data: Dataset, kind: str, label: str, rows: list[Row], subject: str) -> tuple[str, list[str]]:
    """The headline sentence with the counts, and the one or two facts that stand out."""
    partners = partner_counts(data, rows, subject if kind == "org" else "")
    sectors = {data.partners[p].sector for p in partners if data.partners[p].sector not in ("", "governance-body")}
    statuses = Counter(r.implementation.status or "status not given" for r in rows)
    order = [s for s in STATUS_ORDER if s in statuses] + sorted(s for s in statuses if s not in STATUS_ORDER)
    status_text = ", ".join(f"{statuses[s]} {s}" for s in order)
    n = len(rows)
    things = f"{n} collaboration{'s' if n != 1 else ''}"
    who = f"{len(partners)} partner organisation{'s' if len(partners) != 1 else ''} from {len(sectors)} sector{'s' if len(sectors) != 1 else ''}"
    if kind == "org":
        sentence = f"{label} takes part in {things} with {who}"
    elif kind == "area":
        sentence = f"{label} has {things} between {who}"
    else:
        areas = len({r.implementation.area for r in rows if r.implementation.area})
        sentence = f"{label}: {things} in {areas} area{'s' if areas != 1 else ''} between {who}"
    sentence += f" ({status_text})." if rows else "."
    facts = []
    if partners:
        top = partners.most_common(1)[0][1]
        leaders = sorted((data.partners[p].label for p, c in partners.items() if c == top), key=str.casefold)
        names = " and ".join(leaders[:2]) + (f" and {len(leaders) - 2} more" if len(leaders) > 2 else "")
        share = f"all {n}" if top == n and n > 1 else f"{top} of the {n}"
        verb = "takes" if len(leaders) == 1 else "each take"
        facts.append(
            f"Most frequent partner: {names} ({verb} part in {share})."
            if kind != "org"
            else f"Most frequent partner: {names} (together in {share})."
        )
    counted = [(f, r.implementation) for r in rows for f in r.implementation.figures if f.unit in MONEY and not f.alternative_of]
    if counted:
        figure, impl = max(counted, key=lambda x: (x[0].amount, x[0].unit == "GBP", x[0].iri))
        facts.append(
            f"Largest sum of money: {amount_text(figure)} ({figure.kind or 'kind not given'}), {figure.measure} – {impl.initiative_label}, {impl.area_label}."
        )
    return sentence, facts


def leaders_of(data: Dataset, kind: str, iri: str, rows: list[Row]) -> tuple[list[Post], str]:
    """The post holders a report prints, and a note saying what they are."""
    if kind == "area":
        posts = data.area_posts.get(iri, [])
        note = "Every post holder the source's Service Information prints under this area."
        return posts, note if posts else "The source's Service Information prints no post holders under this area."
    if kind == "org":
        own = list(data.posts.get(iri, []))
        governing = [p for authority in data.governed_by.get(iri, []) for p in data.posts.get(authority, [])]
        note = "Its own post holders and those of the body that governs it."
        return own + governing, note if own or governing else "The source names no post holder for this organisation."
    leads = sorted({(data.partners[p].label, r.implementation.label) for r in rows for p in r.implementation.leads})
    posts = [Post(org, "leads", label, "", "", "") for org, label in leads]
    return posts, (
        "Organisations the source names as leading a collaboration." if posts else "The source does not say who leads these collaborations."
    )


def caveats_of(data: Dataset, kind: str, iri: str, rows: list[Row], leaders: list[Post]) -> list[Caveat]:
    """Facts the data flags as doubtful (cg:sourceIssue) and alternative figures, for everything on the page."""
    found: list[Caveat] = []
    labels = {iri: data.area_labels.get(iri) or (data.organisations[iri].label if iri in data.organisations else "")}
    nodes: list[tuple[str, str]] = [(iri, labels[iri] or "this subject")]
    for r in rows:
        impl = r.implementation
        nodes.append((impl.iri, impl.label))
        nodes += [(f.iri, f"{impl.label}: {amount_text(f)} {f.measure}") for f in impl.figures]
        for f in impl.figures:
            if f.alternative_of:
                found.append(
                    Caveat(
                        f"{impl.label}: {amount_text(f)}",
                        "An alternative figure for the same quantity as another printed figure; totals never add it.",
                        f.source,
                    )
                )
    nodes += [(p, data.partners[p].label) for p in sorted({p for r in rows for p in r.implementation.partners})]
    nodes += [(p.iri, f"{p.role}, {p.organisation}: {p.holder}") for p in leaders if p.iri]
    seen = set()
    for node, about in nodes:
        for text in data.issues.get(node, []):
            if (node, text) not in seen:
                seen.add((node, text))
                found.append(Caveat(about, text, data.facts.source(node)))
    return found
