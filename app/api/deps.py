"""Annotated dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from app.core.config import Settings, get_settings
from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.services.audit import bind_actor
from app.services.auth import Principal, resolve_principal


def get_principal(
    db_session: SessionDep,
    authorization: Annotated[str | None, Header(description="Bearer <API key>")] = None,
) -> Principal:
    principal = resolve_principal(db_session=db_session, authorization=authorization)
    bind_actor(db_session, principal)  # the audit log names this key on every row the request writes
    return principal


def require_operator(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if not principal.is_operator:
        raise Forbidden("仅运营人员可执行此操作 (operators only)")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
OperatorPrincipal = Annotated[Principal, Depends(require_operator)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
