"""The whole-network map of the hostile project copy (see hostile_project.py), shared by the map test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from collab_graph.maps.make import make_map
from hostile_project import AMPERSAND, ORGANISATION, Hostile, hostile

HOSTILE = ORGANISATION
__all__ = ["AMPERSAND", "HOSTILE", "hostile", "hostile_page"]


@pytest.fixture(scope="session")
def hostile_page(hostile: Hostile) -> Path:
    """The whole-network map of the hostile copy, where Kent Police is named ``HOSTILE`` and Hampshire FRS ``AMPERSAND``."""
    page = hostile.root / "hostile.html"
    page.write_text(make_map(hostile.graph), encoding="utf-8")
    return page
