"""Real servers on loopback for the sink tests: a scripted webhook and an SMTP inbox."""

from __future__ import annotations

import email
import email.message
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from aiosmtpd.controller import Controller

LOCALHOST = "127.0.0.1"


def free_port() -> int:
    # Binding port 0 and closing leaves a port nothing listens on, for
    # connection-refused cases and for aiosmtpd, which cannot bind port 0.
    with socket.socket() as s:
        s.bind((LOCALHOST, 0))
        port: int = s.getsockname()[1]
    return port


@dataclass
class Hook:
    """A scripted local HTTP endpoint: answers with ``statuses`` in turn, then 200."""

    statuses: list[int] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str], bytes, int]] = field(default_factory=list)
    url: str = ""

    @property
    def bodies(self) -> list[Any]:
        """The JSON bodies of the requests that were answered 200 (delivered)."""
        return [json.loads(body) for _, _, body, status in self.requests if status == 200]


@contextmanager
def serve_hook(path: str = "/alerts") -> Iterator[Hook]:
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = state.statuses.pop(0) if state.statuses else 200
            state.requests.append((self.path, dict(self.headers.items()), body, status))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep pytest output clean

    server = HTTPServer((LOCALHOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://{LOCALHOST}:{server.server_address[1]}{path}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Inbox:
    """aiosmtpd handler that keeps every received message with its envelope."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], email.message.EmailMessage]] = []

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [message for _, _, message in self.envelopes]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


@contextmanager
def serve_smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname=LOCALHOST, port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
