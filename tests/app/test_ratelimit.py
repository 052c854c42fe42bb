"""Rate limits per API key: a token bucket in each worker, configurable; 429 with Retry-After and the project's
error body; probes never limited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.ratelimit import TokenBuckets
from app.main import create_app
from app.models import ApiRole


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate=2.0, burst=3, clock=clock)
    assert [buckets.acquire("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.acquire("k") == pytest.approx(0.5)   # one token comes back in 1/rate seconds
    clock.now += 0.25
    assert buckets.acquire("k") == pytest.approx(0.25)
    clock.now += 0.25
    assert buckets.acquire("k") == 0.0
    clock.now += 60
    assert [buckets.acquire("k") for _ in range(4)][:3] == [0.0, 0.0, 0.0]  # refilled to the burst, not beyond


def test_buckets_are_per_client_and_bounded() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate=1.0, burst=1, max_clients=100, clock=clock)
    assert buckets.acquire("a") == 0.0
    assert buckets.acquire("a") > 0
    assert buckets.acquire("b") == 0.0          # another key has its own bucket
    for n in range(500):
        buckets.acquire(f"made-up-{n}")
    assert len(buckets) == 100                  # a flood of keys cannot grow memory


@pytest.fixture
def limited_client(settings, engine, session_factory) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"rate_limit_per_second": 0.5, "rate_limit_burst": 3}))
    app.state.engine = engine
    app.state.session_factory = session_factory
    with TestClient(app) as client:
        yield client


def test_a_key_over_its_limit_gets_429_with_retry_after(limited_client, make_key) -> None:
    key, other_key = make_key(ApiRole.OPERATOR), make_key(ApiRole.OPERATOR)
    statuses = [limited_client.get("/api/v1/enterprises", headers=key).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = limited_client.get("/api/v1/enterprises", headers=key)
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after in (1, 2)          # a token comes back every 2 s, minus the time the 3 requests took
    body = refused.json()
    assert body["error"] == "rate_limited" and body["detail"] == {"retry_after": retry_after}
    assert "请求过于频繁" in body["message"]
    assert refused.headers["X-Request-ID"] and refused.headers["X-Content-Type-Options"] == "nosniff"
    # another key is not held back by the first one's traffic
    assert limited_client.get("/api/v1/enterprises", headers=other_key).status_code == 200


def test_health_and_metrics_are_never_limited(limited_client) -> None:
    for _ in range(10):
        assert limited_client.get("/health/live").status_code == 200
        assert limited_client.get("/metrics").status_code == 200


def test_requests_without_a_key_are_limited_by_address(limited_client) -> None:
    statuses = [limited_client.get("/api/v1/enterprises").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_limits_can_be_switched_off(settings, engine, session_factory, make_key) -> None:
    app = create_app(settings.model_copy(update={"rate_limit_enabled": False, "rate_limit_burst": 1}))
    app.state.engine = engine
    app.state.session_factory = session_factory
    key = make_key(ApiRole.OPERATOR)
    with TestClient(app) as client:
        assert {client.get("/api/v1/industry-chains", headers=key).status_code for _ in range(5)} == {200}
