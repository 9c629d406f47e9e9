"""Write files so that a reader never sees half a file and a failure keeps the old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import CollabGraphError


def write_files(contents: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place.

    Nothing is renamed until every temporary file is complete, so an error (a full disk, an
    unwritable folder) leaves all previous files as they were.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target = Path(target)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            except OSError as exc:
                raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
        staged.clear()
    except OSError as exc:
        raise CollabGraphError(f"{exc.filename or 'output'}: cannot write: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def write_file(target: Path, data: bytes | str) -> None:
    """Write one file atomically."""
    write_files({Path(target): data.encode("utf-8") if isinstance(data, str) else data})
