"""Start and stop a throw-away Virtuoso Open Source server (Debian's ``virtuoso-opensource``) for tests.

The server runs from a copy of the package's ``virtuoso.ini`` with its database in a temporary
folder, both ports (SQL and HTTP) bound to 127.0.0.1 on free ports, and a random ``dba``
password set before any test talks to it. ``.ci/run`` installs the package; without it (and
without ``COLLAB_GRAPH_REQUIRE_VIRTUOSO=1``) the endpoint tests are skipped.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PACKAGE_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
START_TIMEOUT = 60.0


@dataclass
class Virtuoso:
    """A running server: its URLs, the dba password and the process."""

    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen
    folder: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def gsp(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    def stop(self) -> None:
        """Stop the server (checkpoint-free: the folder is thrown away)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def missing() -> str | None:
    """Why Virtuoso cannot be started here, or None."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return "virtuoso-t/isql-vt not installed (apt-get install -y virtuoso-opensource)"
    if not PACKAGE_INI.is_file():
        return f"{PACKAGE_INI} not found"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path) -> Virtuoso:
    """Start a server with its files in ``folder``; RuntimeError with the log's tail if it does not come up."""
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = PACKAGE_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b.*$", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b.*$", f"ServerPort = 127.0.0.1:{http_port}", ini)
    # One thread per query: twice CI saw one answer differ once and never again (not reproduced in
    # 100 runs here); Virtuoso's parallel query execution is the one part of it that varies from run to run.
    ini = re.sub(r"(?m)^ThreadsPerQuery\s*=.*$", "ThreadsPerQuery = 1", ini)
    config = folder / "virtuoso.ini"
    config.write_text(ini, encoding="utf-8")
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen(["virtuoso-t", "+configfile", str(config), "+foreground"], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(
        http_port, sql_port, "cg" + secrets.token_hex(12), process, folder
    )  # an identifier: isql reads a leading digit as a number
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{server.sparql}?query=ASK%7B%7D", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    else:
        server.stop()
        raise RuntimeError(f"virtuoso did not answer within {START_TIMEOUT:g} s: {_tail(folder)}")
    if process.poll() is not None:
        raise RuntimeError(f"virtuoso exited with code {process.returncode}: {_tail(folder)}")
    result = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=set password dba {server.password};"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(folder)},
    )
    if result.returncode != 0 or "Error" in result.stdout + result.stderr:
        server.stop()
        raise RuntimeError(f"could not set the dba password: {result.stdout} {result.stderr}")
    return server


def _tail(folder: Path) -> str:
    texts = [p.read_text(errors="replace") for p in (folder / "stdout.log", folder / "virtuoso.log") if p.exists()]
    return " | ".join(" ".join(t.split()[-40:]) for t in texts)
