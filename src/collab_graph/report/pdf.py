"""Print a report page to PDF: WeasyPrint (pure Python over Pango), else Debian's headless Chromium.

Neither engine fetches anything: WeasyPrint gets a URL fetcher that refuses every URL, and the page's
Content-Security-Policy stops Chromium loading anything but the page itself. With no engine available
the error names what to install. The PDF is written atomically (:mod:`collab_graph.common.atomic`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..common.errors import CollabGraphError

ENGINES = ("auto", "weasyprint", "chromium")
CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
INSTALL = (
    "--pdf needs WeasyPrint or Chromium: pip install 'collab-graph[pdf]' (WeasyPrint; on Debian also "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0) or apt-get install chromium"
)


def write_pdf(html: str, target: Path, engine: str = "auto") -> str:
    """Print ``html`` to ``target``; returns the engine used (``weasyprint`` or ``chromium``).

    ``engine``: ``auto`` (WeasyPrint when it loads, else Chromium), ``weasyprint`` or ``chromium``.
    Raises CollabGraphError naming what to install when the engine is missing, or why printing failed.
    """
    if engine not in ENGINES:
        raise CollabGraphError(f"--pdf-engine {engine!r}: unknown (choose from {', '.join(ENGINES)})")
    problems = []
    if engine in ("auto", "weasyprint"):
        weasyprint, problem = _load_weasyprint()
        if weasyprint is not None:
            _write(target, weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf())
            return "weasyprint"
        problems.append(problem)
    if engine in ("auto", "chromium"):
        browser = chromium()
        if browser:
            _write(target, _chromium_print(browser, html))
            return "chromium"
        problems.append("no chromium on PATH")
    raise CollabGraphError(f"{INSTALL} ({'; '.join(problems)})")


def _load_weasyprint():  # type: ignore[no-untyped-def]
    """(the weasyprint module, "") when it imports with its system libraries, else (None, why)."""
    try:
        import weasyprint
    except ImportError:
        return None, "WeasyPrint is not installed"
    except OSError as exc:  # Pango or its friends are missing
        return None, f"WeasyPrint cannot load its system libraries ({str(exc).splitlines()[0]})"
    return weasyprint, ""


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """WeasyPrint's URL fetcher: nothing is ever fetched, whatever the page names."""
    raise ValueError(f"report pages load nothing: refused {url[:80]}")


def chromium() -> str | None:
    """The path of a Chromium executable, or None."""
    for name in CHROMIUM:
        found = shutil.which(name) if not os.path.isabs(name) else (name if os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


def _chromium_print(browser: str, html: str) -> bytes:
    """The PDF headless Chromium prints (own empty profile, no background networking) from a temporary file."""
    with tempfile.TemporaryDirectory(prefix="cg-report-") as folder:
        page = Path(folder) / "report.html"
        target = Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
        if done.returncode != 0 or not target.is_file() or not target.stat().st_size:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise CollabGraphError(f"chromium could not print the report (exit {done.returncode}): {last}")
        return target.read_bytes()


def _write(target: Path, pdf: bytes) -> None:
    """Write the PDF atomically (a failure keeps any previous file)."""
    from ..common.atomic import write_file

    if Path(target).is_dir():
        raise CollabGraphError(f"{target}: is a folder, not a PDF file")
    write_file(Path(target), pdf)
