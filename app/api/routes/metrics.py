"""/metrics — Prometheus exposition text (request latency by route, imports, matching, the live index)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.core import metrics

router = APIRouter(tags=["health"])


@router.get(
    "/metrics", summary="Prometheus 指标 (metrics)", response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                     "description": "Prometheus text format 0.0.4"}},
)
def prometheus_metrics(request: Request) -> Response:
    """Request latency histograms by route template and status, import rows and errors, matching latency, and
    this worker's index size, version and age. Holds no tenant data; expose it to the monitoring network only."""
    body = metrics.render(getattr(request.app.state, "matching", None))
    return Response(content=body, media_type=metrics.CONTENT_TYPE)
