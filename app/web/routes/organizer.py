"""Organizer pages. For now the list of the organizer's events (the hook the full pages — create, invite,
shortlists, schedule grid, downloads, outcomes — build on, over ``app.services.events*``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.core.db import SessionDep
from app.services import events as event_service
from app.web.security import OrganizerUser
from app.web.templating import render

router = APIRouter(prefix="/organizer", include_in_schema=False)


@router.get("")
def events(request: Request, db_session: SessionDep, web: OrganizerUser) -> Response:
    rows = event_service.list_events(db_session=db_session, principal=web.principal)
    return render(request, "organizer/events.html", {"events": rows})
