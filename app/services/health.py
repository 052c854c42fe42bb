from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app.core import migrate


def check(*, engine: Engine) -> dict[str, Any]:
    """Liveness is answering at all; readiness is a reachable database whose schema is at the head revision."""
    checks: dict[str, Any] = {}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current, head = migrate.current_revision(engine), migrate.head_revision()
        checks["migrations"] = "ok" if current == head else f"at {current}, head is {head}"
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}
