"""A real HTTP/1.1 proxy on 127.0.0.1 that injects network faults between a desk and the sync server.

Each client connection carries one request (the proxy answers ``Connection: close``); each request either passes
through or meets one fault:

- ``drop``      the connection is closed after the request was read; the server never sees it;
- ``reset``     the same, with a TCP reset;
- ``timeout``   nothing comes back until the client gives up (the server never sees it);
- ``error500``  a 500 answer made by the proxy (``error503`` a 503); the server never sees it;
- ``truncate``  the server's answer is cut in the middle of its body (the server did the work);
- ``lost``      the server answered (and committed), then the connection is closed with nothing sent back;
- ``duplicate`` the request reaches the server twice; the client gets the second answer.

Faults come from ``script`` (a list consumed in order; None = pass) and then at random with ``rates``.
``hold_next(n)`` makes the n-th request from now (counting from 1) reach the server, then sets ``held`` and keeps
the answer until ``release()``: a test kills the desk there, after the server committed. With ``answer_first`` the
answer is sent before ``held`` is set: a kill then lands while the desk is recording it.
"""

from __future__ import annotations

import random
import select
import socket
import socketserver
import struct
import threading
from collections import Counter
from collections.abc import Iterable

FAULTS = ("drop", "reset", "timeout", "error500", "error503", "truncate", "lost", "duplicate")


class FaultyProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 0,
        rates: dict[str, float] | None = None,
        script: Iterable[str | None] = (),
        timeout_hold: float = 30.0,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.rates = dict(rates or {})
        self.script = list(script)
        self.timeout_hold = timeout_hold
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.held = threading.Event()  # set when a held request has its answer from the server
        self._release = threading.Event()
        self._hold_left = 0
        self._hold_method: bytes | None = None
        self._answer_first = False
        self.requests = 0
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 64

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- control ------------------------------------------------------------------------------------------------

    def start(self) -> FaultyProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> FaultyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def clean(self) -> None:
        """No more faults."""
        with self.lock:
            self.rates = {}
            self.script = []

    def set_rates(self, rates: dict[str, float]) -> None:
        with self.lock:
            self.rates = dict(rates)

    def hold_next(self, n: int = 1, *, method: str | None = None, answer_first: bool = False) -> None:
        """Hold the n-th request from now (only counting ``method`` requests when given)."""
        with self.lock:
            self._hold_method = method.encode() if method else None
            self._hold_left = n
            self._answer_first = answer_first
            self.held.clear()
            self._release.clear()

    def release(self) -> None:
        self._release.set()

    # -- one connection ------------------------------------------------------------------------------------------

    def _pick(self, method: bytes) -> tuple[str | None, bool]:
        with self.lock:
            self.requests += 1
            hold = False
            if self._hold_left and self._hold_method in (None, method):
                self._hold_left -= 1
                hold = self._hold_left == 0
            if self.script:
                fault = self.script.pop(0)
            else:
                fault = None
                roll = self.rng.random()
                for name, rate in self.rates.items():
                    if roll < rate:
                        fault = name
                        break
                    roll -= rate
            self.counts[fault or "pass"] += 1
            return fault, hold

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(30)
        try:
            request = _read_request(client)
        except (OSError, ValueError):
            return
        if request is None:
            return
        fault, hold = self._pick(request.split(b" ", 1)[0])
        if fault == "drop":
            return
        if fault == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault == "timeout":
            _wait_for_close(client, self.timeout_hold, self.closing)
            return
        if fault in ("error500", "error503"):
            status = "500 Internal Server Error" if fault == "error500" else "503 Service Unavailable"
            body = b'{"detail": "injected by the faulty proxy"}'
            client.sendall(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            return
        try:
            answer = _forward(self.upstream, request)
            if fault == "duplicate":
                answer = _forward(self.upstream, request)
        except OSError:
            return
        head, _, body = answer.partition(b"\r\n\r\n")
        head = _with_header(head, b"Connection", b"close")
        if hold:
            if self._answer_first:
                client.sendall(head + b"\r\n\r\n" + body)
            self.held.set()
            self._release.wait(self.timeout_hold)
            return  # without answer_first, the client (killed meanwhile) gets nothing
        if fault == "lost":
            return
        if fault == "truncate" and len(body) > 1:
            client.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
            return
        client.sendall(head + b"\r\n\r\n" + body)


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            raise ValueError("headers too long")
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("chunked request bodies are not supported by the proxy")
    while len(body) < length:
        chunk = sock.recv(min(1 << 20, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return _with_header(head, b"Connection", b"close") + b"\r\n\r\n" + body


def _with_header(head: bytes, name: bytes, value: bytes) -> bytes:
    lines = [line for line in head.split(b"\r\n") if line.partition(b":")[0].strip().lower() != name.lower()]
    return b"\r\n".join([*lines, name + b": " + value])


def _forward(upstream: tuple[str, int], request: bytes) -> bytes:
    with socket.create_connection(upstream, timeout=60) as up:
        up.sendall(request)
        chunks = []
        while True:
            chunk = up.recv(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _wait_for_close(sock: socket.socket, limit: float, closing: threading.Event) -> None:
    """Hold the connection open, answering nothing, until the client closes it (or the limit)."""
    waited = 0.0
    while waited < limit and not closing.is_set():
        ready, _, _ = select.select([sock], [], [], 0.1)
        waited += 0.1
        if ready:
            try:
                if not sock.recv(1024):
                    return
            except OSError:
                return
