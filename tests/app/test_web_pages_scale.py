"""The pages' work does not grow with the data behind them: the number of SQL statements a page issues is the same
with a few items and with many more (no query per row), and the organizer's item search — which looks among the
matching index's candidates instead of reading every row — still finds what a person types: a product name, a
part number, the owner's name, never an item outside the organizer's chains.

Speed itself is measured by ``bench/pages_bench.py`` (wall and CPU time per page at the demo's size and at 100k
supply items), not here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from app.core.config import Settings
from app.models import ApiKey
from app.services import users as user_service
from tests.app.tenant_world import EDRIVE, WorldApp, open_world, rolled_back

PASSWORD = "pages-scale-42"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGINS = {"operator": ("op@test.cn", None), "organizer": ("org1@test.cn", None), "sme": ("sme-a@test.cn", "sme_a"),
          "chain_leader": ("leader-a@test.cn", "leader_a")}


@pytest.fixture(scope="module")
def world_app(engine: Engine, settings: Settings) -> Iterator[WorldApp]:
    with open_world(engine, settings) as env:
        with env.session_factory() as db_session:
            for role_key, (login, enterprise) in LOGINS.items():
                key = db_session.get(ApiKey, env.world.key_ids[role_key])
                user = user_service.create_user(db_session=db_session, login=login, password=PASSWORD, role=key.role,
                                                enterprise_id=env.world.enterprises[enterprise] if enterprise else None)
                user.identity_key_id = key.id  # the world's key owns its events: the user acts through it
                db_session.flush()
            db_session.commit()
        yield env


@pytest.fixture
def env(world_app: WorldApp) -> Iterator[WorldApp]:
    with rolled_back(world_app):
        # The index is refitted from the world as it is: a rolled-back version number can be reached again by the
        # next test's writes (on PostgreSQL with other row ids), and the engine would take them as already applied.
        world_app.client.app.state.matching.rebuild()
        yield world_app


def _signed_in(env: WorldApp, role_key: str) -> TestClient:
    client = TestClient(env.client.app, raise_server_exceptions=False, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text).group(1)
    response = client.post("/login", data={"login": LOGINS[role_key][0], "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.text
    return client


def _add_items(env: WorldApp, count: int, start: int = 0) -> None:
    """``count`` more products for each SME and ``count // 4`` more key items for leader A, in the event's chain:
    bearings and reducers, so that searches for 轴承 have many rows to choose from."""
    post = env.client.post
    for n in range(start, start + count):
        for owner, key in (("sme_a", "sme"), ("sme_b", "sme_b")):
            response = post("/api/v1/supply-items", headers=env.world.keys[key], json={
                "enterprise_id": env.world.enterprises[owner], "category": "component",
                "product_name": f"深沟球轴承 62{n:02d}" if n % 2 else f"行星减速机 PL{n:03d}",
                "description": "P5级 汽车电驱用", "part_numbers": [f"62{n:02d}-{owner}"], "chain": EDRIVE})
            assert response.status_code == 201, response.text
    for n in range(start, start + count // 4):
        response = post("/api/v1/demand-items", headers=env.world.keys["chain_leader"], json={
            "enterprise_id": env.world.enterprises["leader_a"], "category": "component",
            "product_name": f"深沟球轴承 63{n:02d}", "part_numbers": [f"63{n:02d}"], "annual_quantity": "5万件",
            "chain": EDRIVE})
        assert response.status_code == 201, response.text


def _statements(env: WorldApp, client: TestClient, path: str) -> int:
    """How many SQL statements answering ``path`` issued (after one request that warmed the caches)."""
    assert client.get(path).status_code == 200, path
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(env.connection, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(env.connection, "before_cursor_execute", count)
    assert response.status_code == 200, (path, response.text[:500])
    return len(seen)


def _pages(env: WorldApp) -> dict[str, list[str]]:
    e, demand = env.world.events["org1"], env.world.demand["a_public"]
    return {
        "sme": ["/sme", "/sme/products", "/sme/products?q=轴承"],
        "chain_leader": ["/leader", f"/leader/demands/{demand}", "/leader/search?q=深沟球轴承"],
        "operator": ["/operator/reports", "/operator/users", "/operator/audit"],
        "organizer": [f"/organizer/events/{e}", f"/organizer/events/{e}/invite?q=轴承&kind=supply",
                      f"/organizer/events/{e}/invite?q=轴承&kind=demand", f"/organizer/events/{e}/shortlists",
                      f"/organizer/events/{e}/schedule"],
    }


def test_no_page_issues_more_statements_when_there_are_more_items(env: WorldApp) -> None:
    clients = {role: _signed_in(env, role) for role in LOGINS}
    pages = _pages(env)
    _add_items(env, 4)  # every search finds something: the comparison is between a few rows and many
    before = {(role, path): _statements(env, clients[role], path) for role, paths in pages.items() for path in paths}
    _add_items(env, 28, start=4)
    after = {(role, path): _statements(env, clients[role], path) for role, paths in pages.items() for path in paths}
    assert after == before


def test_the_organizers_item_search_finds_names_part_numbers_and_owners_among_many_items(env: WorldApp) -> None:
    _add_items(env, 40)
    organizer = _signed_in(env, "organizer")
    invite = f"/organizer/events/{env.world.events['org1']}/invite"

    def found(q: str, kind: str) -> str:
        response = organizer.get(invite, params={"q": q, "kind": kind}, headers={"HX-Request": "true"})
        assert response.status_code == 200, response.text
        return response.text

    bearings = found("轴承", "supply")
    rows = re.findall(r"深沟球轴承 62\d\d", bearings)
    assert len(rows) >= 20 and "行星减速机" not in bearings  # many of the 40 bearings, nothing without the word
    assert "6231-sme_b" in found("6231-sme_b", "supply")  # a part number, folded like the stored one
    assert "IGBT功率模块" in found("ＩＧＢＴ", "supply")  # full-width as people type it on a phone
    by_owner = found("权限测试sme_b", "supply")  # the owner's name: the index knows products, not owners
    assert "伺服电机" in by_owner and "重庆权限测试sme_b有限公司" in by_owner
    # outside the organizer's chains (the harness has none), and a paused product: not found whatever the text
    assert "高压线束" not in found("高压线束", "supply")
    assert "精密轴承" not in found("精密轴承", "supply")
    # leader A's confidential key item is found without its leader
    servo = found("伺服电机", "demand")
    assert "伺服电机" in servo and "重庆权限测试leader_a有限公司" not in servo
