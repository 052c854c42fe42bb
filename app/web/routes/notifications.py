"""消息 (the inbox) and 消息订阅 (subscriptions, webhook endpoints, the delivery log) for SMEs and chain leaders, and
the unsubscribe link of every e-mail. Everything goes through the notification services with the signed-in user's
principal: an enterprise sees only its own notices, endpoints and deliveries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ValidationFailed, field_error
from app.models import ApiRole, Channel, DeliveryStatus, WebhookFormat
from app.services.notifications import endpoints as endpoint_service
from app.services.notifications import inbox as inbox_service
from app.services.notifications import subscriptions as subscription_service
from app.web.routes import FormData, text
from app.web.security import OperatorUser, WebUser, check_anonymous_csrf, role_user
from app.web.templating import form_errors, render

router = APIRouter(include_in_schema=False)
TenantUser = Annotated[WebUser, Depends(role_user(ApiRole.SME, ApiRole.CHAIN_LEADER))]
FORMAT_LABELS = {WebhookFormat.STANDARD: "Standard Webhooks（签名 JSON）", WebhookFormat.WECOM: "企业微信群机器人",
                 WebhookFormat.DINGTALK: "钉钉群机器人"}
PAGE_SIZE = 30


@router.get("/account/notifications")
def inbox_page(request: Request, db_session: SessionDep, web: TenantUser, unread: int = 0, page: int = 1) -> Response:
    page = max(1, page)
    rows, total = inbox_service.list_inbox(db_session=db_session, principal=web.principal, unread_only=bool(unread),
                                           limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    count = inbox_service.unread_count(db_session=db_session, principal=web.principal)
    return render(request, "notifications/inbox.html", {"rows": rows, "total": total, "unread_count": count,
                                                       "unread_only": bool(unread), "page": page,
                                                       "pages": max(1, -(-total // PAGE_SIZE))})


@router.get("/account/notifications/count")
def unread_badge(request: Request, db_session: SessionDep, web: TenantUser) -> Response:
    """The header's count, loaded by HTMX after the page, so no page pays for it before it is shown."""
    count = inbox_service.unread_count(db_session=db_session, principal=web.principal)
    return render(request, "notifications/_count.html", {"count": count})


@router.post("/account/notifications/{notification_id}/read")
def mark_read(notification_id: int, db_session: SessionDep, web: TenantUser, form: FormData) -> Response:
    inbox_service.mark_read(db_session=db_session, principal=web.principal, notification_id=notification_id,
                            read=text(form, "read") != "0")
    return RedirectResponse("/account/notifications", status_code=303)


@router.post("/account/notifications/read-all")
def mark_all_read(db_session: SessionDep, web: TenantUser) -> Response:
    inbox_service.mark_all_read(db_session=db_session, principal=web.principal)
    return RedirectResponse("/account/notifications", status_code=303)


def _settings_context(db_session, web: WebUser, **extra: Any) -> dict[str, Any]:
    subs = subscription_service.list_for(db_session=db_session, principal=web.principal)
    kinds = list(dict.fromkeys(s.kind for s in subs))
    by_key = {(s.kind, s.channel): s for s in subs}
    deliveries, _ = inbox_service.deliveries(db_session=db_session, principal=web.principal, limit=20)
    prefs = subscription_service.preferences_for(db_session=db_session, principal=web.principal)
    return {"kinds": kinds, "subs": by_key, "has_email": any(s.channel is Channel.EMAIL for s in subs),
            "quiet_start": subscription_service.minutes_text(prefs.quiet_start) or "",
            "quiet_end": subscription_service.minutes_text(prefs.quiet_end) or "", "digest_hour": prefs.digest_hour,
            "match_kinds": subscription_service.MATCH_KINDS, "channels": Channel,
            "endpoints": endpoint_service.list_for(db_session=db_session, principal=web.principal),
            "formats": FORMAT_LABELS, "deliveries": deliveries, "errors": {}, "new_secret": None, "saved": False,
            **extra}


@router.get("/account/notifications/settings")
def settings_page(request: Request, db_session: SessionDep, web: TenantUser) -> Response:
    return render(request, "notifications/settings.html", _settings_context(db_session, web))


def _percent(form: dict[str, Any], name: str) -> float | None:
    raw = text(form, name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValidationFailed(detail=[field_error(name, "应为 0–100 的数字 (a number from 0 to 100)", raw)]) from None
    if not 0 <= value <= 100:
        raise ValidationFailed(detail=[field_error(name, "应为 0–100 的数字 (a number from 0 to 100)", raw)])
    return value


@router.post("/account/notifications/settings")
def save_settings(request: Request, db_session: SessionDep, web: TenantUser, form: FormData) -> Response:
    try:
        for sub in subscription_service.list_for(db_session=db_session, principal=web.principal):
            name = f"{sub.channel.value}-{sub.kind.value}"
            percent = _percent(form, f"percent-{sub.kind.value}") if sub.kind in subscription_service.MATCH_KINDS \
                else None
            digest = form.get(f"digest-{sub.kind.value}") == "1" if sub.channel is Channel.EMAIL else None
            subscription_service.update(db_session=db_session, principal=web.principal, kind=sub.kind,
                                        channel=sub.channel, enabled=form.get(name) == "1", min_match_percent=percent,
                                        digest=digest)
        hour = text(form, "digest_hour")
        subscription_service.set_preferences(
            db_session=db_session, principal=web.principal, quiet_start=text(form, "quiet_start"),
            quiet_end=text(form, "quiet_end"), digest_hour=int(hour) if hour and hour.isdigit() else None)
    except ValidationFailed as exc:
        db_session.rollback()
        return render(request, "notifications/settings.html",
                      _settings_context(db_session, web, errors=form_errors(exc)), status_code=422)
    return render(request, "notifications/settings.html", _settings_context(db_session, web, saved=True))


@router.post("/account/notifications/endpoints")
def add_endpoint(request: Request, db_session: SessionDep, web: TenantUser, form: FormData) -> Response:
    raw_format = text(form, "format") or WebhookFormat.STANDARD.value
    try:
        chosen = WebhookFormat(raw_format)
        endpoint, secret = endpoint_service.create(
            db_session=db_session, principal=web.principal, url=text(form, "url") or "", format=chosen,
            kinds=None, min_match_percent=None,
            description=text(form, "description"))
    except (ValidationFailed, ValueError) as exc:
        db_session.rollback()
        errors = form_errors(exc) if isinstance(exc, ValidationFailed) else {"format": "无效的类型 (unknown format)"}
        return render(request, "notifications/settings.html",
                      _settings_context(db_session, web, errors=errors, url_value=text(form, "url")), status_code=422)
    return render(request, "notifications/settings.html",
                  _settings_context(db_session, web, new_secret=(endpoint.id, secret)), status_code=201)


@router.post("/account/notifications/endpoints/{endpoint_id}/{action}")
def endpoint_action(endpoint_id: int, action: str, db_session: SessionDep, web: TenantUser) -> Response:
    if action == "delete":
        endpoint_service.delete(db_session=db_session, principal=web.principal, endpoint_id=endpoint_id)
    elif action in ("enable", "disable"):
        endpoint_service.update(db_session=db_session, principal=web.principal, endpoint_id=endpoint_id,
                                enabled=action == "enable")
    else:
        raise ValidationFailed(detail=[field_error("action", "应为 delete、enable 或 disable", action)])
    return RedirectResponse("/account/notifications/settings", status_code=303)


@router.post("/account/notifications/deliveries/{delivery_id}/resend")
def resend(delivery_id: int, db_session: SessionDep, web: TenantUser) -> Response:
    inbox_service.send_again(db_session=db_session, principal=web.principal, delivery_id=delivery_id)
    return RedirectResponse("/account/notifications/settings#deliveries", status_code=303)


STATUS_FILTERS = {"pending": DeliveryStatus.PENDING, "delivered": DeliveryStatus.DELIVERED,
                  "failed": DeliveryStatus.FAILED}


@router.get("/operator/deliveries")
def operator_deliveries(request: Request, db_session: SessionDep, web: OperatorUser, status: str = "",
                        page: int = 1) -> Response:
    """Every enterprise's deliveries for operators, newest first, with each one's attempts and 重新发送."""
    page = max(1, page)
    rows, total = inbox_service.deliveries(db_session=db_session, principal=web.principal,
                                           status=STATUS_FILTERS.get(status), limit=PAGE_SIZE,
                                           offset=(page - 1) * PAGE_SIZE)
    log = inbox_service.attempts(db_session=db_session, delivery_ids=[d.id for d, _ in rows])
    return render(request, "notifications/deliveries.html", {
        "rows": rows, "log": log, "total": total, "status": status if status in STATUS_FILTERS else "",
        "page": page, "pages": max(1, -(-total // PAGE_SIZE))})


@router.post("/operator/deliveries/{delivery_id}/resend")
def operator_resend(delivery_id: int, db_session: SessionDep, web: OperatorUser) -> Response:
    inbox_service.send_again(db_session=db_session, principal=web.principal, delivery_id=delivery_id)
    return RedirectResponse("/operator/deliveries", status_code=303)


# --- unsubscribe: no sign-in, the link's token is the permission ------------------------------------------------
@router.get("/account/unsubscribe/{token}")
def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    # A GET only asks: mail scanners open links, and must not unsubscribe anyone by doing so.
    return render(request, "notifications/unsubscribe.html", {"token": token, "done": None}, anonymous_form=True)


@router.post("/account/unsubscribe/{token}")
async def unsubscribe(request: Request, token: str, db_session: SessionDep) -> HTMLResponse:
    await check_anonymous_csrf(request)
    row = subscription_service.unsubscribe(db_session=db_session, token=token)
    return render(request, "notifications/unsubscribe.html", {"token": token, "done": row.kind.label},
                  anonymous_form=True)
