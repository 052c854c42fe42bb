"""Run Alembic from code (CLI, tests, health checks) with the migrations shipped in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_problem(database_url: str) -> str | None:
    """Why the database at ``database_url`` cannot be worked on yet, in words for the person at the terminal; None
    when it exists and its schema is at the head revision. Never creates anything: an SQLite file that does not
    exist is reported, not made (opening it would create an empty one)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from app.core.config import Settings
    from app.core.db import create_db_engine

    url = make_url(database_url)
    where = f"DATABASE_URL={url.render_as_string(hide_password=True)}"
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not url.query.get("uri"):
        path = Path(url.database).resolve()
        if not path.is_file():
            return (f"数据库文件不存在：{path}（{where}）。请在数据库所在的目录运行，或把 DATABASE_URL 指向已有的数据库；"
                    "要新建数据库，请先运行 chainmatch migrate。")
    engine = create_db_engine(Settings(DATABASE_URL=database_url))
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        return f"无法连接数据库（{where}）：{exc.__class__.__name__}。请检查 DATABASE_URL 和数据库服务。"
    finally:
        engine.dispose()
    head = head_revision()
    if current == head:
        return None
    if current is None:
        return f"数据库尚未初始化（{where}）：请先运行 chainmatch migrate。"
    try:
        known = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(current) is not None
    except Exception:  # alembic raises its own errors for an unknown revision id
        known = False
    if known:
        return f"数据库结构版本 {current} 落后于本程序（{head}）（{where}）：请先运行 chainmatch migrate。"
    return f"数据库结构版本 {current} 不是本程序所知的版本（{where}），可能由更新版本的 chainmatch 创建。"
