"""The query process: a forked child with no network, bounded memory, gone when its parent goes.

Every query (and every rule check) is parsed and run in a child process, so that one limit
covers all of it:

- **time**: the parent waits at most ``timeout`` seconds, then kills the child;
- **memory**: the child's address space may grow by at most ``memory_mb`` MiB beyond what it
  inherits (``RLIMIT_AS``; the query commands default to 2048, ``--memory``); past that an allocation fails and
  the query stops with :class:`QueryOutOfMemory`;
- **network**: a seccomp filter makes the kernel refuse ``socket()`` for IPv4, IPv6, packet and
  netlink sockets, and every ``connect``/``sendto``/``sendmsg``, with ``ENONET``. This holds for
  Oxigraph's own HTTP client (Rust sockets the Python audit hook cannot see), so a ``SERVICE``
  that got past the checks still cannot connect;
- **lifetime**: the child asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``),
  so a CLI stopped by SIGTERM or SIGKILL leaves no query running.

The filter needs libseccomp (Debian's ``libseccomp2``) through ``pyseccomp``; without it no query
runs ("cannot close the network for the query process").
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import multiprocessing
import os
import resource
import signal
import socket
import warnings
from collections.abc import Callable

REFUSED = errno.ENONET  # "Machine is not on the network": what a refused connection reports
NETWORK_CALLS = ("connect", "sendto", "sendmsg", "sendmmsg", "io_uring_setup")
FAMILIES = (socket.AF_INET, socket.AF_INET6, 16, 17)  # IPv4, IPv6, netlink, packet

Outcome = tuple[str, object]  # ("ok", value), ("error", message), ("timeout", None), ("memory", None)


def run_isolated(target: Callable[..., Outcome], args: tuple, timeout: float | None, memory_mb: int | None) -> Outcome:
    """``target(*args)`` in a child process; its outcome, or ("timeout", None) / ("memory", None).

    ``target`` returns an outcome tuple whose value can be pickled. ``timeout`` in seconds (None:
    no limit); ``memory_mb`` in MiB of address space beyond the parent's (None or 0: no limit).
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Linux only
        return "error", "queries run only where a process can fork (Linux)"
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, os.getpid(), memory_mb, target, args), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (serve, Jupyter) is fine here
        process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "timeout", None
        try:
            return receiver.recv()
        except EOFError:
            process.join(5)
            return exit_status(process.exitcode)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def exit_status(exitcode: int | None) -> Outcome:
    """The outcome of a query process that ended without answering."""
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return "memory", None  # an allocation failed (Rust aborts), or the kernel's OOM killer
    return "error", f"the query process ended unexpectedly (exit code {exitcode})"


def _child(conn: object, parent: int, memory_mb: int | None, target: Callable[..., Outcome], args: tuple) -> None:
    _leave_signals_to_parent()
    _die_with_parent(parent)
    _quiet()
    try:
        close_network()
    except Exception as exc:
        conn.send(("error", f"cannot close the network for the query process: {' '.join(str(exc).split()) or type(exc).__name__}"))  # type: ignore[attr-defined]
        return
    if memory_mb:
        _limit_memory(memory_mb)
    try:
        outcome = target(*args)
    except MemoryError:
        outcome = ("memory", None)
    try:
        conn.send(outcome)  # type: ignore[attr-defined]
    except MemoryError:
        os._exit(134)
    conn.close()  # type: ignore[attr-defined]


def close_network() -> None:
    """From now on this process cannot open a network socket or send to an address (seccomp)."""
    import pyseccomp as sc

    rules = sc.SyscallFilter(defaction=sc.ALLOW)
    for family in FAMILIES:
        rules.add_rule(sc.ERRNO(REFUSED), "socket", sc.Arg(0, sc.EQ, family))
    for call in NETWORK_CALLS:
        rules.add_rule(sc.ERRNO(REFUSED), call)
    rules.load()


def _leave_signals_to_parent() -> None:
    """Ctrl-C and SIGTERM are the parent's to act on: no inherited handler raising KeyboardInterrupt here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _die_with_parent(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _quiet() -> None:
    """Send the child's standard error to /dev/null (Rust prints a backtrace when memory runs out)."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)


def _limit_memory(memory_mb: int) -> None:
    with open("/proc/self/statm", encoding="ascii") as handle:
        size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
