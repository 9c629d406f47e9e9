"""Release files: deterministic bytes, and the three formats hold the same graph."""

from __future__ import annotations

import os
import subprocess
import sys

from rdflib import Graph
from rdflib.compare import to_isomorphic

from collab_graph.compiler.release import write_release


def test_release_formats_round_trip_isomorphic(graph, tmp_path):
    write_release(graph, tmp_path)
    original = to_isomorphic(graph)
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        reread = Graph().parse(tmp_path / f"collab-graph.{fmt}", format=parser)
        assert to_isomorphic(reread) == original, f"{fmt} does not round-trip"


def test_turtle_to_ntriples_to_jsonld_chain_is_isomorphic(graph, tmp_path):
    from collab_graph.compiler.serialise import serialise

    ttl = Graph().parse(data=serialise(graph, "ttl"), format="turtle")
    nt = Graph().parse(data=serialise(ttl, "nt"), format="nt")
    jsonld = Graph().parse(data=serialise(nt, "jsonld"), format="json-ld")
    assert to_isomorphic(jsonld) == to_isomorphic(graph)


def test_build_is_byte_identical_across_processes(project_copy, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "collab_graph.cli", "--root", str(project_copy), "build", "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0].keys() == {"collab-graph.ttl", "collab-graph.nt", "collab-graph.jsonld", "collab-graph.sha256"}
    assert outputs[0] == outputs[1]


def test_the_manifest_tells_a_whole_release_set_from_a_mixed_one(graph, tmp_path):
    """``sha256sum -c collab-graph.sha256`` (GNU coreutils) passes on a written set and fails once one file
    is from another build, as a reader catching a swap half-way would find it."""
    write_release(graph, tmp_path)
    check = ["sha256sum", "--check", "--strict", "collab-graph.sha256"]
    whole = subprocess.run(check, cwd=tmp_path, capture_output=True, text=True)
    assert whole.returncode == 0 and whole.stdout.count(": OK") == 3
    (tmp_path / "collab-graph.nt").write_bytes(b"<urn:x> <urn:y> <urn:z> .\n")  # one file of another build
    mixed = subprocess.run(check, cwd=tmp_path, capture_output=True, text=True)
    assert mixed.returncode == 1 and "collab-graph.nt: FAILED" in mixed.stdout
