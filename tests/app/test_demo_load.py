"""`chainmatch demo` loads the bundled lists through the import path, once."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import DemandItem, Enterprise, EnterpriseRole, SupplyItem
from app.services.demo import load_demo_lists


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def test_demo_lists_load_once_and_are_browsable(db_session, settings, client, operator_headers) -> None:
    outcome = load_demo_lists(db_session=db_session, settings=settings)
    assert outcome.loaded
    leaders = db_session.scalar(
        select(func.count()).select_from(Enterprise).where(Enterprise.role == EnterpriseRole.CHAIN_LEADER)
    )
    assert leaders >= 20
    assert _count(db_session, DemandItem) >= 200
    assert _count(db_session, SupplyItem) >= 1000
    before = (_count(db_session, Enterprise), _count(db_session, DemandItem), _count(db_session, SupplyItem))

    again = load_demo_lists(db_session=db_session, settings=settings)
    assert not again.loaded
    assert (_count(db_session, Enterprise), _count(db_session, DemandItem), _count(db_session, SupplyItem)) == before

    db_session.commit()  # releases the savepoint so the API sees the rows (the test transaction still rolls back)
    page = client.get("/api/v1/supply-items", params={"q": "铝合金", "limit": 5}, headers=operator_headers)
    assert page.status_code == 200
    assert page.json()["total"] > 0
