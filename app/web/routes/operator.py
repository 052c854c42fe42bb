"""Operator pages: the registration queue, the reports as tables and a chart, users and invitations, the
audit log with filters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ChainmatchError
from app.models import ApiRole
from app.services import audit as audit_service
from app.services import reports as report_service
from app.services import substitution_report
from app.services import users as user_service
from app.services.enterprises import EnterpriseFilters, list_enterprises
from app.services.listing import PageRequest
from app.web.charts import grouped_bars
from app.web.routes import FormData, text
from app.web.security import OperatorUser
from app.web.templating import form_errors, render

router = APIRouter(prefix="/operator", include_in_schema=False)
INVITABLE = (ApiRole.SME, ApiRole.CHAIN_LEADER, ApiRole.ORGANIZER, ApiRole.OPERATOR)


@router.get("")
def queue(request: Request, db_session: SessionDep, web: OperatorUser) -> Response:
    pending = user_service.pending_users(db_session=db_session, principal=web.principal)
    return render(request, "operator/queue.html", {"pending": pending})


@router.post("/registrations/{user_id}/approve")
def approve(request: Request, user_id: int, db_session: SessionDep, web: OperatorUser) -> Response:
    user_service.approve(db_session=db_session, principal=web.principal, user_id=user_id)
    return RedirectResponse("/operator", status_code=303)


@router.post("/registrations/{user_id}/reject")
def reject(request: Request, user_id: int, db_session: SessionDep, web: OperatorUser, form: FormData) -> Response:
    user_service.reject(db_session=db_session, principal=web.principal, user_id=user_id, note=text(form, "note"))
    return RedirectResponse("/operator", status_code=303)


@router.get("/reports")
def reports(request: Request, db_session: SessionDep, web: OperatorUser, period: str | None = None) -> Response:
    period = (period or "").strip()[:40] or None
    try:
        chosen = report_service.parse_period(period, None, None)
        error = None
    except ChainmatchError as exc:  # a period typed by hand: say so on the page, show all time
        reasons = [d.get("reason") for d in exc.detail or [] if isinstance(d, dict) and d.get("reason")]
        chosen, error = report_service.parse_period(None, None, None), "；".join(reasons) or exc.message
    report = report_service.summary(db_session=db_session, period=chosen)
    chart = grouped_bars(
        [(row.name, (row.open_demand_items, row.matched_demand_items, row.intent, row.onboarded))
         for row in report.by_chain],
        series=("开放需求", "有达标推荐", "意向", "入链"), title="各产业链：开放需求、匹配、意向与入链",
        chart_id="chains")
    trend = grouped_bars(
        [(month.month, (month.new_demand_items, month.shortlisted, month.intent, month.onboarded))
         for month in report.trend],
        series=("新增需求", "入围", "意向", "入链"), title="按月趋势：新增需求与进入各阶段的对数", chart_id="trend")
    return render(request, "operator/reports.html", {"report": report, "chart": chart, "trend": trend,
                                                    "period": period or "", "period_error": error})


@router.get("/substitution")
def substitution(request: Request, db_session: SessionDep, web: OperatorUser, period: str | None = None) -> Response:
    """国产替代进展: the API's report (``/api/v1/reports/substitution``) as tables."""
    period = (period or "").strip()[:40] or None
    try:
        chosen = report_service.parse_period(period, None, None)
        error = None
    except ChainmatchError as exc:
        reasons = [d.get("reason") for d in exc.detail or [] if isinstance(d, dict) and d.get("reason")]
        chosen, error = report_service.parse_period(None, None, None), "；".join(reasons) or exc.message
    report = substitution_report.substitution_report(db_session=db_session, period=chosen)
    return render(request, "operator/substitution.html", {"report": report, "period": period or "",
                                                         "period_error": error})


def _users_page(request: Request, db_session: SessionDep, web: OperatorUser, *, link: str | None = None,
                errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    users = user_service.list_users(db_session=db_session, principal=web.principal)
    enterprises, _total = list_enterprises(db_session=db_session, principal=web.principal, filters=EnterpriseFilters(),
                                           page=PageRequest(limit=500), sort="name")
    names = {e.id: e.name for e in enterprises}
    return render(request, "operator/users.html", {"users": users, "enterprises": enterprises, "names": names,
                                                  "roles": INVITABLE, "link": link, "errors": errors or {}},
                  status_code=status_code)


@router.get("/users")
def users(request: Request, db_session: SessionDep, web: OperatorUser) -> Response:
    return _users_page(request, db_session, web)


@router.post("/invitations")
def invite(request: Request, db_session: SessionDep, web: OperatorUser, form: FormData) -> Response:
    try:
        role = ApiRole(text(form, "role") or "")
        enterprise = text(form, "enterprise_id")
        _invitation, token = user_service.create_invitation(
            db_session=db_session, principal=web.principal, role=role,
            enterprise_id=int(enterprise) if enterprise and enterprise.isdigit() else None, note=text(form, "note"),
            created_by_user_id=web.user_id)
    except (ValueError, ChainmatchError) as exc:
        errors = form_errors(exc) if isinstance(exc, ChainmatchError) else {"role": "请选择角色"}
        return _users_page(request, db_session, web, errors=errors, status_code=422)
    return _users_page(request, db_session, web, link=str(request.base_url).rstrip("/") + f"/invite/{token}",
                       status_code=201)


@router.get("/audit")
def audit(request: Request, db_session: SessionDep, web: OperatorUser, table: str | None = None,
          row_id: str | None = None, actor_key_id: str | None = None, offset: int = 0) -> Response:
    key = int(actor_key_id) if actor_key_id and actor_key_id.isdigit() else None
    entries, total = audit_service.list_entries(db_session=db_session, page=PageRequest(limit=100, offset=max(offset, 0)),
                                                table=(table or None) and table[:64],
                                                row_id=(row_id or None) and row_id[:64], actor_key_id=key)
    return render(request, "operator/audit.html", {"entries": entries, "total": total, "table": table or "",
                                                  "row_id": row_id or "", "actor_key_id": actor_key_id or "",
                                                  "offset": offset})
