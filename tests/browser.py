"""Headless Debian Chromium driven by Playwright, for the map tests and the benchmark (never downloads a browser).

``open_page(path)`` loads a file and records every console error and every request whose URL is
not ``file:``, ``data:`` or ``about:``; the tests fail (not skip) when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:")
INSTALL_HINT = "apt-get update && apt-get install -y chromium"


@dataclass
class Visit:
    """A loaded page and what it did: console errors, page errors, requests that left the file."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def chromium(width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A fresh headless Chromium context (own empty profile), closed afterwards."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium ({INSTALL_HINT})")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cg-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": width, "height": height}
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_page(context: Any, path: Path, *, wait_drawn: bool = True, timeout_ms: int = 120_000) -> Visit:
    """Open ``path`` from disk in a new page, recording console errors and requests, and wait for the first drawing."""
    page = context.new_page()
    visit = Visit(page)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(f"page error: {e}"))

    def record(request: Any) -> None:
        visit.requests.append(request.url)
        if not request.url.startswith(LOCAL_SCHEMES):
            visit.remote_requests.append(request.url)

    page.on("request", record)
    page.goto(Path(path).resolve().as_uri())
    if wait_drawn:
        page.wait_for_function("window.cgMap && window.cgMap.state.drawn", timeout=timeout_ms)
    return visit


def write_maps(graph: Any, views: dict[str, dict[str, Any]], folder: Path) -> dict[str, Path]:
    """Each view's map of ``graph`` (``make_map`` options by view name) written to ``folder/<view>.html``."""
    from collab_graph.maps.make import make_map

    paths = {}
    for name, options in views.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(make_map(graph, **options), encoding="utf-8")
    return paths
