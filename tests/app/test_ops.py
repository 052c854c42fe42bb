"""Operations: request ids, JSON log lines carrying them, security headers (and a CSP that still lets /docs load),
CORS from settings, Prometheus metrics, readiness separate from liveness."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.core.logging import JsonFormatter, RequestIdFilter
from app.domain.identity import item_identity_key
from app.main import create_app
from app.models import ApiRole, EnterpriseRole, ItemCategory, SupplyItem
from app.services.ranking.matching_index import MatchingIndexes


def _app(settings, engine, session_factory, **overrides):
    app = create_app(settings.model_copy(update=overrides))
    app.state.engine = engine
    app.state.session_factory = session_factory
    return app


# --- request ids and logs ----------------------------------------------------------------------------------------


def test_request_id_is_generated_kept_or_replaced(client) -> None:
    generated = client.get("/health/live").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/health/live").headers["X-Request-ID"] != generated
    assert client.get("/health/live", headers={"X-Request-ID": "lb-7f3a:42"}).headers["X-Request-ID"] == "lb-7f3a:42"
    forged = client.get("/health/live", headers={"X-Request-ID": "x\" injected=1 " + "a" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_every_line_logged_while_handling_a_request_carries_its_id(client, log_lines) -> None:
    endpoint_logger = logging.getLogger("chainmatch.test_endpoint")

    def logs_inside_the_thread_pool() -> dict:  # a plain def endpoint runs in a worker thread
        endpoint_logger.info("处理中 %s", "IGBT", extra={"item": 42})
        return {"ok": True}

    client.app.add_api_route("/_test/log", logs_inside_the_thread_pool)
    response = client.get("/_test/log", headers={"X-Request-ID": "req-log-1"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]   # every line is one JSON object
    mine = [line for line in lines if line["logger"] in {"chainmatch.test_endpoint", "chainmatch.access"}]
    assert {line["request_id"] for line in mine} == {"req-log-1"}
    endpoint_line = next(line for line in mine if line["logger"] == "chainmatch.test_endpoint")
    assert endpoint_line["message"] == "处理中 IGBT" and endpoint_line["item"] == 42 and endpoint_line["level"] == "INFO"
    access = next(line for line in mine if line["logger"] == "chainmatch.access")
    assert (access["status"], access["route"], access["method"]) == (200, "/_test/log", "GET")
    assert access["duration_ms"] >= 0


def test_an_unhandled_error_answers_json_500_with_the_request_id(client, log_lines) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    client.app.add_api_route("/_test/broken", broken)
    response = client.get("/_test/broken", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error", "message": "服务内部错误 (internal error)",
                               "detail": {"request_id": "req-500"}}
    assert response.headers["X-Request-ID"] == "req-500"
    errors = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    logged = next(line for line in errors if line["level"] == "ERROR")
    assert logged["request_id"] == "req-500" and "RuntimeError: boom" in logged["exc_info"]


# --- security headers, CSP, HSTS, CORS ----------------------------------------------------------------------------


def test_security_headers_on_api_answers(client, operator_headers) -> None:
    response = client.get("/api/v1/enterprises", headers=operator_headers)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers      # plain http: no HSTS


def test_hsts_only_over_https(settings, engine, session_factory) -> None:
    app = _app(settings, engine, session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        assert client.get("/health/live").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _csp(header: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";") if d.strip())}


@pytest.mark.parametrize("path", ["/docs"])
def test_the_docs_csp_allows_exactly_what_the_page_loads(client, path) -> None:
    import base64
    import hashlib

    response = client.get(path)
    assert response.status_code == 200
    page = response.text
    csp = _csp(response.headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    for src in re.findall(r"<script[^>]*\bsrc=['\"]([^'\"]+)", page):
        assert not urlsplit(src).netloc, f"{src}: an intranet reaches no CDN"
        assert "'self'" in csp["script-src"], src
        assert client.get(src).status_code == 200, src
    for href in re.findall(r"<link[^>]*\bhref=['\"]([^'\"]+)", page):
        assert not urlsplit(href).netloc, href
        assert client.get(href).status_code == 200, href
    for inline in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]


def test_cors_follows_settings(settings, engine, session_factory) -> None:
    allowed = "https://portal.cq-industry.example"
    app = _app(settings, engine, session_factory, cors_origins=[allowed])
    with TestClient(app) as client:
        preflight = client.options("/api/v1/demand-items", headers={
            "Origin": allowed, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        assert preflight.status_code == 200
        assert preflight.headers["Access-Control-Allow-Origin"] == allowed
        assert "Access-Control-Allow-Credentials" not in preflight.headers
        simple = client.get("/health/live", headers={"Origin": allowed})
        assert "X-Request-ID" in simple.headers["Access-Control-Expose-Headers"]
        other = client.options("/api/v1/demand-items", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in other.headers
    with TestClient(_app(settings, engine, session_factory)) as client:   # default: no cross-origin calls
        assert "Access-Control-Allow-Origin" not in client.get("/health/live", headers={"Origin": allowed}).headers


# --- metrics ------------------------------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.rsplit(" ", 1)[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_template_imports_and_matching(client, db_session, make_enterprise,
                                                                     make_key, operator_headers) -> None:
    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    sme = make_enterprise(role=EnterpriseRole.SME)
    db_session.add(SupplyItem(enterprise_id=sme.id, identity_key=item_identity_key("伺服电机", ["SM-400"]),
                              category=ItemCategory.COMPONENT, product_name="伺服电机", part_numbers=["SM-400"]))
    db_session.commit()
    headers = make_key(ApiRole.CHAIN_LEADER, leader)
    item = client.post("/api/v1/demand-items", headers=headers,
                       json={"category": "component", "product_name": "伺服电机", "part_numbers": ["SM-400"]}).json()
    before = client.get("/metrics").text
    route = "/api/v1/demand-items/{item_id}"
    for _ in range(2):
        assert client.get(f"/api/v1/demand-items/{item['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/demand-items/999999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/demand-items/{item['id']}/suggestions", headers=headers).status_code == 200
    bad = client.post("/api/v1/imports/supply", headers=operator_headers,
                      files={"file": ("供给清单.csv", "企业名称,统一社会信用代码,产品名称\n某公司,123,轴承\n".encode(),
                                      "text/csv")})
    assert bad.status_code == 422
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text
    count = "chainmatch_http_request_duration_seconds_count"
    assert _sample(after, count, method="GET", route=route, status="200") - \
        _sample(before, count, method="GET", route=route, status="200") == 2
    assert _sample(after, count, method="GET", route=route, status="404") - \
        _sample(before, count, method="GET", route=route, status="404") == 1
    assert "/api/v1/demand-items/999999" not in after              # raw paths never become labels
    assert _sample(after, "chainmatch_matching_duration_seconds_count", index="supply") > \
        _sample(before, "chainmatch_matching_duration_seconds_count", index="supply")
    assert _sample(after, "chainmatch_imports_total", kind="supply", result="invalid") - \
        _sample(before, "chainmatch_imports_total", kind="supply", result="invalid") == 1
    assert _sample(after, "chainmatch_import_errors_total", kind="supply") > \
        _sample(before, "chainmatch_import_errors_total", kind="supply")
    assert _sample(after, "chainmatch_index_items", index="supply") == 1
    assert _sample(after, "chainmatch_index_ready", index="demand") == 1
    assert _sample(after, "chainmatch_index_age_seconds", index="supply") >= 0


# --- readiness and liveness ---------------------------------------------------------------------------------------


def test_readiness_fails_until_the_index_is_loaded_and_liveness_does_not(client, settings) -> None:
    app = client.app
    loaded = app.state.matching
    app.state.matching = MatchingIndexes(session_factory=app.state.session_factory, settings=settings)
    try:
        response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["checks"]["matching_index"].startswith("loading")
        assert client.get("/health/live").status_code == 200
        app.state.matching.wait_for_rebuild(timeout=60)          # readiness started the build itself
        ready = client.get("/health")
        assert ready.status_code == 200 and ready.json()["checks"]["matching_index"] == "ok"
    finally:
        app.state.matching = loaded


def test_the_docs_offer_an_authorize_button_for_api_keys(client) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["apiKey"]["description"]}
    assert schema["paths"]["/api/v1/enterprises"]["get"]["security"] == [{"apiKey": []}]
    assert "security" not in schema["paths"]["/health"]["get"]
    assert not any(path.startswith(("/sme", "/leader", "/login")) for path in schema["paths"])  # pages are not API
