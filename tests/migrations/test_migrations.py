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
