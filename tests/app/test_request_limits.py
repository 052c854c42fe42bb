"""Request bodies and who may send them: a body is read only for an active key and only up to its route's cap;
rate limits follow the key whatever the header's spelling, and failed authentications are limited per address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.main import create_app
from app.models import ApiKey, ApiRole
from app.models.audit import AuditEntry

MB = 1024 * 1024


class BodyMeter:
    """Wraps the application and counts the request-body bytes it reads."""

    def __init__(self, app) -> None:
        self.app = app
        self.bytes_read = 0

    async def __call__(self, scope, receive, send) -> None:
        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                self.bytes_read += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


def _client(settings, engine, session_factory, **overrides) -> tuple[TestClient, BodyMeter]:
    app = create_app(settings.model_copy(update=overrides))
    app.state.engine = engine
    app.state.session_factory = session_factory
    meter = BodyMeter(app)
    return TestClient(meter), meter


@pytest.fixture
def metered(settings, engine, session_factory) -> Iterator[tuple[TestClient, BodyMeter]]:
    client, meter = _client(settings, engine, session_factory)
    with client:
        yield client, meter


def _big_json(size: int) -> bytes:
    return b'{"query": "' + b"a" * size + b'"}'


@pytest.mark.parametrize("authorization", [None, "Bearer cm_not_a_key", "Basic abc", "Bearer "])
def test_a_30_mb_body_without_an_active_key_is_refused_unread(metered, authorization) -> None:
    client, meter = metered
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = client.post("/api/v1/search", content=_big_json(30 * MB), headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert meter.bytes_read == 0  # not a byte parsed (nor held in memory) for an unauthenticated caller


def test_an_upload_without_a_key_is_refused_before_it_is_spooled(metered) -> None:
    client, meter = metered
    response = client.post("/api/v1/imports/supply", files={"file": ("x.csv", b"a," * (5 * MB), "text/csv")})
    assert response.status_code == 401
    assert meter.bytes_read == 0


def test_an_oversized_json_body_with_a_key_answers_413(metered, operator_headers) -> None:
    client, meter = metered
    response = client.post("/api/v1/search", content=_big_json(2 * MB),
                           headers={**operator_headers, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert meter.bytes_read == 0  # the declared length was enough to refuse


def test_a_chunked_body_is_cut_off_at_the_cap(metered, operator_headers) -> None:
    client, _ = metered  # no length declared: counted as it streams

    def chunks():
        for _ in range(40):
            yield b"a" * (64 * 1024)

    response = client.post("/api/v1/search", content=chunks(),
                           headers={**operator_headers, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_uploads_have_their_own_larger_cap(settings, engine, session_factory, operator_headers) -> None:
    client, _ = _client(settings, engine, session_factory, import_max_bytes=2 * MB)
    with client:
        within = client.post("/api/v1/imports/supply?dry_run=true", headers=operator_headers,
                             files={"file": ("x.csv", "产品名称\n" + "轴承\n" * 200_000, "text/csv")})
        over = client.post("/api/v1/imports/supply", headers=operator_headers,
                           files={"file": ("x.csv", b"a" * (3 * MB), "text/csv")})
    assert within.status_code != 413  # 1.6 MB: above the JSON cap, within the upload cap
    assert over.status_code == 413
    assert over.json()["error"] == "payload_too_large"


@pytest.fixture
def limited(settings, engine, session_factory) -> Iterator[TestClient]:
    client, _ = _client(settings, engine, session_factory, rate_limit_burst=3, rate_limit_per_second=0.01,
                        auth_failure_burst=3, auth_failure_per_second=0.01)
    with client:
        yield client


def test_respelling_the_authorization_header_does_not_make_a_new_bucket(limited, make_key) -> None:
    secret = make_key(ApiRole.OPERATOR)["Authorization"].split(" ", 1)[1]
    spellings = [f"Bearer {secret}", f"bearer {secret}", f"BEARER   {secret} ", f"bearer  {secret}", f" Bearer {secret}"]
    statuses = [limited.get("/api/v1/enterprises", headers={"Authorization": s}).status_code for s in spellings]
    assert statuses[:3] == [200, 200, 200]
    assert set(statuses[3:]) == {429}


def test_failed_authentications_are_limited_per_address(limited, make_key) -> None:
    good = make_key(ApiRole.OPERATOR)
    statuses = [limited.get("/api/v1/enterprises", headers={"Authorization": f"Bearer cm_guess{n}"}).status_code
                for n in range(3)]
    assert statuses == [401, 401, 401]
    refused = limited.get("/api/v1/enterprises", headers={"Authorization": "Bearer cm_guess_again"})
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    # The address is locked out for a while, whatever key it now shows.
    assert limited.get("/api/v1/enterprises", headers=good).status_code == 429


def test_last_used_at_is_written_at_most_once_a_minute(client, make_key, db_session) -> None:
    headers = make_key(ApiRole.OPERATOR)
    key = db_session.scalars(select(ApiKey).order_by(ApiKey.id.desc())).first()
    assert key.last_used_at is None
    assert client.get("/api/v1/enterprises", headers=headers).status_code == 200
    db_session.expire_all()
    first = db_session.get(ApiKey, key.id).last_used_at
    assert first is not None
    assert client.get("/api/v1/enterprises", headers=headers).status_code == 200
    db_session.expire_all()
    assert db_session.get(ApiKey, key.id).last_used_at == first  # within the minute: no new write
    # A minute later it moves; the bookkeeping write leaves no audit row.
    db_session.get(ApiKey, key.id).last_used_at = first - timedelta(minutes=2)
    db_session.commit()
    assert client.get("/api/v1/enterprises", headers=headers).status_code == 200
    db_session.expire_all()
    assert db_session.get(ApiKey, key.id).last_used_at > first - timedelta(minutes=2)
    assert not db_session.scalars(select(AuditEntry).where(AuditEntry.table_name == "api_keys",
                                                           AuditEntry.action == "update")).all()
