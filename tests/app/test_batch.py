"""``chainmatch match --all``: stored suggestions agree with the live endpoint, leave rejected suppliers out, and a
new batch replaces the previous one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import DemandItem, DemandStatus
from app.models.decisions import StoredSuggestion, SuggestionBatch
from app.services.demo import load_demo_lists
from app.services.ranking.batch import run_batch, stored_suggestions


@pytest.fixture
def demo(db_session, settings):
    load_demo_lists(db_session=db_session, settings=settings)
    db_session.commit()  # release the savepoint: the API's sessions share the test connection


def _open_ids(db_session) -> list[int]:
    return list(db_session.scalars(
        select(DemandItem.id).where(DemandItem.status == DemandStatus.OPEN).order_by(DemandItem.id)))


def _batch(app, session_factory, **kwargs) -> SuggestionBatch:
    with session_factory() as session:
        batch = run_batch(db_session=session, index=app.state.matching, **kwargs)
        session.commit()
        return batch


def test_batch_stores_what_the_live_endpoint_suggests(client, app, db_session, session_factory, demo,
                                                      operator_headers) -> None:
    steps: list[tuple[int, int]] = []
    batch = _batch(app, session_factory, per_item=5, chunk_size=50, progress=lambda d, t: steps.append((d, t)))
    open_ids = _open_ids(db_session)
    assert batch.demand_items == len(open_ids) >= 200
    assert steps[-1] == (len(open_ids), len(open_ids)) and len(steps) == -(-len(open_ids) // 50)
    stored = db_session.scalar(select(func.count()).select_from(StoredSuggestion))
    assert stored == batch.suggestions and stored >= 4 * len(open_ids)

    for demand_id in open_ids[::10]:
        live = client.get(f"/api/v1/demand-items/{demand_id}/suggestions", params={"limit": 5},
                          headers=operator_headers)
        assert live.status_code == 200, live.text
        live_ids = [s["supply_item"]["id"] for s in live.json()["suggestions"]]
        rows = stored_suggestions(db_session, demand_id)
        assert [r.supply_item_id for r in rows] == live_ids, demand_id
        assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
        for row in rows:
            assert abs(sum(c["value"] for c in row.explanation) - row.score) < 1e-4
            assert all(c["label"] for c in row.explanation)


def test_a_rejected_supplier_leaves_the_next_batch_and_batches_replace_each_other(
        client, app, db_session, session_factory, demo, operator_headers) -> None:
    first = _batch(app, session_factory, per_item=3)
    demand_id = _open_ids(db_session)[0]
    top = stored_suggestions(db_session, demand_id)[0]
    rejected = client.post(f"/api/v1/demand-items/{demand_id}/decisions", headers=operator_headers,
                           json={"supply_item_id": top.supply_item_id, "status": "rejected", "reason": "样品不合格"})
    assert rejected.status_code == 200

    second = _batch(app, session_factory, per_item=3)
    assert second.id != first.id
    assert db_session.scalars(select(SuggestionBatch.id)).all() == [second.id]
    assert set(db_session.scalars(select(StoredSuggestion.batch_id).distinct())) == {second.id}
    assert top.supply_item_id not in {r.supply_item_id for r in stored_suggestions(db_session, demand_id)}
    assert second.suggestions == first.suggestions  # the next supplier moves up into the freed place
