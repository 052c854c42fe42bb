"""List import: upload a supply or demand list (XLSX or CSV), get a report or the workbook with errors marked;
download the Chinese templates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response

from app.api.deps import CurrentPrincipal, SettingsDep
from app.api.downloads import attachment
from app.core import metrics
from app.core.db import SessionDep
from app.core.errors import PayloadTooLarge
from app.schemas.imports import ImportErrorBody, ImportReport
from app.services.imports import (
    XLSX_MEDIA_TYPE,
    ImportInvalid,
    ListKind,
    annotate_import,
    ascii_filename,
    build_template,
    import_list,
    template_filename,
)
from app.services.notifications.notices import record_failed_import

router = APIRouter(prefix="/imports", tags=["imports 清单导入"])

_ERRORS = {
    403: {"description": "该角色不能导入此清单（链主企业只能导入本企业需求清单，中小企业只能导入本企业供给清单）"},
    413: {"description": "文件或行数超过上限 (import_max_bytes / import_max_rows)"},
    422: {"model": ImportErrorBody, "description": "文件有错误，未写入任何数据（error = import_invalid）"},
}
UploadedList = Annotated[UploadFile, File(description="清单文件：.xlsx，或 UTF-8 / GBK / GB18030 编码的 .csv")]


def _read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    # Read one byte past the cap: enough to know the file is too large without holding all of it.
    content = upload.file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise PayloadTooLarge(
            f"文件超过上限 {max_bytes / 1048576:.1f} MB，请拆分后分批导入 (file exceeds {max_bytes} bytes)",
            detail={"max_bytes": max_bytes},
        )
    return content


def _attachment(filename: str, fallback: str) -> dict[str, str]:
    return attachment(filename, fallback=fallback)


@router.get(
    "/templates/{kind}.xlsx",
    summary="下载导入模板",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "中文导入模板（含填写说明工作表）"}},
)
def download_template(kind: ListKind) -> Response:
    """The Chinese template of the list: headers (required ones marked *), an example row, drop-down lists for
    类别/规模/状态, and a 填写说明 sheet explaining each column. Public: it holds no data."""
    headers = _attachment(template_filename(kind), fallback=ascii_filename(kind))
    return Response(build_template(kind), media_type=XLSX_MEDIA_TYPE, headers=headers)


@router.post("/{kind}", response_model=ImportReport, summary="导入清单", responses=_ERRORS)
def upload_list(
    kind: ListKind,
    file: UploadedList,
    db_session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    dry_run: Annotated[bool, Query(description="只校验不写入")] = False,
) -> ImportReport:
    """Import a whole list in one transaction: every row is validated, any error writes nothing and answers
    422 listing every problem (sheet, row, column, value, reason). Re-uploading a corrected list updates the
    same items in place. Operators import any list; a chain leader only its own demand list; an SME only its
    own supply list."""
    content = _read_upload(file, settings.import_max_bytes)
    try:
        result = import_list(
            db_session=db_session, kind=kind, content=content, settings=settings, filename=file.filename,
            principal=principal, dry_run=dry_run,
        )
    except ImportInvalid as invalid:
        metrics.record_invalid_import(kind=kind.value, error_count=invalid.error_count)
        if not dry_run and principal.enterprise_id is not None:
            record_failed_import(db_session, enterprise_id=principal.enterprise_id, kind_label=kind.title,
                                 file_name=file.filename, error_count=invalid.error_count)
        raise
    metrics.record_import(kind=kind.value, rows_imported=result.rows_imported, rows_skipped=result.rows_skipped,
                          dry_run=result.dry_run)
    return ImportReport.model_validate(result)


@router.post(
    "/{kind}/annotated",
    summary="校验清单并返回标注错误的工作簿",
    response_class=Response,
    responses={
        200: {
            "content": {XLSX_MEDIA_TYPE: {}},
            "description": "上传的工作簿（CSV 转为 XLSX），错误单元格标红并附批注，首个工作表“导入错误”列出全部问题；"
                           "响应头 X-Import-Error-Count 为错误数",
        },
        **{code: _ERRORS[code] for code in (403, 413)},
    },
)
def annotate_list(
    kind: ListKind,
    file: UploadedList,
    db_session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> Response:
    """Validate like a dry run (nothing is written) and return the workbook with the bad cells marked."""
    content = _read_upload(file, settings.import_max_bytes)
    workbook, error_count = annotate_import(
        db_session=db_session, kind=kind, content=content, settings=settings, filename=file.filename,
        principal=principal,
    )
    stem = (file.filename or kind.title).rsplit(".", 1)[0]
    headers = {**_attachment(f"{stem}_校验结果.xlsx", fallback=f"chainmatch_{kind.value}_checked.xlsx"),
               "X-Import-Error-Count": str(error_count)}
    return Response(workbook, media_type=XLSX_MEDIA_TYPE, headers=headers)
