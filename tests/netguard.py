"""A test-side network guard, independent of collab_graph.common.offline: record and refuse non-loopback traffic.

Used by conftest.py for the pytest process, and as a ``sitecustomize`` module (see
``sitecustomize_dir``) for CLI subprocesses: each attempt is appended to the file named by
``COLLAB_GRAPH_NET_RECORD``, and every process that installed the guard writes an ``installed`` line.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import sys
from collections.abc import Iterator
from pathlib import Path

EVENTS = {"socket.connect", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"}
RECORD = "COLLAB_GRAPH_NET_RECORD"


class OutboundBlocked(OSError):
    """A test tried to reach a host other than the loopback."""


_paused = [False]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Let traffic through to the guard under test (which must refuse it itself)."""
    _paused[0] = True
    try:
        yield
    finally:
        _paused[0] = False


def loopback(host: object) -> bool:
    """Whether ``host`` is this machine (None and '' are the wildcard a server binds)."""
    if isinstance(host, bytes):
        host = host.decode()
    if not host or host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(str(host).strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _target(event: str, args: tuple[object, ...]) -> object | None:
    """The host an event reaches, or None when it is not a network address (Unix sockets)."""
    if event in {"socket.connect", "socket.sendto"}:
        address = args[-1]
        return address[0] if isinstance(address, tuple) and len(address) >= 2 else None
    return args[0]


def install(record: str | None = None) -> None:
    """Refuse non-loopback traffic in this process; append each attempt to ``record``."""

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in EVENTS or _paused[0]:
            return
        host = _target(event, args)
        if host is None or loopback(host):
            return
        if record:
            with open(record, "a", encoding="utf-8") as out:
                out.write(f"{os.getpid()} {event} {host!r}\n")
        raise OutboundBlocked(f"test network guard: {event} to {host!r} refused")

    sys.addaudithook(hook)
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} installed\n")


def sitecustomize_dir(folder: Path) -> Path:
    """A folder holding a sitecustomize.py that installs this guard: put it first on PYTHONPATH."""
    folder.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    (folder / "sitecustomize.py").write_text(
        f"import os, sys\nsys.path.insert(0, {str(here)!r})\nimport netguard\nsys.path.pop(0)\n"
        f"netguard.install(os.environ.get({RECORD!r}))\n",
        encoding="utf-8",
    )
    return folder
