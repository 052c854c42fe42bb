"""Test fixtures: a real, migrated database (SQLite by default, PostgreSQL when DATABASE_URL says so),
with every test run inside a transaction that is rolled back, so tests never see each other's rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.config import Settings, normalise_database_url
from app.core.db import create_db_engine
from app.main import create_app
from app.models import ApiRole, Enterprise, EnterpriseRole
from app.services.auth import create_api_key


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(DATABASE_URL=_test_database_url(tmp_path_factory))


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings)
    if not settings.is_sqlite:
        # Start from an empty schema whatever an earlier, interrupted run left behind.
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


def _session_on(connection: Connection) -> Session:
    # create_savepoint: the code under test may commit; its commits release savepoints inside our transaction.
    return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def db_session(connection: Connection) -> Iterator[Session]:
    session = _session_on(connection)
    yield session
    session.close()


@pytest.fixture
def session_factory(connection: Connection) -> Callable[[], Session]:
    return lambda: _session_on(connection)


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: Callable[[], Session]):
    application = create_app(settings)
    application.state.engine = engine
    application.state.session_factory = session_factory
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


# --- small builders used across test modules -------------------------------------------------------------



@pytest.fixture
def make_enterprise(db_session: Session) -> Callable[..., Enterprise]:
    counter = iter(range(1, 10_000))

    def build(*, role: EnterpriseRole = EnterpriseRole.SME, name: str | None = None, **fields) -> Enterprise:
        from app.schemas.validators import make_credit_code

        n = next(counter)
        enterprise = Enterprise(
            name=name or f"测试企业{n}有限公司",
            credit_code=fields.pop("credit_code", None) or make_credit_code(f"915001{n:06d}MA"),
            role=role,
            **fields,
        )
        db_session.add(enterprise)
        db_session.commit()
        return enterprise

    return build


@pytest.fixture
def make_key(db_session: Session) -> Callable[..., dict[str, str]]:
    """Returns request headers carrying a fresh key for the role (and enterprise)."""

    def build(role: ApiRole, enterprise: Enterprise | None = None) -> dict[str, str]:
        _, secret = create_api_key(
            db_session=db_session, role=role, enterprise_id=enterprise.id if enterprise else None
        )
        db_session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return build


@pytest.fixture
def operator_headers(make_key) -> dict[str, str]:
    return make_key(ApiRole.OPERATOR)


DATA_DIR = Path(__file__).parent / "data"
