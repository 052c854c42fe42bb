"""``chainmatch serve`` and ``chainmatch migrate``."""

from __future__ import annotations

import os
import secrets

import click


@click.command("migrate", help="把数据库迁移到最新版本 (alembic upgrade head)")
@click.option("--revision", default="head", show_default=True)
def migrate_command(revision: str) -> None:
    from app.core import migrate
    from app.core.config import get_settings

    settings = get_settings()
    migrate.upgrade(settings.database_url, revision)
    click.echo(f"数据库已迁移到 {revision}: {settings.database_url}")


@click.command("serve", help="启动 HTTP 服务 (API 文档见 /docs)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--with-worker", is_flag=True, help="同时启动通知工作进程 (chainmatch worker)")
def serve_command(host: str, port: int, workers: int, with_worker: bool) -> None:
    if not with_worker:
        run_server(host=host, port=port, workers=workers)
        return
    from app.cli.worker import end_worker, spawn_worker

    notifier = spawn_worker()
    try:
        run_server(host=host, port=port, workers=workers)
    finally:
        end_worker(notifier)


def run_server(*, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from app.core.config import get_settings

    if workers > 1 and not get_settings().session_secret:
        # Every worker must sign and check session cookies with the same key.
        os.environ["CHAINMATCH_SESSION_SECRET"] = secrets.token_urlsafe(32)
    # By import string: each worker process imports the application factory itself (app.main), and nothing of
    # the command line beyond app.cli's few lines.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)
