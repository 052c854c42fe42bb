"""API keys: creation (the secret is shown once) and resolution of a Bearer token to a principal."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound, Unauthorized, ValidationFailed, field_error
from app.models import ApiKey, ApiRole, Enterprise
from app.models.base import utcnow

KEY_PREFIX = "cm_"


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
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(prefix=secret[:10], key_hash=hash_key(secret), role=role, enterprise_id=enterprise_id, label=label)
    db_session.add(key)
    db_session.flush()
    return key, secret


def resolve_principal(*, db_session: Session, authorization: str | None) -> Principal:
    if not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization 头应为 'Bearer <key>' (expected a Bearer key)")
    key = db_session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(token.strip())))
    if key is None or key.revoked_at is not None:
        raise Unauthorized()
    return Principal(key_id=key.id, role=key.role, enterprise_id=key.enterprise_id)


def revoke_api_key(*, db_session: Session, key_id: int) -> None:
    key = db_session.get(ApiKey, key_id)
    if key is None:
        raise NotFound()
    key.revoked_at = utcnow()
    db_session.flush()
