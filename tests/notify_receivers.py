"""Local receivers for notification tests and the benchmark: an SMTP server (aiosmtpd) that keeps every message,
and an HTTP webhook receiver that verifies Standard Webhooks signatures with the same library the service signs with.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


class SmtpInbox:
    """aiosmtpd on a free local port; ``messages`` are the parsed e-mails received, with their arrival time."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        self.arrivals: list[float] = []
        self._lock = threading.Lock()
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with inbox._lock:
                    inbox.messages.append(message)
                    inbox.arrivals.append(time.time())
                return "250 OK"

        # aiosmtpd connects to its own port to check it started, so it needs a real one (not 0).
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self) -> SmtpInbox:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self.controller.port

    def stop(self) -> None:
        self.controller.stop()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool
    error: str | None
    at: float


@dataclass
class WebhookReceiver:
    """Answers each request with the next status of ``script`` (then 200), verifying its signature with ``secret``.

    ``secret`` may be set after start (the service shows it when the endpoint is created).
    """

    secret: str | None = None
    script: list[int | tuple[int, dict[str, str]]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    on_receive: Callable[[Received], None] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's hook name
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # the sender died mid-request (a kill -9 under test): nothing was delivered, nothing to answer
                    self.close_connection = True
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra = receiver._answer(headers, body)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def verify(self, headers: dict[str, str], body: bytes, *, secret: str | None = None) -> None:
        """Raises WebhookVerificationError for a bad signature, an old or future timestamp, missing headers."""
        Webhook(secret or self.secret).verify(body, headers)

    def _answer(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str]]:
        verified, error = False, None
        if self.secret is not None and "webhook-signature" in headers:
            try:
                self.verify(headers, body)
                verified = True
            except WebhookVerificationError as exc:
                error = str(exc)
        record = Received(headers=headers, body=body, verified=verified, error=error, at=time.time())
        with self._lock:
            self.received.append(record)
            answer = self.script.pop(0) if self.script else 200
        if self.on_receive is not None:
            self.on_receive(record)
        if isinstance(answer, tuple):
            return answer
        return answer, {}

    def start(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def payloads(self) -> list[dict]:
        return [json.loads(r.body) for r in self.received]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
