"""Server-rendered pages (Jinja2 + HTMX, Pico CSS) for SMEs, chain leaders, organizers and operators.

Routes per role live in ``app.web.routes``; each calls the services with the signed-in user's
:class:`~app.services.auth.Principal`, so the pages obey exactly the API's access rules.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import RedirectResponse, Response

from app.core.errors import ChainmatchError

STATIC_DIR = Path(__file__).parent / "static"
WEB_PREFIXES = ("/login", "/logout", "/register", "/invite", "/account", "/sme", "/leader", "/operator",
                "/organizer")


def is_page(path: str) -> bool:
    return path == "/" or any(path == p or path.startswith(p + "/") for p in WEB_PREFIXES)


def install_web(app: FastAPI) -> None:
    from app.web.routes import auth, events, leader, notifications, operator, organizer, sme

    # Static files are compressed (Pico and htmx shrink to a fifth); pages are not, so a CSRF token in a page never
    # shares a compressed stream with reflected input (BREACH).
    app.mount("/static", GZipMiddleware(StaticFiles(directory=STATIC_DIR), minimum_size=1024), name="static")
    for module in (auth, sme, leader, operator, organizer, events, notifications):
        app.include_router(module.router)
    api_handler = app.exception_handlers[ChainmatchError]

    async def handle(request: Request, exc: ChainmatchError) -> Response:
        if not is_page(request.url.path):
            return await api_handler(request, exc)
        return _page_error(request, exc)

    app.add_exception_handler(ChainmatchError, handle)


def _page_error(request: Request, exc: ChainmatchError) -> Response:
    from app.web.security import LoginRequired
    from app.web.templating import render

    htmx = request.headers.get("HX-Request") == "true"
    if isinstance(exc, LoginRequired):
        target = "/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if htmx:  # a fragment never answers without a session; HTMX follows HX-Redirect to the sign-in page
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    # the rolled-back request's rows are expired: the page shows the user as read when it signed in
    request.state.web_user = getattr(request.state, "web_user_snapshot", None)
    return render(request, "error.html", {"error": exc}, status_code=exc.status_code)
