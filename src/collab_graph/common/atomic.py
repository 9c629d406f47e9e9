"""Write files so that a reader never sees half a file and a failure keeps the old one.

Each file is written to a hidden temporary sibling ``.<name>.<pid>.<random>.tmp`` and renamed
over the target only when complete. A process killed mid-write leaves the previous file intact
and its temporary file behind; the next successful write of the same target removes temporary
files whose process is gone.
"""

from __future__ import annotations

import glob
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
    mode = _file_mode()
    try:
        for target, data in contents.items():
            target = Path(target)
            try:
                _make_folder(target)
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
            except OSError as exc:
                raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
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
    for target in contents:
        remove_stale_temporaries(Path(target))


def write_file(target: Path, data: bytes | str) -> None:
    """Write one file atomically."""
    write_files({Path(target): data.encode("utf-8") if isinstance(data, str) else data})


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete the temporary files a killed writer of ``target`` left behind; the paths removed.

    A temporary file is stale when the process named in it no longer runs.
    """
    removed = []
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = tmp.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _make_folder(target: Path) -> None:
    """Create the target's folder; a file in the way is named as such."""
    for parent in reversed(target.parents):
        if parent.exists() and not parent.is_dir():
            raise CollabGraphError(f"{target}: cannot write: {parent} is a file, not a folder")
    if target.is_dir():
        raise CollabGraphError(f"{target}: cannot write: it is a folder, not a file")
    target.parent.mkdir(parents=True, exist_ok=True)


def _file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp would make it private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
