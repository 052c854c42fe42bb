"""Organizer pages: create and edit an event, find and invite participants (enterprises and items of the event's
chains), the slot/table layout, shortlists (compute, pin, remove, reorder as HTMX fragments), the 1:1 schedule as
a grid of tables × slots with who was left without a meeting and why, the XLSX/PDF packs, and meeting outcomes.

Every rule is the services' (``app.services.events``, ``access``): the pages pass the signed-in user's principal,
so an organizer reaches only the events it owns (others answer 404) and sees a confidential item without its
leader, exactly as through the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.api.downloads import attachment
from app.core.db import SessionDep
from app.core.errors import ChainmatchError, Conflict, ValidationFailed, field_error
from app.models import EnterpriseRole, Event, EventType, MeetingOutcome, ParticipantSide
from app.models.index_state import DEMAND, SUPPLY
from app.schemas.events import (
    EventCreate,
    EventUpdate,
    LayoutSet,
    ParticipantAdd,
    ShortlistEntryUpdate,
)
from app.services import chains as chain_service
from app.services import enterprises as enterprise_service
from app.services.events import access as events_access
from app.services.events import schedule as events_schedule
from app.services.events import service as event_service
from app.services.events import shortlists as events_shortlists
from app.services.events.exports import EXPORT_FORMATS
from app.services.items import demand_items as demand_service
from app.services.items import supply_items as supply_service
from app.services.items.common import ItemFilters
from app.services.listing import PageRequest
from app.web.routes import FormData, text
from app.web.routes.events import record_outcome_page
from app.web.security import OrganizerUser
from app.web.templating import form_errors, render

router = APIRouter(prefix="/organizer", include_in_schema=False)
EVENT_FIELDS = ("name", "event_type", "event_date", "venue", "organizer", "leader_meeting_limit",
                "sme_meeting_limit", "shortlist_size")
CLEARABLE = ("name", "event_type", "event_date", "venue", "organizer")
SEARCH_KINDS = {"enterprises": "企业", "supply": "供给条目（中小企业）", "demand": "需求条目（链主企业）"}
SEARCH_LIMIT = 30


async def _chain_refs(request: Request) -> list[str]:
    form = await request.form()  # the cached form FormData also reads: checkboxes repeat the name
    return [str(v) for v in form.getlist("chains") if isinstance(v, str) and v.strip()][:50]


ChainRefs = Annotated[list[str], Depends(_chain_refs)]


def _is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


# ── events: list, create, edit ────────────────────────────────────────────────────────────────────────────────
@router.get("")
def events(request: Request, db_session: SessionDep, web: OrganizerUser) -> Response:
    rows = [event_service.present_event(db_session, e)
            for e in event_service.list_events(db_session=db_session, principal=web.principal)]
    return render(request, "organizer/events.html", {"events": rows})


def _event_form(request: Request, db_session: SessionDep, values: dict[str, Any], errors: dict[str, str],
                event_id: int | None, status_code: int = 200) -> Response:
    chains, _ = chain_service.list_chains(db_session=db_session, page=PageRequest(limit=200), is_active=True)
    return render(request, "organizer/event_form.html", {
        "values": values, "errors": errors, "event_id": event_id, "types": list(EventType), "chains": chains},
        status_code=status_code)


def _event_values(form: dict[str, Any], chains: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: text(form, name) for name in EVENT_FIELDS}
    values["chains"] = chains
    return values


@router.get("/events/new")
def new_event(request: Request, db_session: SessionDep, web: OrganizerUser) -> Response:
    values = {"event_type": EventType.HUNDRED_EVENTS.value, "leader_meeting_limit": 12, "sme_meeting_limit": 3,
              "shortlist_size": 5, "chains": []}
    return _event_form(request, db_session, values, {}, None)


@router.post("/events/new")
def create_event(request: Request, db_session: SessionDep, web: OrganizerUser, form: FormData,
                 chains: ChainRefs) -> Response:
    values = _event_values(form, chains)
    try:
        event = event_service.create_event(db_session=db_session, principal=web.principal, data=EventCreate(
            **{k: v for k, v in values.items() if v is not None}))
    except (ValidationError, ChainmatchError) as exc:
        return _event_form(request, db_session, values, form_errors(exc), None, status_code=422)
    return RedirectResponse(f"/organizer/events/{event.id}", status_code=303)


@router.get("/events/{event_id}/edit")
def edit_event(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    event = event_service.get_event(db_session=db_session, principal=web.principal, event_id=event_id)
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values["event_type"] = event.event_type.value
    values["chains"] = [c.name for c in event.chains]
    return _event_form(request, db_session, values, {}, event.id)


@router.post("/events/{event_id}/edit")
def update_event(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser, form: FormData,
                 chains: ChainRefs) -> Response:
    values = _event_values(form, chains)
    # an emptied field is a change (the service refuses an empty name); an empty number keeps the current one
    changes = {k: v for k, v in values.items() if v is not None or k in CLEARABLE}
    try:
        event_service.update_event(db_session=db_session, principal=web.principal, event_id=event_id,
                                   data=EventUpdate(**changes))
    except (ValidationError, ChainmatchError) as exc:
        if isinstance(exc, ChainmatchError) and exc.status_code in (403, 404):
            raise
        return _event_form(request, db_session, values, form_errors(exc), event_id, status_code=422)
    return RedirectResponse(f"/organizer/events/{event_id}", status_code=303)


# ── one event: overview, participants, layout ─────────────────────────────────────────────────────────────────
def _managed(db_session: SessionDep, web: Any, event_id: int) -> Event:
    """The event if the user manages it; another organizer's event answers 404 (not disclosed)."""
    return events_access.get_managed_event(db_session, web.principal, event_id)


def _event_context(db_session: SessionDep, event: Event, layout: dict[str, Any] | None = None,
                   layout_errors: dict[str, str] | None = None) -> dict[str, Any]:
    slots, tables = event_service.slots(db_session, event), event_service.tables(db_session, event)
    if layout is None:  # the form shows the current layout (or a morning of 20-minute slots)
        starts = [t.hour * 60 + t.minute for t in (s.starts_at for s in slots)]
        first = slots[0] if slots else None
        minutes = first.ends_at.hour * 60 + first.ends_at.minute - starts[0] if first else 20
        layout = {"start": first.starts_at.strftime("%H:%M") if first else "09:00", "minutes": minutes,
                  "break_minutes": starts[1] - starts[0] - minutes if len(starts) > 1 else 0,
                  "count": len(slots) or 6, "tables": len(tables) or 4}
    return {"event": event_service.present_event(db_session, event),
            "participants": event_service.participants(db_session, event), "slots": slots, "tables": tables,
            "layout": layout, "layout_errors": layout_errors or {}}


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    return render(request, "organizer/event.html", _event_context(db_session, _managed(db_session, web, event_id)))


@router.post("/events/{event_id}/layout")
def set_layout(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser,
               form: FormData) -> Response:
    values = {name: text(form, name) for name in ("start", "minutes", "count", "break_minutes", "tables")}
    try:
        event_service.set_layout(db_session=db_session, principal=web.principal, event_id=event_id,
                                 data=LayoutSet(**{k: v for k, v in values.items() if v is not None}))
    except (ValidationError, ChainmatchError) as exc:
        if isinstance(exc, ChainmatchError) and exc.status_code in (403, 404):
            raise
        return render(request, "organizer/event.html", _event_context(
            db_session, _managed(db_session, web, event_id), values, form_errors(exc)), status_code=422)
    return RedirectResponse(f"/organizer/events/{event_id}#layout", status_code=303)


@router.post("/events/{event_id}/participants/{enterprise_id}/remove")
def remove_participant(event_id: int, enterprise_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    event_service.remove_participant(db_session=db_session, principal=web.principal, event_id=event_id,
                                     enterprise_id=enterprise_id)
    return RedirectResponse(f"/organizer/events/{event_id}#participants", status_code=303)


# ── finding and inviting participants ─────────────────────────────────────────────────────────────────────────
def _search(request: Request, db_session: SessionDep, web: Any, kind: str, q: str | None,
            chain: str | None) -> list[dict[str, Any]]:
    """Rows of (enterprise to invite, what was found) within what the organizer may read: the services' filters
    confine it to its events' chains and hide a confidential item's leader (no enterprise, nothing to invite).

    Items are searched among the matching index's candidates for the text (and the items of enterprises named like
    it), not by a scan of every item; only when the index finds nothing at all is every item searched."""
    page = PageRequest(limit=SEARCH_LIMIT)
    q = (q or None) and q[:100]
    if kind == "enterprises":
        rows, _ = enterprise_service.list_enterprises(
            db_session=db_session, principal=web.principal,
            filters=enterprise_service.EnterpriseFilters(q=q, chain=chain), page=page, sort="name")
        return [{"enterprise_id": e.id, "enterprise_name": e.name, "district": e.district, "role": e.role.label,
                 "found": "、".join(c.name for c in e.chains) or ""} for e in rows]
    candidates = None
    if q and q.strip():
        candidates = request.app.state.matching.text_candidates(
            db_session, kind=SUPPLY if kind == "supply" else DEMAND, text=q)
    filters = ItemFilters(q=q, chain=chain, status="active" if kind == "supply" else "open", q_candidates=candidates)
    if kind == "supply":
        items, _ = supply_service.SUPPLY_ITEMS.list(db_session=db_session, principal=web.principal, filters=filters,
                                                    page=page, sort="product_name")
        shown = [supply_service.present(i, web.principal) for i in items]
        role = EnterpriseRole.SME.label
    else:
        items, _ = demand_service.DEMAND_ITEMS.list(db_session=db_session, principal=web.principal, filters=filters,
                                                    page=page, sort="product_name")
        shown = [demand_service.present(i, web.principal) for i in items]
        role = EnterpriseRole.CHAIN_LEADER.label
    return [{"enterprise_id": s.enterprise_id, "enterprise_name": s.enterprise_name, "district": s.district,
             "role": role, "found": s.product_name + (f"（{'、'.join(s.part_numbers)}）" if s.part_numbers else ""),
             "confidential": getattr(s, "confidential", False)} for s in shown]


@router.get("/events/{event_id}/invite")
def invite_page(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser,
                q: str | None = None, kind: str = "enterprises", chain: str | None = None) -> Response:
    event = _managed(db_session, web, event_id)
    kind = kind if kind in SEARCH_KINDS else "enterprises"
    chain_names = [c.name for c in event.chains]
    chain = chain if chain in chain_names else None
    searched = q is not None
    results = _search(request, db_session, web, kind, q, chain) if searched else []
    statuses = {p.enterprise_id: p.status for p in event_service.participants(db_session, event)}
    context = {"event": event, "q": q or "", "kind": kind, "kinds": SEARCH_KINDS, "chain": chain,
               "chain_names": chain_names, "results": results, "statuses": statuses, "searched": searched}
    if _is_htmx(request):
        return render(request, "organizer/_search_results.html", context)
    return render(request, "organizer/invite.html", context)


@router.post("/events/{event_id}/invite")
def invite(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser, form: FormData) -> Response:
    try:
        enterprise_id = int(str(form.get("enterprise_id") or ""))
    except ValueError:
        raise ValidationFailed(detail=[field_error("enterprise_id", "必填 (required)")]) from None
    side = text(form, "side")
    request_data = ParticipantAdd(enterprise_id=enterprise_id,
                                  side=ParticipantSide(side) if side in {s.value for s in ParticipantSide} else None)
    participant = event_service.add_participants(db_session=db_session, principal=web.principal, event_id=event_id,
                                                 data=[request_data])[0]
    if _is_htmx(request):
        return render(request, "organizer/_invited.html", {"status": participant.status,
                                                           "name": participant.enterprise.name})
    return RedirectResponse(f"/organizer/events/{event_id}#participants", status_code=303)


# ── shortlists ────────────────────────────────────────────────────────────────────────────────────────────────
def _shortlists_context(db_session: SessionDep, web: Any, event_id: int) -> dict[str, Any]:
    event = _managed(db_session, web, event_id)
    return {"event": event, "leaders": events_shortlists.shortlists(db_session=db_session, principal=web.principal,
                                                                    event_id=event_id)}


@router.get("/events/{event_id}/shortlists")
def shortlists_page(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    return render(request, "organizer/shortlists.html", _shortlists_context(db_session, web, event_id))


@router.post("/events/{event_id}/shortlists/compute")
def compute_shortlists(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser,
                       form: FormData) -> Response:
    events_shortlists.compute_shortlists(db_session=db_session, principal=web.principal,
                                         index=request.app.state.matching, event_id=event_id,
                                         participants_only=bool(form.get("participants_only")))
    return RedirectResponse(f"/organizer/events/{event_id}/shortlists", status_code=303)


ENTRY_ACTIONS = ("pin", "unpin", "remove", "up", "down")


@router.post("/events/{event_id}/shortlists/{entry_id}")
def edit_entry(request: Request, event_id: int, entry_id: int, db_session: SessionDep, web: OrganizerUser,
               form: FormData) -> Response:
    action = text(form, "action")
    if action not in ENTRY_ACTIONS:
        raise ValidationFailed(detail=[field_error("action", "应为 " + " / ".join(ENTRY_ACTIONS), action)])
    entry = events_shortlists.entry_read(db_session=db_session, principal=web.principal, event_id=event_id,
                                         entry_id=entry_id)
    change = {"pin": ShortlistEntryUpdate(pinned=True), "unpin": ShortlistEntryUpdate(pinned=False),
              "remove": ShortlistEntryUpdate(removed=True),
              "up": ShortlistEntryUpdate(position=max(entry.position - 1, 1)),
              "down": ShortlistEntryUpdate(position=entry.position + 1)}[action]
    events_shortlists.update_entry(db_session=db_session, principal=web.principal, event_id=event_id,
                                   entry_id=entry_id, data=change)
    if not _is_htmx(request):
        return RedirectResponse(f"/organizer/events/{event_id}/shortlists", status_code=303)
    context = _shortlists_context(db_session, web, event_id)
    demand_id = int(str(form.get("demand_item_id") or 0))
    for leader in context["leaders"]:
        for item in leader.demand_items:
            if item.demand_item_id == demand_id:
                return render(request, "organizer/_shortlist_item.html", {**context, "item": item})
    return render(request, "organizer/_shortlists.html", context)


# ── schedule, packs, outcomes ─────────────────────────────────────────────────────────────────────────────────
def _schedule_context(db_session: SessionDep, web: Any, event_id: int) -> dict[str, Any]:
    event = _managed(db_session, web, event_id)
    schedule = events_schedule.schedule(db_session=db_session, principal=web.principal, event_id=event_id)
    grid = {(m.slot_position, m.table): m for m in schedule.meetings}
    return {"event": event, "schedule": schedule, "grid": grid,
            "tables": [t.label for t in event_service.tables(db_session, event)],
            "outcomes": list(MeetingOutcome), "confirm": None}


@router.get("/events/{event_id}/schedule")
def schedule_page(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    return render(request, "organizer/schedule.html", _schedule_context(db_session, web, event_id))


@router.post("/events/{event_id}/schedule")
def solve_schedule(request: Request, event_id: int, db_session: SessionDep, web: OrganizerUser) -> Response:
    try:
        events_schedule.solve_schedule(db_session=db_session, principal=web.principal, event_id=event_id)
    except (ValidationFailed, Conflict) as exc:
        context = _schedule_context(db_session, web, event_id)
        return render(request, "organizer/schedule.html", {**context, "solve_error": exc.message},
                      status_code=exc.status_code)
    return RedirectResponse(f"/organizer/events/{event_id}/schedule", status_code=303)


@router.post("/events/{event_id}/meetings/{meeting_id}/outcome")
def record_outcome(request: Request, event_id: int, meeting_id: int, db_session: SessionDep, web: OrganizerUser,
                   form: FormData) -> Response:
    return record_outcome_page(request, db_session, web, event_id=event_id, meeting_id=meeting_id, form=form,
                               template="organizer/schedule.html",
                               context=lambda: _schedule_context(db_session, web, event_id),
                               done=f"/organizer/events/{event_id}/schedule#meeting-{meeting_id}")


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={**attachment(filename), "Cache-Control": "no-store"})


def _stem(pack: Any, what: str) -> str:
    return f"{pack.event.name}_{what}" + (f"_{pack.event.date:%Y%m%d}" if pack.event.date else "")


def _pack_download(pack: Any, what: str, fmt: str) -> Response:
    """An event pack (shortlists or schedule) in one of the export formats, named after the event and its date."""
    export = EXPORT_FORMATS.get(fmt)
    if export is None:
        raise ValidationFailed(detail=[field_error("fmt", "应为 " + " 或 ".join(EXPORT_FORMATS), fmt)])
    return _download(export.render(pack), export.media_type, f"{_stem(pack, what)}.{fmt}")


@router.get("/events/{event_id}/shortlists.{fmt}")
def shortlists_download(event_id: int, fmt: str, db_session: SessionDep, web: OrganizerUser) -> Response:
    _managed(db_session, web, event_id)
    pack = events_shortlists.shortlist_pack(db_session=db_session, principal=web.principal, event_id=event_id)
    return _pack_download(pack, "推荐清单", fmt)


@router.get("/events/{event_id}/schedule.{fmt}")
def schedule_download(event_id: int, fmt: str, db_session: SessionDep, web: OrganizerUser) -> Response:
    _managed(db_session, web, event_id)
    pack = events_schedule.schedule_pack(db_session=db_session, principal=web.principal, event_id=event_id)
    return _pack_download(pack, "洽谈日程", fmt)
