"""Run the collab-graph CLI, but freeze half-way through writing a file, to be killed there.

Usage: ``python tests/pause_write.py N collab-graph-args...``. The Nth file written through
``collab_graph.common.atomic`` gets half its bytes (flushed to disk); then this prints
``paused <temporary file>`` on stderr and waits forever. The test kills it with SIGKILL, as a
power cut or ``kill -9`` would. Nothing in src/ knows about this: it swaps the ``os`` module
``collab_graph.common.atomic`` sees for one whose ``fdopen`` returns a pausing handle.
"""

from __future__ import annotations

import os
import sys
import threading
import types
from typing import Any


class _PausingHandle:
    """A file handle whose write stops half-way on the chosen call."""

    calls = 0

    def __init__(self, handle: Any, fd: int, pause_at: int):
        self.handle, self.fd, self.pause_at = handle, fd, pause_at

    def __enter__(self) -> _PausingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def write(self, data: bytes) -> int:
        _PausingHandle.calls += 1
        if _PausingHandle.calls < self.pause_at:
            return self.handle.write(data)
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.fd)
        print(f"paused {os.readlink(f'/proc/self/fd/{self.fd}')}", file=sys.stderr, flush=True)
        threading.Event().wait()
        raise AssertionError("unreachable: the test kills this process")


def main() -> None:
    pause_at, args = int(sys.argv[1]), sys.argv[2:]
    import collab_graph.common.atomic as atomic
    from collab_graph.cli import main as cli_main

    pausing_os = types.ModuleType("os")
    pausing_os.__dict__.update(os.__dict__)
    pausing_os.fdopen = lambda fd, *a, **k: _PausingHandle(os.fdopen(fd, *a, **k), fd, pause_at)  # type: ignore[attr-defined]
    atomic.os = pausing_os  # type: ignore[attr-defined]
    sys.argv = ["collab-graph", *args]
    cli_main()


if __name__ == "__main__":
    main()
