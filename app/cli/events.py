"""``chainmatch event``: export an event's shortlists or schedule (PDF / XLSX) and solve its schedule from the
command line, as an operator would through the API."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.database import migrated_session
from app.cli.keys import _fail
from app.core.errors import ChainmatchError
from app.models import ApiRole
from app.services.auth import Principal
from app.services.events import schedule as events_schedule
from app.services.events import shortlists as events_shortlists
from app.services.events.exports import EXPORT_FORMATS

# The command line runs with the database's own rights: an operator without a key.
_CLI = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)


@click.group("event", help="对接活动：导出推荐清单和洽谈日程、排定日程 (matchmaking events)")
def event_command() -> None:
    pass


@event_command.command("export", help="导出推荐清单或洽谈日程（PDF 或 XLSX）")
@click.argument("event_id", type=int)
@click.option("--what", type=click.Choice(["shortlists", "schedule"]), default="shortlists", show_default=True,
              help="shortlists 推荐清单 / schedule 洽谈日程")
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default=None,
              help="缺省按输出文件扩展名")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出文件")
def export_command(event_id: int, what: str, fmt: str | None, output: Path) -> None:
    fmt = fmt or output.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise click.BadParameter("请用 --format pdf|xlsx 或以 .pdf / .xlsx 结尾的文件名", param_hint="--format")
    with migrated_session() as session:
        try:
            if what == "shortlists":
                pack = events_shortlists.shortlist_pack(db_session=session, principal=_CLI, event_id=event_id)
                content = EXPORT_FORMATS[fmt].render(pack)
                rows = sum(len(e.suppliers) for leader in pack.leaders for e in leader.entries)
                summary = f"{len(pack.leaders)} 家链主企业，{rows} 条推荐"
            else:
                pack = events_schedule.schedule_pack(db_session=session, principal=_CLI, event_id=event_id)
                content = EXPORT_FORMATS[fmt].render(pack)
                summary = f"{len(pack.meetings)} 场洽谈，{len(pack.tables)} 张洽谈桌，{len(pack.slots)} 个时段"
        except ChainmatchError as exc:
            raise _fail(exc) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    click.echo(f"已导出「{pack.event.name}」{'推荐清单' if what == 'shortlists' else '洽谈日程'}：{summary} → {output}")


@event_command.command("schedule", help="排定一对一洽谈（按当前推荐清单、申请和置顶）")
@click.argument("event_id", type=int)
@click.option("--time-limit", type=float, default=8.0, show_default=True, help="求解时间上限（秒）")
def schedule_command(event_id: int, time_limit: float) -> None:
    with migrated_session() as session:
        try:
            event = events_schedule.solve_schedule(db_session=session, principal=_CLI, event_id=event_id,
                                                   time_limit=time_limit)
        except ChainmatchError as exc:
            raise _fail(exc) from None
        stats = event.schedule_stats or {}
    click.echo(f"已排定 {stats.get('meetings', 0)} 场洽谈，总匹配分 {stats.get('total_score', 0):.2f}，"
               f"上界 {stats.get('upper_bound', 0):.2f}，差距 {stats.get('gap', 0):.2%}，"
               f"用时 {stats.get('seconds', 0):.2f} 秒（{stats.get('method', '')}）")
