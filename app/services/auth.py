"""API keys: creation (the secret is shown once) and resolution of a Bearer token to a principal."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.core.errors import NotFound, Unauthorized, ValidationFailed, field_error
from app.core.middleware import bearer_token
from app.models import ApiKey, ApiRole, Enterprise, EnterpriseRole
from app.models.base import utcnow

KEY_PREFIX = "cm_"
# last_used_at is written at most this often per key: an audit hint, not a hit counter worth a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, and for tenant roles the enterprise they act for."""

    key_id: int
    role: ApiRole
    enterprise_id: int | None

    @property
    def is_operator(self) -> bool:
        return self.role is ApiRole.OPERATOR

    def owns(self, enterprise_id: int) -> bool:
        return self.is_operator or self.enterprise_id == enterprise_id


# Batches and the learner rank as an operator would: every open item, no tenant filter.
SYSTEM_PRINCIPAL = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)


def hash_key(secret: str) -> str:
    # Keys are 256-bit random tokens, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(
    *, db_session: Session, role: ApiRole, enterprise_id: int | None = None, label: str | None = None
) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, which is never stored and cannot be shown again."""
    if role is ApiRole.OPERATOR and enterprise_id is not None:
        raise ValidationFailed(detail=[field_error("enterprise", "an operator key is not bound to an enterprise")])
    if role is ApiRole.ORGANIZER and enterprise_id is not None:
        # Organizers act for a bureau or an association running events, never as a tenant of the lists.
        raise ValidationFailed(detail=[field_error("enterprise", "an organizer key is not bound to an enterprise")])
    if role not in (ApiRole.OPERATOR, ApiRole.ORGANIZER):
        if enterprise_id is None:
            raise ValidationFailed(detail=[field_error("enterprise", f"a {role.value} key needs --enterprise")])
        if db_session.get(Enterprise, enterprise_id) is None:
            raise NotFound(f"企业 {enterprise_id} 不存在 (enterprise not found)", detail=[field_error("enterprise", "not found")])
        enterprise = db_session.get(Enterprise, enterprise_id)
        # A key acts in the enterprise's role: a chain_leader key on an SME would let it publish demand as a
        # leader (and the reverse), so the key's role must be one the enterprise holds.
        allowed = {EnterpriseRole.BOTH, EnterpriseRole(role.value)}  # role is chain_leader or sme here
        if enterprise.role not in allowed:
            raise ValidationFailed(detail=[field_error(
                "role", f"企业 {enterprise_id} 的类型是 {enterprise.role.value}，不能绑定 {role.value} 密钥 "
                        f"(the enterprise is a {enterprise.role.value}; it cannot hold a {role.value} key)")])
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(prefix=secret[:10], key_hash=hash_key(secret), role=role, enterprise_id=enterprise_id, label=label)
    db_session.add(key)
    db_session.flush()
    return key, secret


def _active_key(db_session: Session, authorization: str | None) -> ApiKey | None:
    token = bearer_token(authorization)
    if token is None:
        return None
    key = db_session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(token)))
    return key if key is not None and key.revoked_at is None else None


def is_active_key(*, db_session: Session, authorization: str | None) -> bool:
    """Whether the header holds an active key; reads only (the middleware asks before a body is read)."""
    return _active_key(db_session, authorization) is not None


def resolve_principal(
    *, db_session: Session, authorization: str | None, on_stale_use: Callable[[int], None] | None = None
) -> Principal:
    """The principal of an ``Authorization`` header. A key last used over a minute ago is due a ``last_used_at``
    write: handed to ``on_stale_use`` (the API writes it after the response, in a transaction of its own, so a read
    request never asks SQLite for the write lock), else written in this session."""
    if not authorization:
        raise Unauthorized()
    if bearer_token(authorization) is None:
        raise Unauthorized("Authorization 头应为 'Bearer <key>' (expected a Bearer key)")
    key = _active_key(db_session, authorization)
    if key is None:
        raise Unauthorized()
    now = utcnow()
    last_used = key.last_used_at
    if last_used is not None and last_used.tzinfo is None:  # SQLite hands back naive UTC
        last_used = last_used.replace(tzinfo=now.tzinfo)
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        if on_stale_use is None:
            record_key_use(db_session=db_session, key_id=key.id, now=now)
        else:
            on_stale_use(key.id)
    return Principal(key_id=key.id, role=key.role, enterprise_id=key.enterprise_id)


def record_key_use(*, db_session: Session, key_id: int, now: datetime | None = None) -> None:
    """Set the key's ``last_used_at`` unless another request did within the minute. A plain UPDATE, not an ORM
    change: bookkeeping that the audit log does not record."""
    now = now or utcnow()
    db_session.execute(update(ApiKey).where(
        ApiKey.id == key_id,
        or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - LAST_USED_RESOLUTION),
    ).values(last_used_at=now))


def revoke_api_key(*, db_session: Session, key_id: int) -> None:
    key = db_session.get(ApiKey, key_id)
    if key is None:
        raise NotFound()
    key.revoked_at = utcnow()
    db_session.flush()
