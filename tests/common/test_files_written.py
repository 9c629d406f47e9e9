"""Files written: devices and FIFOs in place, ``--out -``, errors naming the file, sets never mixed, store folders claimed."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from collab_graph.common import atomic
from collab_graph.common.atomic import JOURNAL, finish_interrupted, write_file, write_files
from collab_graph.common.errors import CollabGraphError
from collab_graph.store.embedded import MARKER, OxigraphStore


def test_a_device_is_written_not_replaced():
    write_file(Path("/dev/null"), "anything\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_gets_the_data_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, "rows\n")
    reader.join(60)
    assert got == [b"rows\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_full_disk_names_the_file(tmp_path, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    target = tmp_path / "answer.csv"
    with pytest.raises(CollabGraphError) as failed:
        write_file(target, "a,b\n")
    assert str(failed.value) == f"{target}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_out_dash_writes_to_standard_output(query_cli_run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = query_cli_run("query", "partners-of", "--param", "org=NWAS", "--format", "csv", "--out", "-")
    assert code == 0 and out.startswith("partner,") and err == "" and list(tmp_path.iterdir()) == []


def test_a_set_interrupted_between_renames_is_finished_by_the_next_writer(tmp_path):
    """A writer killed after renaming one file of three leaves its journal; the next writer completes the set first."""
    names = [tmp_path / f"collab-graph.{ext}" for ext in ("ttl", "nt", "jsonld")]
    write_files(dict.fromkeys(names, b"old\n"))
    staged = []
    for n, target in enumerate(names):
        tmp = tmp_path / f".{target.name}.999999.x.tmp"
        tmp.write_bytes(b"new\n")
        staged.append((tmp, target))
        if n == 0:
            os.replace(tmp, target)  # the killed writer got this far
    (tmp_path / JOURNAL).write_text("".join(f"{tmp}\t{target}\n" for tmp, target in staged), encoding="utf-8")
    assert [p.read_bytes() for p in names] == [b"new\n", b"old\n", b"old\n"]  # mixed, until ...
    assert finish_interrupted(tmp_path) == names[1:]
    assert [p.read_bytes() for p in names] == [b"new\n"] * 3
    assert not (tmp_path / JOURNAL).exists()


def test_two_writers_of_one_folder_never_leave_a_mixed_set(tmp_path):
    names = [tmp_path / f"collab-graph.{ext}" for ext in ("ttl", "nt", "jsonld")]
    errors: list[BaseException] = []

    def writer(tag: bytes) -> None:
        try:
            for _ in range(30):
                write_files(dict.fromkeys(names, tag))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in (b"A" * 50_000, b"B" * 50_000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({p.read_bytes() for p in names}) == 1


def test_store_path_is_claimed_with_a_marker_and_reused(tmp_path):
    graph = Graph()
    graph.add((URIRef("urn:s"), URIRef("urn:p"), Literal(1)))
    folder = tmp_path / "store"
    OxigraphStore(graph, str(folder))
    assert (folder / MARKER).is_file()
    assert OxigraphStore(graph, str(folder)).query("ASK { ?s ?p 1 }") is True


def test_store_path_is_used_by_one_process_at_a_time(tmp_path):
    """A second store on a folder in use is refused in one line, and the first keeps its data (it used to be cleared)."""
    graph = Graph()
    graph.add((URIRef("urn:s"), URIRef("urn:p"), Literal(1)))
    folder = tmp_path / "store"
    first = OxigraphStore(graph, str(folder))
    with pytest.raises(CollabGraphError) as refused:
        OxigraphStore(Graph(), str(folder))
    assert (
        str(refused.value) == f"--store-path {folder}: another collab-graph process is using this store; wait for it or give another folder"
    )
    assert first.query("ASK { ?s ?p 1 }") is True
    del first  # closing the store releases the folder
    assert OxigraphStore(Graph(), str(folder)).query("ASK { ?s ?p 1 }") is False


def test_store_path_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(CollabGraphError) as refused:
        OxigraphStore(Graph(), str(tmp_path))
    assert "holds files collab-graph did not make" in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
