"""The FastAPI application factory."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.api.routes import health, metrics
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine, create_session_factory
from app.core.errors import install_error_handlers
from app.core.logging import configure_logging
from app.core.middleware import REQUEST_ID_HEADER, ServiceMiddleware
from app.core.openapi import install_error_docs
from app.services.ranking.matching_index import MatchingIndexes, release_long_lived_objects, settle_long_lived_objects
from app.web import install_web

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(json_lines=settings.log_json, level=settings.log_level)
        if getattr(app.state, "engine", None) is None:
            app.state.engine = create_db_engine(settings)
            app.state.session_factory = create_session_factory(app.state.engine)
            app.state.owns_engine = True
        # The matching index: from the snapshot when it fits the database, else fitted; ready before serving.
        app.state.matching = MatchingIndexes(session_factory=app.state.session_factory, settings=settings)
        await to_thread.run_sync(app.state.matching.start)
        # Whatever is alive now lives as long as the process: at the demo's size too, a full collection walking
        # it (~230k objects: the engines, SQLAlchemy's and Jinja's) took 90–140 ms of some request's time.
        settle_long_lived_objects()
        yield
        await to_thread.run_sync(app.state.matching.close)
        release_long_lived_objects()
        if getattr(app.state, "owns_engine", False):
            app.state.engine.dispose()

    app = FastAPI(
        title="chainmatch 产业链供需对接",
        version="0.1.0",
        summary="大企业产品需求清单 × 中小企业产品供给清单：存储、导入与智能匹配",
        lifespan=lifespan,
        docs_url=None,  # served below from local assets
        redoc_url=None,  # ReDoc needs a CDN; Swagger UI at /docs covers the same document
    )
    app.state.settings = settings
    # Signs the web pages' session cookies; a random one per process unless configured (see Settings).
    app.state.session_secret = settings.session_secret or secrets.token_urlsafe(32)
    install_error_handlers(app)
    if settings.cors_origins:
        # Keys travel in the Authorization header, never in cookies: no credentials mode.
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Retry-After", "Content-Disposition", "X-Import-Error-Count"],
            max_age=settings.cors_max_age,
        )
    # Added last, so outermost: every answer — a CORS preflight, a 429, a 500 — carries the request id and headers.
    docs_paths = frozenset({DOCS_URL, app.swagger_ui_oauth2_redirect_url or ""} - {""})
    app.add_middleware(ServiceMiddleware, settings=settings, docs_paths=docs_paths,
                       static_paths=frozenset(p for p in (app.openapi_url,) if p), key_check=_key_is_active,
                       upload_prefix=f"{API_PREFIX}/imports/")

    api = APIRouter(prefix=API_PREFIX)
    for router in _api_routers():
        api.include_router(router)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(api)
    _install_docs(app)
    install_web(app)
    install_error_docs(app)
    return app


async def _key_is_active(scope, authorization: str) -> bool:
    """The middleware's check of a key before it lets a request body be read (see ServiceMiddleware)."""
    from app.core.db import read_only
    from app.services.auth import is_active_key

    session_factory = scope["app"].state.session_factory

    def check() -> bool:
        # A read: on SQLite it must not queue for the write lock behind a long import.
        with read_only(session_factory()) as db_session:
            return is_active_key(db_session=db_session, authorization=authorization)

    return await to_thread.run_sync(check)


DOCS_URL = "/docs"


def _swagger_ui(request: Request) -> HTMLResponse:
    # A module-level endpoint reading its app from the request: FastAPI caches each endpoint's dependency model
    # for the life of the process, so a closure over ``app`` would keep every app built (tests build hundreds,
    # each with its matching index) alive.
    app = request.app
    return get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} · 接口文档",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        swagger_ui_parameters={"persistAuthorization": False},
    )


def _install_docs(app: FastAPI) -> None:
    """Swagger UI from the vendored swagger-ui-dist (no CDN), with the Authorize button for API keys."""
    app.add_api_route(DOCS_URL, _swagger_ui, methods=["GET"], include_in_schema=False)


def _api_routers() -> list[APIRouter]:
    """Routers mounted under /api/v1, in the order they appear in /docs."""
    from app.api.routes import (
        audit,
        decisions,
        demand_items,
        enterprises,
        events,
        imports,
        industry_chains,
        notifications,
        reports,
        substitution,
        suggestions,
        supply_items,
    )

    # substitution before imports: its uploads live under /imports/substitution/…
    return [enterprises.router, demand_items.router, supply_items.router, suggestions.router, decisions.router,
            reports.router, substitution.router, events.router, imports.router, industry_chains.router,
            notifications.router,
            audit.router]
