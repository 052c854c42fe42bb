"""People who sign in to the web pages: registration pending an operator, invitations, passwords (argon2),
lock-out after repeated failures, browser sessions, and the :class:`Principal` a user acts as.

A user's principal is the same object an API key resolves to — the user's *identity key* (an ``api_keys`` row
whose secret was never kept) supplies ``key_id`` — so every page goes through the services and
``app.services.access`` exactly as the API does, and the audit log names the user's key.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.errors import Conflict, NotFound, Unauthorized, ValidationFailed, field_error
from app.models import ApiKey, ApiRole, Enterprise, EnterpriseRole, Invitation, User, UserStatus, WebSession
from app.models.base import utcnow
from app.schemas.enterprises import EnterpriseCreate
from app.schemas.users import Registration
from app.services import access
from app.services import enterprises as enterprise_service
from app.services.auth import Principal, create_api_key

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
INVITATION_LIFETIME = timedelta(days=7)
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    # Verified against when the login is unknown, so a wrong login costs as long as a wrong password. Hashed on
    # first use, not at import: a third of a second of every start.
    return _hasher.hash("chainmatch-no-such-user")


class LoginFailed(Unauthorized):
    code = "login_failed"
    message = "账号或密码错误 (wrong login or password)"


class AccountLocked(Unauthorized):
    code = "account_locked"


class AccountNotActive(Unauthorized):
    code = "account_not_active"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_login(login: str) -> str:
    return login.strip().lower()


def check_password(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(detail=[field_error(field, f"密码至少 {MIN_PASSWORD_LENGTH} 位 (too short)")])
    if len(password) > 256:
        raise ValidationFailed(detail=[field_error(field, "密码过长 (too long)")])


def principal_for(user: User) -> Principal:
    if user.status is not UserStatus.ACTIVE or user.identity_key_id is None:
        raise AccountNotActive("账号未启用 (account is not active)")
    return Principal(key_id=user.identity_key_id, role=user.role, enterprise_id=user.enterprise_id)


# ── creating users ────────────────────────────────────────────────────────────────────────────────────────────
def _ensure_login_free(db_session: Session, login: str) -> None:
    if db_session.scalar(select(User.id).where(User.login == login)) is not None:
        raise Conflict("该账号已被注册 (login already taken)", detail=[field_error("login", "已被注册 (taken)")])


def _activate(db_session: Session, user: User) -> None:
    key, _secret = create_api_key(db_session=db_session, role=user.role, enterprise_id=user.enterprise_id,
                                  label=f"web:{user.login}"[:100])
    user.identity_key_id = key.id
    user.status = UserStatus.ACTIVE


def create_user(*, db_session: Session, login: str, password: str, role: ApiRole, display_name: str | None = None,
                enterprise_id: int | None = None, password_hash: str | None = None) -> User:
    """An active user (CLI, demo, invitations). Tenants need an enterprise; operators and organizers none.
    ``password_hash``: the password already hashed by :func:`hash_password` (else it is hashed here)."""
    login = normalise_login(login)
    if not login:
        raise ValidationFailed(detail=[field_error("login", "必填 (required)")])
    check_password(password)
    _ensure_login_free(db_session, login)
    user = User(login=login, display_name=(display_name or login)[:100],
                password_hash=password_hash or hash_password(password),
                role=role, enterprise_id=enterprise_id, status=UserStatus.PENDING, failed_logins=0)
    db_session.add(user)
    db_session.flush()
    _activate(db_session, user)  # create_api_key checks the role/enterprise pairing
    db_session.flush()
    return user


def register(*, db_session: Session, data: Registration) -> User:
    """Self-registration of an SME or a chain leader: pending until an operator approves it."""
    login = normalise_login(data.login)
    check_password(data.password)
    _ensure_login_free(db_session, login)
    user = User(login=login, display_name=data.contact_person, password_hash=_hasher.hash(data.password),
                role=ApiRole(data.role.value), status=UserStatus.PENDING, failed_logins=0,
                application=data.model_dump(mode="json", exclude={"password", "login"}))
    db_session.add(user)
    db_session.flush()
    return user


def pending_users(*, db_session: Session, principal: Principal) -> list[User]:
    access.ensure_operator(principal, "审核注册")
    return list(db_session.scalars(select(User).where(User.status == UserStatus.PENDING).order_by(User.id)))


def list_users(*, db_session: Session, principal: Principal) -> list[User]:
    access.ensure_operator(principal, "查看用户")
    return list(db_session.scalars(select(User).order_by(User.id)))


def _pending(db_session: Session, user_id: int) -> User:
    user = db_session.get(User, user_id)
    if user is None or user.status is not UserStatus.PENDING:
        raise NotFound(f"待审核的注册 {user_id} 不存在 (no such pending registration)")
    return user


def approve(*, db_session: Session, principal: Principal, user_id: int) -> User:
    """Approve a registration: the enterprise with its credit code is created (or the existing one is used) and
    the user becomes active in it."""
    access.ensure_operator(principal, "审核注册")
    user = _pending(db_session, user_id)
    app = user.application or {}
    enterprise = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == app.get("credit_code")))
    if enterprise is None:
        role = EnterpriseRole.CHAIN_LEADER if user.role is ApiRole.CHAIN_LEADER else EnterpriseRole.SME
        enterprise = enterprise_service.create_enterprise(db_session=db_session, principal=principal, data=EnterpriseCreate(
            name=app["name"], credit_code=app["credit_code"], role=role, district=app.get("district"),
            contact_person=app.get("contact_person"), phone=app.get("phone"), email=app.get("email"),
        ))
    user.enterprise_id = enterprise.id
    user.decided_at = utcnow()
    _activate(db_session, user)
    db_session.flush()
    return user


def reject(*, db_session: Session, principal: Principal, user_id: int, note: str | None) -> User:
    access.ensure_operator(principal, "审核注册")
    user = _pending(db_session, user_id)
    user.status = UserStatus.REJECTED
    user.decided_at = utcnow()
    user.decision_note = (note or "").strip()[:500] or None
    db_session.flush()
    return user


# ── signing in ────────────────────────────────────────────────────────────────────────────────────────────────
def authenticate(*, db_session: Session, login: str, password: str, now: datetime | None = None) -> User:
    """The user with this login and password. Counts failures (flushed, so the caller must commit even when this
    raises) and locks the account for ``LOCKOUT`` after ``MAX_FAILED_LOGINS`` in a row."""
    now = now or utcnow()
    user = db_session.scalar(select(User).where(User.login == normalise_login(login)))
    if user is None:
        _verify(_dummy_hash(), password)
        raise LoginFailed()
    if user.locked_until is not None and _aware(user.locked_until) > now:
        raise AccountLocked("连续输错密码次数过多，账号已暂时锁定，请 15 分钟后再试 (account locked)")
    if not _verify(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        db_session.flush()
        raise LoginFailed()
    if user.status is UserStatus.PENDING:
        raise AccountNotActive("账号正在等待运营人员审核 (waiting for approval)")
    if user.status is not UserStatus.ACTIVE:
        raise AccountNotActive("账号未启用 (account is not active)")
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    db_session.flush()
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    # SQLite hands timezone-aware columns back naive (in UTC).
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


@dataclass(frozen=True)
class SignedIn:
    user: User
    session: WebSession


def start_session(*, db_session: Session, user: User, replaces: str | None = None) -> tuple[str, WebSession]:
    """A new session with a fresh random token (never one the browser brought: no session fixation); the session
    the browser had, if any, ends."""
    if replaces:
        end_session(db_session=db_session, token=replaces)
    token = secrets.token_urlsafe(32)
    row = WebSession(token_hash=_token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                     created_at=utcnow(), expires_at=utcnow() + SESSION_LIFETIME)
    db_session.add(row)
    db_session.flush()
    return token, row


def resolve_session(*, db_session: Session, token: str) -> SignedIn | None:
    row = db_session.scalar(select(WebSession).where(WebSession.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= utcnow():
        return None
    user = db_session.get(User, row.user_id)
    if user is None or user.status is not UserStatus.ACTIVE:
        return None
    return SignedIn(user=user, session=row)


def end_session(*, db_session: Session, token: str) -> None:
    db_session.execute(update(WebSession).where(WebSession.token_hash == _token_hash(token),
                                                WebSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def end_all_sessions(*, db_session: Session, user_id: int) -> int:
    """Sign the user out in every browser."""
    result = db_session.execute(update(WebSession).where(WebSession.user_id == user_id,
                                                         WebSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return result.rowcount or 0


# ── invitations ───────────────────────────────────────────────────────────────────────────────────────────────
def create_invitation(*, db_session: Session, principal: Principal, role: ApiRole, enterprise_id: int | None,
                      note: str | None, created_by_user_id: int | None) -> tuple[Invitation, str]:
    """An invitation link's token (shown once). Tenant roles need an existing enterprise."""
    access.ensure_operator(principal, "邀请用户")
    if role in (ApiRole.SME, ApiRole.CHAIN_LEADER):
        if enterprise_id is None or db_session.get(Enterprise, enterprise_id) is None:
            raise ValidationFailed(detail=[field_error("enterprise_id", "请选择企业 (an enterprise is required)")])
    else:
        enterprise_id = None
    token = secrets.token_urlsafe(32)
    invitation = Invitation(token_hash=_token_hash(token), role=role, enterprise_id=enterprise_id,
                            note=(note or "").strip()[:200] or None, created_by_user_id=created_by_user_id,
                            created_at=utcnow(), expires_at=utcnow() + INVITATION_LIFETIME)
    db_session.add(invitation)
    db_session.flush()
    return invitation, token


def open_invitation(*, db_session: Session, token: str) -> Invitation:
    invitation = db_session.scalar(select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or invitation.used_at is not None or _aware(invitation.expires_at) <= utcnow():
        raise NotFound("邀请链接无效或已过期 (invitation not found or expired)")
    return invitation


def accept_invitation(*, db_session: Session, token: str, login: str, password: str, display_name: str) -> User:
    invitation = open_invitation(db_session=db_session, token=token)
    user = create_user(db_session=db_session, login=login, password=password, role=invitation.role,
                       display_name=display_name, enterprise_id=invitation.enterprise_id)
    invitation.used_at = utcnow()
    invitation.used_by_user_id = user.id
    db_session.flush()
    return user


# ── API keys of one's own enterprise ──────────────────────────────────────────────────────────────────────────
def _identity_key_ids(db_session: Session) -> select:
    return select(User.identity_key_id).where(User.identity_key_id.is_not(None))


def list_keys(*, db_session: Session, principal: Principal) -> list[ApiKey]:
    """The machine keys the principal manages (users' identity keys are not listed: they are not keys)."""
    statement = select(ApiKey).where(ApiKey.id.not_in(_identity_key_ids(db_session)), access.key_filter(principal))
    return list(db_session.scalars(statement.order_by(ApiKey.id.desc())))


def create_key(*, db_session: Session, principal: Principal, label: str | None) -> tuple[ApiKey, str]:
    access.ensure_can_create_key(principal)
    return create_api_key(db_session=db_session, role=principal.role, enterprise_id=principal.enterprise_id,
                          label=(label or "").strip()[:100] or None)


def revoke_key(*, db_session: Session, principal: Principal, key_id: int) -> ApiKey:
    key = db_session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.id.not_in(_identity_key_ids(db_session)),
                                                 access.key_filter(principal)))
    if key is None:
        raise access.not_found("API 密钥", key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db_session.flush()
    return key


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def set_password(*, db_session: Session, user: User, password: str, password_hash: str | None = None) -> None:
    check_password(password)
    user.password_hash = password_hash or hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    db_session.flush()


DEMO_LOGINS = {ApiRole.OPERATOR: "operator@demo.cn", ApiRole.CHAIN_LEADER: "leader@demo.cn",
               ApiRole.SME: "sme@demo.cn", ApiRole.ORGANIZER: "organizer@demo.cn"}


class DemoPasswords:
    """A fresh random password per demo account, hashed in background threads from the moment this is made.

    Hashing costs about 0.2 s of a core per password (argon2, on purpose). The C code releases the GIL, so
    ``chainmatch demo`` makes these first and the four hashes are done on the other core while it migrates the
    database and imports the lists, instead of one after the other at the end."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.passwords = {role: secrets.token_urlsafe(9) for role in DEMO_LOGINS}
        pool = ThreadPoolExecutor(max_workers=len(DEMO_LOGINS), thread_name_prefix="demo-password")
        self._hashes = {role: pool.submit(hash_password, password) for role, password in self.passwords.items()}
        pool.shutdown(wait=False)  # the threads finish the hashes and end

    def hash_of(self, role: ApiRole) -> str:
        return self._hashes[role].result()


def ensure_demo_accounts(*, db_session: Session, passwords: DemoPasswords | None = None) -> list[tuple[User, str]]:
    """One account per role for the demo, each with a fresh random password (returned, to be printed once): the
    chain leader with the most demand items, the SME with the most supply items."""
    from sqlalchemy import func

    from app.models import DemandItem, SupplyItem

    def busiest(model) -> int | None:
        return db_session.scalar(select(model.enterprise_id).group_by(model.enterprise_id)
                                 .order_by(func.count().desc(), model.enterprise_id).limit(1))

    owners = {ApiRole.OPERATOR: None, ApiRole.CHAIN_LEADER: busiest(DemandItem), ApiRole.SME: busiest(SupplyItem),
              ApiRole.ORGANIZER: None}
    passwords = passwords or DemoPasswords()
    out = []
    for role, login in DEMO_LOGINS.items():
        if role in (ApiRole.CHAIN_LEADER, ApiRole.SME) and owners[role] is None:
            continue
        password, password_hash = passwords.passwords[role], passwords.hash_of(role)
        user = db_session.scalar(select(User).where(User.login == login))
        if user is None:
            user = create_user(db_session=db_session, login=login, password=password, role=role,
                               display_name=f"演示{role.label}", enterprise_id=owners[role],
                               password_hash=password_hash)
        else:
            set_password(db_session=db_session, user=user, password=password, password_hash=password_hash)
        out.append((user, password))
    return out
