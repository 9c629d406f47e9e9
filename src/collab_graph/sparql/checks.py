"""The query texts that passed the full safety check, kept on disk so a command does not parse them again.

The full check (:func:`collab_graph.sparql.safety.check`, rdflib's SPARQL grammar in a child
process) is most of a small query's time, and its verdict is a function of the text alone. So
``query`` keeps the texts that passed in ``build/.cache/checks.json``: a JSON object with the
file's format, the **checker key** (a SHA-256 over the code of the check, :data:`CHECKER_CODE`,
and the versions of rdflib and pyparsing) and, under ``passed``, the SHA-256 of each text that
passed (with the query's name and the prefix length) and its query form. A file made by another
checker, or one that cannot be read, counts as empty; a text is never refused from the cache, only
let through when the same checker has let the same text through before. The file is written once
the command has succeeded (a failing command writes nothing). At most :data:`SIZE`
texts are kept (the oldest go first); the file is replaced atomically, and a cache that cannot be
written (a read-only checkout) is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

FORMAT = "collab-graph check cache 2"
SIZE = 2048
#: The modules whose code decides a check (relative to the package).
CHECKER_CODE = ("sparql/safety.py", "sparql/text.py", "sparql/library.py", "store/canon.py")


def checker_key() -> str:
    """SHA-256 (hex) of the check's code and of the parser libraries' versions.

    The libraries are found, not imported (a query whose text passed before imports neither): each
    one's ``__init__.py``, which holds its version, and rdflib's SPARQL grammar are hashed.
    """
    from importlib.util import find_spec

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{FORMAT}\0".encode())

    def found(library: str) -> Path:
        spec = find_spec(library)
        return Path(spec.origin if spec and spec.origin else "-")

    rdflib, pyparsing = found("rdflib"), found("pyparsing")
    files = [(name, package / name) for name in CHECKER_CODE]
    files += [("rdflib", rdflib), ("pyparsing", pyparsing), ("rdflib grammar", rdflib.parent / "plugins" / "sparql" / "parser.py")]
    for name, path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"missing"
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


class CheckCache:
    """The texts that passed, in the file at ``path`` (read on first use)."""

    def __init__(self, path: Path):
        self.path = path
        self._passed: dict[str, str] | None = None
        self._key = ""
        self._changed = False

    def _load(self) -> dict[str, str]:
        if self._passed is None:
            self._key = checker_key()
            self._passed = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                return self._passed
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("checker") == self._key:
                passed = data.get("passed")
                if isinstance(passed, dict):
                    self._passed = {k: v for k, v in passed.items() if isinstance(k, str) and isinstance(v, str)}
        return self._passed

    @staticmethod
    def _digest(texts: list[str], name: str, skip: int) -> str:
        digest = hashlib.sha256(f"{name}\0{skip}\0{len(texts)}\0".encode())
        for text in texts:
            data = text.encode("utf-8", "surrogatepass")
            digest.update(f"{len(data)}\0".encode() + data)
        return digest.hexdigest()

    def get(self, texts: list[str], name: str, skip: int) -> str | None:
        """The query form if these texts passed before, else None."""
        return self._load().get(self._digest(texts, name, skip))

    def add(self, texts: list[str], name: str, skip: int, form: str) -> None:
        """Remember that the texts passed as ``form`` (written by :meth:`save`)."""
        passed = self._load()
        passed[self._digest(texts, name, skip)] = form
        self._changed = True
        while len(passed) > SIZE:
            passed.pop(next(iter(passed)))

    def save(self) -> None:
        """Write the file if anything was added (skipped quietly if it cannot be written).

        The command line calls this once the command has succeeded: a failing command writes nothing.
        """
        from ..common.atomic import write_files
        from ..common.errors import CollabGraphError

        if not self._changed or self._passed is None:
            return
        passed = self._passed
        text = json.dumps({"format": FORMAT, "checker": self._key, "passed": passed}, indent=0, ensure_ascii=True) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_files({self.path: text.encode("utf-8")})
        except (OSError, CollabGraphError):
            return
        self._changed = False
