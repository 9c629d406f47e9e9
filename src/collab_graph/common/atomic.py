"""Write files so that a reader never sees half a file and a failure keeps the old one.

Each file is written to a hidden temporary sibling ``.<name>.<pid>.<random>.tmp`` and renamed
over the target only when complete. A process killed mid-write leaves the previous file intact
and its temporary file behind; the next successful write of the same target removes temporary
files whose process is gone.

A set of files (the three release files, the analysis outputs) is all or nothing as a set:
writers of the same folders take turns (an exclusive ``flock`` on each folder), the renames run
with SIGINT/SIGTERM/SIGHUP held back, and a journal (``.collab-graph-set.journal``) lists them
first; a writer killed between renames leaves the journal, and the next writer of that folder
finishes the renames before anything else, so the set is never left mixed.

A target that exists and is not a regular file (``/dev/null``, a FIFO, a terminal) is written
directly, never replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import signal
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from .errors import CollabGraphError

JOURNAL = ".collab-graph-set.journal"
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def write_files(contents: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place, as one set.

    Nothing is renamed until every temporary file is complete, so an error (a full disk, an
    unwritable folder) leaves all previous files as they were; the error names the file.
    """
    regular = {Path(t): d for t, d in contents.items() if not _special(Path(t))}
    for target, data in contents.items():
        if Path(target) not in regular:
            _write_special(Path(target), data)
    if not regular:
        return
    staged: list[tuple[Path, Path]] = []
    mode = _file_mode()
    for target in regular:
        try:
            _make_folder(target)
        except OSError as exc:
            raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with _folders_locked(sorted({t.parent for t in regular})) as journal:
            finish_interrupted(journal.parent)
            for target, data in regular.items():
                staged.append((_stage(target, data, mode), target))
            _rename_all(staged, journal)
            staged.clear()
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    for target in regular:
        remove_stale_temporaries(target)


def finish_interrupted(folder: Path) -> list[Path]:
    """Complete the renames a writer killed mid-set left in ``folder``'s journal; the targets renamed."""
    journal = folder / JOURNAL
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CollabGraphError(f"{journal}: cannot read: {exc.strerror or exc}") from None
    done = []
    for line in lines:
        tmp, _, target = line.partition("\t")
        if tmp and target and Path(tmp).exists():
            os.replace(tmp, target)
            done.append(Path(target))
    journal.unlink(missing_ok=True)
    return done


def _stage(target: Path, data: bytes, mode: int) -> Path:
    """``data`` in a complete temporary sibling of ``target``; CollabGraphError naming ``target``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return Path(tmp)


def _rename_all(staged: list[tuple[Path, Path]], journal: Path) -> None:
    """Rename every staged file into place, journalled and with stop signals held back until done."""
    if len(staged) == 1:
        tmp, target = staged[0]
        _replace(tmp, target)
        return
    try:
        _write_journal(journal, "".join(f"{tmp}\t{target}\n" for tmp, target in staged))
    except OSError as exc:
        raise CollabGraphError(f"{journal}: cannot write: {exc.strerror or exc}") from None
    held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        for tmp, target in staged:
            _replace(tmp, target)
        journal.unlink(missing_ok=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _replace(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _write_journal(journal: Path, text: str) -> None:
    with open(journal, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _folders_locked(folders: list[Path]) -> Iterator[Path]:
    """Hold an exclusive lock on each folder (in a fixed order) while the block runs; yields the journal path."""
    fds = []
    try:
        for folder in folders:
            try:
                fd = os.open(folder, os.O_RDONLY)
            except OSError as exc:
                raise CollabGraphError(f"{folder}: cannot write: {exc.strerror or exc}") from None
            fds.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield folders[0] / JOURNAL
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the lock


def _special(target: Path) -> bool:
    """Whether ``target`` exists and is neither a regular file nor a folder (a device, a FIFO, a socket)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_special(target: Path, data: bytes) -> None:
    """Write to a device or FIFO in place (renaming a file over it would replace it)."""
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise CollabGraphError(f"{target}: cannot write: {exc.strerror or exc}") from None


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
