"""``chainmatch demo``: migrate, load the bundled demo lists once, print an operator key, serve — saying on screen
what it is doing until the service is ready."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import click

# The demo lists are far below matching.index.UNCOMPILED_MAX_ROWS, so with CHAINMATCH_MATCHING_SEARCH=auto (the
# default) the engine searches them uncompiled and nothing is compiled. When the compiled search is asked for, its
# compiling (10–20 s of one core the first time a machine runs it, then cached) is started in a process of its own
# at once, so that it runs on the second core while this one migrates and loads the lists. (The same call the
# Dockerfile makes at build time.)
COMPILE_SEARCH = "from matching.kernels import compile_all; compile_all()"
# How often the demo says it is still building while the service is not ready.
STILL_BUILDING_EVERY = 5.0


@click.command("demo", help="演示：迁移数据库、导入内置演示清单（仅首次）、打印运营人员密钥并启动服务")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="只准备数据和密钥，不启动服务")
@click.option("--with-worker", is_flag=True, help="同时启动通知工作进程：新匹配进入站内消息，并按设置发送邮件和推送")
def demo_command(host: str, port: int, no_serve: bool, with_worker: bool) -> None:
    started = time.monotonic()
    # A person reads the demo's terminal: plain log lines unless CHAINMATCH_LOG_JSON says otherwise.
    os.environ.setdefault("CHAINMATCH_LOG_JSON", "false")
    from app.core.config import get_settings

    settings = get_settings()
    compiling = None
    if not no_serve and settings.matching_search == "compiled":
        compiling = subprocess.Popen([sys.executable, "-c", COMPILE_SEARCH], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)

    click.echo("正在载入程序…")
    from app.services.users import DemoPasswords, ensure_demo_accounts

    passwords = DemoPasswords()  # hashed on the other core while this one loads, migrates and imports

    from app.cli.database import cli_session
    from app.cli.serve import run_server
    from app.core import migrate
    from app.core.db import create_db_engine, create_session_factory
    from app.models import ApiRole
    from app.services.auth import create_api_key
    from app.services.demo import load_demo_lists

    click.echo(f"数据库：{settings.database_url}")
    click.echo("正在迁移数据库…")
    migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings)
    try:
        with cli_session(create_session_factory(engine)) as session:
            click.echo("正在导入演示清单（仅首次）…")
            outcome = load_demo_lists(db_session=session, settings=settings)
            _, secret = create_api_key(db_session=session, role=ApiRole.OPERATOR, label="demo")
            accounts = [(user.login, user.role.label, password)
                        for user, password in ensure_demo_accounts(db_session=session, passwords=passwords)]
    finally:
        engine.dispose()

    if outcome.loaded:
        for result in outcome.results:
            click.echo(f"已导入{result.kind.title}：企业新增 {result.enterprises_created} 家，"
                       f"条目新增 {result.items_created} 条")
        click.echo(f"已导入替代型号对照：{outcome.cross_references} 行（国产替代演示）")
    else:
        click.echo("数据库中已有清单数据，跳过演示数据导入（不会重复导入）。")
    base = f"http://{host}:{port}"
    click.echo(f"网页入口：{base}/login    接口文档：{base}/docs")
    click.echo("演示账号（密码每次运行 demo 时重新生成）：")
    for login, role_label, password in accounts:
        click.echo(f"  {role_label}：{login}  密码 {password}")
    click.echo("运营人员 API 密钥（在 /docs 点击 Authorize 粘贴；只显示这一次）：")
    click.echo(secret)
    if no_serve:
        return
    if compiling is not None and compiling.poll() is None:
        click.echo("正在编译匹配引擎的检索程序（本机首次运行，之后会直接使用缓存）…")
        compiling.wait()
    click.echo("正在启动服务，正在建立匹配索引…（就绪之前 /health 返回 503，请稍候）")
    probe_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    threading.Thread(target=_report_readiness, args=(f"http://{probe_host}:{port}/health", base, started),
                     daemon=True, name="chainmatch-demo-readiness").start()
    if not with_worker:
        run_server(host=host, port=port)
        return
    from app.cli.worker import end_worker, spawn_worker

    click.echo("正在启动通知工作进程（新匹配会出现在各企业的「消息」中）…")
    notifier = spawn_worker()
    try:
        run_server(host=host, port=port)
    finally:
        end_worker(notifier)


def _report_readiness(health_url: str, base: str, started: float) -> None:
    """Say when the service answers /health 200, and every few seconds until then that it is still building."""
    import urllib.error
    import urllib.request

    said = time.monotonic()
    while True:
        try:
            with urllib.request.urlopen(health_url, timeout=2) as answer:  # noqa: S310 - our own loopback URL
                if answer.status == 200:
                    click.echo(f"匹配索引已建立，服务已就绪（启动用时 {time.monotonic() - started:.0f} 秒）：{base}/login")
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() - said >= STILL_BUILDING_EVERY:
            said = time.monotonic()
            click.echo(f"仍在建立匹配索引…（已 {said - started:.0f} 秒）")
        time.sleep(0.25)
