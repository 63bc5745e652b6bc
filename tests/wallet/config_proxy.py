"""A real HTTP proxy on 127.0.0.1 in front of a real server that answers `GET /v1/config`
itself, so a test can show the wallet a server that offers demo funding (or answers
garbage) while everything else goes to the real server, event stream included."""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.servers import free_port

CHUNK_BYTES = 4096
UPSTREAM_TIMEOUT_S = 30.0


@dataclass
class ConfigProxy:
    upstream_port: int
    config_status: int = 200
    config_body: bytes = b'{"demo_funding": true}'
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ConfigProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet: pytest shows failures
                pass

            def do_GET(self) -> None:
                if self.path.split("?")[0] == "/v1/config":
                    self._answer(proxy.config_status, proxy.config_body)
                else:
                    self._forward()

            def do_POST(self) -> None:
                self._forward()

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                up = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port,
                                                timeout=UPSTREAM_TIMEOUT_S)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection")}
                try:
                    up.request(self.command, self.path, body=body, headers=headers)
                    answer = up.getresponse()
                    self.send_response(answer.status)
                    for k, v in answer.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(k, v)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    while chunk := answer.read1(CHUNK_BYTES):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except OSError:
                    pass  # the client or the server went away: the connection just ends
                finally:
                    up.close()

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
