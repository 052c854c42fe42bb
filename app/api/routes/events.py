"""/api/v1/events — matchmaking events: the event, participants, scope, layout, meeting requests and pins,
shortlists (JSON, XLSX, PDF), the 1:1 schedule (solve, JSON, XLSX, PDF) and meeting outcomes. Plain ``def``:
shortlists, solving and rendering are CPU work, run in the thread pool."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, Response, status

from app.api.deps import CurrentPrincipal
from app.api.downloads import attachment
from app.core.db import SessionDep
from app.schemas.common import DbInt
from app.schemas.events import (
    EventCreate,
    EventRead,
    EventUpdate,
    LayoutRead,
    LayoutSet,
    MeetingRequestCreate,
    MeetingRequestRead,
    OutcomeRead,
    OutcomeSet,
    ParticipantAdd,
    ParticipantRead,
    ParticipationSet,
    ScheduleRead,
    ScheduleSolve,
    ShortlistCompute,
    ShortlistEntryCreate,
    ShortlistEntryRead,
    ShortlistEntryUpdate,
    ShortlistLeaderRead,
    SlotRead,
    TableRead,
)
from app.services.events import access as events_access
from app.services.events import schedule as events_schedule
from app.services.events import service
from app.services.events import shortlists as events_shortlists
from app.services.events.exports import EXPORT_FORMATS, SchedulePack, ShortlistPack
from app.services.ranking.matching_index import MatchingIndexes

router = APIRouter(prefix="/events", tags=["对接活动 events"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def matching_indexes(request: Request) -> MatchingIndexes:
    return request.app.state.matching


Indexes = Annotated[MatchingIndexes, Depends(matching_indexes)]


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content=content, media_type=media_type, headers=attachment(filename, fallback="event"))


def _file_stem(name: str, what: str, when: date | None) -> str:
    return f"{name}_{what}" + (f"_{when:%Y%m%d}" if when else "")


def _pack_download(pack: ShortlistPack | SchedulePack, what: str, fmt: str) -> Response:
    export = EXPORT_FORMATS[fmt]
    return _download(export.render(pack), export.media_type, _file_stem(pack.event.name, what, pack.event.date) + f".{fmt}")


@router.get("", summary="活动列表", response_model=list[EventRead],
            description="运营人员可见全部活动；活动组织方可见本方创建的活动；企业可见其参加的活动。")
def list_events(db_session: SessionDep, principal: CurrentPrincipal) -> list[EventRead]:
    return [service.present_event(db_session, e) for e in service.list_events(db_session=db_session,
                                                                                 principal=principal)]


@router.post("", summary="创建活动（运营人员、活动组织方）", status_code=status.HTTP_201_CREATED,
             response_model=EventRead)
def create_event(data: EventCreate, db_session: SessionDep, principal: CurrentPrincipal) -> EventRead:
    event = service.create_event(db_session=db_session, principal=principal, data=data)
    return service.present_event(db_session, event)


@router.get("/{event_id}", summary="活动详情", response_model=EventRead)
def get_event(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> EventRead:
    return service.present_event(db_session, service.get_event(db_session=db_session, principal=principal,
                                                               event_id=event_id))


@router.patch("/{event_id}", summary="修改活动", response_model=EventRead)
def update_event(event_id: DbInt, data: EventUpdate, db_session: SessionDep, principal: CurrentPrincipal) -> EventRead:
    event = service.update_event(db_session=db_session, principal=principal, event_id=event_id, data=data)
    return service.present_event(db_session, event)


@router.delete("/{event_id}", summary="删除活动", status_code=status.HTTP_204_NO_CONTENT)
def delete_event(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    service.delete_event(db_session=db_session, principal=principal, event_id=event_id)


# --- participants, scope, layout, requests ------------------------------------------------------------------


def _participant(p) -> ParticipantRead:
    return ParticipantRead(id=p.id, enterprise_id=p.enterprise_id, enterprise_name=p.enterprise.name, side=p.side,
                           status=p.status, meeting_limit=p.meeting_limit)


@router.get("/{event_id}/participants", summary="参会企业", response_model=list[ParticipantRead])
def list_participants(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> list[ParticipantRead]:
    event = events_access.get_managed_event(db_session, principal, event_id)
    return [_participant(p) for p in service.participants(db_session, event)]


@router.post("/{event_id}/participants", summary="邀请（组织方）或登记（运营人员）参会企业",
             description="活动组织方只能邀请其活动产业链内可检索到的企业，企业接受后才参会；运营人员可直接登记。"
                         "参会链主企业的公开开放需求自动纳入活动范围。",
             response_model=list[ParticipantRead])
def add_participants(event_id: DbInt, data: Annotated[list[ParticipantAdd], Body(max_length=2000)],
                     db_session: SessionDep, principal: CurrentPrincipal) -> list[ParticipantRead]:
    return [_participant(p) for p in service.add_participants(db_session=db_session, principal=principal,
                                                              event_id=event_id, data=data)]


@router.put("/{event_id}/participation", summary="接受或婉拒活动邀请（受邀企业）", response_model=ParticipantRead,
            description="受邀企业用本企业的密钥答复：accepted 接受后才参加推荐清单和洽谈排程（链主企业的公开开放需求随之纳入"
                        "活动范围；保密需求须由链主企业自行纳入）；declined 婉拒后活动对其不可见。")
def respond_to_invitation(event_id: DbInt, data: ParticipationSet, db_session: SessionDep,
                          principal: CurrentPrincipal) -> ParticipantRead:
    return _participant(service.respond(db_session=db_session, principal=principal, event_id=event_id,
                                        status=data.status))


@router.delete("/{event_id}/participants/{enterprise_id}", summary="移除参会企业",
               status_code=status.HTTP_204_NO_CONTENT)
def remove_participant(event_id: DbInt, enterprise_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    service.remove_participant(db_session=db_session, principal=principal, event_id=event_id,
                               enterprise_id=enterprise_id)


@router.post("/{event_id}/demand-items/{demand_item_id}",
             summary="将需求条目纳入活动范围（组织方：公开需求；链主企业：本企业需求，含保密需求）",
             status_code=status.HTTP_204_NO_CONTENT)
def add_to_scope(event_id: DbInt, demand_item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    service.add_to_scope(db_session=db_session, principal=principal, event_id=event_id, demand_item_id=demand_item_id)


@router.delete("/{event_id}/demand-items/{demand_item_id}", summary="将需求条目移出活动范围",
               status_code=status.HTTP_204_NO_CONTENT)
def remove_from_scope(event_id: DbInt, demand_item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    service.remove_from_scope(db_session=db_session, principal=principal, event_id=event_id,
                              demand_item_id=demand_item_id)


def _layout(db_session, event) -> LayoutRead:
    return LayoutRead(slots=[SlotRead.model_validate(s) for s in service.slots(db_session, event)],
                      tables=[TableRead.model_validate(t) for t in service.tables(db_session, event)])


@router.put("/{event_id}/layout", summary="设置时段和洽谈桌（清空已排日程）", response_model=LayoutRead)
def set_layout(event_id: DbInt, data: LayoutSet, db_session: SessionDep, principal: CurrentPrincipal) -> LayoutRead:
    event = service.set_layout(db_session=db_session, principal=principal, event_id=event_id, data=data)
    return _layout(db_session, event)


@router.get("/{event_id}/layout", summary="时段和洽谈桌", response_model=LayoutRead)
def get_layout(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> LayoutRead:
    return _layout(db_session, service.get_event(db_session=db_session, principal=principal, event_id=event_id))


@router.post("/{event_id}/meeting-requests", summary="申请洽谈（中小企业）或置顶洽谈（组织方）",
             status_code=status.HTTP_201_CREATED, response_model=MeetingRequestRead)
def add_meeting_request(event_id: DbInt, data: MeetingRequestCreate, db_session: SessionDep,
                        principal: CurrentPrincipal) -> MeetingRequestRead:
    request = service.add_meeting_request(db_session=db_session, principal=principal, event_id=event_id, data=data)
    return MeetingRequestRead.model_validate(request)


@router.delete("/{event_id}/meeting-requests/{request_id}", summary="撤回洽谈申请或取消置顶",
               status_code=status.HTTP_204_NO_CONTENT)
def delete_meeting_request(event_id: DbInt, request_id: DbInt, db_session: SessionDep,
                           principal: CurrentPrincipal) -> None:
    service.delete_meeting_request(db_session=db_session, principal=principal, event_id=event_id,
                                   request_id=request_id)


# --- shortlists ---------------------------------------------------------------------------------------------


@router.post("/{event_id}/shortlists/compute", summary="按推荐结果生成推荐清单（保留置顶、手工添加和已移除条目）",
             response_model=list[ShortlistLeaderRead])
def compute_shortlists(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal, index: Indexes,
                       data: ShortlistCompute | None = None) -> list[ShortlistLeaderRead]:
    events_shortlists.compute_shortlists(db_session=db_session, principal=principal, index=index, event_id=event_id,
                                         participants_only=bool(data and data.participants_only))
    return events_shortlists.shortlists(db_session=db_session, principal=principal, event_id=event_id)


@router.get("/{event_id}/shortlists", summary="推荐清单", response_model=list[ShortlistLeaderRead])
def get_shortlists(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> list[ShortlistLeaderRead]:
    return events_shortlists.shortlists(db_session=db_session, principal=principal, event_id=event_id)


@router.post("/{event_id}/shortlists", summary="手工添加供应企业（置顶）", status_code=status.HTTP_201_CREATED,
             response_model=ShortlistEntryRead)
def add_shortlist_entry(event_id: DbInt, data: ShortlistEntryCreate, db_session: SessionDep,
                        principal: CurrentPrincipal) -> ShortlistEntryRead:
    entry = events_shortlists.add_entry(db_session=db_session, principal=principal, event_id=event_id, data=data)
    return events_shortlists.entry_read(db_session=db_session, principal=principal, event_id=event_id,
                                        entry_id=entry.id)


@router.patch("/{event_id}/shortlists/{entry_id}", summary="置顶、移除/恢复、调整顺序",
              response_model=ShortlistEntryRead)
def update_shortlist_entry(event_id: DbInt, entry_id: DbInt, data: ShortlistEntryUpdate, db_session: SessionDep,
                           principal: CurrentPrincipal) -> ShortlistEntryRead:
    events_shortlists.update_entry(db_session=db_session, principal=principal, event_id=event_id, entry_id=entry_id,
                                   data=data)
    return events_shortlists.entry_read(db_session=db_session, principal=principal, event_id=event_id,
                                        entry_id=entry_id)


@router.get("/{event_id}/shortlists.xlsx", summary="推荐清单 XLSX（每家链主企业一个工作表）",
            response_class=Response, responses={200: {"content": {XLSX: {}}}})
def shortlists_workbook(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> Response:
    pack = events_shortlists.shortlist_pack(db_session=db_session, principal=principal, event_id=event_id)
    return _pack_download(pack, "推荐清单", "xlsx")


@router.get("/{event_id}/shortlists.pdf", summary="推荐清单 PDF（A4，中文）", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def shortlists_document(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> Response:
    pack = events_shortlists.shortlist_pack(db_session=db_session, principal=principal, event_id=event_id)
    return _pack_download(pack, "推荐清单", "pdf")


# --- schedule and outcomes ------------------------------------------------------------------------------------


@router.post("/{event_id}/schedule", summary="排定一对一洽谈（求解器）", response_model=ScheduleRead)
def solve_schedule(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal,
                   data: ScheduleSolve | None = None) -> ScheduleRead:
    events_schedule.solve_schedule(db_session=db_session, principal=principal, event_id=event_id,
                                   time_limit=data.time_limit_seconds if data else 8.0)
    return events_schedule.schedule(db_session=db_session, principal=principal, event_id=event_id)


@router.get("/{event_id}/schedule", summary="洽谈日程：按洽谈桌、按参会企业", response_model=ScheduleRead,
            description="组织方和运营人员看到全部洽谈；参会企业只看到本企业的洽谈。")
def get_schedule(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> ScheduleRead:
    return events_schedule.schedule(db_session=db_session, principal=principal, event_id=event_id)


@router.get("/{event_id}/schedule.xlsx", summary="洽谈日程 XLSX", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def schedule_workbook(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> Response:
    pack = events_schedule.schedule_pack(db_session=db_session, principal=principal, event_id=event_id)
    return _pack_download(pack, "洽谈日程", "xlsx")


@router.get("/{event_id}/schedule.pdf", summary="洽谈日程 PDF（A4，中文）", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def schedule_document(event_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> Response:
    pack = events_schedule.schedule_pack(db_session=db_session, principal=principal, event_id=event_id)
    return _pack_download(pack, "洽谈日程", "pdf")


@router.put("/{event_id}/meetings/{meeting_id}/outcome", summary="记录洽谈结果（同步为推荐决策）",
            response_model=OutcomeRead,
            description="运营人员或该场洽谈的链主企业记录的结果立即计入推荐决策；活动组织方记录的结果待链主企业确认"
                        "（由链主企业再次记录）后才计入。会覆盖「已拒绝」决策时须传 confirm_overwrite=true，否则 409 "
                        "outcome_overwrites_rejection。")
def record_outcome(event_id: DbInt, meeting_id: DbInt, data: OutcomeSet, db_session: SessionDep,
                   principal: CurrentPrincipal) -> OutcomeRead:
    meeting, written = events_schedule.record_outcome(db_session=db_session, principal=principal, event_id=event_id,
                                                      meeting_id=meeting_id, data=data)
    return OutcomeRead(meeting=events_schedule.present_meeting(meeting), decisions_recorded=written,
                       awaiting_leader=not meeting.outcome_confirmed)
