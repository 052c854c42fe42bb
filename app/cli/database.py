"""Opening the configured database for a command: the engine of one that works on existing lists (import, match,
learn), and the one transaction a command's work runs in (``cli_session``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DatabaseNotReady(click.ClickException):
    """The database is missing or not migrated: one Chinese line and exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.message}", err=True, file=file)


def open_database(settings: Any):
    """The engine of ``settings.database_url``, after checking that the database exists and is at the head
    revision (never creating an empty SQLite file in the current folder)."""
    from app.core import migrate
    from app.core.db import create_db_engine

    problem = migrate.schema_problem(settings.database_url)
    if problem is not None:
        raise DatabaseNotReady(problem)
    return create_db_engine(settings)


@contextmanager
def cli_session(session_factory: Callable[[], Session]) -> Iterator[Session]:
    """One transaction for a command, as the session dependency gives a request: services flush, this commits
    when the block ends and rolls back when it raises."""
    session = session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def migrated_session() -> Iterator[Session]:
    """``cli_session`` on the configured database, migrated to the head revision first (keys, users, event)."""
    from app.core import migrate
    from app.core.config import get_settings
    from app.core.db import create_db_engine, create_session_factory

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings)
    try:
        with cli_session(create_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()
