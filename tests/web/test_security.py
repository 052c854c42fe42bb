"""The pages obey the API's access rules: no page or fragment without a session, no other enterprise's data
through any page, CSRF on every state-changing form, no session fixation, no open redirect, confidential demand
items never show their leader to an SME, lock-out, sign-out everywhere. TestClient, no browser."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.models import ApiRole, EnterpriseRole
from app.services.users import MAX_FAILED_LOGINS, create_user
from app.web import is_page
from app.web.security import SESSION_COOKIE

PASSWORD = "a-long-password-1"
CONFIDENTIAL_LEADER = "重庆保密链主科技有限公司"


@dataclass
class World:
    enterprises: dict[str, int]
    demand: dict[str, int]
    supply: dict[str, int]


@pytest.fixture
def world(client, db_session, make_enterprise, operator_headers) -> World:
    leader_a = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name=CONFIDENTIAL_LEADER, district="两江新区")
    leader_b = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆乙链主有限公司")
    sme_a = make_enterprise(role=EnterpriseRole.SME, name="重庆甲精密有限公司", district="两江新区")
    sme_b = make_enterprise(role=EnterpriseRole.SME, name="重庆乙精密有限公司")

    def post(path: str, body: dict) -> int:
        response = client.post(f"/api/v1{path}", json=body, headers=operator_headers)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    demand = {
        "a_secret": post("/demand-items", {"enterprise_id": leader_a.id, "category": "component", "confidential": True,
                                           "product_name": "激光雷达模组", "part_numbers": ["LD-900"]}),
        "a_public": post("/demand-items", {"enterprise_id": leader_a.id, "category": "raw_material",
                                           "product_name": "高纯石英砂"}),
        "b_open": post("/demand-items", {"enterprise_id": leader_b.id, "category": "component",
                                         "product_name": "激光雷达模组", "part_numbers": ["LD-900"]}),
    }
    supply = {
        "a": post("/supply-items", {"enterprise_id": sme_a.id, "category": "component", "product_name": "激光雷达模组",
                                    "part_numbers": ["LD-900"]}),
        "b": post("/supply-items", {"enterprise_id": sme_b.id, "category": "component", "product_name": "激光雷达模组",
                                    "part_numbers": ["LD-900"]}),
    }
    for login, role, enterprise in (("sme-a", ApiRole.SME, sme_a), ("sme-b", ApiRole.SME, sme_b),
                                    ("leader-a", ApiRole.CHAIN_LEADER, leader_a),
                                    ("leader-b", ApiRole.CHAIN_LEADER, leader_b), ("operator", ApiRole.OPERATOR, None),
                                    ("organizer", ApiRole.ORGANIZER, None)):
        create_user(db_session=db_session, login=login, password=PASSWORD, role=role,
                    enterprise_id=enterprise.id if enterprise else None)
    db_session.commit()
    return World(enterprises={"leader_a": leader_a.id, "leader_b": leader_b.id, "sme_a": sme_a.id,
                              "sme_b": sme_b.id}, demand=demand, supply=supply)


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(app, login: str, *, next_url: str = "") -> TestClient:
    browser = TestClient(app, follow_redirects=False)
    token = _form_token(browser.get("/login").text)
    response = browser.post("/login", data={"login": login, "password": PASSWORD, "csrf_token": token,
                                            "next": next_url})
    assert response.status_code == 303, response.text
    return browser


def csrf_of(browser: TestClient, path: str = "/account/keys") -> str:
    return _form_token(browser.get(path).text)


def page_routes(app, method: str) -> list[str]:
    """Every page route of the given method (read from the routers, so a new page is covered without listing it)."""
    from app.web.routes import auth, leader, operator, organizer, sme

    routes = [r for module in (auth, sme, leader, operator, organizer) for r in module.router.routes]
    found = sorted({r.path for r in routes if isinstance(r, APIRoute) and method in r.methods and r.path != "/"})
    assert all(is_page(path) for path in found), found
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


ANONYMOUS_FORMS = {"/login", "/register", "/invite/{token}"}


def test_no_page_or_fragment_answers_without_a_session(app, client, world) -> None:
    anonymous = TestClient(app, follow_redirects=False)
    gets = [p for p in page_routes(app, "GET") if p not in {"/login", "/register", "/invite/{token}"}]
    assert "/leader/demands/{item_id}/suppliers" in gets and "/sme" in gets
    for path in gets:
        response = anonymous.get(concrete(path))
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path
        fragment = anonymous.get(concrete(path), headers={"HX-Request": "true"})
        assert fragment.status_code == 401 and fragment.headers["HX-Redirect"].startswith("/login"), path
    for path in page_routes(app, "POST"):
        if path in ANONYMOUS_FORMS:
            continue
        response = anonymous.post(concrete(path), data={"csrf_token": "x"}, headers={"HX-Request": "true"})
        assert response.status_code == 401, path


ROLE_OF_PREFIX = {"/sme": "sme-a", "/leader": "leader-a", "/operator": "operator", "/organizer": "organizer",
                  "/account": "sme-a", "/logout": "sme-a"}


def test_every_state_changing_form_needs_the_csrf_token(app, client, world) -> None:
    posts = page_routes(app, "POST")
    assert len(posts) >= 15
    for path in posts:
        if path in ANONYMOUS_FORMS:
            browser = TestClient(app, follow_redirects=False)
            response = browser.post(concrete(path), data={"login": "sme-a", "password": PASSWORD})
        else:
            prefix = "/" + path.split("/")[1]
            browser = sign_in(app, ROLE_OF_PREFIX[prefix])
            response = browser.post(concrete(path), data={"csrf_token": "forged"})
            header = browser.post(concrete(path), headers={"X-CSRF-Token": "forged", "HX-Request": "true"})
            assert header.status_code == 403, path
        assert response.status_code == 403, (path, response.status_code)
        assert "CSRF" in response.text


def test_the_refused_write_changes_nothing(app, client, world, db_session) -> None:
    browser = sign_in(app, "sme-a")
    supply_id = world.supply["a"]
    browser.post(f"/sme/products/{supply_id}/retire", data={})
    token = csrf_of(browser)
    assert "停供" in browser.get("/sme/products").text  # still active: the retire button is there
    assert browser.post(f"/sme/products/{supply_id}/retire", data={"csrf_token": token}).status_code == 303
    assert "停供" not in browser.get("/sme/products").text


def test_a_user_never_sees_or_changes_another_enterprises_data(app, client, world) -> None:
    sme = sign_in(app, "sme-a")
    token = csrf_of(sme)
    other_supply = world.supply["b"]
    assert sme.get(f"/sme/products/{other_supply}/edit").status_code == 404
    assert sme.post(f"/sme/products/{other_supply}/edit",
                    data={"csrf_token": token, "category": "component", "product_name": "改名"}).status_code == 404
    assert sme.post(f"/sme/products/{other_supply}/retire", data={"csrf_token": token}).status_code == 404
    assert sme.post("/sme/interest", data={"csrf_token": token, "demand_item_id": world.demand["b_open"],
                                           "supply_item_id": other_supply}).status_code in (403, 404)
    assert "重庆乙精密有限公司" not in sme.get("/sme/products").text
    assert sme.get("/leader").status_code == 403 and sme.get("/operator").status_code == 403

    leader = sign_in(app, "leader-a")
    token = csrf_of(leader)
    other_demand = world.demand["b_open"]
    for path in (f"/leader/demands/{other_demand}", f"/leader/demands/{other_demand}/suppliers",
                 f"/leader/demands/{other_demand}/edit"):
        assert leader.get(path).status_code == 404, path
        assert leader.get(path, headers={"HX-Request": "true"}).status_code == 404, path
    assert leader.post(f"/leader/demands/{other_demand}/decisions", data={
        "csrf_token": token, "supply_item_id": world.supply["a"], "status": "shortlisted"}).status_code == 404
    assert leader.post(f"/leader/demands/{other_demand}/close", data={"csrf_token": token}).status_code == 404
    assert "激光雷达模组" in leader.get(f"/leader/demands/{world.demand['a_secret']}").text  # its own: fine
    assert leader.get("/operator/reports").status_code == 403 and leader.get("/sme").status_code == 403

    # API keys: each enterprise sees and revokes only its own.
    sme_b = sign_in(app, "sme-b")
    created = sme_b.post("/account/keys", data={"csrf_token": csrf_of(sme_b), "label": "ERP"})
    assert created.status_code == 201
    key_id = int(re.search(r'action="/account/keys/(\d+)/revoke"', created.text).group(1))
    assert f"/account/keys/{key_id}/revoke" not in sme.get("/account/keys").text
    assert sme.post(f"/account/keys/{key_id}/revoke", data={"csrf_token": csrf_of(sme)}).status_code == 404
    assert "有效" in sme_b.get("/account/keys").text


def test_a_confidential_demand_item_never_shows_its_leader_on_an_sme_page(app, client, world) -> None:
    sme = sign_in(app, "sme-a")
    page = sme.get("/sme").text
    assert "激光雷达模组" in page  # the opportunity is shown…
    assert CONFIDENTIAL_LEADER not in page  # …without its leader
    token = csrf_of(sme)
    # The page names the item by its public reference, never by its row id (which would place it among its
    # leader's public items).
    card = page[page.index("激光雷达模组"):]
    shown_id = int(re.search(r'name="demand_item_id" value="(\d+)"', card).group(1))
    assert shown_id != world.demand["a_secret"]
    assert sme.post("/sme/interest", data={"csrf_token": token, "demand_item_id": world.demand["a_secret"],
                                           "supply_item_id": world.supply["a"]}).status_code == 404
    assert sme.post("/sme/interest", data={"csrf_token": token, "demand_item_id": shown_id,
                                           "supply_item_id": world.supply["a"]}).status_code == 303
    after = sme.get("/sme").text
    assert CONFIDENTIAL_LEADER not in after
    assert "已表达合作意向" in after[after.index("激光雷达模组"):]
    leader = sign_in(app, "leader-a")  # the leader sees who is interested
    assert "重庆甲精密有限公司" in leader.get(f"/leader/demands/{world.demand['a_secret']}").text


def _issued(response) -> str:
    return re.search(rf"{SESSION_COOKIE}=([^;]+)", response.headers["set-cookie"]).group(1)


def _log_in(browser: TestClient):
    token = _form_token(browser.get("/login").text)
    return browser.post("/login", data={"login": "sme-a", "password": PASSWORD, "csrf_token": token, "next": ""})


def test_sign_in_never_keeps_a_session_the_browser_brought(app, client, world) -> None:
    first = TestClient(app, follow_redirects=False)
    old = _issued(_log_in(first))
    returning = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: old})
    assert returning.get("/sme").status_code == 200
    new = _issued(_log_in(returning))
    assert new != old
    stale = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: old})
    assert stale.get("/sme").status_code == 303  # the replaced session is over

    planted = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: "attacker-chosen"})
    assert _issued(_log_in(planted)) != "attacker-chosen"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "http:/x",
                                    "javascript:alert(1)", "\t//evil.example"])
def test_sign_in_refuses_open_redirects(app, client, world, target) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = _form_token(browser.get("/login").text)
    response = browser.post("/login", data={"login": "sme-a", "password": PASSWORD, "csrf_token": token,
                                            "next": target})
    assert response.headers["location"] == "/sme"


def test_sign_in_returns_to_the_page_asked_for(app, client, world) -> None:
    browser = TestClient(app, follow_redirects=False)
    asked = browser.get("/sme/products?q=激光")
    assert asked.status_code == 303
    next_url = asked.headers["location"].split("next=", 1)[1]
    token = _form_token(browser.get(asked.headers["location"]).text)
    response = browser.post("/login", data={"login": "sme-a", "password": PASSWORD, "csrf_token": token,
                                            "next": urllib.parse.unquote(next_url)})
    assert urllib.parse.unquote(response.headers["location"]) == "/sme/products?q=激光"


def test_repeated_failures_lock_the_account(app, client, world) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = _form_token(browser.get("/login").text)
    for _ in range(MAX_FAILED_LOGINS):
        wrong = browser.post("/login", data={"login": "sme-b", "password": "wrong-password", "csrf_token": token})
        assert wrong.status_code == 401
    right = browser.post("/login", data={"login": "sme-b", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 401 and "锁定" in right.text


def test_sign_out_everywhere_ends_every_session(app, client, world) -> None:
    phone, desk = sign_in(app, "leader-a"), sign_in(app, "leader-a")
    assert desk.get("/leader").status_code == 200
    assert phone.post("/logout/everywhere", data={"csrf_token": csrf_of(phone)}).status_code == 303
    assert desk.get("/leader").status_code == 303
    assert phone.get("/leader").status_code == 303


def test_session_cookie_is_httponly_and_samesite(app, client, world) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = _form_token(browser.get("/login").text)
    response = browser.post("/login", data={"login": "sme-a", "password": PASSWORD, "csrf_token": token})
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
