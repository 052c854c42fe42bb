"""The live index: writes through the API or an import are seen by the very next request, in every worker that
shares the database; snapshots; background rebuilds; readers during writes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.config import Settings
from app.main import create_app
from app.models import ApiRole, Enterprise, EnterpriseRole, IndexChange, IndexState, ItemCategory, SupplyItem
from app.schemas.validators import make_credit_code
from app.services.auth import create_api_key
from app.services.ranking.matching_index import MatchingIndexes, prune_change_log, read_state
from matching import ItemRecord
from tests.app.test_imports_support import SUPPLY_HEADERS, supply_row, xlsx
from tests.app.test_suggestions_support import World, add_background


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key)


def test_created_updated_deactivated_and_deleted_items_are_seen_by_the_next_request(world, client):
    created = world.supplier()
    assert world.ranked_ids()[0] == created  # the very next request

    renamed = client.patch(f"/api/v1/supply-items/{created}", headers=world.operator,
                           json={"product_name": "铝合金电机壳体", "description": "ADC12压铸", "part_numbers": ["YX-MH-220"]})
    assert renamed.status_code == 200
    # still a weak candidate in this tiny catalogue (a shared category, a few characters), no longer a match
    assert created not in world.ranked_ids(min_score=5.0)
    client.patch(f"/api/v1/supply-items/{created}", headers=world.operator,
                 json={"product_name": "IGBT模块", "part_numbers": ["FF450R12ME4"]})
    assert world.ranked_ids()[0] == created

    client.patch(f"/api/v1/supply-items/{created}", headers=world.operator, json={"status": "inactive"})
    assert created not in world.ranked_ids()
    client.patch(f"/api/v1/supply-items/{created}", headers=world.operator, json={"status": "active"})
    assert world.ranked_ids()[0] == created

    assert client.delete(f"/api/v1/supply-items/{created}", headers=world.operator).status_code == 204
    assert created not in world.ranked_ids()


def test_an_imported_list_is_seen_by_the_next_request(world, client):
    row = supply_row(**{"产品名称": "IGBT模块", "产品描述": "1200V 450A 半桥", "规格型号": "FF450R12ME4",
                        "拟配套对象": "重庆长嘉汽车有限公司"})
    response = client.post("/api/v1/imports/supply", headers=world.operator,
                           files={"file": ("供给清单.xlsx", xlsx(SUPPLY_HEADERS, [row]), "application/octet-stream")})
    assert response.status_code == 200, response.text
    found = world.suggestions()
    assert found[0]["supply_item"]["product_name"] == "IGBT模块"
    named = next(c for c in found[0]["contributions"] if c["comparison"] == "intended_customer")
    assert named["level"] == "named"


def test_deleting_an_enterprise_removes_its_items(world, client, db_session):
    created = world.supplier()
    assert world.ranked_ids()[0] == created
    owner = client.get(f"/api/v1/supply-items/{created}", headers=world.operator).json()["enterprise_id"]
    assert client.delete(f"/api/v1/enterprises/{owner}", headers=world.operator).status_code == 204
    assert created not in world.ranked_ids()


def test_a_second_instance_sees_the_first_ones_write_through_the_version_stamp(world, app, settings, engine,
                                                                             session_factory):
    second_app = create_app(settings)
    second_app.state.engine, second_app.state.session_factory = engine, session_factory
    with TestClient(second_app) as second:
        before = second_app.state.matching.supply.version
        created = world.supplier()  # written through the first instance
        response = second.get(f"/api/v1/demand-items/{world.demand_id}/suggestions", headers=world.leader_key)
        assert response.json()["suggestions"][0]["supply_item"]["id"] == created
        assert second_app.state.matching.supply.version > before
        with session_factory() as db_session:
            assert second_app.state.matching.supply.version == read_state(db_session).version


def test_two_workers_with_their_own_connections_stay_consistent(tmp_path, settings):
    """Two apps, each with its own engine and connection pool, on one committed database (as two uvicorn
    workers would be): a write through one is answered by the other at once."""
    if not settings.is_sqlite:
        pytest.skip("uses a scratch SQLite file; the shared-connection test above runs on every database")
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    migrate.upgrade(url)
    scratch = Settings(DATABASE_URL=url)
    first, second = create_app(scratch), create_app(scratch)
    with TestClient(first) as a, TestClient(second) as b:
        with first.state.session_factory() as db_session:
            leader = Enterprise(name="重庆长嘉汽车有限公司", credit_code=make_credit_code("91500000MA5LD"),
                                role=EnterpriseRole.CHAIN_LEADER)
            db_session.add(leader)
            db_session.commit()
            _, secret = create_api_key(db_session=db_session, role=ApiRole.OPERATOR)
            db_session.commit()
            leader_id = leader.id
        headers = {"Authorization": f"Bearer {secret}"}
        demand = a.post("/api/v1/demand-items", headers=headers, json={
            "enterprise_id": leader_id, "category": "component", "product_name": "IGBT模块",
            "part_numbers": ["FF450R12ME4"]}).json()["id"]
        sme = a.post("/api/v1/enterprises", headers=headers, json={
            "name": "重庆芯动功率半导体有限公司", "credit_code": make_credit_code("91500112MA5UA"), "role": "sme"})
        assert sme.status_code == 201, sme.text
        item = a.post("/api/v1/supply-items", headers=headers, json={
            "enterprise_id": sme.json()["id"], "category": "component", "product_name": "IGBT模块",
            "part_numbers": ["FF450R12ME4"]}).json()["id"]
        answered = b.get(f"/api/v1/demand-items/{demand}/suggestions", headers=headers).json()
        assert [s["supply_item"]["id"] for s in answered["suggestions"]] == [item]
        b.delete(f"/api/v1/supply-items/{item}", headers=headers)
        assert a.get(f"/api/v1/demand-items/{demand}/suggestions", headers=headers).json()["suggestions"] == []

        # a rebuild runs in the background of one worker; it keeps answering, then serves the new engines
        assert b.post("/api/v1/matching-index/rebuild", headers=headers).status_code == 202
        assert b.get(f"/api/v1/demand-items/{demand}/suggestions", headers=headers).status_code == 200
        second.state.matching.wait_for_rebuild(timeout=60)
        assert second.state.matching.last_rebuild_error is None
        status = b.get("/api/v1/matching-index", headers=headers).json()
        assert not status["rebuilding"] and status["indexes"][0]["version"] == status["database_version"]


def test_every_write_bumps_the_version_and_logs_the_item(world, db_session):
    before = read_state(db_session).version
    created = world.supplier()
    state = read_state(db_session)
    assert state.version > before
    logged = db_session.scalars(select(IndexChange.item_id).where(IndexChange.kind == "supply",
                                                                  IndexChange.version > before)).all()
    assert created in logged


def _query(index: MatchingIndexes, text: str = "IGBT模块 FF450R12ME4") -> list[tuple[str, float]]:
    return [(m.supply_id, m.score) for m in index.supply.query_many([ItemRecord(id="q", name=text)], top_k=5)[0]]


def test_snapshot_is_saved_loaded_and_refused_when_it_does_not_fit(world, settings, session_factory, db_session,
                                                                   tmp_path: Path):
    world.supplier()
    snapshot = tmp_path / "index.zip"
    with_snapshot = settings.model_copy(update={"index_snapshot_path": snapshot})
    fitted = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    fitted.start()
    assert snapshot.exists() and not fitted.loaded_from_snapshot

    loaded = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    loaded.start()
    assert loaded.loaded_from_snapshot
    assert _query(loaded) == _query(fitted) != []
    assert loaded.supply.version == fitted.supply.version

    # a later write: the snapshot is older than the database but the change log covers the gap
    newer = world.supplier(product_name="IGBT模块 增强型", part_numbers=["FF450R12ME4"])
    caught_up = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    caught_up.start()
    assert caught_up.loaded_from_snapshot and caught_up.supply.contains(newer)

    # a snapshot made against another database is never loaded
    db_session.execute(IndexState.__table__.update().values(instance_id="another-database"))
    db_session.commit()
    refused = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    refused.start()
    assert not refused.loaded_from_snapshot and refused.supply.contains(newer)

    snapshot.write_bytes(b"not a zip")
    broken = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    broken.start()
    assert not broken.loaded_from_snapshot and broken.supply.contains(newer)


def test_a_worker_behind_a_pruned_log_refits(world, settings, session_factory, db_session):
    index = MatchingIndexes(session_factory=session_factory, settings=settings)
    index.start()
    created = world.supplier()
    world.supplier(product_name="伺服电机", part_numbers=["SM-400X"])
    assert prune_change_log(db_session, keep_versions=1) > 0
    db_session.commit()
    assert read_state(db_session).log_floor > index.supply.version
    index.sync(db_session)
    assert index.supply.contains(created)
    assert index.supply.version == read_state(db_session).version


def test_background_rebuild_swaps_while_queries_keep_answering(world, settings, session_factory, db_session,
                                                              make_enterprise):
    add_background(db_session, make_enterprise)
    world.supplier()
    db_session.commit()
    index = MatchingIndexes(session_factory=session_factory, settings=settings)
    index.start()
    expected = _query(index)
    assert expected
    errors: list[BaseException] = []
    answers: list[list] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                answers.append(_query(index))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    old_matcher = index.supply._matcher
    assert index.rebuild_in_background()
    index.wait_for_rebuild(timeout=60)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and index.last_rebuild_error is None
    assert index.supply._matcher is not old_matcher
    assert answers and all(answer == expected for answer in answers)
    assert _query(index) == expected


def test_readers_never_see_a_half_applied_change(world, settings, session_factory, db_session):
    index = MatchingIndexes(session_factory=session_factory, settings=settings)
    index.start()
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                _query(index)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    ids = [world.supplier(part_numbers=[f"FF450R12ME{i}"]) for i in range(5)]
    index.sync(db_session)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert all(index.supply.contains(i) for i in ids)


def test_index_status_is_for_operators(world, client):
    world.supplier()
    status = client.get("/api/v1/matching-index", headers=world.operator).json()
    kinds = {part["kind"]: part for part in status["indexes"]}
    assert kinds["demand"]["size"] == 1
    assert kinds["supply"]["version"] == kinds["demand"]["version"] == status["database_version"]
    # A small catalogue is searched uncompiled (CHAINMATCH_MATCHING_SEARCH=auto), and the status says so.
    assert kinds["supply"]["search"] == kinds["demand"]["search"] == "uncompiled"
    assert client.get("/api/v1/matching-index", headers=world.leader_key).status_code == 403
    assert client.post("/api/v1/matching-index/rebuild", headers=world.leader_key).status_code == 403


def test_a_missing_state_row_is_recreated_and_workers_refit(world, db_session, app):
    db_session.execute(delete(IndexState))
    db_session.commit()
    created = world.supplier()
    assert read_state(db_session).version == 1
    assert world.ranked_ids()[0] == created


def _log_of(db_session, since: int) -> set[int]:
    return set(db_session.scalars(select(IndexChange.item_id).where(IndexChange.kind == "supply",
                                                                     IndexChange.version > since)))


def test_a_rolled_back_savepoint_takes_its_changes_out_of_the_log(db_session, make_enterprise):
    owner = make_enterprise(role=EnterpriseRole.SME)
    before = read_state(db_session).version
    kept = SupplyItem(enterprise_id=owner.id, identity_key="kept", category=ItemCategory.COMPONENT,
                      product_name="伺服电机", part_numbers=[])
    db_session.add(kept)
    db_session.flush()
    savepoint = db_session.begin_nested()
    dropped = SupplyItem(enterprise_id=owner.id, identity_key="dropped", category=ItemCategory.COMPONENT,
                         product_name="减速器", part_numbers=[])
    db_session.add(dropped)
    db_session.flush()
    dropped_id = dropped.id
    savepoint.rollback()
    assert read_state(db_session).version == before  # nothing is logged before the commit
    db_session.commit()
    assert read_state(db_session).version == before + 1  # one transaction, one version
    assert _log_of(db_session, before) == {kept.id}
    assert dropped_id not in _log_of(db_session, before)


def test_a_write_in_progress_does_not_hold_the_version_row(engine, settings):
    """Writers used to queue on the version row from their first flush to their commit (found under load)."""
    if settings.is_sqlite:
        pytest.skip("SQLite locks the whole database for a writer; PostgreSQL locks rows")
    with Session(engine) as writer, engine.connect() as other:
        owner = Enterprise(name="并发写入测试有限公司", credit_code=make_credit_code("91500000MA7Q2LKW"),
                           role=EnterpriseRole.SME)
        writer.add(owner)
        writer.flush()
        writer.add(SupplyItem(enterprise_id=owner.id, identity_key="in-progress", category=ItemCategory.COMPONENT,
                              product_name="伺服电机", part_numbers=[]))
        writer.flush()
        locked = other.execute(text("SELECT version FROM index_state WHERE id = 1 FOR UPDATE NOWAIT")).scalar_one()
        other.rollback()
        writer.rollback()
    assert locked >= 0


def test_a_large_engine_is_exempted_from_full_garbage_collections(world, settings, session_factory, monkeypatch):
    import gc

    from app.services.ranking import matching_index

    monkeypatch.setattr(matching_index, "SETTLE_AFTER_ITEMS", 1)  # "large" for this test's small catalogue
    gc.unfreeze()
    try:
        index = MatchingIndexes(session_factory=session_factory, settings=settings)
        index.start()
        assert index.supply.size > 0 and gc.get_freeze_count() > 0
        engine_rows = index.supply._matcher.ids_
        assert not any(obj is engine_rows for obj in gc.get_objects())  # not walked by any generation's pass
    finally:
        gc.unfreeze()


def test_a_stopped_app_and_its_engine_are_freed(settings, engine, session_factory):
    """Start-up exempts the live objects from full collections; stopping must hand them back, or a process that
    builds apps one after another (the test suite) keeps each with its engine (~100 MB)."""
    import gc
    import weakref

    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(settings)
    app.state.engine, app.state.session_factory = engine, session_factory
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        matcher = weakref.ref(app.state.matching.supply._matcher)
    gone = weakref.ref(app)
    del app, client
    gc.collect()
    assert gone() is None and matcher() is None
