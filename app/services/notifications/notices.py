"""Notices written by the changes that cause them, in their transaction: decisions on an SME's products, event
invitations and agendas, finished or failed imports.

Each says only what its recipient may read (``app.services.access``): an SME hears the status of a decision on its
own product — not the reason, not who decided, not who else was chosen — and a confidential demand item's leader
is 某链主企业 under the item's public reference.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiRole, DecisionStatus, DemandItem, Event, NoticeKind, SupplyItem
from app.services import access
from app.services.auth import Principal
from app.services.notifications.outbox import notify


def tell_decision(db_session: Session, *, demand: DemandItem, supply: SupplyItem, status: DecisionStatus) -> None:
    """A chain leader moved one of an SME's products forward (入围 / 意向 / 样品 / 小批量 / 入链). Rejections are not
    pushed: the SME reads them on its opportunities, without the reason."""
    if not status.is_positive:
        return
    sme = Principal(key_id=0, role=ApiRole.SME, enterprise_id=supply.enterprise_id)
    hidden = access.hides_owner(sme, demand)
    leader = "某链主企业" if hidden else demand.enterprise.name
    notify(
        db_session, enterprise_id=supply.enterprise_id, kind=NoticeKind.DECISION,
        title=f"您的产品「{supply.product_name}」：{status.label}",
        body=f"{leader} 就需求「{demand.product_name}」将您的产品「{supply.product_name}」标记为「{status.label}」。",
        link="/sme",
        data={"status": status.value, "status_label": status.label, "supply_item_id": supply.id,
              "demand_item_id": access.shown_demand_id(sme, demand), "demand_product_name": demand.product_name,
              "leader_enterprise_id": None if hidden else demand.enterprise_id,
              "leader_name": None if hidden else demand.enterprise.name},
    )


def _when_where(event: Event) -> str:
    return f"{event.event_date or '日期待定'} · {event.venue or '地点待定'}"


def tell_invitation(db_session: Session, *, event: Event, enterprise_id: int) -> None:
    notify(
        db_session, enterprise_id=enterprise_id, kind=NoticeKind.EVENT,
        title=f"对接活动邀请：{event.name}",
        body=f"{event.organizer or '组织方'}邀请贵企业参加「{event.name}」（{_when_where(event)}）。请在「活动邀请」中接受或婉拒。",
        link="/account/events",
        data={"event_id": event.id, "event_name": event.name,
              "event_date": event.event_date.isoformat() if event.event_date else None, "venue": event.venue},
    )


def tell_agenda(db_session: Session, *, event: Event, meetings_per_enterprise: dict[int, int]) -> None:
    """The meeting schedule was solved: each enterprise with meetings hears how many, and where to see them (its
    own meetings only; no partner is named here)."""
    for enterprise_id, count in sorted(meetings_per_enterprise.items()):
        notify(
            db_session, enterprise_id=enterprise_id, kind=NoticeKind.EVENT,
            title=f"洽谈日程已排定：{event.name}",
            body=f"贵企业在「{event.name}」（{_when_where(event)}）有 {count} 场一对一洽谈，请查看时段和桌号。",
            link=f"/account/events/{event.id}",
            data={"event_id": event.id, "event_name": event.name, "meetings": count},
        )


def tell_import(db_session: Session, *, enterprise_id: int, kind_label: str, ok: bool, summary: str,
                file_name: str | None = None) -> None:
    name = f"「{file_name}」" if file_name else ""
    notify(
        db_session, enterprise_id=enterprise_id, kind=NoticeKind.IMPORT,
        title=f"{kind_label}导入{'完成' if ok else '失败'}{name}",
        body=summary,
        link=None,
        data={"ok": ok, "kind": kind_label, "file_name": file_name},
    )


def record_failed_import(db_session: Session, *, enterprise_id: int, kind_label: str, file_name: str | None,
                         error_count: int) -> None:
    """A refused import: nothing of the file is kept, but its enterprise's users should learn that the list did not
    go in. The request's transaction is rolled back (it holds nothing of the import: the import's savepoint is gone
    already) and the notice alone is committed, before the 422 is raised and the request ends in rollback."""
    db_session.rollback()
    tell_import(db_session, enterprise_id=enterprise_id, kind_label=kind_label, ok=False, file_name=file_name,
                summary=f"文件有 {error_count} 处错误，未写入任何数据。请下载标注错误的工作簿，修改后重新上传。")
    db_session.commit()


def leaders_of(db_session: Session, demand_item_ids) -> dict[int, int]:
    ids = sorted(set(demand_item_ids))
    return dict(db_session.execute(select(DemandItem.id, DemandItem.enterprise_id).where(DemandItem.id.in_(ids)))
                .all()) if ids else {}


def tell_shortlists(db_session: Session, *, event: Event, smes_before: set[int], leaders_before: set[int],
                    entries: list) -> None:
    """Shortlists were computed: a leader whose items got their first shortlist hears how many candidates; an SME
    that is newly on a shortlist hears which of its products — never the leader (the item may be confidential) nor
    who else is listed. A recomputation tells only who is new."""
    listed = [e for e in entries if not e.removed]
    leader_of = leaders_of(db_session, (e.demand_item_id for e in listed))
    per_leader: dict[int, int] = {}
    products: dict[int, set[str]] = {}
    for entry in listed:
        leader_id = leader_of[entry.demand_item_id]
        per_leader[leader_id] = per_leader.get(leader_id, 0) + 1
        products.setdefault(entry.supply_item.enterprise_id, set()).add(entry.supply_item.product_name)
    for leader_id, count in sorted(per_leader.items()):
        if leader_id in leaders_before:
            continue
        notify(db_session, enterprise_id=leader_id, kind=NoticeKind.EVENT, title=f"推荐清单已生成：{event.name}",
               body=f"「{event.name}」为贵企业的需求列出了 {count} 个候选供应商，可在活动页面查看。",
               link=f"/account/events/{event.id}", data={"event_id": event.id, "candidates": count})
    for sme_id, names in sorted(products.items()):
        if sme_id in smes_before:
            continue
        shown = "、".join(f"「{n}」" for n in sorted(names))
        notify(db_session, enterprise_id=sme_id, kind=NoticeKind.EVENT, title=f"入选推荐清单：{event.name}",
               body=f"贵企业的产品{shown}入选「{event.name}」的推荐清单，组织方可能安排洽谈。",
               link="/account/events", data={"event_id": event.id, "products": sorted(names)})
