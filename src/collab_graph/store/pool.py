"""A pool of warm query processes: the sandbox of :mod:`collab_graph.store.sandbox` without a fork per query.

``serve`` answers many small queries; forking a process (and so copying the page tables of a
loaded store) for each one cost more than the query. A :class:`WorkerPool` forks ``size``
workers once, after the store is loaded, and each runs every task it is given in the same
sandbox a one-off query process has: no network (seccomp), at most ``memory_mb`` MiB of address
space beyond what it started with, killed when its parent dies, Ctrl-C and SIGTERM left to the
parent (so a background ``serve`` prints no traceback when stopped).

A task that runs past its timeout, or whose worker dies (its memory limit, the kernel's OOM
killer), has its worker killed and replaced by a fresh fork; the caller gets ("timeout", None) or
("memory", None) exactly as from :func:`~collab_graph.store.sandbox.run_isolated`. A worker that
caught a ``MemoryError`` itself is replaced too (its heap may be fragmented).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
import warnings
from collections.abc import Callable
from typing import Any

from .sandbox import Outcome, _die_with_parent, _leave_signals_to_parent, _limit_memory, _quiet, close_network, exit_status


class Busy(Exception):
    """Every worker stayed busy for the whole wait."""


class WorkerPool:
    """``size`` warm sandboxed workers; :meth:`run` gives a task to the next idle one.

    ``setup()`` runs in each worker once, after the sandbox is in place (e.g. to refuse Python's
    own network calls too). Tasks are ``(target, args)`` where ``target`` is a module-level function
    returning an outcome tuple, and ``args`` can be pickled. Thread-safe.
    """

    def __init__(self, size: int, memory_mb: int | None, setup: Callable[[], None] | None = None):
        if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Linux only
            raise OSError("a worker pool needs fork (Linux)")
        self.size, self.memory_mb, self.setup = size, memory_mb, setup
        self._context = multiprocessing.get_context("fork")
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self.replaced = 0  # workers killed and forked again (timeouts, memory)
        for _ in range(size):
            self._idle.put(self._spawn())

    @property
    def idle(self) -> int:
        """Workers free right now."""
        return self._idle.qsize()

    def run(self, target: Callable[..., Outcome], args: tuple, timeout: float | None, wait: float | None = None) -> Outcome:
        """``target(*args)`` in a worker: its outcome, or ("timeout", None) / ("memory", None).

        Waits at most ``wait`` seconds for an idle worker (None: for ever), else raises :class:`Busy`;
        ``timeout`` (seconds, None: no limit) bounds the task itself.
        """
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"{self.size} queries are running") from None
        healthy = False
        try:
            outcome, healthy = worker.call(target, args, timeout)
            return outcome
        finally:
            if not healthy:
                worker.stop()
                with self._lock:
                    self._workers.discard(worker)
                    self.replaced += 1
                worker = self._spawn()
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (idle or not)."""
        with self._lock:
            workers, self._workers = set(self._workers), set()
        for worker in workers:
            worker.stop()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.memory_mb, self.setup)
        with self._lock:
            self._workers.add(worker)
        return worker


class _Worker:
    """One forked worker and the pipe to it."""

    def __init__(self, context: Any, memory_mb: int | None, setup: Callable[[], None] | None):
        self.conn, child_conn = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve_tasks, args=(child_conn, os.getpid(), memory_mb, setup), daemon=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (serve) is fine here
            self.process.start()
        child_conn.close()

    def call(self, target: Callable[..., Outcome], args: tuple, timeout: float | None) -> tuple[Outcome, bool]:
        """(outcome, whether the worker can take another task)."""
        try:
            self.conn.send((target, args))
            if not self.conn.poll(timeout):
                return ("timeout", None), False
            outcome = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            return exit_status(self.process.exitcode), False
        return outcome, outcome[0] != "memory"

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


def _serve_tasks(conn: Any, parent: int, memory_mb: int | None, setup: Callable[[], None] | None) -> None:
    """In a worker: the sandbox once, then tasks until the pipe closes."""
    _leave_signals_to_parent()
    _die_with_parent(parent)
    _quiet()
    try:
        close_network()
        if setup is not None:
            setup()
    except Exception as exc:
        failure = ("error", f"cannot close the network for the query process: {' '.join(str(exc).split()) or type(exc).__name__}")
    else:
        failure = None
    if memory_mb:
        _limit_memory(memory_mb)
    while True:
        try:
            target, args = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if failure is not None:
            outcome: Outcome = failure
        else:
            try:
                outcome = target(*args)
            except MemoryError:
                outcome = ("memory", None)
        try:
            conn.send(outcome)
        except MemoryError:
            os._exit(134)
        if outcome[0] == "memory":
            os._exit(0)
