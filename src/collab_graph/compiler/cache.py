"""Load, don't rebuild: the compiled graph kept in ``build/.cache/`` and reused while its inputs are unchanged.

The cache is three files, each written atomically (:mod:`collab_graph.common.atomic`):

- ``compiled.nt``: the compiled graph as sorted N-Triples (plain data: nothing in it runs);
- ``names.json``: the name index (:func:`collab_graph.names.stored.to_json`, plain
  data), so a query's parameters resolve without building the rdflib graph;
- ``compiled.json``: the manifest: the cache format, the **input key**, the SHA-256 and triple
  count of ``compiled.nt``, the SHA-256 of ``names.json``, and the origins (``IRI ->
  graph/x.yaml:12``) that messages and ``show`` print.

A graph loaded from the cache is parsed into rdflib only when a command asks for it
(:class:`collab_graph.compiler.compiled.Compiled`); ``query`` on Oxigraph never does: the store loads
the N-Triples bytes as they are. (``checks.json`` beside them is the safety check's own cache,
:mod:`collab_graph.sparql.checks`.)

The input key is a SHA-256 over the bytes of every file under ``graph/`` and ``ontology/``, the
source text, the package version and the code of the stages that compile (``compiler``,
``common``, ``names``). A command that reads the graph (:func:`load_or_compile`) uses the cache
only when the manifest's key equals the key of the files as they are now and the N-Triples
file's hash equals the manifest's; anything else (an edited record, a new file, a changed
ontology or compiler, a missing, truncated, corrupt or foreign cache) compiles again and
rewrites the cache. Touching a file without changing it keeps the key, so nothing is rebuilt.
A cache that cannot be written (a read-only checkout) is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..common.paths import Project

if TYPE_CHECKING:
    from .compiled import Compiled

CACHE_FORMAT = "collab-graph compiled cache 2"
CACHE_DIR = ".cache"
GRAPH_NAME = "compiled.nt"
MANIFEST_NAME = "compiled.json"
NAMES_NAME = "names.json"
CHECKS_NAME = "checks.json"  # :mod:`collab_graph.sparql.checks`
CODE_STAGES = ("compiler", "common", "names")


@dataclass(frozen=True)
class CachePaths:
    """Where one project's cache lives."""

    graph: Path
    manifest: Path
    names: Path
    checks: Path

    @classmethod
    def of(cls, project: Project) -> CachePaths:
        folder = project.build_dir / CACHE_DIR
        return cls(folder / GRAPH_NAME, folder / MANIFEST_NAME, folder / NAMES_NAME, folder / CHECKS_NAME)


def input_key(project: Project) -> str:
    """The SHA-256 (hex) of everything a compile reads: data, ontology, source text, package version and compiler code.

    Files are taken in sorted order with their paths relative to the project, so the key does not
    depend on the folder the project is in nor on modification times.
    """
    from .. import __version__

    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0".encode())
    for folder in (project.graph_dir, project.ontology_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            _add_file(digest, path.relative_to(project.root).as_posix(), path)
    _add_file(digest, "source", project.source)
    package = Path(__file__).resolve().parents[1]
    for stage in CODE_STAGES:
        for path in sorted((package / stage).glob("*.py")):
            _add_file(digest, f"code/{stage}/{path.name}", path)
    return digest.hexdigest()


def _add_file(digest: Any, name: str, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    digest.update(name.encode("utf-8") + b"\0")
    if data is None:
        digest.update(b"missing\0")
    else:
        digest.update(f"{len(data)}\0".encode() + data)


def load_or_compile(project: Project, *, fresh: bool = False) -> Compiled:
    """The project's compiled graph: from the cache when its inputs are unchanged, else compiled (and cached).

    ``fresh`` compiles whatever the cache holds (``build`` does, so a release never comes from
    the cache). Raises :class:`~collab_graph.common.errors.DataError` as a compile does.
    """
    compiled, key = compile_or_load(project, fresh=fresh)
    if key is not None:
        save(project, key, compiled)
    return compiled


def compile_or_load(project: Project, *, fresh: bool = False) -> tuple[Compiled, str | None]:
    """As :func:`load_or_compile`, without writing: the graph, and the key to :func:`save` it under (None: nothing to save).

    The command line saves only once a command has succeeded, so a failing command writes nothing.
    """
    key = input_key(project)
    if not fresh:
        cached = load(project, key)
        if cached is not None:
            return cached, None
    from .build import compile_project  # only now: loading the cache needs none of the compiler

    compiled = compile_project(project)
    if input_key(project) != key:  # inputs changed while compiling: do not cache under a stale key
        return compiled, None
    return compiled, key


def load(project: Project, key: str) -> Compiled | None:
    """The cached graph if the cache is complete, ours and made from inputs with ``key``; else None."""
    paths = CachePaths.of(project)
    manifest = read_manifest(project)
    if manifest is None or manifest.get("key") != key:
        return None
    try:
        data = paths.graph.read_bytes()
        names_data = paths.names.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != manifest.get("ntriples_sha256") or data.count(b"\n") != manifest.get("triples"):
        return None
    if hashlib.sha256(names_data).hexdigest() != manifest.get("names_sha256"):
        return None
    try:
        names = json.loads(names_data)
    except (UnicodeDecodeError, ValueError):
        return None
    from .compiled import Compiled

    # The bytes are the ones this cache wrote (their hash is the manifest's): parsed when a command needs the rdflib graph.
    return Compiled(None, manifest["origins"], ntriples=data, names=names)


def read_manifest(project: Project) -> dict | None:
    """The cache manifest as a dict, or None when it is missing, unreadable or not a manifest of this format."""
    try:
        manifest = json.loads(CachePaths.of(project).manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != CACHE_FORMAT:
        return None
    origins = manifest.get("origins")
    if not isinstance(origins, dict) or not all(isinstance(v, str) for v in origins.values()):
        return None
    return manifest


def save(project: Project, key: str, compiled: Compiled) -> bool:
    """Write the cache for ``compiled`` (made from inputs with ``key``); False when it cannot be written."""
    from ..common.atomic import write_files
    from ..common.errors import CollabGraphError
    from ..store.embedded import remember_ntriples
    from .serialise import serialise

    data = serialise(compiled.graph, "nt")
    remember_ntriples(compiled.graph, data)
    from ..names.stored import to_json

    names = (json.dumps(to_json(compiled.resolver), indent=0, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    manifest = {
        "format": CACHE_FORMAT,
        "key": key,
        "ntriples_sha256": hashlib.sha256(data).hexdigest(),
        "names_sha256": hashlib.sha256(names).hexdigest(),
        "triples": len(compiled.graph),
        "origins": dict(sorted(compiled.origins.items())),
    }
    paths = CachePaths.of(project)
    if (
        read_manifest(project) == manifest
        and _sha256_of(paths.graph) == manifest["ntriples_sha256"]
        and _sha256_of(paths.names) == manifest["names_sha256"]
    ):
        return True  # already cached (``build`` compiles afresh): leave the files as they are
    text = json.dumps(manifest, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        # The data first, then the manifest that vouches for it: a reader never pairs a new manifest with old data.
        write_files({paths.graph: data, paths.names: names})
        write_files({paths.manifest: text.encode("utf-8")})
    except CollabGraphError:
        return False
    return True


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
