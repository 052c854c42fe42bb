"""Identical requests at the same moment on PostgreSQL: one wins, the others answer 409 ``conflict`` (or the
idempotent 200 of a repeated decision) — never a 500 from the unique constraint that caught the race.

Real threads against a served application on a database of its own (committed rows cannot be rolled back per
test). Skipped on SQLite, where writers are serialised by the database lock and the race cannot happen.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.config import Settings
from app.main import create_app
from app.models import ApiRole, Enterprise, EnterpriseRole
from app.schemas.validators import make_credit_code
from app.services.auth import create_api_key

THREADS = 12


@pytest.fixture(scope="module")
def served(settings: Settings) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    if settings.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite serialises writers, so identical requests cannot race")
    url = make_url(settings.database_url)
    name = f"{url.database}_concurrency"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    own_url = url.set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(own_url)
    app = create_app(Settings(DATABASE_URL=own_url, rate_limit_enabled=False, log_json=False))
    with TestClient(app) as client:
        with Session(app.state.engine) as db_session:
            leader = Enterprise(name="重庆并发链主有限公司", credit_code=make_credit_code("91500000CC1"),
                                role=EnterpriseRole.CHAIN_LEADER)
            sme = Enterprise(name="重庆并发配套有限公司", credit_code=make_credit_code("91500000CC2"),
                             role=EnterpriseRole.SME)
            db_session.add_all([leader, sme])
            db_session.flush()
            keys = {}
            for label, role, enterprise in (("leader", ApiRole.CHAIN_LEADER, leader), ("sme", ApiRole.SME, sme),
                                            ("operator", ApiRole.OPERATOR, None)):
                _, secret = create_api_key(db_session=db_session, role=role,
                                           enterprise_id=enterprise.id if enterprise else None)
                keys[label] = {"Authorization": f"Bearer {secret}"}
            db_session.commit()
        yield client, keys
    app.state.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _at_once(send) -> Counter[int]:
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        status = send().status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def test_identical_item_posts_at_once_answer_one_201_and_409s(served) -> None:
    client, keys = served
    body = {"category": "component", "product_name": "并发测试轴承 6205",
            "part_numbers": ["6205-2RS"]}
    statuses = _at_once(lambda: client.post("/api/v1/demand-items", json=body, headers=keys["leader"]))
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[201] == 1, statuses
    listed = client.get("/api/v1/demand-items", params={"q": "并发测试轴承"}, headers=keys["leader"]).json()
    assert listed["total"] == 1

    supply = {"category": "component", "product_name": "深沟球轴承 6205-2RS"}
    statuses = _at_once(lambda: client.post("/api/v1/supply-items", json=supply, headers=keys["sme"]))
    assert set(statuses) <= {201, 409} and statuses[201] == 1, statuses


def test_identical_decisions_at_once_never_answer_500(served) -> None:
    client, keys = served
    demand = client.post("/api/v1/demand-items", headers=keys["leader"], json={
        "item_code": "CC-2", "category": "component", "product_name": "并发决定 IGBT模块"}).json()
    supply = client.post("/api/v1/supply-items", headers=keys["sme"], json={
        "item_code": "CC-S2", "category": "component", "product_name": "IGBT模块"}).json()
    decision = {"supply_item_id": supply["id"], "status": "shortlisted", "reason": "并发"}
    statuses = _at_once(lambda: client.post(f"/api/v1/demand-items/{demand['id']}/decisions", json=decision,
                                            headers=keys["leader"]))
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[200] >= 1
    current = client.get(f"/api/v1/demand-items/{demand['id']}/decisions", headers=keys["leader"]).json()
    assert [(d["supply_item_id"], d["status"]) for d in current] == [(supply["id"], "shortlisted")]


@pytest.mark.parametrize("kind", ["demand-items", "supply-items", "enterprises"])
def test_patches_with_the_same_if_match_at_once_let_exactly_one_win(served, kind) -> None:
    """Every writer read the same ETag; without a row lock between the check and the write several pass the check
    and the last one silently overwrites the others — the lost update If-Match exists to prevent."""
    client, keys = served
    operator = keys["operator"]
    if kind == "enterprises":
        url = f"/api/v1/enterprises/{client.get('/api/v1/enterprises', headers=operator).json()['items'][0]['id']}"
        field = "district"
    else:
        side = "leader" if kind == "demand-items" else "sme"
        created = client.post(f"/api/v1/{kind}", headers=keys[side], json={
            "category": "component", "product_name": f"并发改名 {kind}"})
        assert created.status_code == 201, created.text
        url, field = f"/api/v1/{kind}/{created.json()['id']}", "product_name"
    tag = client.get(url, headers=operator).headers["ETag"]
    counter = iter(range(THREADS))
    lock = threading.Lock()

    def patch():
        with lock:
            value = f"写入{next(counter)}"
        return client.patch(url, headers={**operator, "If-Match": tag}, json={field: value})

    statuses = _at_once(patch)
    assert statuses == Counter({200: 1, 412: THREADS - 1}), statuses
