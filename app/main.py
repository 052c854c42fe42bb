"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.routes import health
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine, create_session_factory
from app.core.errors import install_error_handlers
from app.services.matching_index import MatchingIndexes

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "engine", None) is None:
            app.state.engine = create_db_engine(settings)
            app.state.session_factory = create_session_factory(app.state.engine)
            app.state.owns_engine = True
        # The matching index: from the snapshot when it fits the database, else fitted; ready before serving.
        app.state.matching = MatchingIndexes(session_factory=app.state.session_factory, settings=settings)
        await to_thread.run_sync(app.state.matching.start)
        yield
        await to_thread.run_sync(app.state.matching.close)
        if getattr(app.state, "owns_engine", False):
            app.state.engine.dispose()

    app = FastAPI(
        title="chainmatch 产业链供需对接",
        version="0.1.0",
        summary="大企业产品需求清单 × 中小企业产品供给清单：存储、导入与智能匹配",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"], allow_headers=["*"]
        )

    api = APIRouter(prefix=API_PREFIX)
    for router in _api_routers():
        api.include_router(router)
    app.include_router(health.router)
    app.include_router(api)
    return app


def _api_routers() -> list[APIRouter]:
    """Routers mounted under /api/v1, in the order they appear in /docs."""
    from app.api.routes import (
        decisions,
        demand_items,
        enterprises,
        events,
        imports,
        industry_chains,
        reports,
        suggestions,
        supply_items,
    )

    return [enterprises.router, demand_items.router, supply_items.router, suggestions.router, decisions.router,
            reports.router, events.router, imports.router, industry_chains.router]
