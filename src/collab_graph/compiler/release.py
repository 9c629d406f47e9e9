"""The release files: the compiled graph in three formats and their checksum manifest, written as one set.

``collab-graph.sha256`` lists each format's SHA-256 in the format of GNU coreutils ``sha256sum``,
and is renamed into place last: a reader that opens the set while a build is swapping it (or
after a build was killed mid-set, before the next writer finishes it from its journal) sees a
manifest that does not match, so ``sha256sum -c collab-graph.sha256`` in the folder tells a
whole set (every line ``OK``, exit 0) from a mixed one (exit 1).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph

from ..common.atomic import write_files
from .serialise import FORMATS, serialise

RELEASE_NAME = "collab-graph"
MANIFEST = f"{RELEASE_NAME}.sha256"


def write_release(graph: Graph, out: Path) -> list[tuple[Path, int]]:
    """Write ``collab-graph.{ttl,nt,jsonld}`` and ``collab-graph.sha256`` into ``out``; all or nothing.

    Returns (path, triples) for each graph file. Raises CollabGraphError naming the file that cannot be written.
    """
    contents = {out / f"{RELEASE_NAME}.{fmt}": serialise(graph, fmt) for fmt in FORMATS}
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {path.name}\n" for path, data in sorted(contents.items()))
    write_files({**contents, out / MANIFEST: manifest.encode("ascii")})  # the manifest is renamed last
    return [(path, len(graph)) for path in contents]
