"""The warm worker pool behind `serve`: tasks run in sandboxed workers; a worker that overruns its
time or memory is killed and replaced, and the next task is answered by a fresh one."""

from __future__ import annotations

import os
import socket
import time

import pytest

from collab_graph.store.pool import Busy, WorkerPool


def pid() -> tuple[str, object]:
    return "ok", os.getpid()


def sleep(seconds: float) -> tuple[str, object]:
    time.sleep(seconds)
    return "ok", None


def allocate(mib: int) -> tuple[str, object]:
    block = bytearray(mib * 1024 * 1024)
    return "ok", len(block)


def connect(port: int) -> tuple[str, object]:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError as exc:
        return "ok", exc.errno
    return "ok", "connected"


@pytest.fixture()
def pool():
    workers = WorkerPool(1, memory_mb=256)
    yield workers
    workers.close()


def test_the_same_warm_worker_answers_task_after_task(pool):
    first = pool.run(pid, (), timeout=30)
    assert first[0] == "ok" and first[1] != os.getpid()
    assert all(pool.run(pid, (), timeout=30) == first for _ in range(20))


def test_a_task_past_its_timeout_costs_its_worker_only(pool):
    before = pool.run(pid, (), timeout=30)[1]
    assert pool.run(sleep, (60,), timeout=0.5) == ("timeout", None)
    after = pool.run(pid, (), timeout=30)
    assert after[0] == "ok" and after[1] != before and pool.replaced == 1


def test_a_task_past_the_memory_limit_is_stopped_and_its_worker_replaced(pool):
    assert pool.run(allocate, (1024,), timeout=60) == ("memory", None)
    assert pool.run(allocate, (16,), timeout=60) == ("ok", 16 * 1024 * 1024)
    assert pool.replaced == 1


def test_a_worker_cannot_reach_the_network(pool):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        status, errno_ = pool.run(connect, (listener.getsockname()[1],), timeout=30)
    assert status == "ok" and errno_ != "connected"


def test_a_busy_pool_says_so_after_its_wait(pool):
    import threading

    thread = threading.Thread(target=pool.run, args=(sleep, (3,), 30))
    thread.start()
    while pool.idle:
        time.sleep(0.01)
    with pytest.raises(Busy):
        pool.run(pid, (), timeout=30, wait=0)
    thread.join()
