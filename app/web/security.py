"""Who is using the pages: the signed session cookie, the signed-in user's principal, CSRF checks.

The cookie carries a random session token signed with ``itsdangerous`` (HttpOnly, SameSite=Lax); the server keeps
only the token's hash (``web_sessions``), so signing out everywhere works and a new token is drawn at every sign-in
(no session fixation). Every state-changing request carries the session's CSRF token, in the form field
``csrf_token`` or the ``X-CSRF-Token`` header HTMX sends (``hx-headers`` on ``<body>``). Forms shown before
signing in (sign-in, registration, invitation) use a double-submit token in a separate signed cookie.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

from app.core.db import SessionDep
from app.core.errors import ChainmatchError, Forbidden
from app.models import ApiRole
from app.services import users as user_service
from app.services.audit import bind_actor
from app.services.auth import Principal

SESSION_COOKIE = "cm_session"
ANON_COOKIE = "cm_form"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(ChainmatchError):
    status_code = 401
    code = "login_required"
    message = "请先登录 (sign in first)"


class CsrfFailed(ChainmatchError):
    status_code = 403
    code = "csrf_failed"
    message = "页面已过期或请求来源无效，请刷新页面后重试 (missing or wrong CSRF token)"


def _serializer(request: Request, salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.session_secret, salt=salt)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, _serializer(request, "session").dumps(token), httponly=True, samesite="lax",
                        secure=request.app.state.settings.session_cookie_secure, path="/")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def session_token(request: Request) -> str | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        token = _serializer(request, "session").loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


@dataclass(frozen=True)
class WebUser:
    """The signed-in user as plain values: still readable when the request's transaction has rolled back (an
    error page after a refused write)."""

    user_id: int
    display_name: str
    role: ApiRole
    csrf: str
    principal: Principal


def current_user(request: Request, db_session: SessionDep) -> WebUser:
    token = session_token(request)
    signed = user_service.resolve_session(db_session=db_session, token=token) if token else None
    if signed is None:
        raise LoginRequired()
    principal = user_service.principal_for(signed.user)
    bind_actor(db_session, principal)  # the audit log names the user's identity key, as for an API key
    web = WebUser(user_id=signed.user.id, display_name=signed.user.display_name, role=signed.user.role,
                  csrf=signed.session.csrf_token, principal=principal)
    request.state.web_user = web
    # What an error page shows of the user, read now: a failing request rolls back, which expires the rows.
    request.state.web_user_snapshot = SimpleNamespace(
        user=SimpleNamespace(display_name=signed.user.display_name), role=web.role, csrf=web.csrf)
    return web


async def csrf_protected(request: Request, web: Annotated[WebUser, Depends(current_user)]) -> WebUser:
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and _is_form(request):
            sent = (await request.form()).get(CSRF_FIELD)
        if not isinstance(sent, str) or not hmac.compare_digest(sent, web.csrf):
            raise CsrfFailed()
    return web


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def role_user(*roles: ApiRole):
    """A dependency: the signed-in user (CSRF-checked on writes), who must have one of ``roles``."""

    def dependency(web: Annotated[WebUser, Depends(csrf_protected)]) -> WebUser:
        if web.role not in roles:
            raise Forbidden("此页面不属于您的角色 (this page is not for your role)")
        return web

    return dependency


SignedInUser = Annotated[WebUser, Depends(csrf_protected)]
SmeUser = Annotated[WebUser, Depends(role_user(ApiRole.SME))]
LeaderUser = Annotated[WebUser, Depends(role_user(ApiRole.CHAIN_LEADER))]
OperatorUser = Annotated[WebUser, Depends(role_user(ApiRole.OPERATOR))]
OrganizerUser = Annotated[WebUser, Depends(role_user(ApiRole.ORGANIZER, ApiRole.OPERATOR))]


# ── forms shown before signing in: double-submit token ───────────────────────────────────────────────────────
def anonymous_csrf(request: Request) -> str:
    """The token for a sign-in / registration form: the one in the browser's signed cookie, or a new one that
    :func:`keep_anonymous_csrf` sets."""
    raw = request.cookies.get(ANON_COOKIE)
    if raw:
        try:
            token = _serializer(request, "form").loads(raw)
            if isinstance(token, str):
                return token
        except BadSignature:
            pass
    token = secrets.token_urlsafe(32)
    request.state.new_anonymous_csrf = token
    return token


def keep_anonymous_csrf(request: Request, response: Response) -> None:
    token = getattr(request.state, "new_anonymous_csrf", None)
    if token:
        response.set_cookie(ANON_COOKIE, _serializer(request, "form").dumps(token), httponly=True, samesite="lax",
                            secure=request.app.state.settings.session_cookie_secure, path="/")


async def check_anonymous_csrf(request: Request) -> None:
    raw = request.cookies.get(ANON_COOKIE)
    sent = (await request.form()).get(CSRF_FIELD) if _is_form(request) else None
    try:
        expected = _serializer(request, "form").loads(raw) if raw else None
    except BadSignature:
        expected = None
    if not (isinstance(sent, str) and isinstance(expected, str) and hmac.compare_digest(sent, expected)):
        raise CsrfFailed()


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target after sign-in: a path on this site only (no scheme, host, ``//`` or backslash)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


def start_page(role: ApiRole) -> str:
    return {ApiRole.SME: "/sme", ApiRole.CHAIN_LEADER: "/leader", ApiRole.OPERATOR: "/operator",
            ApiRole.ORGANIZER: "/organizer"}[role]
