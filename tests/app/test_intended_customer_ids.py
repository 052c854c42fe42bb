"""An SME's 拟配套对象 are linked to chain leaders by name; the link's id is shown only for a leader the caller may
read, so naming a leader with only confidential demand does not confirm that it exists, nor give its id."""

from __future__ import annotations

from app.models import ApiRole, DemandItem, EnterpriseRole, ItemCategory


def test_an_sme_gets_back_only_the_ids_of_leaders_it_may_read(client, db_session, make_enterprise, make_key,
                                                                operator_headers) -> None:
    public = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆公开链主股份有限公司")
    hidden = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆保密链主股份有限公司")
    db_session.add_all([
        DemandItem(enterprise_id=public.id, category=ItemCategory.COMPONENT, product_name="轴承", identity_key="p1"),
        DemandItem(enterprise_id=hidden.id, category=ItemCategory.COMPONENT, product_name="轴承", identity_key="h1",
                   confidential=True),
    ])
    db_session.commit()
    sme = make_enterprise()
    response = client.post("/api/v1/supply-items", headers=make_key(ApiRole.SME, sme), json={
        "category": "component", "product_name": "深沟球轴承",
        "intended_customers": ["重庆公开链主股份有限公司", "重庆保密链主股份有限公司"]})
    assert response.status_code == 201, response.text
    assert [(c["name"], c["enterprise_id"]) for c in response.json()["intended_customers"]] == [
        ("重庆公开链主股份有限公司", public.id), ("重庆保密链主股份有限公司", None)]
    # An operator sees both links.
    seen = client.get(f"/api/v1/supply-items/{response.json()['id']}", headers=operator_headers).json()
    assert [c["enterprise_id"] for c in seen["intended_customers"]] == [public.id, hidden.id]
