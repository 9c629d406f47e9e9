"""Every curated record, checked against the source text it cites.

Each test walks all records of one kind and lists every offender with its file and line, so one
run shows everything to fix. Fix the record in graph/, then run `collab-graph validate`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collab_graph.compiler.records import line_of, load_yaml
from collab_graph.names.index import normalise

ROOT = Path(__file__).resolve().parents[2]
GRAPH = ROOT / "graph"
SOURCE = ROOT.parent / "shared" / "sources" / "esc-national-overview-2016.txt"
FIX = "edit the record, then run `collab-graph validate`"


def _flat(text: str) -> str:
    """Normalised text with line breaks and hyphenation at line ends folded away."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"[\s•]+", " ", normalise(text.replace("\n", " ")))


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def whole_source(source_lines) -> str:
    return _flat("\n".join(source_lines))


def span(source_lines: list[str], lines: list[int], pad: int = 0) -> str:
    first, last = lines
    return _flat("\n".join(source_lines[max(first - 1 - pad, 0) : last + pad]))


def records(path: Path, key: str | None = None) -> list[dict]:
    data = load_yaml(path, str(path.relative_to(ROOT)))
    if key is None:
        return list(data or [])
    return list((data or {}).get(key) or [])


def organisation_files() -> list[Path]:
    return sorted((GRAPH / "organisations").glob("*.yaml"))


def collaboration_files() -> list[Path]:
    return [*sorted((GRAPH / "initiatives").glob("*.yaml")), GRAPH / "national.yaml"]


def where(path: Path, rec: object) -> str:
    return f"{path.relative_to(ROOT)}:{line_of(rec)}"


def test_every_organisation_name_and_alias_is_printed_in_the_source(whole_source):
    missing = []
    for path in organisation_files():
        for rec in records(path):
            printed = [*(rec.get("aliases") or []), *(rec.get("misspellings") or [])]
            if not rec.get("added") and not rec.get("note"):
                printed.append(rec["name"])
            missing += [f"{where(path, rec)}: {name!r}" for name in printed if _flat(name) not in whole_source]
    assert not missing, f"names not printed in the source ({FIX}):\n" + "\n".join(missing)


def test_every_organisation_is_named_or_says_why_it_was_added():
    bad = [where(path, rec) for path in organisation_files() for rec in records(path) if "lines" not in rec and not rec.get("added")]
    assert not bad, "organisations with neither `lines` nor `added`:\n" + "\n".join(bad)


def test_every_printed_figure_is_in_its_lines(source_lines):
    missing = []
    for path in collaboration_files():
        holders = list(records(path, "documents"))
        for initiative in records(path, "initiatives"):
            holders += [initiative, *(initiative.get("implementations") or [])]
        for holder in holders:
            for figure in holder.get("figures") or []:
                printed = figure.get("printed")
                if printed and _flat(printed) not in span(source_lines, figure["lines"], pad=1):
                    missing.append(f"{where(path, figure)}: {printed!r} not in lines {figure['lines']}")
    assert not missing, f"figures not printed where they cite ({FIX}):\n" + "\n".join(missing)


def test_every_partner_line_is_printed_in_its_lines(source_lines):
    missing = []
    for path in collaboration_files():
        for initiative in records(path, "initiatives"):
            for impl in initiative.get("implementations") or []:
                printed = impl.get("partners_as_printed")
                if printed and _flat(printed) not in span(source_lines, impl["lines"], pad=2):
                    missing.append(f"{where(path, impl)}: {printed!r} not in lines {impl['lines']}")
    assert not missing, f"partner lines not printed where they cite ({FIX}):\n" + "\n".join(missing)


def test_every_initiative_title_and_area_bullet_is_printed(source_lines):
    missing = []
    for path in collaboration_files():
        for initiative in records(path, "initiatives"):
            text = span(source_lines, initiative["lines"], pad=3)
            for printed in [initiative["title"], *(initiative.get("area_bullets") or [])]:
                if _flat(printed) not in text:
                    missing.append(f"{where(path, initiative)}: {printed!r} not in lines {initiative['lines']}")
    assert not missing, f"headings or bullets not printed where they cite ({FIX}):\n" + "\n".join(missing)


def test_every_site_and_body_name_is_printed(whole_source):
    missing = []
    for path in collaboration_files():
        for key in ("sites", "bodies"):
            for rec in records(path, key):
                names = [rec["name"], *(rec.get("aliases") or [])]
                if rec.get("note"):  # a formed name says how it is printed in its note
                    continue
                if not any(_flat(re.sub(r"\s*\([^)]*\)$", "", n)) in whole_source for n in names):
                    missing.append(f"{where(path, rec)}: {rec['name']!r}")
    assert not missing, f"site/body names printed nowhere in the source ({FIX}):\n" + "\n".join(missing)


def test_every_leader_is_printed_on_the_line_cited(source_lines):
    missing = []
    for area in records(GRAPH / "leaders.yaml"):
        for post in area["posts"]:
            lines = post.get("lines") or area["lines"]
            if _flat(post["holder"]) not in span(source_lines, lines, pad=1):
                missing.append(f"{where(GRAPH / 'leaders.yaml', post)}: {post['holder']!r} not in lines {lines}")
    assert not missing, f"post holders not printed where they cite ({FIX}):\n" + "\n".join(missing)


def test_every_index_entry_is_printed_on_its_line(source_lines):
    missing = [
        f"{where(GRAPH / 'index.yaml', rec)}: {rec['label']!r}"
        for rec in records(GRAPH / "index.yaml")
        if _flat(rec["label"]) not in span(source_lines, rec["lines"])
        or any(str(p) not in source_lines[rec["lines"][0] - 1] for p in rec["pages"])
    ]
    assert not missing, f"index entries not printed on their line ({FIX}):\n" + "\n".join(missing)


def test_descriptions_are_short_and_our_own(whole_source):
    """A description of more than eight consecutive words copied from the source is not our own words."""
    copied = []
    for path in collaboration_files():
        for initiative in records(path, "initiatives"):
            for rec in [initiative, *(initiative.get("implementations") or [])]:
                words = _flat(rec.get("description") or "").split()
                for i in range(max(len(words) - 8, 0)):
                    run = " ".join(words[i : i + 9])
                    if run in whole_source:
                        copied.append(f"{where(path, rec)}: {run!r}")
                        break
    assert not copied, f"descriptions that copy the source's sentences ({FIX}):\n" + "\n".join(copied)
