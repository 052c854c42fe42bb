"""Engine, sessions and the declarative base.

One transaction per request: services only ``flush``; :func:`get_session` commits when the request
succeeds and rolls back on any error, so a failed request leaves the database as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.core.config import Settings

# An explicit naming convention keeps constraint names identical on SQLite and PostgreSQL, so
# Alembic can alter and drop them and the models-vs-migrations check compares like with like.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


EndpointT = TypeVar("EndpointT")

# How long a write waits for SQLite's write lock (another request's, an import's) before answering 503.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def sqlite_dbapi() -> ModuleType:
    """The SQLite library every SQLite connection of this process uses: sqlean.py's bundled, current SQLite.

    The system library of Debian 12 (SQLite 3.40.1), which Python's ``sqlite3`` links, loses commits that follow a
    large ``ROLLBACK TO SAVEPOINT`` in WAL mode when the process is killed (they are acknowledged, then gone after
    restart); SQLite 3.50 keeps them. One library per process also matters in itself: two SQLite copies in one
    process do not see each other's POSIX locks on the same file (a documented way to corrupt a database), so
    Alembic and the test fixtures open SQLite through this module too.
    """
    import sqlean

    return sqlean


# Execution options. WRITES: the sessions of create_session_factory, whose transactions may write. READ_ONLY: a
# session marked by read_only(), whose transactions only read. Plain engine connections (health checks, Alembic)
# carry neither and begin deferred, as pysqlite would.
WRITES = "chainmatch_writes"
READ_ONLY = "chainmatch_read_only"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised by every SQLite test
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


class _WriteGate:
    """The threads of one process queue here, in order of arrival, before asking SQLite for the write lock.

    SQLite's busy handler polls: a waiting writer sleeps up to 100 ms between tries, so with twenty of them the lock
    often lies free while all sleep, and an unlucky one can lose every race for longer than the busy timeout. Inside
    a process the handover is immediate instead; SQLite's lock still arbitrates between processes (workers, the
    command line). The gate is held from BEGIN IMMEDIATE to the end of the transaction.
    """

    _HELD = "chainmatch_write_gate"

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def begin(self, connection) -> None:  # pragma: no cover - exercised by every SQLite test
        # A write transaction takes the write lock when it begins, so it waits for it under busy_timeout. A deferred
        # BEGIN that reads and then writes cannot wait: SQLite answers SQLITE_BUSY at once (another writer holds
        # the lock) or SQLITE_BUSY_SNAPSHOT (one committed since our read), and the busy timeout is never used.
        # Read-only transactions stay deferred: in WAL mode they run beside the writer.
        options = connection.get_execution_options()
        if not options.get(WRITES, False) or options.get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        # After the busy timeout without the gate, go on: SQLite's own wait then decides (and answers "locked").
        if self._lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            connection.info[self._HELD] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.release(connection)
            raise

    def release(self, connection, *_args) -> None:
        if connection.info.pop(self._HELD, False):
            self._lock.release()

    def release_record(self, _dbapi_connection, record, *_args) -> None:
        # A connection returned to the pool without a commit or rollback event (a dropped session): free the gate.
        if record.info.pop(self._HELD, False):
            self._lock.release()


def create_db_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if url.startswith("sqlite"):
        # pysqlite's own transaction handling sends no BEGIN before a SAVEPOINT, so releasing a savepoint would
        # commit for real. Take BEGIN into our hands (SQLAlchemy's documented recipe) so nested transactions and
        # per-test rollbacks behave as on PostgreSQL.
        engine = create_engine(
            url, echo=settings.db_echo, module=sqlite_dbapi(),
            connect_args={"check_same_thread": False, "isolation_level": None},
        )
        gate = _WriteGate()
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", gate.begin)
        event.listen(engine, "commit", gate.release)
        event.listen(engine, "rollback", gate.release)
        event.listen(engine.pool, "checkin", gate.release_record)
        return engine
    return create_engine(
        url,
        echo=settings.db_echo,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=True,
    )


def read_only(db_session: Session) -> Session:
    """Mark a new session as one that only reads: on SQLite its transaction begins deferred, beside the writer,
    instead of taking the write lock. Call it before the session's first statement; a no-op on PostgreSQL."""
    if db_session.get_bind().dialect.name == "sqlite":
        db_session.connection(execution_options={READ_ONLY: True})
    return db_session


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose transactions may write: on SQLite they take the write lock when they begin (and so wait
    for it); a session that only reads is marked with :func:`read_only` before its first statement."""
    return sessionmaker(bind=engine.execution_options(**{WRITES: True}), expire_on_commit=False, autoflush=True)


# Session.info key: this transaction must end in ROLLBACK even when its work succeeded (a dry run).
ROLLBACK_ONLY = "chainmatch_rollback_only"


def end_with_rollback(db_session: Session) -> None:
    """Have the session's owner roll its transaction back instead of committing it (services never end
    transactions themselves)."""
    db_session.info[ROLLBACK_ONLY] = True


def finish(db_session: Session) -> None:
    """End the session's transaction: commit, or roll back when the work asked for it (:func:`end_with_rollback`)."""
    if db_session.info.pop(ROLLBACK_ONLY, False):
        db_session.rollback()
    else:
        db_session.commit()


# Requests that cannot change anything; every other method's transaction is a write transaction, unless its route
# function is marked with reads_only().
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READS_ONLY = "__chainmatch_reads_only__"


def reads_only(endpoint: EndpointT) -> EndpointT:
    """Mark a route function that only reads although its method is not GET (a search sent as POST): its request's
    transaction begins deferred on SQLite, beside a long import, instead of queueing for the write lock."""
    setattr(endpoint, _READS_ONLY, True)
    return endpoint


def get_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        if request.method in READ_METHODS or getattr(request.scope.get("endpoint"), _READS_ONLY, False):
            read_only(session)
        yield session
        finish(session)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit can never answer 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
