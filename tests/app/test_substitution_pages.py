"""国产替代 on the web pages: the operator's progress page shows the report's figures and answers no other role; an
SME's own brands entered on its profile page decide whether its products are domestic in suggestions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.models import ApiRole, EnterpriseRole, UserStatus
from app.services import users as user_service
from tests.app.test_suggestions_support import World

PASSWORD = "substitution-pages-42"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def _signed_in(app, db_session, role: ApiRole, enterprise_id: int | None) -> tuple[TestClient, str]:
    login = f"{role.value}-{enterprise_id}@subst.cn"
    user = user_service.create_user(db_session=db_session, login=login, password=PASSWORD, role=role,
                                    enterprise_id=enterprise_id)
    user.status = UserStatus.ACTIVE
    db_session.commit()
    browser = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    page = browser.get("/login")
    response = browser.post("/login", data={"login": login, "password": PASSWORD,
                                            "csrf_token": CSRF_INPUT.search(page.text).group(1)})
    assert response.status_code == 303, response.text
    landing = browser.get(response.headers["location"], follow_redirects=True)
    return browser, CSRF_INPUT.search(landing.text).group(1)


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key, product_name="IGBT模块 英飞凌 FF450R12ME4 或同等")


def test_the_operator_page_shows_the_report_and_no_other_role_reaches_it(app, client, world, db_session):
    operator, _ = _signed_in(app, db_session, ApiRole.OPERATOR, None)
    page = operator.get("/operator/substitution")
    assert page.status_code == 200
    report = client.get("/api/v1/reports/substitution", headers=world.operator).json()
    total = report["totals"]
    assert total["foreign_reference_items"] == 1  # the world's demand names 英飞凌
    row = re.search(r"<caption>合计.*?<tr><th scope=\"row\">合计</th><td>(\d+)</td><td>(\d+)</td>", page.text, re.S)
    assert row and (int(row.group(1)), int(row.group(2))) == (total["foreign_reference_items"],
                                                              total["with_domestic_candidate"])
    bad = operator.get("/operator/substitution", params={"period": "2026-13"})
    assert bad.status_code == 200 and 'role="alert"' in bad.text
    for role, enterprise in ((ApiRole.SME, world.make_enterprise(role=EnterpriseRole.SME)),
                             (ApiRole.CHAIN_LEADER, world.leader)):
        browser, _ = _signed_in(app, db_session, role, enterprise.id)
        answer = browser.get("/operator/substitution")
        assert answer.status_code in (403, 404) and "国产替代进展" not in answer.text


def test_own_brands_from_the_profile_page_decide_whether_products_are_domestic(app, world, db_session):
    supply_id = world.supplier(product_name="IGBT模块", description="1200V 450A 半桥", part_numbers=["KR450"])
    sme_id = world.client.get(f"/api/v1/supply-items/{supply_id}", headers=world.operator).json()["enterprise_id"]

    def domestic() -> bool:
        ranked = world.suggestions(min_score=-100)
        return next(s for s in ranked if s["supply_item"]["id"] == supply_id)["domestic_supplier"]

    assert domestic()
    browser, csrf = _signed_in(app, db_session, ApiRole.SME, sme_id)
    form = browser.get("/sme/profile")
    assert 'name="brands"' in form.text
    saved = browser.post("/sme/profile", data={"csrf_token": csrf, "name": "测试企业有限公司", "brands": "英飞凌、Infineon"})
    assert saved.status_code == 303, saved.text
    enterprise = world.client.get(f"/api/v1/enterprises/{sme_id}", headers=world.operator).json()
    assert enterprise["brands"] == ["英飞凌", "Infineon"]
    assert not domestic()  # its own brand is a foreign one: a distributor's line
    browser.post("/sme/profile", data={"csrf_token": csrf, "name": "测试企业有限公司", "brands": "斯达半导"})
    assert domestic()


def test_the_leader_page_tags_equivalents_filters_domestic_and_confirms_an_equivalence(app, world, db_session):
    distributor = world.supplier(product_name="英飞凌 IGBT模块 代理", description="原装进口 1200V 450A",
                                 part_numbers=["FF450R12ME4"])
    compatible = world.supplier(product_name="IGBT模块", description="斯达半导 1200V 450A 半桥",
                                part_numbers=["GD450HFY120C2S"])
    plain = world.supplier(product_name="IGBT模块 定制款", description="国产 车规级", part_numbers=[])
    browser, csrf = _signed_in(app, db_session, ApiRole.CHAIN_LEADER, world.leader.id)
    page = browser.get(f"/leader/demands/{world.demand_id}")
    assert page.status_code == 200

    def article(html: str, supply_id: int) -> str:
        found = re.search(rf'<article id="supplier-{supply_id}".*?</article>', html, re.S)
        return found.group(0) if found else ""

    assert "国产替代</span>" in article(page.text, compatible)
    assert "国产替代</span>" not in article(page.text, distributor)
    assert "确认同等替代" not in article(page.text, distributor)  # a foreign brand's line is no equivalent to confirm
    domestic = browser.get(f"/leader/demands/{world.demand_id}/suppliers", params={"domestic": "1"})
    assert article(domestic.text, compatible) and not article(domestic.text, distributor)
    assert "国产替代</span>" not in article(page.text, plain)  # nothing ties it to the reference yet
    confirmed = browser.post(f"/leader/demands/{world.demand_id}/decisions",
                             data={"csrf_token": csrf, "supply_item_id": plain, "status": "intent", "equivalent": "1"})
    assert confirmed.status_code == 303
    rows = world.client.get("/api/v1/cross-references", headers=world.leader_key,
                            params={"reference": "FF450R12ME4"}).json()["items"]
    assert [(r["supply_item_id"], r["source"]) for r in rows] == [(plain, "decision")]
    after = browser.get(f"/leader/demands/{world.demand_id}")
    assert "国产替代</span>" in article(after.text, plain)
