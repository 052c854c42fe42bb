"""The participants' side of events (活动邀请), for SMEs and chain leaders: their enterprise's invitations to accept
or decline, their own meetings, and — for a chain leader — confirming the outcomes an organizer recorded, which
only then become decisions on its items. Rules are the services': only the invited enterprise answers, and each
sees its own meetings only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import Conflict, ValidationFailed, field_error
from app.models import ApiRole, MeetingOutcome, ParticipantStatus
from app.schemas.events import OutcomeSet
from app.services.events import schedule as events_schedule
from app.services.events import service as event_service
from app.web.routes import FormData, text
from app.web.security import WebUser, role_user
from app.web.templating import form_errors, render

router = APIRouter(prefix="/account/events", include_in_schema=False)
ParticipantUser = Annotated[WebUser, Depends(role_user(ApiRole.SME, ApiRole.CHAIN_LEADER))]
ANSWERS = {"accepted": ParticipantStatus.ACCEPTED, "declined": ParticipantStatus.DECLINED}


def outcome_from_form(form: dict[str, Any]) -> OutcomeSet:
    """A meeting outcome from its form (with ``confirm_overwrite=1`` once the user confirmed overwriting a
    rejection); a bad value is a 422 naming the field."""
    try:
        return OutcomeSet(outcome=text(form, "outcome") or "", note=text(form, "note"),
                          confirm_overwrite=form.get("confirm_overwrite") == "1")
    except ValidationError as exc:
        raise ValidationFailed(detail=[field_error(name, reason) for name, reason in form_errors(exc).items()]) from None


@router.get("")
def invitations(request: Request, db_session: SessionDep, web: ParticipantUser) -> Response:
    rows = event_service.own_participations(db_session=db_session, principal=web.principal)
    return render(request, "events/invitations.html", {"rows": rows})


@router.post("/{event_id}/answer")
def answer(event_id: int, db_session: SessionDep, web: ParticipantUser, form: FormData) -> Response:
    status = ANSWERS.get(text(form, "status") or "")
    if status is None:
        raise ValidationFailed(detail=[field_error("status", "应为 accepted 或 declined", text(form, "status"))])
    event_service.respond(db_session=db_session, principal=web.principal, event_id=event_id, status=status)
    return RedirectResponse("/account/events", status_code=303)


def _event_context(db_session: SessionDep, web: WebUser, event_id: int) -> dict[str, Any]:
    event = event_service.get_event(db_session=db_session, principal=web.principal, event_id=event_id)
    schedule = events_schedule.schedule(db_session=db_session, principal=web.principal, event_id=event_id)
    return {"event": event, "schedule": schedule, "outcomes": list(MeetingOutcome), "confirm": None,
            "is_leader": web.role is ApiRole.CHAIN_LEADER, "enterprise_id": web.principal.enterprise_id}


@router.get("/{event_id}")
def event_page(request: Request, event_id: int, db_session: SessionDep, web: ParticipantUser) -> Response:
    return render(request, "events/event.html", _event_context(db_session, web, event_id))


def record_outcome_page(request: Request, db_session: SessionDep, web: WebUser, *, event_id: int, meeting_id: int,
                        form: FormData, template: str, context: Callable[[], dict[str, Any]], done: str) -> Response:
    """Record a meeting's outcome from a form; an outcome that would overwrite a rejection shows the page again with
    the rejections and a 确认覆盖 step (the service's 409), both for the organizer and for the leader."""
    data = outcome_from_form(form)
    try:
        events_schedule.record_outcome(db_session=db_session, principal=web.principal, event_id=event_id,
                                       meeting_id=meeting_id, data=data)
    except Conflict as exc:
        if exc.code != "outcome_overwrites_rejection":
            raise
        return render(request, template, {**context(), "confirm": {
            "meeting_id": meeting_id, "outcome": data.outcome, "note": data.note, "rejections": exc.detail}},
            status_code=409)
    return RedirectResponse(done, status_code=303)


@router.post("/{event_id}/meetings/{meeting_id}/outcome")
def confirm_outcome(request: Request, event_id: int, meeting_id: int, db_session: SessionDep, web: ParticipantUser,
                    form: FormData) -> Response:
    """The meeting's chain leader records or confirms its outcome (the service refuses anyone else)."""
    return record_outcome_page(request, db_session, web, event_id=event_id, meeting_id=meeting_id, form=form,
                               template="events/event.html",
                               context=lambda: _event_context(db_session, web, event_id),
                               done=f"/account/events/{event_id}#meeting-{meeting_id}")
