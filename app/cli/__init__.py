"""The ``chainmatch`` command. Every sub-command reads DATABASE_URL (default: an SQLite file here).

Sub-commands are imported only when run: ``chainmatch --help`` loads click and this module alone, and a command
loads what it uses. This also keeps uvicorn's worker processes fast to start: each one re-imports the module that
started the server (the ``chainmatch`` script, so this one), and its supervisor kills a worker that does not answer
within 5 s.
"""

from __future__ import annotations

import importlib

import click

# name → (module, attribute, the one line ``chainmatch --help`` shows), in the order --help lists them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("app.cli.demo", "demo_command", "演示：迁移数据库、导入内置演示清单（仅首次）、打印运营人员密钥并启动服务"),
    "serve": ("app.cli.serve", "serve_command", "启动 HTTP 服务 (API 文档见 /docs)"),
    "worker": ("app.cli.worker", "worker_command", "通知工作进程：发现新匹配并投递邮件、Webhook 和群机器人消息"),
    "migrate": ("app.cli.serve", "migrate_command", "把数据库迁移到最新版本 (alembic upgrade head)"),
    "import": ("app.cli.imports", "import_command", "导入清单：chainmatch import supply|demand 文件（.xlsx 或 CSV）"),
    "keys": ("app.cli.keys", "keys_command", "管理 API 密钥 (manage API keys)"),
    "match": ("app.cli.match", "match_command", "批量匹配：为每个开放需求条目计算并保存供应商推荐"),
    "learn": ("app.cli.learn", "learn_command", "从决策记录学习评分权重：交叉验证优于现行权重时才采用"),
    "event": ("app.cli.events", "event_command", "对接活动：导出推荐清单和洽谈日程、排定日程"),
    "users": ("app.cli.users", "users_command", "管理网页账户：创建运营、组织方或企业用户"),
    "eval": ("app.cli.evaluate", "evaluate_command", "在基准数据目录上评测匹配引擎"),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use; --help lists them from :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, attribute, _ = entry
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])


@click.group(cls=LazyGroup, help="chainmatch —— 产业链供需对接服务 (supply–demand matching for industrial chains)")
def main() -> None:
    pass
