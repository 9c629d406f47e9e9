"""No outbound network traffic unless the user names an endpoint.

``install()`` adds a Python audit hook (audit hooks cannot be removed) that refuses every
connection, name lookup and ``urllib`` request to a host other than the loopback and the hosts
named by ``allow(url)`` (the ``--endpoint`` URL, ``push --gsp``/``--update`` URLs, and the proxy
the environment names for them). So rdflib cannot fetch a graph from a URL, follow
``owl:imports``, or run ``SERVICE``/``LOAD`` against the network, whatever asks it to.

``guarded()`` applies the same rule only while a block runs (notebook helpers: the rest of the
notebook keeps its network). ``lockdown()`` (the query process) refuses everything, loopback too.

>>> _loopback("127.0.0.1"), _loopback("::1"), _loopback("localhost"), _loopback("example.org")
(True, True, True, False)
>>> _host_port("https://Data.Example.org/sparql")
('data.example.org', 443)
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import urllib.parse
from collections.abc import Iterator

from .errors import CollabGraphError

HINT = "name an endpoint with --endpoint to allow one"
EVENTS = {"socket.connect", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request"}
PORTS = {"http": 80, "https": 443}


class NetworkRefused(CollabGraphError):
    """An outbound connection was attempted while the network is closed."""


class _State:
    installed = False
    always = False  # refuse for the rest of the process (CLI, query process)
    depth = 0  # inside guarded() blocks
    strict = False  # not even the loopback (the query process)
    allowed: set[tuple[str, int]] = set()  # noqa: RUF012 - one process-wide allow-list
    addresses: dict[tuple[str, int], set[str]] = {}  # noqa: RUF012 - resolved allowed hosts
    lock = threading.Lock()


def install(*urls: str | None) -> None:
    """Refuse outbound traffic for the rest of the process, except to the loopback and ``urls``."""
    for url in urls:
        if url:
            allow(url)
    _add_hook()
    _State.always = True


def lockdown() -> None:
    """Refuse every connection from now on, even to the loopback and hosts allowed before (the query process)."""
    _State.allowed = set()
    _State.addresses = {}
    _State.strict = True
    install()


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Refuse outbound traffic (except allowed hosts) while the block runs."""
    _add_hook()
    with _State.lock:
        _State.depth += 1
    try:
        yield
    finally:
        with _State.lock:
            _State.depth -= 1


def allow(url: str) -> None:
    """Allow connections to ``url``'s host and port (and to the proxy the environment names for it)."""
    import urllib.request  # a twentieth of a second: only when an endpoint is named

    host, port = _host_port(url)
    _State.allowed.add((host, port))
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    proxy = urllib.request.getproxies().get(scheme)
    if proxy and not _loopback(host) and not urllib.request.proxy_bypass(host):
        _State.allowed.add(_host_port(proxy if "://" in proxy else f"http://{proxy}"))


def active() -> bool:
    """Whether outbound traffic is being refused now."""
    return _State.installed and (_State.always or _State.depth > 0)


def _add_hook() -> None:
    with _State.lock:
        if not _State.installed:
            sys.addaudithook(_hook)
            _State.installed = True


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event not in EVENTS or not (_State.always or _State.depth > 0):
        return
    if event == "urllib.Request":
        url = str(args[0])
        if urllib.parse.urlsplit(url).scheme.lower() in {"http", "https", "ftp"}:
            host, port = _host_port(url)
            if _State.strict or (not _loopback(host) and (host, port) not in _State.allowed):
                raise NetworkRefused(f"network access refused: {url} ({_why()})")
        return
    if event in {"socket.connect", "socket.sendto"}:
        address = args[-1]
        if not isinstance(address, tuple) or len(address) < 2:
            return  # a Unix socket or a raw address family: not the network
        host, port = str(address[0]), address[1]
    else:  # name lookups: host, then port (getaddrinfo) or nothing
        raw = args[0]
        host = raw.decode() if isinstance(raw, bytes) else str(raw or "")
        port = args[1] if event == "socket.getaddrinfo" else None
    if not _State.strict and (not host or _loopback(host) or _permitted(host.lower(), port)):
        return
    raise NetworkRefused(f"network access refused: {host}{f':{port}' if port is not None else ''} ({_why()})")


def _why() -> str:
    return "a query never uses the network" if _State.strict else HINT


def _permitted(host: str, port: object) -> bool:
    """Whether ``host`` (a name or an address) and ``port`` are an allowed endpoint."""
    number = int(port) if isinstance(port, int) or (isinstance(port, str) and port.isdigit()) else None
    for allowed in list(_State.allowed):
        if number is not None and number != allowed[1]:
            continue
        if host == allowed[0] or host in _addresses(allowed):
            return True
    return False


def _addresses(allowed: tuple[str, int]) -> set[str]:
    """The addresses an allowed host resolves to (looked up once; the lookup itself is allowed)."""
    if allowed not in _State.addresses:
        try:
            infos = socket.getaddrinfo(allowed[0], allowed[1], type=socket.SOCK_STREAM)
        except OSError:
            infos = []
        _State.addresses[allowed] = {str(info[4][0]) for info in infos}
    return _State.addresses[allowed]


def _loopback(host: str) -> bool:
    """Whether ``host`` is this machine (the loopback, or the unspecified address a server binds)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _host_port(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, port or PORTS.get(parts.scheme.lower(), 80)
