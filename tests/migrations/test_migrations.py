"""The schema changes only through Alembic: upgrade, downgrade and upgrade again work, and the models agree
with the migrations, on whichever database the suite runs against (SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url, text

from app import models  # noqa: F401
from app.core import migrate
from app.core.config import Settings
from app.core.db import Base


@pytest.fixture
def scratch_url(settings: Settings, tmp_path) -> Iterator[str]:
    """A database of its own, so downgrading does not disturb the suite's shared one."""
    if settings.is_sqlite:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(settings.database_url)
    name = f"{url.database}_migrations"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _diff(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_and_models_match(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    assert _diff(scratch_url) == [], "models and migrations disagree: add an Alembic revision"
    assert {"enterprises", "demand_items", "supply_items", "api_keys"} <= _tables(scratch_url)

    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) <= {"alembic_version"}

    migrate.upgrade(scratch_url)
    assert _diff(scratch_url) == []


def test_industry_chains_are_seeded(db_session) -> None:
    names = set(db_session.scalars(text("SELECT name FROM industry_chains")))
    assert len(names) >= 30
    assert {"动力电池", "功率半导体", "工业软件"} <= names


def test_identity_keys_are_brought_to_the_current_rules(scratch_url: str) -> None:
    """Keys stored under older normalisation (4-20mA kept a dash) are recomputed, so a re-upload finds its row;
    a key that would collide with another item of the same owner is left alone."""
    from datetime import UTC, datetime

    from app.domain.identity import item_identity_key
    from app.schemas.validators import make_credit_code

    migrate.upgrade(scratch_url, "0005")
    engine = create_engine(scratch_url)
    now = datetime.now(UTC)
    item = {"category": "component", "certifications": "[]", "status": "active", "created_at": now,
            "updated_at": now}
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO enterprises (id, name, credit_code, role, created_at, updated_at) "
                "VALUES (1, '迁移测试有限公司', :code, 'sme', :now, :now)"), {"code": make_credit_code("91500000MA6N0QXD"),
                                                                          "now": now})
            for item_id, name, old_key in ((1, "压力变送器 4-20mA", "压力变送器4-20ma"),
                                           (2, "压力变送器 4~20mA", "压力变送器4~20ma-legacy"),
                                           (3, "压力传感器 0-10V", "压力传感器0~10v"),
                                           (4, "压力传感器 0至10V", "压力传感器0-10v")):
                connection.execute(text(
                    "INSERT INTO supply_items (id, enterprise_id, identity_key, category, product_name, part_numbers, "
                    "certifications, status, created_at, updated_at) VALUES (:id, 1, :key, :category, :name, '[]', "
                    ":certifications, :status, :created_at, :updated_at)"),
                    {"id": item_id, "key": old_key, "name": name, **item})
        migrate.upgrade(scratch_url)
        with engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, identity_key FROM supply_items")).all())
    finally:
        engine.dispose()
    assert keys[1] == item_identity_key("压力变送器 4-20mA") == "压力变送器4~20ma"
    assert keys[2] == "压力变送器4~20ma-legacy"  # its current key is taken by item 1: left as it was
    assert keys[3] == item_identity_key("压力传感器 0-10V")  # already current
    assert keys[4] == "压力传感器0-10v"  # would collide with item 3
