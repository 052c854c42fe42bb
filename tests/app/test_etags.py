"""ETag on single items and enterprises, If-Match on their PATCH: a stale update answers 412 instead of silently
overwriting what another client wrote."""

from __future__ import annotations

import pytest

from app.models import EnterpriseRole


@pytest.fixture
def leader(make_enterprise):
    return make_enterprise(role=EnterpriseRole.CHAIN_LEADER)


@pytest.mark.parametrize("kind", ["demand-items", "supply-items", "enterprises"])
def test_a_stale_if_match_answers_412_and_a_current_one_updates(client, operator_headers, leader, make_enterprise,
                                                                kind) -> None:
    if kind == "enterprises":
        url, change, other = f"/api/v1/enterprises/{leader.id}", {"district": "两江新区"}, {"district": "渝北区"}
    else:
        owner = leader if kind == "demand-items" else make_enterprise()
        created = client.post(f"/api/v1/{kind}", headers=operator_headers, json={
            "enterprise_id": owner.id, "category": "component", "product_name": "轴承"})
        assert created.status_code == 201, created.text
        url = f"/api/v1/{kind}/{created.json()['id']}"
        change, other = {"product_name": "深沟球轴承"}, {"product_name": "圆锥滚子轴承"}
    read = client.get(url, headers=operator_headers)
    tag = read.headers["ETag"]
    assert tag.startswith('"') and client.get(url, headers=operator_headers).headers["ETag"] == tag

    first = client.patch(url, headers={**operator_headers, "If-Match": tag}, json=change)
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != tag
    stale = client.patch(url, headers={**operator_headers, "If-Match": tag}, json=other)
    assert stale.status_code == 412
    assert stale.json()["error"] == "precondition_failed"
    assert client.get(url, headers=operator_headers).json() == first.json()  # nothing overwritten
    # Without If-Match a PATCH still works (clients that do not send it are not broken).
    assert client.patch(url, headers=operator_headers, json=other).status_code == 200
