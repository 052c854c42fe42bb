"""Out-of-range input is the client's mistake: 422 naming the field, never a 500 or 503."""

from __future__ import annotations

import pytest

from app.models import ApiRole

HUGE = 2**64


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", f"/api/v1/enterprises/{HUGE}", None),
    ("get", f"/api/v1/demand-items/{HUGE}", None),
    ("patch", f"/api/v1/supply-items/{HUGE}", {"product_name": "x"}),
    ("delete", f"/api/v1/industry-chains/{HUGE}", None),
    ("get", f"/api/v1/demand-items/{HUGE}/decisions", None),
    ("get", f"/api/v1/events/{-HUGE}", None),
    ("get", f"/api/v1/supply-items?offset={HUGE}", None),
    ("get", f"/api/v1/supply-items?owner={HUGE}", None),
    ("get", f"/api/v1/audit-log?actor_key_id={HUGE}", None),
    ("post", "/api/v1/supply-items", {"enterprise_id": HUGE, "category": "component", "product_name": "轴承"}),
])
def test_ids_offsets_and_owners_beyond_64_bits_answer_422(client, operator_headers, method, path, body) -> None:
    kwargs = {"json": body} if body is not None else {}
    response = client.request(method.upper(), path, headers=operator_headers, **kwargs)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "validation_error"


def test_participant_lists_with_huge_ids_answer_422(client, operator_headers) -> None:
    event = client.post("/api/v1/events", headers=operator_headers,
                        json={"name": "边界测试", "event_type": "hundred_events"})
    assert event.status_code == 201, event.text
    response = client.post(f"/api/v1/events/{event.json()['id']}/participants", headers=operator_headers,
                           json=[{"enterprise_id": HUGE, "side": "sme"}])
    assert response.status_code == 422, response.text


def test_thousands_of_sort_keys_answer_422(client, operator_headers) -> None:
    response = client.get("/api/v1/demand-items", headers=operator_headers,
                          params={"sort": ",".join(["product_name"] * 3000)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "sort"
    assert client.get("/api/v1/demand-items", headers=operator_headers,
                      params={"sort": "-created_at,product_name"}).status_code == 200


def test_a_key_role_must_match_its_enterprise(db_session, make_enterprise) -> None:
    from app.core.errors import ValidationFailed
    from app.models import EnterpriseRole
    from app.services.auth import create_api_key

    sme = make_enterprise(role=EnterpriseRole.SME)
    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    with pytest.raises(ValidationFailed):
        create_api_key(db_session=db_session, role=ApiRole.CHAIN_LEADER, enterprise_id=sme.id)
    with pytest.raises(ValidationFailed):
        create_api_key(db_session=db_session, role=ApiRole.SME, enterprise_id=leader.id)
    both = make_enterprise(role=EnterpriseRole.BOTH)
    create_api_key(db_session=db_session, role=ApiRole.SME, enterprise_id=both.id)
    create_api_key(db_session=db_session, role=ApiRole.CHAIN_LEADER, enterprise_id=both.id)
