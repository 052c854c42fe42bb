"""``chainmatch keys``: create, list and revoke API keys. The secret of a new key is printed once, alone on
the last line, so scripts can take it with ``tail -n 1``."""

from __future__ import annotations

import click
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.cli.database import migrated_session
from app.core.errors import ChainmatchError
from app.models import ApiKey, ApiRole, Enterprise
from app.schemas.validators import normalise_credit_code
from app.services.auth import create_api_key, revoke_api_key


def _fail(exc: ChainmatchError) -> click.ClickException:
    reasons = "; ".join(f"{d.get('field')}: {d.get('reason')}" for d in exc.detail or [] if isinstance(d, dict))
    return click.ClickException(f"{exc.message}" + (f" — {reasons}" if reasons else ""))


def _find_enterprise(session: Session, ref: str) -> Enterprise:
    conditions = [Enterprise.id == int(ref)] if ref.isdigit() else []
    try:
        conditions.append(Enterprise.credit_code == normalise_credit_code(ref))
    except ValueError:
        pass
    enterprise = session.scalar(select(Enterprise).where(or_(*conditions))) if conditions else None
    if enterprise is None:
        raise click.ClickException(f"找不到企业「{ref}」（请使用企业编号或统一社会信用代码） (enterprise not found)")
    return enterprise


@click.group("keys", help="管理 API 密钥 (manage API keys)")
def keys_command() -> None:
    pass


@keys_command.command("create", help="新建密钥；密钥只显示一次，单独打印在最后一行")
@click.option("--role", required=True, type=click.Choice([r.value for r in ApiRole]),
              help="operator 运营人员 / chain_leader 链主企业 / sme 中小企业")
@click.option("--enterprise", "enterprise_ref", default=None,
              help="链主企业或中小企业密钥所属企业：编号或统一社会信用代码")
@click.option("--label", default=None, help="备注，如使用者姓名")
def create_key_command(role: str, enterprise_ref: str | None, label: str | None) -> None:
    api_role = ApiRole(role)
    with migrated_session() as session:
        enterprise = _find_enterprise(session, enterprise_ref) if enterprise_ref else None
        try:
            key, secret = create_api_key(db_session=session, role=api_role,
                                         enterprise_id=enterprise.id if enterprise else None, label=label)
        except ChainmatchError as exc:
            raise _fail(exc) from None
        owner = f"，企业：{enterprise.name}（编号 {enterprise.id}）" if enterprise else ""
        click.echo(f"已创建密钥 {key.id}（角色：{api_role.label}{owner}）。请妥善保存，密钥不会再次显示：")
    click.echo(secret)


@keys_command.command("list", help="列出密钥（不显示密钥本身）")
@click.option("--all", "show_all", is_flag=True, help="包括已吊销的密钥")
def list_keys_command(show_all: bool) -> None:
    with migrated_session() as session:
        statement = select(ApiKey, Enterprise.name).outerjoin(Enterprise, ApiKey.enterprise_id == Enterprise.id)
        if not show_all:
            statement = statement.where(ApiKey.revoked_at.is_(None))
        rows = session.execute(statement.order_by(ApiKey.id)).all()
        if not rows:
            click.echo("没有密钥 (no keys)")
            return
        click.echo("编号\t前缀\t角色\t企业\t备注\t创建时间\t状态")
        for key, enterprise_name in rows:
            state = f"已吊销 {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "有效"
            click.echo("\t".join([
                str(key.id), f"{key.prefix}…", key.role.label,
                f"{enterprise_name}({key.enterprise_id})" if key.enterprise_id else "-",
                key.label or "-", f"{key.created_at:%Y-%m-%d %H:%M}", state,
            ]))


@keys_command.command("revoke", help="吊销密钥（按编号）")
@click.argument("key_id", type=int)
def revoke_key_command(key_id: int) -> None:
    with migrated_session() as session:
        key = session.get(ApiKey, key_id)
        if key is not None and key.revoked_at is not None:
            click.echo(f"密钥 {key_id} 已于 {key.revoked_at:%Y-%m-%d %H:%M} 吊销 (already revoked)")
            return
        try:
            revoke_api_key(db_session=session, key_id=key_id)
        except ChainmatchError:
            raise click.ClickException(f"密钥 {key_id} 不存在 (no such key)") from None
    click.echo(f"已吊销密钥 {key_id} (revoked)")
