"""Opening the configured database for a command that works on existing lists (import, match, learn)."""

from __future__ import annotations

from typing import IO, Any

import click


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
