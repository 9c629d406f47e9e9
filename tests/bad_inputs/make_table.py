"""The bad-input corpus: load its cases, set one up in a project copy, and write docs/bad-input.md.

Each ``NN-kind.yaml`` here is one case: ``what`` (the input or fault, in a user's words),
``setup`` (edits to a copy of the project), ``args`` (the command line, run from the copy's
root), the exact ``stderr``, the ``exit`` code, and optionally ``stdout_lines`` and
``unprivileged`` (why the case needs an ordinary user; as root it runs as ``nobody``). Regenerate the table with
``python tests/bad_inputs/make_table.py``; tests/cli/test_bad_inputs.py checks it is current.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DOC = HERE.parents[1] / "docs" / "bad-input.md"


@dataclass(frozen=True)
class Case:
    """One bad input or fault and what the user must see."""

    name: str
    what: str
    args: list[str]
    stderr: str
    exit: int
    setup: list[dict[str, Any]] = field(default_factory=list)
    stdout_lines: int | None = None
    unprivileged: str | None = None

    @property
    def command(self) -> str:
        return "collab-graph " + shlex.join(self.args)


def load_cases() -> list[Case]:
    """Every case in the corpus, in file order."""
    cases = []
    for path in sorted(HERE.glob("[0-9][0-9]-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(name=path.stem, **data))
    return cases


def apply_setup(case: Case, root: Path) -> None:
    """Make the case's edits in the project copy at ``root``."""
    for step in case.setup:
        path = root / step["file"]
        action = step["do"]
        if action == "replace":
            text = path.read_text(encoding="utf-8")
            assert step["old"] in text, f"{case.name}: {step['old']!r} not in {step['file']}"
            path.write_text(text.replace(step["old"], step["new"], 1), encoding="utf-8")
        elif action == "write":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step["text"], encoding="utf-8")
        elif action == "delete":
            path.unlink()
        elif action == "folder":
            if path.is_file():
                path.unlink()
            path.mkdir(parents=True, exist_ok=True)
        elif action == "chmod":
            path.chmod(int(str(step["mode"]), 8))
        else:
            raise ValueError(f"{case.name}: unknown setup step {action!r}")


def restore_permissions(root: Path) -> None:
    """Make everything under ``root`` writable again so it can be removed."""
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def cell(text: str) -> str:
    r"""Text safe inside a Markdown table cell.

    >>> cell("a | b\nrun `c`")
    '`a \\| b`<br>`` run `c` ``'
    """
    return "<br>".join((f"`` {line} ``" if "`" in line else f"`{line}`").replace("|", "\\|") for line in text.splitlines())


INTRO = """\
# Bad input and faults

What the user sees for each kind of bad input or fault: one line on stderr naming what is wrong
and where, exit code 1 (124 for a query stopped by `--timeout`, 2 for a mistyped command line such as
an unknown option or an invalid option value), and nothing written or changed:
the data, the ontology, the previous release, analysis and map files stay byte-identical.

This table is generated from the corpus in `tests/bad_inputs/` (one YAML file per case) by
`python tests/bad_inputs/make_table.py`; `tests/cli/test_bad_inputs.py` runs every case as a
subprocess in a copy of the project and checks the exact message, the exit code and that no file
changed. Commands run from the project root, so paths are shown as typed. `build` first prints the
shape warnings of the real data (one, for a partnership the source names with a single partner),
so its messages follow that warning line.

| input or fault | command | what the user sees (the exact line) | exit code |
|---|---|---|---|
"""

OUTRO = """
The permission cases (no read permission, read-only folders) need an ordinary user: root reads and
writes whatever the modes say. When the tests run as root they run those cases as the user `nobody`
(through `setpriv`), and skip them, saying so, only where `setpriv` is missing.

## Nothing lost when a write is interrupted

Every file the tool writes (the release files from `build`, the analysis tables and networks from
`analyse`, the map from `map`, the result of `query --out`, docs/cli.md from `cli/doc.py`) goes through
`collab_graph.common.atomic`: the bytes go to a hidden temporary file beside the target,
`.<name>.<pid>.<random>.tmp`, created with the usual file permissions, flushed to disk, and renamed
over the target only when complete (`build` and `analyse` rename only after all their files are
complete). A process killed mid-write (power cut, `kill -9`, Ctrl-C) therefore leaves the previous
file byte-identical and complete, and at worst its hidden temporary file. The next successful write
of the same file deletes the temporary files whose process no longer runs; a temporary file of a
writer still running is left alone. `tests/common/test_nothing_lost.py` kills `build`, `analyse`, `map` and
`query --out` half-way through writing and checks both.

## Network, endpoint and hostile content

These are not one command each, so they live in their own tests rather than in the corpus above.

| input or fault | what the user sees | tested in |
|---|---|---|
| Anything that would reach a host other than the loopback without `--endpoint` (rdflib parsing a URL, `owl:imports`, `SERVICE`/`LOAD` run by rdflib) | `error: network access refused: http://example.org/x.ttl (name an endpoint with --endpoint to allow one)`, exit 1; no socket is opened | `tests/common/test_offline.py` |
| Every command of the CLI (build, validate, stats, show, coverage, the whole query library, analyse, every map view, all, serve) with non-loopback traffic blocked | all succeed; the record of outbound connection attempts is empty | `tests/common/test_offline.py` |
| `serve`: bad UTF-8, parameters without a `query` or with two, a SPARQL syntax error | 400 with one line, e.g. `query request: syntax error at line 1, column 18: ?s ?p` | `tests/sparql/test_serve_abuse.py` |
| `serve`: `default-graph-uri` or `named-graph-uri` naming a graph the endpoint does not hold | 400 `default-graph-uri 'http://example.org/other': this endpoint holds one graph, <https://w3id.org/collab-graph/id/graph/release> (name it, or none)` | `tests/sparql/test_serve_clients.py` |
| `serve`: a `format=`/`output=` value it does not know (`format=n3`) | ignored: the answer follows `Accept` (with q-values) | `tests/sparql/test_serve_clients.py` |
| `serve`: a CORS preflight from a page on an origin not allowed | 403 before anything runs, no `Access-Control-Allow-Origin` | `tests/sparql/test_serve_clients.py` |
| `serve`: POST with another content type | 415 `POST a form (application/x-www-form-urlencoded) or application/sparql-query` | `tests/sparql/test_serve_abuse.py` |
| `serve`: a body over 1 MB | 413 (waitress: `exceeds max_body of 1000000`), answered before the body is read | `tests/sparql/test_serve_abuse.py` |
| `serve`: a POST with neither Content-Length nor chunked encoding; a negative, signed or repeated Content-Length | 411 `send the request body with a Content-Length`; 400 (waitress: `Content-Length is invalid`) | `tests/sparql/test_serve_abuse.py`, `tests/sparql/test_serve_gate.py` |
| `serve`: `update=`, an `application/sparql-update` body, INSERT/LOAD/CLEAR; PUT/DELETE | 403 `read-only endpoint: updates are refused`; 405 | `tests/sparql/test_serve.py`, `tests/sparql/test_serve_abuse.py` |
| `serve`: a runaway query | 503 `query request: stopped after N s (--timeout)`; other clients are answered while it runs; its worker process is killed and replaced | `tests/sparql/test_serve_abuse.py`, `tests/store/test_pool.py` |
| `serve`: more rows than `--limit` | rows cut, headers `X-Result-Capped: true` and `X-Result-Limit: N` | `tests/sparql/test_serve_abuse.py` |
| `serve`: a client sending headers slowly, or leaving mid-answer | dropped after 10 s / closed quietly; the server keeps serving | `tests/sparql/test_serve_abuse.py` |
| `serve --host 0.0.0.0` | `warning: listening on 0.0.0.0: other machines can reach the graph (the default --host 127.0.0.1 keeps it local)` | `tests/sparql/test_serve_abuse.py` |
| HTML or script in a name, alias, area, initiative, theme, site, measure or person (`<script>`, `onerror=`, a `</script>` break-out, `{{7*7}}`, U+2028) | literal text in every map view's search, panel, tooltip and legend, in `display_map` in a notebook and in `%sparql` / `sparql()` tables; nothing runs, nothing is fetched (checked in headless Chromium) | `tests/maps/test_hostile_content.py` |
| `&amp;` or `&` in a name | shown exactly as written | `tests/maps/test_hostile_content.py` |
| A cell starting with `=`, `+`, `-`, `@`, tab or CR in `query --format csv/tsv` or the `analyse` CSV tables | prefixed with `'` so a spreadsheet shows it as text; numbers, negative ones too, unchanged | `tests/sparql/test_csv_safety.py`, `tests/common/test_properties.py` |
| Commas, quotes, line breaks or a lone CR in a CSV cell | quoted; the cell reads back intact | `tests/common/test_properties.py` |
| Unusual characters (U+2028, control characters, quotes, language tags) in a literal | Turtle, N-Triples and JSON-LD round-trip to an isomorphic graph, byte-identical from run to run | `tests/common/test_properties.py` |

`serve`'s own `text/csv` answers are the SPARQL 1.1 CSV results format that SPARQL clients read back, so
they keep values as they are; export for a spreadsheet with `collab-graph query --format csv`.
"""


def render(cases: list[Case] | None = None) -> str:
    """docs/bad-input.md from the corpus."""
    rows = []
    for case in cases if cases is not None else load_cases():
        shown = case.stderr.rstrip("\n") or "(nothing)"
        if case.stdout_lines is not None:
            shown += f"\n(stdout: the first {case.stdout_lines - 1} rows only)"
        rows.append(f"| {case.what} | {cell(case.command)} | {cell(shown)} | {case.exit} |")
    return INTRO + "\n".join(rows) + "\n" + OUTRO


def copy_project(source: Path, target: Path) -> None:
    """Copy a project folder (graph/, ontology/, build/) for a case to break."""
    shutil.copytree(source, target, symlinks=True)


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
