"""Report pages in the browser and on paper: with hostile names in the data nothing runs and nothing is requested
(headless Chromium), every text shows literally; the PDF (WeasyPrint and Chromium) reads back with the page's
facts; the command writes both, refuses bad input with one line, and ``all``'s area reports come with an index."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from page_text import text
from pypdf import PdfReader

from browser import chromium, open_page
from collab_graph.cli import cli
from collab_graph.common.errors import CollabGraphError
from collab_graph.report import pdf as pdf_module
from collab_graph.report.make import Reporter
from hostile_project import AREA, INITIATIVE, MEASURE, ORGANISATION, PAYLOADS, PERSON, THEME

# Elements an injected payload would add (the page itself has one svg, its circles, lines and texts, and no script).
INJECTED = "script, img, iframe, b, object, embed, link, a"
SUBJECTS = {"area": AREA, "org": ORGANISATION, "initiative": INITIATIVE, "theme": THEME}


@pytest.fixture(scope="module")
def hostile_pages(hostile, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-reports")
    reporter = Reporter(hostile.graph)
    return {kind: reporter.report(kind, name).write(folder / f"{kind}.html") for kind, name in SUBJECTS.items()}


@pytest.fixture(scope="module")
def browser():
    with chromium(1000, 1400) as context:
        context.dialogs = []
        context.on("dialog", lambda d: (context.dialogs.append(d.message), d.dismiss()))
        yield context


@pytest.mark.parametrize("kind", list(SUBJECTS))
def test_hostile_report_shows_the_text_and_runs_none_of_it(browser, hostile_pages, kind):
    visit = open_page(browser, hostile_pages[kind], wait_drawn=False)
    page = visit.page
    assert visit.requests == [hostile_pages[kind].resolve().as_uri()]
    assert visit.remote_requests == [] and visit.console_errors == [] and browser.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(INJECTED).count() == 0
    assert (
        page.locator("svg").count() == 1
        and page.locator("svg *").evaluate_all("es => es.filter(e => e.namespaceURI !== 'http://www.w3.org/2000/svg').length") == 0
    )
    assert SUBJECTS[kind] in page.eval_on_selector("h1", "e => e.textContent") and SUBJECTS[kind] in page.title()
    body = page.eval_on_selector("body", "e => e.textContent")
    assert ORGANISATION in body or kind == "theme"
    if kind in ("area", "org"):
        assert PERSON in body  # Kent Police's chief constable, printed under Kent and as the force's leader
    if kind in ("area", "initiative", "theme"):
        assert MEASURE in body
    assert "&amp;" not in page.title() or "&amp;" in SUBJECTS[kind]
    page.close()


def test_hostile_report_html_escapes_every_payload(hostile_pages):
    for path in hostile_pages.values():
        html = path.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            assert payload not in html or not any(c in payload for c in "<>\"'&")
        assert not re.search(r"<(script|img|iframe|object|embed|b)[\s>/]", html, re.I) and html.lower().count("<svg") == 1
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in policy


def test_notebook_report_displays_in_a_sandboxed_iframe(hostile):
    import collab_graph
    from collab_graph import report as report_function

    shown = report_function(hostile.graph, area=AREA)._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox=""' in shown and "<script" not in shown
    assert collab_graph.report is report_function and callable(collab_graph.report)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("engine", ["weasyprint", "chromium"])
def test_pdf_has_the_pages_facts(graph, tmp_path, engine):
    page = Reporter(graph).report("area", "Merseyside")
    target = tmp_path / "merseyside.pdf"
    assert page.write_pdf(target, engine) == engine
    words = pdf_text(target)
    assert PdfReader(target).pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 portrait
    for expected in (
        "Merseyside has 6 collaborations",
        "Joint Control Rooms (JCC)",
        "£6,600,000",
        "North West Ambulance Service",
        "Jane Kennedy",
        "lines 2279–2304",
        "Caveats",
    ):
        assert expected in words, f"{expected!r} not in the {engine} PDF"


def test_no_pdf_engine_names_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    monkeypatch.setattr(pdf_module, "chromium", lambda: None)
    with pytest.raises(CollabGraphError) as error:
        pdf_module.write_pdf("<p>x</p>", tmp_path / "x.pdf")
    message = str(error.value)
    assert "pip install 'collab-graph[pdf]'" in message and "apt-get install chromium" in message and "\n" not in message
    assert not list(tmp_path.iterdir())


def run(compiled, monkeypatch, *args: str):
    from collab_graph.cli import report as report_cli

    monkeypatch.setattr(report_cli, "get_compiled", lambda ctx: compiled)
    return CliRunner().invoke(cli, list(args))


def test_report_command_writes_html_and_pdf(compiled, monkeypatch, tmp_path):
    out = tmp_path / "nwas.html"
    result = run(compiled, monkeypatch, "report", "--org", "NWAS", "--out", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: North West Ambulance Service takes part in")
    assert "North West Ambulance Service" in text(out.read_text(encoding="utf-8"))
    assert "North West Ambulance Service takes part in" in pdf_text(out.with_suffix(".pdf"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--org", "Kent Flre Brigade Office"],
            "error: --org 'Kent Flre Brigade Office': unknown organisation 'Kent Flre Brigade Office' (did you mean",
        ),
        (
            ["--area", "Kent Police"],
            "error: --area 'Kent Police': 'Kent Police' names Kent Police (organisation: police force; org/kent-police), not an area",
        ),
        (["--area", "Kent", "--org", "NWAS"], "error: give exactly one of --area, --org, --initiative or --theme (given: --area, --org)"),
        ([], "error: give exactly one of --area, --org, --initiative or --theme (given: none)"),
        (["--theme", "Nothing"], "error: --theme 'Nothing': unknown value 'Nothing' (choose from"),
    ],
)
def test_bad_subject_is_one_line_and_writes_nothing(compiled, monkeypatch, tmp_path, capsys, args, message):
    from collab_graph.cli import main
    from collab_graph.cli import report as report_cli

    monkeypatch.setattr(report_cli, "get_compiled", lambda ctx: compiled)
    monkeypatch.setattr(sys, "argv", ["collab-graph", "report", *args, "--out", str(tmp_path / "x.html")])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1 and err.startswith(message) and err.count("\n") == 1, err
    assert not list(tmp_path.iterdir())


def test_all_writes_every_area_report_and_an_index(compiled, project_copy):
    from collab_graph.cli.report import write_area_reports

    ctx = click.Context(cli, obj={"root": project_copy, "compiled": compiled})
    with ctx:
        write_area_reports(ctx)
    folder = project_copy / "build" / "reports"
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    assert "area-merseyside.html" in links and len(links) == len(Reporter(compiled.graph).areas_with_collaborations())
    assert sorted(p.name for p in folder.iterdir()) == sorted([*links, "index.html"])
