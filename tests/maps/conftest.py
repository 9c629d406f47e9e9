"""Browser fixtures shared by the map test modules: one headless Chromium per module, and each module's
``VIEWS`` (name -> ``make_map`` options) written once as pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium, write_maps


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context


@pytest.fixture(scope="module")
def pages(request, graph, tmp_path_factory) -> dict[str, Path]:
    return write_maps(graph, request.module.VIEWS, tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
