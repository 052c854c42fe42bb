"""Enterprises through the API: round trip, validation naming the field, filters, sorting, pagination,
and the import's upsert by credit code."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import ApiRole, Enterprise, EnterpriseRole, QualificationKind
from app.schemas.enterprises import EnterpriseCreate
from app.schemas.validators import make_credit_code
from app.services.enterprises import upsert_enterprise
from app.services.items.lookups import Lookups

URL = "/api/v1/enterprises"


def _payload(**overrides) -> dict:
    body = {
        "name": "重庆渝芯功率半导体有限公司",
        "credit_code": make_credit_code("91500000MA5U"),
        "role": "sme",
        "size_class": "小型",
        "province": "重庆市",
        "city": "重庆市",
        "district": "两江新区",
        "contact_person": "李工",
        "phone": "023-6788 1234",
        "email": "ｌｉ@yuxin.example.cn",
        "qualifications": [{"kind": "national_little_giant", "year": 2023}, "市级专精特新(2021)"],
        "chains": ["功率半导体", "ic"],
    }
    body.update(overrides)
    return body


def _fields(response) -> set[str]:
    return {d["field"] for d in response.json()["detail"]}


def test_create_read_update_delete_round_trip(client, operator_headers) -> None:
    created = client.post(URL, json=_payload(), headers=operator_headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["email"] == "li@yuxin.example.cn"  # full-width folded
    assert body["phone"] == "023-67881234"
    assert {q["kind"]: q["year"] for q in body["qualifications"]} == {
        "national_little_giant": 2023, "municipal_specialized": 2021}
    assert sorted(c["code"] for c in body["chains"]) == ["ic", "power_semi"]

    read = client.get(f"{URL}/{body['id']}", headers=operator_headers)
    assert read.json()["credit_code"] == body["credit_code"]

    patched = client.patch(f"{URL}/{body['id']}", json={"district": "九龙坡区", "chains": []}, headers=operator_headers)
    assert patched.status_code == 200
    assert patched.json()["district"] == "九龙坡区" and patched.json()["chains"] == []
    assert patched.json()["name"] == body["name"]  # untouched fields stay

    assert client.delete(f"{URL}/{body['id']}", headers=operator_headers).status_code == 204
    assert client.get(f"{URL}/{body['id']}", headers=operator_headers).status_code == 404


@pytest.mark.parametrize(
    ("override", "field", "reason"),
    [
        ({"credit_code": "91500000MA5U000001"}, "credit_code", "校验位"),
        ({"credit_code": "9150000"}, "credit_code", "18位"),
        ({"phone": "12345"}, "phone", "电话"),
        ({"email": "li at yuxin"}, "email", "邮箱"),
        ({"role": "巨头"}, "role", "巨头"),
        ({"name": "  "}, "name", "不能为空"),
        ({"qualifications": [{"kind": "小巨人", "year": 1800}]}, "qualifications.0.year", ""),
    ],
)
def test_invalid_fields_answer_422_naming_the_field(client, operator_headers, override, field, reason) -> None:
    response = client.post(URL, json=_payload(**override), headers=operator_headers)
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    named = {d["field"]: d["reason"] for d in response.json()["detail"]}
    assert field in named and reason in named[field]


def test_unknown_chain_name_is_422_naming_chains(client, operator_headers, db_session) -> None:
    response = client.post(URL, json=_payload(chains=["不存在的产业链"]), headers=operator_headers)
    assert response.status_code == 422
    assert _fields(response) == {"chains"}
    assert db_session.scalar(select(func.count()).select_from(Enterprise)) == 0


def test_duplicate_credit_code_is_a_conflict(client, operator_headers) -> None:
    assert client.post(URL, json=_payload(), headers=operator_headers).status_code == 201
    again = client.post(URL, json=_payload(name="另一家公司"), headers=operator_headers)
    assert again.status_code == 409
    assert _fields(again) == {"credit_code"}


def test_filters_sort_and_pagination(client, operator_headers, make_enterprise) -> None:
    for n, district in enumerate(["两江新区", "两江新区", "九龙坡区", "沙坪坝区", "两江新区"]):
        client.post(URL, headers=operator_headers, json=_payload(
            name=f"{n}号精密机械有限公司", credit_code=make_credit_code(f"915001{n:04d}X"), district=district,
            qualifications=[] if n % 2 else ["小巨人(2022)"], chains=["robot"] if n == 3 else []))

    page = client.get(URL, params={"district": "两江新区", "sort": "name", "limit": 2}, headers=operator_headers).json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [e["name"] for e in page["items"]] == ["0号精密机械有限公司", "1号精密机械有限公司"]
    rest = client.get(URL, params={"district": "两江新区", "sort": "name", "limit": 2, "offset": 2},
                      headers=operator_headers).json()
    assert [e["name"] for e in rest["items"]] == ["4号精密机械有限公司"]

    giants = client.get(URL, params={"qualification": "小巨人", "sort": "-name"}, headers=operator_headers).json()
    assert [e["name"][0] for e in giants["items"]] == ["4", "2", "0"]
    assert client.get(URL, params={"chain": "工业机器人"}, headers=operator_headers).json()["total"] == 1
    assert client.get(URL, params={"q": "3号精密"}, headers=operator_headers).json()["total"] == 1

    bad_sort = client.get(URL, params={"sort": "password"}, headers=operator_headers)
    assert bad_sort.status_code == 422 and _fields(bad_sort) == {"sort"}
    too_many = client.get(URL, params={"limit": 100_000}, headers=operator_headers)
    assert too_many.status_code == 422 and _fields(too_many) == {"limit"}


def test_every_route_needs_a_key(client) -> None:
    for method, path in [("get", URL), ("post", URL), ("get", "/api/v1/demand-items"), ("get", "/api/v1/supply-items"),
                         ("get", "/api/v1/industry-chains")]:
        response = getattr(client, method)(path)
        assert response.status_code == 401, path
        assert response.json()["error"] == "unauthorized"
    wrong = client.get(URL, headers={"Authorization": "Bearer cm_not-a-real-key"})
    assert wrong.status_code == 401


def test_tenant_edits_its_own_enterprise_but_not_certified_facts(client, make_enterprise, make_key, db_session) -> None:
    own = make_enterprise(role=EnterpriseRole.SME)
    other = make_enterprise(role=EnterpriseRole.SME)
    headers = make_key(ApiRole.SME, own)

    ok = client.patch(f"{URL}/{own.id}", json={"contact_person": "王经理", "phone": "13912345678"}, headers=headers)
    assert ok.status_code == 200 and ok.json()["contact_person"] == "王经理"

    for locked in ({"role": "chain_leader"}, {"credit_code": make_credit_code("91500000YY")},
                   {"qualifications": ["制造业单项冠军(2024)"]}):
        response = client.patch(f"{URL}/{own.id}", json=locked, headers=headers)
        assert response.status_code == 403, locked
    db_session.expire_all()
    refreshed = db_session.get(Enterprise, own.id)
    assert refreshed.role is EnterpriseRole.SME and refreshed.qualifications == []

    foreign = client.patch(f"{URL}/{other.id}", json={"name": "被篡改"}, headers=headers)
    assert foreign.status_code in (403, 404)
    db_session.expire_all()
    assert db_session.get(Enterprise, other.id).name != "被篡改"

    created = client.post(URL, json=_payload(), headers=headers)
    assert created.status_code == 403
    assert client.delete(f"{URL}/{own.id}", headers=headers).status_code == 403


def test_upsert_enterprise_matches_by_credit_code_and_widens_role(db_session) -> None:
    code = make_credit_code("91500000UP")
    first, created = upsert_enterprise(db_session=db_session, data=EnterpriseCreate(
        name="重庆某零部件有限公司", credit_code=code, role="中小企业", size_class="小型",
        qualifications=["市级专精特新(2021)"], chains=["摩托车"]))
    assert created
    again, created = upsert_enterprise(db_session=db_session, lookups=Lookups(), data=EnterpriseCreate(
        name="重庆某零部件有限公司", credit_code=code.lower(), role="链主",
        qualifications=["小巨人(2024)"], chains=["汽车底盘与车身零部件"]))
    assert not created and again.id == first.id
    assert again.role is EnterpriseRole.BOTH
    assert again.size_class is not None  # a row without 企业规模 keeps the stored size
    assert {q.kind for q in again.qualifications} == {
        QualificationKind.MUNICIPAL_SPECIALIZED, QualificationKind.NATIONAL_LITTLE_GIANT}
    assert {c.code for c in again.chains} == {"motorcycle", "auto_chassis_body"}
    assert db_session.scalar(select(func.count()).select_from(Enterprise)) == 1
