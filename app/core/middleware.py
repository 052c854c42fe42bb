"""One ASGI middleware around the whole service: request id, per-key rate limit, security headers, latency
metrics, access log and a JSON 500 for anything unhandled.

It is a plain ASGI callable rather than Starlette's ``BaseHTTPMiddleware``: responses stream through untouched
(exports and annotated workbooks are large) and the request id set in the context variable is seen by the
endpoint, including a plain ``def`` endpoint running in the thread pool.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import metrics
from app.core.config import Settings
from app.core.errors import PayloadTooLarge, RateLimited, Unauthorized
from app.core.logging import request_id_var
from app.core.ratelimit import TokenBuckets

logger = logging.getLogger("chainmatch.request")
access_logger = logging.getLogger("chainmatch.access")

REQUEST_ID_HEADER = "X-Request-ID"
# A client's own request id is kept when it is a plain token (letters, digits, - _ . :) of sane length;
# anything else is replaced, so a header cannot inject text into the logs.
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Probes and scrapes are never rate limited: an orchestrator must always be able to ask.
RATE_LIMIT_EXEMPT = frozenset({"/health", "/health/live", "/metrics"})
UNMATCHED_ROUTE = "<unmatched>"

# The API answers JSON and files: nothing in a response may load anything, and no page may frame it.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI loads its script and styles from this service (app/web/static/vendor: an intranet reaches no CDN);
# its inline start-up script is allowed by its hash (computed from the page itself, see below).
DOCS_CSP = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
_INLINE_SCRIPT_RE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(html: bytes) -> list[str]:
    """CSP source expressions (``'sha256-…'``) for each inline ``<script>`` of a page."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _INLINE_SCRIPT_RE.findall(html)
    ]


def route_template(scope: Scope, static_paths: frozenset[str] = frozenset()) -> str:
    """The matched route's full path template (``/api/v1/demand-items/{item_id}``), never the raw path: metric
    labels stay few whatever clients send."""
    # FastAPI >= 0.16x resolves included routers lazily and keeps the full template in its effective route
    # context; the route object itself holds the path relative to its router.
    fastapi_scope = scope.get("fastapi")
    context = fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None
    path = getattr(context, "path_format", None) or getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    return scope.get("path", "") if scope.get("path") in static_paths else UNMATCHED_ROUTE


def bearer_token(authorization: str | None) -> str | None:
    """The key in ``Authorization: Bearer <key>``; the scheme is case-insensitive (RFC 9110) and spaces around
    the key do not count, so every spelling of one key is that key. None when there is no well-formed key."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def client_identity(scope: Scope) -> str:
    """Who a rate-limit bucket belongs to: the API key (by its hash: secrets are not kept), else the address.

    The key is taken from the parsed header, not its raw bytes: re-spelling the scheme or adding spaces does
    not make a new bucket."""
    token = bearer_token(_header(scope, b"authorization"))
    if token is not None:
        return "key:" + hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return "addr:" + client_address(scope)


# Checks an Authorization header against the stored keys (True: an active key); given by the application,
# since this module reads no database.
KeyCheck = Callable[[Scope, str], Awaitable[bool]]


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes its cap; FastAPI re-raises HTTP exceptions met while
    reading a body, so the error handler answers 413 ``payload_too_large``."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=(
            f"请求体超过上限 {limit} 字节 (request body exceeds {limit} bytes)"))
        self.limit = limit


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings, docs_paths: frozenset[str] = frozenset(),
                 static_paths: frozenset[str] = frozenset(), key_check: KeyCheck | None = None,
                 upload_prefix: str = "/api/v1/imports/") -> None:
        self.app = app
        self.key_check = key_check
        self.upload_prefix = upload_prefix
        self.body_max_bytes = settings.body_max_bytes
        self.upload_max_bytes = settings.upload_body_max_bytes
        self.docs_paths = docs_paths
        self.static_paths = docs_paths | static_paths
        self.hsts_max_age = settings.hsts_max_age
        self.limiter = (
            TokenBuckets(rate=settings.rate_limit_per_second, burst=settings.rate_limit_burst,
                         max_clients=settings.rate_limit_max_clients)
            if settings.rate_limit_enabled else None
        )
        # Failed authentications per client address: guessing keys (or rotating made-up ones to get fresh
        # buckets) is refused once an address has spent its failures.
        self.auth_failures = (
            TokenBuckets(rate=settings.auth_failure_per_second, burst=settings.auth_failure_burst,
                         max_clients=settings.rate_limit_max_clients)
            if settings.rate_limit_enabled else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        path: str = scope.get("path", "")
        state: dict[str, Any] = {"status": 500, "started": False}
        buffer_page = path in self.docs_paths
        held: list[Message] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                self._security_headers(headers, scope, path)
                if buffer_page:  # the CSP needs the page's inline scripts: hold the start until the body is in
                    held.append(message)
                    return
            elif buffer_page and message["type"] == "http.response.body" and held:
                held.append(message)
                if message.get("more_body"):
                    return
                await self._send_docs_page(held, send)
                held.clear()
                return
            await send(message)

        try:
            wait = self._rate_limit(scope, path)
            if wait:
                await self._refuse(wait, scope, receive, send_with_headers)
            elif (refusal := await self._check_body(scope, path)) is not None:
                await refusal(scope, receive, send_with_headers)
            else:
                await self.app(scope, self._capped(scope, path, receive), send_with_headers)
        except BodyTooLarge as exc:  # the body passed its cap where no handler could answer (outside FastAPI)
            state["status"] = 413
            if not state["started"]:
                await self._error(PayloadTooLarge(str(exc.detail), detail={"max_bytes": exc.limit}))(
                    scope, receive, send_with_headers)
        except Exception:
            logger.exception("未处理的异常 (unhandled error) %s %s", scope.get("method"), path)
            state["status"] = 500
            if not state["started"]:
                response = JSONResponse(status_code=500, content={
                    "error": "internal_error", "message": "服务内部错误 (internal error)",
                    "detail": {"request_id": request_id}})
                await response(scope, receive, send_with_headers)
        finally:
            # Only the API's 401s are key guesses; a page answers 401 to an htmx request whose session has ended,
            # and sign-in failures have their own per-account lock-out.
            if state["status"] == 401 and self.auth_failures is not None and path.startswith("/api/"):
                self.auth_failures.acquire(client_address(scope))
            elapsed = time.perf_counter() - started
            route = route_template(scope, self.static_paths)
            metrics.observe_request(method=scope.get("method", ""), route=route, status=state["status"],
                                    seconds=elapsed)
            access_logger.info(
                "%s %s %d %.1fms", scope.get("method"), path, state["status"], elapsed * 1000,
                extra={"method": scope.get("method"), "path": path, "route": route, "status": state["status"],
                       "duration_ms": round(elapsed * 1000, 2)},
            )
            request_id_var.reset(token)

    # -- parts ---------------------------------------------------------------------------------------------------
    def _rate_limit(self, scope: Scope, path: str) -> float:
        if self.limiter is None or path in RATE_LIMIT_EXEMPT:
            return 0.0
        assert self.auth_failures is not None
        locked_out = self.auth_failures.wait(client_address(scope))
        if locked_out:
            return locked_out
        return self.limiter.acquire(client_identity(scope))

    def _body_cap(self, path: str) -> int:
        return self.upload_max_bytes if path.startswith(self.upload_prefix) else self.body_max_bytes

    async def _check_body(self, scope: Scope, path: str) -> JSONResponse | None:
        """Before any byte of a body is read: a request to the API that carries one must hold an active key
        (401 otherwise, so nobody unauthenticated makes the service parse or spool anything), and a declared
        length over the route's cap answers 413 at once."""
        if not path.startswith("/api/") or not _has_body(scope):
            return None
        authorization = _header(scope, b"authorization")
        if self.key_check is not None and (
            bearer_token(authorization) is None or not await self.key_check(scope, authorization or "")
        ):
            return self._error(Unauthorized())
        declared = _header(scope, b"content-length")
        cap = self._body_cap(path)
        if declared is not None and declared.strip().isdigit() and int(declared) > cap:
            return self._error(PayloadTooLarge(
                f"请求体超过上限 {cap} 字节 (request body exceeds {cap} bytes)", detail={"max_bytes": cap}))
        return None

    def _capped(self, scope: Scope, path: str, receive: Receive) -> Receive:
        """``receive`` that refuses a body (chunked, or longer than declared) once it passes the route's cap."""
        if not path.startswith("/api/"):
            return receive
        cap = self._body_cap(path)
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise BodyTooLarge(cap)
            return message

        return capped_receive

    @staticmethod
    def _error(error: Any) -> JSONResponse:
        return JSONResponse(status_code=error.status_code,
                            content={"error": error.code, "message": error.message, "detail": error.detail})

    async def _refuse(self, wait: float, scope: Scope, receive: Receive, send: Send) -> None:
        retry_after = max(1, math.ceil(wait))
        metrics.HTTP_RATE_LIMITED.inc()
        error = RateLimited(
            f"请求过于频繁，请 {retry_after} 秒后重试 (too many requests; retry after {retry_after} s)",
            detail={"retry_after": retry_after},
        )
        response = JSONResponse(
            status_code=error.status_code,
            content={"error": error.code, "message": error.message, "detail": error.detail},
            headers={"Retry-After": str(retry_after)},
        )
        await response(scope, receive, send)

    def _security_headers(self, headers: MutableHeaders, scope: Scope, path: str) -> None:
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if path not in self.docs_paths:
            headers.setdefault("Content-Security-Policy", API_CSP)
        if path.startswith("/api/"):
            # Commercial plans: no shared cache, and no browser cache, keeps a copy.
            headers.setdefault("Cache-Control", "no-store")
        if self.hsts_max_age and scope.get("scheme") == "https":
            headers.setdefault("Strict-Transport-Security", f"max-age={self.hsts_max_age}; includeSubDomains")

    async def _send_docs_page(self, messages: list[Message], send: Send) -> None:
        start, bodies = messages[0], messages[1:]
        page = b"".join(message.get("body", b"") for message in bodies)
        headers = MutableHeaders(scope=start)
        hashes = inline_script_hashes(page)
        headers["Content-Security-Policy"] = DOCS_CSP.format(hashes="".join(" " + h for h in hashes))
        await send(start)
        await send({"type": "http.response.body", "body": page, "more_body": False})


def _has_body(scope: Scope) -> bool:
    length = _header(scope, b"content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return _header(scope, b"transfer-encoding") is not None


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            return text if _REQUEST_ID_RE.match(text) else None
    return None
