"""Notices written by the changes that cause them, in the multi-tenant world of ``tenant_world``: leader A shortlisted
SME A's IGBT module and leader B rejected SME B's harness (with a reason); organizer 1 invited leader A and both
SMEs, who accepted, and solved the meeting schedule. Each enterprise hears of what concerns it, as it may read it."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from app.core.config import Settings
from app.services.imports.columns import SUPPLY_COLUMNS
from tests.app.tenant_world import WorldApp, open_world, rolled_back


@pytest.fixture(scope="module")
def world_app(engine: Engine, settings: Settings) -> Iterator[WorldApp]:
    with open_world(engine, settings) as env:
        yield env


@pytest.fixture
def env(world_app: WorldApp) -> Iterator[WorldApp]:
    with rolled_back(world_app):
        yield world_app


def _inbox(env: WorldApp, role: str) -> list[dict]:
    response = env.client.get("/api/v1/notifications", headers=env.world.keys[role], params={"limit": 100})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_an_sme_hears_it_was_shortlisted_and_not_who_else_or_why(env: WorldApp) -> None:
    sme_a = [n for n in _inbox(env, "sme") if n["kind"] == "decision"]
    assert len(sme_a) == 1
    assert sme_a[0]["data"]["status"] == "shortlisted" and "入围" in sme_a[0]["title"]
    assert sme_a[0]["data"]["supply_item_id"] == env.world.supply["a_active"]
    # a rejection is not pushed, and its reason never reaches the SME
    sme_b = _inbox(env, "sme_b")
    assert [n for n in sme_b if n["kind"] == "decision"] == []
    assert all("价格偏高" not in str(n) for n in sme_b)
    # nothing of one SME's decision reaches the other
    assert all(str(env.world.supply["a_active"]) != str(n["data"].get("supply_item_id")) for n in sme_b)


def test_invited_enterprises_hear_of_the_invitation_and_their_own_agenda(env: WorldApp) -> None:
    for role in ("chain_leader", "sme", "sme_b"):
        titles = [n["title"] for n in _inbox(env, role) if n["kind"] == "event"]
        assert "对接活动邀请：渝链同行 权限专场" in titles, (role, titles)
    schedule = env.client.get(f"/api/v1/events/{env.world.events['org1']}/schedule",
                              headers=env.world.keys["organizer"]).json()
    per_enterprise: dict[int, int] = {}
    for meeting in schedule["meetings"]:
        for side in ("leader_id", "sme_id"):
            per_enterprise[meeting[side]] = per_enterprise.get(meeting[side], 0) + 1
    assert per_enterprise, "the world's schedule has meetings"
    for role, name in (("chain_leader", "leader_a"), ("sme", "sme_a"), ("sme_b", "sme_b")):
        agenda = [n for n in _inbox(env, role) if n["title"].startswith("洽谈日程已排定")]
        count = per_enterprise.get(env.world.enterprises[name], 0)
        assert [n["data"]["meetings"] for n in agenda] == ([count] if count else []), role
    # leader B was registered for organizer 2's event by an operator, not invited: no invitation to answer
    assert [n for n in _inbox(env, "chain_leader_b") if n["kind"] == "event"] == []
    assert _inbox(env, "organizer") == []


def _sheet(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in SUPPLY_COLUMNS])
    for values in rows:
        sheet.append([values.get(c.key) for c in SUPPLY_COLUMNS])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_import_finished_or_failed_is_told_to_the_enterprise(env: WorldApp) -> None:
    enterprise = env.client.get(f"/api/v1/enterprises/{env.world.enterprises['sme_a']}",
                                headers=env.world.keys["sme"]).json()
    good = _sheet([{"enterprise_name": enterprise["name"], "credit_code": enterprise["credit_code"],
                    "category": "关键零部件", "product_name": "精密齿轮", "capacity": "10万件/年"}])
    response = env.client.post("/api/v1/imports/supply", headers=env.world.keys["sme"],
                               files={"file": ("供给清单.xlsx", good)})
    assert response.status_code == 200, response.text
    done = [n for n in _inbox(env, "sme") if n["kind"] == "import"]
    assert [n["title"] for n in done] == ["中小企业产品供给清单导入完成「供给清单.xlsx」"]
    assert "新增 1 条" in done[0]["body"]

    bad = _sheet([{"enterprise_name": enterprise["name"], "credit_code": enterprise["credit_code"],
                   "category": "不存在的类别", "product_name": "精密齿轮"}])
    response = env.client.post("/api/v1/imports/supply", headers=env.world.keys["sme"],
                               files={"file": ("错误清单.xlsx", bad)})
    assert response.status_code == 422
    failed = [n for n in _inbox(env, "sme") if n["kind"] == "import" and "失败" in n["title"]]
    assert [n["title"] for n in failed] == ["中小企业产品供给清单导入失败「错误清单.xlsx」"]
    assert [n for n in _inbox(env, "sme_b") if n["kind"] == "import"] == []
    # the refused file wrote nothing else: SME A's items are those it had plus the one good import
    items = env.client.get("/api/v1/supply-items", headers=env.world.keys["sme"]).json()["items"]
    assert sorted(i["product_name"] for i in items) == ["IGBT功率模块", "精密轴承", "精密齿轮"]
