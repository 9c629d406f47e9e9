"""Where the project's files are: the data, the ontology, the source and the build folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SOURCE_NAME = "esc-national-overview-2016.txt"


def _looks_like_root(path: Path) -> bool:
    return (path / "graph" / "themes.yaml").is_file() and (path / "ontology").is_dir()


@dataclass(frozen=True)
class Project:
    """A checkout of collab-graph (or a copy of its data): ``graph/``, ``ontology/``, ``build/``."""

    root: Path

    @classmethod
    def locate(cls, root: str | Path | None = None) -> Project:
        """The given root, else $COLLAB_GRAPH_ROOT, else the current folder if it is a project, else the checkout this package runs from."""
        from .errors import CollabGraphError

        named = root or os.environ.get("COLLAB_GRAPH_ROOT")
        candidates = [named] if named else [Path.cwd(), Path(__file__).resolve().parents[3]]
        if named and not Path(named).is_dir():
            raise CollabGraphError(f"{named}: no such project folder (--root or COLLAB_GRAPH_ROOT)")
        for candidate in candidates:
            if _looks_like_root(Path(candidate)):
                return cls(Path(candidate).resolve())
        raise CollabGraphError(f"{named or Path.cwd()}: not a collab-graph project (no graph/themes.yaml and ontology/)")

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def source(self) -> Path:
        """The source text: $COLLAB_GRAPH_SOURCE, else ``../shared/sources/`` beside the checkout."""
        env = os.environ.get("COLLAB_GRAPH_SOURCE")
        return Path(env) if env else self.root.parent / "shared" / "sources" / SOURCE_NAME

    def shown(self, path: Path) -> str:
        """A path as users see it in messages: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
