"""``chainmatch demo``: migrate, load the bundled demo lists once, print an operator key, serve."""

from __future__ import annotations

import click

from app.cli.serve import run_server
from app.core import migrate
from app.core.config import get_settings
from app.core.db import create_db_engine, create_session_factory
from app.models import ApiRole
from app.services.auth import create_api_key
from app.services.demo import load_demo_lists
from app.services.users import ensure_demo_accounts


@click.command("demo", help="演示：迁移数据库、导入内置演示清单（仅首次）、打印运营人员密钥并启动服务")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="只准备数据和密钥，不启动服务")
def demo_command(host: str, port: int, no_serve: bool) -> None:
    settings = get_settings()
    click.echo(f"数据库：{settings.database_url}")
    migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings)
    session = create_session_factory(engine)()
    try:
        outcome = load_demo_lists(db_session=session, settings=settings)
        _, secret = create_api_key(db_session=session, role=ApiRole.OPERATOR, label="demo")
        accounts = [(user.login, user.role.label, password)
                    for user, password in ensure_demo_accounts(db_session=session)]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        engine.dispose()

    if outcome.loaded:
        for result in outcome.results:
            click.echo(f"已导入{result.kind.title}：企业新增 {result.enterprises_created} 家，"
                       f"条目新增 {result.items_created} 条")
    else:
        click.echo("数据库中已有清单数据，跳过演示数据导入（不会重复导入）。")
    base = f"http://{host}:{port}"
    click.echo(f"网页入口：{base}/login    接口文档：{base}/docs")
    click.echo("演示账号（密码每次运行 demo 时重新生成）：")
    for login, role_label, password in accounts:
        click.echo(f"  {role_label}：{login}  密码 {password}")
    click.echo("运营人员 API 密钥（在 /docs 点击 Authorize 粘贴；只显示这一次）：")
    click.echo(secret)
    if not no_serve:
        run_server(host=host, port=port)
