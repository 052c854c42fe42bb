"""Jinja2 environment of the pages and the few helpers templates share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.responses import HTMLResponse

from app.core.errors import ChainmatchError
from app.web.security import anonymous_csrf, keep_anonymous_csrf

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True

# Pages load only their own static files; no inline script or style (bars and charts are SVG attributes).
WEB_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def quantity(value: float | None) -> str:
    """A quantity as people write it: 5亿, 69000, 1.2万 — never 5e+08."""
    if value is None:
        return ""
    for size, unit in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:.4g}{unit}"
    return f"{value:.6g}"


templates.env.filters["quantity"] = quantity


def render(request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200,
           anonymous_form: bool = False) -> HTMLResponse:
    context = dict(context or {})
    web = getattr(request.state, "web_user", None)
    context.setdefault("web", web)
    context.setdefault("csrf", web.csrf if web is not None else (anonymous_csrf(request) if anonymous_form else ""))
    context.setdefault("is_fragment", request.headers.get("HX-Request") == "true"
                       and request.headers.get("HX-Boosted") != "true")
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Content-Security-Policy"] = WEB_CSP
    response.headers["Cache-Control"] = "no-store"
    if anonymous_form:
        keep_anonymous_csrf(request, response)
    return response


def form_errors(exc: Exception) -> dict[str, str]:
    """Field → reason, from a pydantic ``ValidationError`` or a service's 422 / 409 detail."""
    if isinstance(exc, ValidationError):
        out: dict[str, str] = {}
        for err in exc.errors():
            name = ".".join(str(p) for p in err.get("loc", ())) or "_form"
            out.setdefault(name.split(".")[0], str(err.get("msg", "无效")).removeprefix("Value error, "))
        return out
    if isinstance(exc, ChainmatchError):
        detail = exc.detail if isinstance(exc.detail, list) else []
        out = {str(d.get("field", "_form")): str(d.get("reason", "")) for d in detail if isinstance(d, dict)}
        return out or {"_form": exc.message}
    return {"_form": str(exc)}
