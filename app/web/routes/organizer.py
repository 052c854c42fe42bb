"""Organizer pages (also open to operators): the events, creating one, adding participants, computing the
shortlists, solving the 1:1 schedule and seeing it as tables × slots, and the PDF packs. Shortlist editing
(pin / remove / reorder) and meeting outcomes are still API-only (``/api/v1/events``)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import ChainmatchError
from app.models import EventType
from app.schemas.events import EventCreate, ParticipantAdd
from app.services import events as event_service
from app.services import events_schedule, events_shortlists
from app.services.exports import schedule_pdf, shortlists_pdf
from app.web.routes import FormData, text
from app.web.security import OrganizerUser
from app.web.templating import form_errors, render

router = APIRouter(prefix="/organizer", include_in_schema=False)


def _list(request: Request, db_session: SessionDep, web: OrganizerUser, values: dict, errors: dict,
          status_code: int = 200) -> Response:
    rows = event_service.list_events(db_session=db_session, principal=web.principal)
    return render(request, "organizer/events.html", {"events": rows, "values": values, "errors": errors,
                                                    "types": list(EventType)}, status_code=status_code)


@router.get("")
def events(request: Request, db_session: SessionDep, web: OrganizerUser) -> Response:
    return _list(request, db_session, web, {"event_type": EventType.INDUSTRY_COORDINATION.value}, {})


@router.post("/events")
def create_event(request: Request, db_session: SessionDep, web: OrganizerUser, form: FormData) -> Response:
    values = {name: text(form, name) for name in ("name", "event_type", "event_date", "venue", "organizer")}
    try:
        event = event_service.create_event(db_session=db_session, principal=web.principal, data=EventCreate(
            **{k: v for k, v in values.items() if v is not None}))
    except (ValidationError, ChainmatchError) as exc:
        return _list(request, db_session, web, values, form_errors(exc), status_code=422)
    return RedirectResponse(f"/organizer/events/{event.id}", status_code=303)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser,
               error: str | None = None) -> Response:
    event = event_service.get_event(db_session=db_session, principal=web.principal, event_id=event_id)
    return render(request, "organizer/event.html", {
        "event": event, "participants": event_service.participants(db_session, event),
        "shortlists": events_shortlists.shortlists(db_session=db_session, principal=web.principal, event_id=event_id),
        "schedule": events_schedule.schedule(db_session=db_session, principal=web.principal, event_id=event_id),
        "error": error})


@router.post("/events/{event_id}/participants")
def add_participant(event_id: int, db_session: SessionDep, web: OrganizerUser, form: FormData) -> Response:
    ident = text(form, "enterprise_id") or ""
    if not ident.isdigit():
        return RedirectResponse(f"/organizer/events/{event_id}?error={quote('请填写企业编号')}", status_code=303)
    event_service.add_participants(db_session=db_session, principal=web.principal, event_id=event_id,
                                   data=[ParticipantAdd(enterprise_id=int(ident))])
    return RedirectResponse(f"/organizer/events/{event_id}", status_code=303)


@router.post("/events/{event_id}/shortlists")
def compute_shortlists(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    events_shortlists.compute_shortlists(db_session=db_session, principal=web.principal,
                                         index=request.app.state.matching, event_id=event_id)
    return RedirectResponse(f"/organizer/events/{event_id}#shortlists", status_code=303)


@router.post("/events/{event_id}/schedule")
def solve_schedule(event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    events_schedule.solve_schedule(db_session=db_session, principal=web.principal, event_id=event_id)
    return RedirectResponse(f"/organizer/events/{event_id}#schedule", status_code=303)


def _pdf(content: bytes, name: str) -> Response:
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"event.pdf\"; filename*=UTF-8''{quote(name)}"})


@router.get("/events/{event_id}/shortlists.pdf")
def shortlists_document(event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    pack = events_shortlists.shortlist_pack(db_session=db_session, principal=web.principal, event_id=event_id)
    return _pdf(shortlists_pdf(pack), f"{pack.event.name}_推荐清单.pdf")


@router.get("/events/{event_id}/schedule.pdf")
def schedule_document(event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    pack = events_schedule.schedule_pack(db_session=db_session, principal=web.principal, event_id=event_id)
    return _pdf(schedule_pdf(pack), f"{pack.event.name}_洽谈日程.pdf")
