"""Compile the YAML records in ``graph/`` (with ``ontology/``) into one RDF graph.

Two passes: the first registers every named thing (areas, organisations, bodies, sites) so that
references can point forwards; the second emits triples, resolving each reference by name.
Every problem is collected with its file and line; any problem fails the whole compile, so a
broken file never yields a half graph. Each record kind lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..common.paths import Project
from .abbreviations import AbbreviationRecords
from .areas import AreaRecords
from .base import Compiled, _as_list
from .bodies import BodyRecords
from .citations import Citer, add_citation_texts, add_statements
from .events import EventRecords
from .funding import FundingRecords
from .index import IndexRecords
from .initiatives import InitiativeRecords
from .national import NationalRecords
from .organisations import OrganisationRecords
from .pages import add_estimated_pages, estimator_for
from .partner_groups import PartnerGroupRecords
from .people import PeopleRecords
from .sections import SectionRecords


class Compiler(
    SectionRecords,
    AreaRecords,
    OrganisationRecords,
    IndexRecords,
    BodyRecords,
    NationalRecords,
    InitiativeRecords,
    PartnerGroupRecords,
    PeopleRecords,
    EventRecords,
    FundingRecords,
    AbbreviationRecords,
):
    """Compiles one project's ``graph/`` and ``ontology/`` into a :class:`Compiled` graph."""

    def run(self) -> Compiled:
        """Compile everything; raise DataError listing every problem found."""
        files = self._load_files()
        self._raise_if_problems()
        sections = files.pop("themes.yaml")
        self._sections(sections)
        for path, data in files.items():
            self._register(path, data)
        self._report_name_conflicts()
        self._raise_if_problems()
        for path, data in files.items():
            self._emit_file(path, data)
        self._raise_if_problems()
        self._cite()
        return Compiled(self.g, self.origins)

    def _cite(self) -> None:
        """After every record: each relationship's own lines, a page for every excerpt, a citation on everything."""
        try:
            text = self.project.source.read_text(encoding="utf-8").splitlines()
        except OSError:
            text = []  # without the source text nothing can be located; records keep their own lines
        if text:
            add_statements(self.g, Citer(self.g, text), self.excerpt)
            index = self.sections.get("index")
            estimator = estimator_for(self.g, text, index[1] if index else None)
            if estimator is not None:
                add_estimated_pages(self.g, estimator)
        add_citation_texts(self.g)

    def _register(self, path: str, data: Any) -> None:
        name = Path(path).name
        if path.startswith("graph/organisations/"):
            for rec in _as_list(path, data, self):
                self._register_named(path, rec, "organisation", "org", self.orgs)
        elif name == "areas.yaml":
            for rec in _as_list(path, data, self):
                self._register_named(path, rec, "area", "area", self.areas)
        elif path.startswith("graph/initiatives/") or name == "national.yaml":
            if not isinstance(data, dict):
                self.problem(path, data, "expected a mapping with theme/initiatives/sites/bodies")
                return
            for rec in _as_list(path, data.get("bodies"), self):
                self._register_named(path, rec, "body", "body", self.orgs)
            for rec in _as_list(path, data.get("sites"), self):
                if self.check(path, rec, "site"):
                    self.new_id(path, rec, "site")

    def _emit_file(self, path: str, data: Any) -> None:
        name = Path(path).name
        if path.startswith("graph/organisations/"):
            for rec in data:
                self._organisation(path, rec)
        elif name == "areas.yaml":
            for rec in data:
                self._area(path, rec)
        elif name == "leaders.yaml":
            for rec in _as_list(path, data, self):
                self._leaders(path, rec)
        elif name == "index.yaml":
            for rec in _as_list(path, data, self):
                self._index_entry(path, rec)
        elif name == "abbreviations.yaml":
            self._abbreviations(path, data)
        elif name == "national.yaml" or path.startswith("graph/initiatives/"):
            self._collaboration_file(path, data)
        elif name == "partner-groups.yaml":
            self._partner_groups(path, data)
        elif name == "people.yaml":
            self._people(path, data)
        elif name == "events.yaml":
            self._events(path, data)
        elif name == "funding.yaml":
            self._funding_file(path, data)
        else:
            self.problem(path, None, "unexpected data file (see docs/data-format.md for the layout)")

    def _collaboration_file(self, path: str, data: dict) -> None:
        allowed = {"theme", "initiatives", "sites", "bodies", "posts", "workstreams", "documents"}
        for key in sorted(set(data) - allowed):
            self.problem(path, key, f"unknown top-level key '{key}' (allowed: {', '.join(sorted(allowed))})")
        theme = None
        if "initiatives" in data or "theme" in data:
            theme_id = data.get("theme")
            if theme_id not in self.sections:
                self.problem(path, theme_id, f"theme {theme_id!r} is not a section id in graph/themes.yaml")
            else:
                theme = theme_id
        for rec in _as_list(path, data.get("bodies"), self):
            if isinstance(rec, dict) and "id" in rec:
                self._body(path, rec)
        for rec in _as_list(path, data.get("sites"), self):
            if isinstance(rec, dict) and "id" in rec:
                self._site(path, rec)
        for rec in _as_list(path, data.get("posts"), self):
            self._post(path, rec, rec)
        for rec in _as_list(path, data.get("workstreams"), self):
            self._workstream(path, rec)
        for rec in _as_list(path, data.get("documents"), self):
            self._document(path, rec)
        for rec in _as_list(path, data.get("initiatives"), self):
            if theme is not None:
                self._initiative(path, rec, theme)


def compile_project(project: Project) -> Compiled:
    """Compile ``project``'s data; raises DataError with every problem found."""
    return Compiler(project).run()
