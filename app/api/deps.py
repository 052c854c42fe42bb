"""Annotated dependency aliases shared by the routers."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Header, Request
from sqlalchemy.exc import OperationalError

from app.core.config import Settings, get_settings
from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.services.audit import bind_actor
from app.services.auth import Principal, record_key_use, resolve_principal

logger = logging.getLogger(__name__)


def _record_key_use(session_factory, key_id: int) -> None:
    # After the response, in a transaction of its own: a GET never waits for (or fails on) SQLite's write lock
    # because of bookkeeping, and a lost write costs nothing but a minute of last_used_at.
    try:
        with session_factory() as db_session:
            record_key_use(db_session=db_session, key_id=key_id)
            db_session.commit()
    except OperationalError:
        logger.warning("last_used_at of key %s not written (database busy or unavailable)", key_id)


def get_principal(
    request: Request,
    db_session: SessionDep,
    background_tasks: BackgroundTasks,
    authorization: Annotated[str | None, Header(description="Bearer <API key>")] = None,
) -> Principal:
    session_factory = request.app.state.session_factory
    principal = resolve_principal(
        db_session=db_session, authorization=authorization,
        on_stale_use=lambda key_id: background_tasks.add_task(_record_key_use, session_factory, key_id))
    bind_actor(db_session, principal)  # the audit log names this key on every row the request writes
    return principal


def require_operator(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if not principal.is_operator:
        raise Forbidden("仅运营人员可执行此操作 (operators only)")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
OperatorPrincipal = Annotated[Principal, Depends(require_operator)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
