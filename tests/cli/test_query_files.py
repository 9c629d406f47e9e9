"""What `query` writes where: a file's ending picks its format, and an empty answer says so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def test_out_file_ending_picks_the_format_unless_format_is_given(query_cli_run, tmp_path: Path) -> None:
    for ending, check in (
        (".csv", lambda text: next(csv.reader(io.StringIO(text)))[0] == "partner"),
        (".json", lambda text: json.loads(text)[0]["partner"]),
        (".tsv", lambda text: text.split("\n", 1)[0].split("\t")[0] == "partner"),
        (".md", lambda text: text.startswith("| partner |")),
    ):
        path = tmp_path / f"answer{ending}"
        code, _, err = query_cli_run("query", "partners-of", "--param", "org=NWAS", "--out", str(path))
        assert code == 0 and f"wrote {path} (27 rows)" in err
        assert check(path.read_text(encoding="utf-8")), ending
    table = tmp_path / "as-table.csv"
    code, _, _ = query_cli_run("query", "partners-of", "--param", "org=NWAS", "--format", "table", "--out", str(table))
    assert code == 0 and table.read_text(encoding="utf-8").split("\n")[1].startswith("-----")  # --format wins


def test_an_empty_answer_says_so_on_stderr(query_cli_run) -> None:
    code, out, err = query_cli_run("query", "partners-of", "--param", "org=Kent PCC", "--format", "csv")
    assert code == 0 and out.strip() == "partner,sector,initiative,area,status,via,source"
    assert err.startswith("note: no rows")
    code, out, err = query_cli_run("query", "partners-of", "--param", "org=NWAS", "--format", "csv")
    assert code == 0 and "no rows" not in err
