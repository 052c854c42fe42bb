"""``chainmatch users create``: an active web account (operators, organizers, or a tenant's staff)."""

from __future__ import annotations

import click

from app.cli.database import migrated_session
from app.cli.keys import _find_enterprise
from app.core.errors import ChainmatchError
from app.models import ApiRole
from app.services.users import create_user


@click.group("users", help="网页账号 (web accounts)")
def users_command() -> None:
    pass


@users_command.command("create", help="创建已启用的网页账号；密码交互输入（或 --password-stdin 从标准输入读取）")
@click.option("--login", required=True, help="登录账号（手机号或邮箱）")
@click.option("--role", required=True, type=click.Choice([r.value for r in ApiRole]))
@click.option("--enterprise", "enterprise_ref", default=None, help="企业编号或统一社会信用代码（中小企业、链主企业必填）")
@click.option("--name", "display_name", default=None, help="姓名")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（一行）")
def create_user_command(login: str, role: str, enterprise_ref: str | None, display_name: str | None,
                        password_stdin: bool) -> None:
    if password_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    with migrated_session() as session:
        enterprise = _find_enterprise(session, enterprise_ref) if enterprise_ref else None
        try:
            user = create_user(db_session=session, login=login, password=password, role=ApiRole(role),
                               display_name=display_name, enterprise_id=enterprise.id if enterprise else None)
        except ChainmatchError as exc:
            reasons = "; ".join(f"{d.get('field')}: {d.get('reason')}" for d in exc.detail or [] if isinstance(d, dict))
            raise click.ClickException(f"{exc.message} {reasons}".strip()) from None
        owner = f"，企业：{enterprise.name}" if enterprise else ""
        click.echo(f"已创建账号 {user.login}（{user.role.label}{owner}）")
