"""`chainmatch demo` loads the bundled lists through the import path, once."""

from __future__ import annotations

import pytest
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


def test_the_demo_demand_stays_open_in_later_years(db_session, make_enterprise, monkeypatch) -> None:
    """The bundled list's 有效期至 dates were written in one year; a demo run years later must still show open
    demand, moved on by whole years and no more."""
    from datetime import date

    from app.models import ItemCategory
    from app.services import demo

    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    for name, valid_until in (("伺服电机", date(2027, 3, 1)), ("减速器", date(2027, 12, 31)), ("轴承", None)):
        db_session.add(DemandItem(enterprise_id=leader.id, identity_key=name, category=ItemCategory.COMPONENT,
                                  product_name=name, part_numbers=[], valid_until=valid_until))
    db_session.flush()

    monkeypatch.setattr(demo, "programme_today", lambda: date(2027, 1, 10))
    demo._keep_demand_valid(db_session)  # still valid: nothing moves
    assert sorted(db_session.scalars(select(DemandItem.valid_until)), key=str) == [
        date(2027, 3, 1), date(2027, 12, 31), None]

    monkeypatch.setattr(demo, "programme_today", lambda: date(2029, 6, 1))
    demo._keep_demand_valid(db_session)
    assert sorted(db_session.scalars(select(DemandItem.valid_until)), key=str) == [
        date(2030, 3, 1), date(2030, 12, 31), None]  # three years: two would leave 1 March 2029 behind


def test_each_demo_account_signs_in_with_the_password_printed_and_only_the_latest(db_session, settings) -> None:
    """The demo hashes its passwords in background threads (DemoPasswords): each printed password must be the one
    stored for that account, and a second run's passwords replace the first's."""
    from app.core.errors import Unauthorized
    from app.services.users import DemoPasswords, authenticate, ensure_demo_accounts

    load_demo_lists(db_session=db_session, settings=settings)
    first = [(user.login, password) for user, password in ensure_demo_accounts(db_session=db_session)]
    second = [(user.login, password)
              for user, password in ensure_demo_accounts(db_session=db_session, passwords=DemoPasswords())]
    assert [login for login, _ in first] == [login for login, _ in second] == [
        "operator@demo.cn", "leader@demo.cn", "sme@demo.cn", "organizer@demo.cn"]
    for (login, old), (_, new) in zip(first, second, strict=True):
        assert authenticate(db_session=db_session, login=login, password=new).login == login
        with pytest.raises(Unauthorized):
            authenticate(db_session=db_session, login=login, password=old)
