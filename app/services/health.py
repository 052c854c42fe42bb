from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app.core import migrate

if TYPE_CHECKING:
    from app.services.ranking.matching_index import MatchingIndexes


def check(*, engine: Engine, matching: MatchingIndexes | None = None) -> dict[str, Any]:
    """Readiness: a reachable database whose schema is at the head revision, and a loaded matching index.

    An index that is not loaded (the database was down at start-up) is built in the background from here, so a
    worker that no traffic reaches while it is not ready still becomes ready once the database is back.
    """
    checks: dict[str, Any] = {}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current, head = migrate.current_revision(engine), migrate.head_revision()
        checks["migrations"] = "ok" if current == head else f"at {current}, head is {head}"
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    if matching is not None:
        missing = [index.kind for index in matching.indexes if not index.ready]
        if not missing:
            checks["matching_index"] = "ok"
        else:
            if checks.get("database") == "ok" and checks.get("migrations") == "ok":
                matching.rebuild_in_background()
            checks["matching_index"] = "loading: " + ", ".join(missing)
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}
