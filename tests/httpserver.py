"""A small real HTTP server on 127.0.0.1 for tests (no network beyond loopback).

Serves files from a directory and/or an explicit route table, with the conditional-request
behaviour of a real publisher: a strong ``ETag`` and a ``Last-Modified`` header on every file,
``304 Not Modified`` for a matching ``If-None-Match`` or a fresh-enough ``If-Modified-Since``.

    with FileServer(root=DATA, routes={"/consolidated.xml": DATA / "un" / "x.xml"}) as server:
        httpx.get(server.url + "/consolidated.xml")
        server.requests  # what the client sent, for assertions
"""

from __future__ import annotations

import hashlib
import socket
import threading
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

_CHUNK = 64 * 1024


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class FileServer:
    """A threaded HTTP/1.0 file server bound to an ephemeral port on 127.0.0.1.

    root: a directory served under ``/`` (paths may not escape it).
    routes: exact URL path -> file (a Path) or literal content (bytes); checked before ``root``.
    redirects: URL path -> location, answered with ``302 Found``.
    omit_length: URL paths answered without a Content-Length header (the body ends at close).
    """

    root: Path | None = None
    routes: dict[str, Path | bytes] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    omit_length: set[str] = field(default_factory=set)
    requests: list[SeenRequest] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FileServer:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def resolve(self, url_path: str) -> Path | bytes | None:
        if url_path in self.routes:
            return self.routes[url_path]
        if self.root is None:
            return None
        root = self.root.resolve()
        candidate = (root / url_path.lstrip("/")).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate


def etag_of(content: Path | bytes) -> str:
    data = content.read_bytes() if isinstance(content, Path) else content
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _make_handler(server: FileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            return

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            server.requests.append(SeenRequest(self.command, path, dict(self.headers.items())))
            if path in server.redirects:
                self.send_response(302)
                self.send_header("Location", server.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            content = server.resolve(path)
            if content is None:
                message = b"not found\n"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(message)))
                self.end_headers()
                if body:
                    self.wfile.write(message)
                return
            etag = etag_of(content)
            mtime = content.stat().st_mtime if isinstance(content, Path) else 1_700_000_000.0
            last_modified = formatdate(int(mtime), usegmt=True)
            if self._not_modified(etag, int(mtime)):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", last_modified)
                self.end_headers()
                return
            size = content.stat().st_size if isinstance(content, Path) else len(content)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            if path not in server.omit_length:
                self.send_header("Content-Length", str(size))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            if not body:
                return
            try:
                if isinstance(content, bytes):
                    self.wfile.write(content)
                else:
                    with content.open("rb") as handle:
                        while chunk := handle.read(_CHUNK):
                            self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. a size limit): fine

        def _not_modified(self, etag: str, mtime: int) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
                return etag in tags or "*" in tags
            if_modified_since = self.headers.get("If-Modified-Since")
            if if_modified_since:
                try:
                    since = parsedate_to_datetime(if_modified_since).timestamp()
                except (TypeError, ValueError):
                    return False
                return mtime <= since
            return False

    return Handler


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 but never answers (for timeout tests)."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> SilentServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._sock.close()
