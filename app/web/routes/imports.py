"""The list upload shared by the SME (supply) and chain-leader (demand) pages: import, show every bad cell
(row, column, value, reason), and give the workbook with the problems marked."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.core.errors import PayloadTooLarge
from app.services.imports import (
    XLSX_MEDIA_TYPE,
    ImportInvalid,
    ListKind,
    annotate_import,
    build_template,
    import_list,
    template_filename,
)
from app.web.security import WebUser
from app.web.templating import render


def _content(request: Request, upload: UploadFile) -> bytes:
    max_bytes = request.app.state.settings.import_max_bytes
    content = upload.file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise PayloadTooLarge(f"文件超过上限 {max_bytes / 1048576:.1f} MB，请拆分后分批导入")
    return content


def run_import(request: Request, db_session: Session, web: WebUser, upload: UploadFile, kind: ListKind, *,
               base: str) -> Response:
    content = _content(request, upload)
    context = {"kind": kind, "base": base, "result": None, "invalid": None, "filename": upload.filename}
    status_code = 200
    try:
        context["result"] = import_list(db_session=db_session, kind=kind, content=content,
                                        settings=request.app.state.settings, filename=upload.filename,
                                        principal=web.principal)
    except ImportInvalid as exc:
        # Nothing was written (the import is all or nothing); the page lists each bad cell.
        context["invalid"] = exc
        status_code = 422
    template = "imports/_report.html" if request.headers.get("HX-Request") == "true" else "imports/upload.html"
    return render(request, template, context, status_code=status_code)


def annotated_download(request: Request, db_session: Session, web: WebUser, upload: UploadFile,
                       kind: ListKind) -> Response:
    content = _content(request, upload)
    workbook, errors = annotate_import(db_session=db_session, kind=kind, content=content,
                                       settings=request.app.state.settings, filename=upload.filename,
                                       principal=web.principal)
    name = f"{kind.sheet_name}_标注.xlsx"
    return Response(workbook, media_type=XLSX_MEDIA_TYPE, headers={
        "Content-Disposition": f"attachment; filename=\"annotated.xlsx\"; filename*=UTF-8''{quote(name)}",
        "X-Import-Error-Count": str(errors)})


def template_download(kind: ListKind) -> Response:
    name = template_filename(kind)
    return Response(build_template(kind), media_type=XLSX_MEDIA_TYPE, headers={
        "Content-Disposition": f"attachment; filename=\"template.xlsx\"; filename*=UTF-8''{quote(name)}"})
