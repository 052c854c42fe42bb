"""``chainmatch import supply|demand FILE``: import a list from the command line, with progress on stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from app.services.imports import ImportInvalid, ImportResult

# ListKind's values; spelled out so that a wrong database or file is reported before the import machinery loads.
LIST_KINDS = ("supply", "demand")

LISTED_ERRORS = 50
_STAGES = {"read": "读取", "validate": "校验", "write": "写入"}


class _Progress:
    """Turns the service's progress callbacks into one click progress bar per stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage: str | None = None
        self.bar: Any = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            if total is None:
                click.echo(f"正在{_STAGES.get(stage, stage)}…", err=True)
            else:
                self.bar = click.progressbar(length=total, label=f"{_STAGES.get(stage, stage)}", file=sys.stderr,
                                             show_pos=True, show_percent=True)
                self.bar.__enter__()
                self.shown = 0
        if self.bar is not None and total is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        self.stage = None


@click.command("import", help="导入清单：chainmatch import supply|demand 文件（.xlsx 或 UTF-8/GBK CSV）")
@click.argument("kind", type=click.Choice(LIST_KINDS), metavar="supply|demand")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只校验，不写入数据库")
@click.option("--errors-xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="有错误时，把标出错误单元格的工作簿写到这个文件")
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认：在终端中显示）")
def import_command(kind: str, file: Path, dry_run: bool, errors_xlsx: Path | None, progress: bool | None) -> None:
    from app.cli.database import open_database
    from app.core.config import get_settings

    settings = get_settings()
    engine = open_database(settings)

    from app.core.db import create_session_factory, finish
    from app.core.errors import ChainmatchError
    from app.services.imports import ImportInvalid, ListKind, annotate_workbook, import_list

    list_kind = ListKind(kind)
    content = file.read_bytes()
    reporter = _Progress(sys.stderr.isatty() if progress is None else progress)
    session = create_session_factory(engine)()
    try:
        result = import_list(db_session=session, kind=list_kind, content=content, settings=settings,
                             filename=file.name, dry_run=dry_run, progress=reporter)
        finish(session)
    except ImportInvalid as exc:
        session.rollback()
        reporter.close()
        _print_errors(exc)
        if errors_xlsx is not None:
            errors_xlsx.write_bytes(annotate_workbook(content, exc.sheet, [*exc.issues, *exc.warnings],
                                                      sheet_name=list_kind.sheet_name, header_row=exc.header_row))
            click.echo(f"已写出标注错误的工作簿：{errors_xlsx}", err=True)
        sys.exit(1)
    except ChainmatchError as exc:
        session.rollback()
        reporter.close()
        click.echo(f"导入失败：{exc.message}", err=True)
        sys.exit(1)
    finally:
        session.close()
        engine.dispose()
    reporter.close()
    _print_summary(result)


def _print_errors(exc: ImportInvalid) -> None:
    click.echo(f"导入失败：发现 {exc.error_count} 处错误，未写入任何数据。", err=True)
    for issue in exc.issues[:LISTED_ERRORS]:
        value = "" if issue.value in (None, "") else f"「{issue.value}」"
        click.echo(f"  {issue.location} {value}：{issue.reason}", err=True)
    if exc.error_count > LISTED_ERRORS:
        click.echo(f"  …… 另有 {exc.error_count - LISTED_ERRORS} 处错误未列出（用 --errors-xlsx 导出全部）", err=True)
    for issue in exc.warnings[:10]:
        click.echo(f"  提示 {issue.location}：{issue.reason}", err=True)


def _print_summary(result: ImportResult) -> None:
    verb = "校验通过（试运行，未写入）" if result.dry_run else "导入完成"
    rate = result.rows_imported / result.elapsed_seconds if result.elapsed_seconds else 0
    click.echo(f"{verb}：{result.filename}（工作表“{result.sheet}”，{result.source_format.upper()}"
               + (f"，编码 {result.encoding}" if result.encoding else "") + "）")
    click.echo(f"  数据行 {result.rows_total} 行，导入 {result.rows_imported} 行，跳过 {result.rows_skipped} 行")
    click.echo(f"  企业：新增 {result.enterprises_created} 家，更新 {result.enterprises_updated} 家，"
               f"未变 {result.enterprises_unchanged} 家")
    click.echo(f"  条目：新增 {result.items_created} 条，更新 {result.items_updated} 条，未变 {result.items_unchanged} 条")
    if len(result.sheets) > 1:
        for sheet in result.sheets:
            click.echo(f"    工作表“{sheet.name}”：导入 {sheet.rows_imported} 行（新增 {sheet.items_created}，"
                       f"更新 {sheet.items_updated}，未变 {sheet.items_unchanged}），跳过 {sheet.rows_skipped} 行")
    for skipped in result.skipped_sheets:
        click.echo(f"  未导入工作表“{skipped.name}”：{skipped.reason}")
    click.echo(f"  用时 {result.elapsed_seconds:.1f} 秒（{rate:,.0f} 行/秒）")
    for issue in result.warnings[:20]:
        click.echo(f"  提示 {issue.location}：{issue.reason}")
    if len(result.warnings) > 20:
        click.echo(f"  …… 另有 {len(result.warnings) - 20} 条提示")
